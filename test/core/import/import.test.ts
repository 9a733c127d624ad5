// CSV import on files shaped like the real ones: a Windows-1252 ;-separated spreadsheet export
// with accents, a file with 10 % invalid addresses and duplicates, a Paheko member export — run
// through the API (storage on every dialect) and the CLI, plus the detection units.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { runImport, detectDelimiter, mapHeaders, type ImportRow, type ImportReport } from '../../../src/core/import/index.ts';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, type ApiFixture, type WireContact, type WirePage } from '../../helpers/api-client.ts';
import { runCli } from '../../helpers/cli.ts';

async function collect(data: Buffer | string, chunk = 7): Promise<{ report: ImportReport; rows: ImportRow[] }> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const rows: ImportRow[] = [];
  const report = await runImport(Readable.from(parts), { write: async (b) => (rows.push(...b), { created: b.length, updated: 0 }) }, { batchSize: 3 });
  return { report, rows };
}

const EXCEL_FR = iconv.encode(
  'Prénom;Nom;Courriel;Ville;Remarque\r\n' +
    'Hélène;Lefèvre;helene@example.fr;Besançon;"Trésorière\r\nélue en 2024"\r\n' +
    'François;Müller;francois@example.fr;Orléans;Prêt d\'outils: 5 €\r\n' +
    'Zoë;Nguyễn?;zoe@example.fr;Nîmes;\r\n',
  'win1252',
);

function paheko(): string {
  return [
    'Numéro,Nom & prénom,Adresse E-Mail,Adresse postale,Code postal,Ville,Téléphone,Date d\'inscription',
    '1,Dupont Marie,marie.dupont@example.org,"12 rue des Lilas",69004,Lyon,04 72 00 00 00,2023-09-14',
    '2,Martin Jean,,,,,,2023-10-01',
    '3,"Bernard, Luc",luc.bernard@example.org,,75011,Paris,,2024-01-05',
  ].join('\n') + '\n';
}

function dirty(): string {
  const lines = ['email,first_name,last_name'];
  for (let i = 1; i <= 100; i++) {
    if (i % 10 === 0) lines.push(`broken${i}.example.org,A,B`); // 10 % invalid
    else if (i % 25 === 1 && i > 1) lines.push(`MEMBER${i - 1}@Example.org,Dup,Dup`); // duplicates of the previous line
    else lines.push(`member${i}@example.org,First${i},Last${i}`);
  }
  return lines.join('\n');
}

describe('import: detection and mapping', () => {
  it('reads a Windows-1252 ;-separated Excel export with accents and a multi-line cell', async () => {
    const { report, rows } = await collect(EXCEL_FR);
    assert.equal(report.encoding, 'windows-1252');
    assert.equal(report.delimiter, ';');
    assert.equal(rows[0]!.name, 'Hélène Lefèvre');
    assert.equal(rows[0]!.fields.city, 'Besançon');
    assert.equal(rows[0]!.fields.remarque, 'Trésorière\r\nélue en 2024');
    assert.equal(rows[1]!.fields.remarque, "Prêt d'outils: 5 €");
    assert.equal(rows[1]!.line, 4, 'line numbers count the embedded line break');
  });

  it('reads UTF-8 with a BOM, tabs, and a headerless list of addresses', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('E-mail\tPrénom\nana@example.org\tAna\n')]);
    const a = await collect(bom, 2);
    assert.equal(a.report.encoding, 'utf-8');
    assert.equal(a.report.delimiter, '\t');
    assert.equal(a.rows[0]!.fields.first_name, 'Ana');
    const b = await collect('jo@example.org\nli@example.org\n');
    assert.equal(b.report.header, false);
    assert.equal(b.rows.length, 2);
    assert.equal(b.rows[0]!.line, 1);
  });

  it('maps French, English and Paheko headers', () => {
    const cols = mapHeaders(['Numéro', 'Nom & prénom', 'Adresse E-Mail', 'Code postal', 'Ville', 'Téléphone', 'Taille T-shirt']);
    assert.deepEqual(
      cols.map((c) => c.target),
      ['field:member_number', 'name', 'email', 'field:postal_code', 'field:city', 'field:phone', 'field:taille_t_shirt'],
    );
    assert.equal(detectDelimiter('"a;b",c,d'), ',');
    assert.equal(detectDelimiter('a;b,c;d'), ';');
  });

  it('reports 10 % invalid addresses with line and reason, and in-file duplicates, without aborting', async () => {
    const { report, rows } = await collect(dirty());
    assert.equal(report.rows, 100);
    assert.equal(report.rejected, 10);
    assert.equal(report.rejections[0]!.line, 11);
    assert.equal(report.rejections[0]!.code, 'no_at');
    assert.equal(report.duplicates, 2, 'line 51 repeats line 50, which was rejected: not a duplicate');
    assert.deepEqual(report.duplicate_lines[0], { line: 27, address: 'MEMBER25@example.org', first_line: 26 });
    assert.equal(rows.length, 88);
  });
});

for (const dialect of testDialects()) {
  describe(`import through the API (${dialect})`, () => {
    let f: ApiFixture;
    before(async () => {
      f = await apiFixture(dialect);
    });
    after(() => f.dispose());

    it('imports a Paheko export with no mapping, then re-imports without duplicating or resubscribing', async () => {
      const list = (await f.client.createList('membres')).body;
      const r = await f.client.importCsv(list.id, paheko());
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.imported, 2);
      assert.equal(r.body.rejected, 1, 'Martin has no address: rejected with its line');
      assert.equal((r.body.rejections as { line: number; code: string }[])[0]!.line, 3);
      const found = await f.client.get<WirePage<WireContact>>(`/contacts?field.city=Lyon`);
      assert.equal(found.body.items[0]!.name, 'Dupont Marie');
      assert.deepEqual(found.body.items[0]!.fields, { member_number: '1', street: '12 rue des Lilas', postal_code: '69004', city: 'Lyon', phone: '04 72 00 00 00', registration_date: '2023-09-14' });
      assert.equal(found.body.items[0]!.consent.source, 'import');

      const luc = (await f.client.get<WirePage<WireContact>>('/contacts?address=luc.bernard')).body.items[0]!;
      await f.storage.repos.contacts.setMembership(f.tenantA, list.id, luc.id, 'unsubscribed');
      const again = await f.client.importCsv(list.id, paheko());
      assert.deepEqual([again.body.imported, again.body.updated], [0, 2]);
      const members = await f.client.get<{ member_count: number }>(`/lists/${list.id}`);
      assert.equal(members.body.member_count, 1, 'Luc stays unsubscribed');
    });

    it('dry run writes nothing; explicit mapping; the 10 % dirty file', async () => {
      const list = (await f.client.createList('essai')).body;
      const dry = await f.client.importCsv(list.id, dirty(), '?dry_run=true');
      assert.equal(dry.body.imported, 88);
      assert.equal((await f.client.get<{ member_count: number }>(`/lists/${list.id}`)).body.member_count, 0);
      const mapped = await f.client.importCsv(list.id, 'Contact;Commune\nx@example.org;Lille\n', `?map=${encodeURIComponent('email=Contact,city=Commune')}`);
      assert.equal(mapped.body.imported, 1, mapped.text);
      const real = await f.client.importCsv(list.id, iconv.encode(dirty(), 'win1252'));
      assert.equal(real.body.imported, 88);
      assert.equal((await f.client.get<{ member_count: number }>(`/lists/${list.id}`)).body.member_count, 89);
    });
  });
}

describe('facteur import and apikey (CLI)', () => {
  it('imports an Excel export, prints the report, creates and revokes keys', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'facteur-import-'));
    writeFileSync(join(cwd, 'adherents.csv'), EXCEL_FR);
    assert.equal(runCli(['tenant', 'create', '--slug', 'velo', '--name', 'Vélo'], { cwd }).code, 0);
    const dry = runCli(['import', 'adherents.csv', '--tenant', 'velo', '--list', 'adherents', '--create-list', '--dry-run'], { cwd });
    assert.notEqual(dry.code, 0, 'dry run does not create the list');
    const r = runCli(['import', 'adherents.csv', '--tenant', 'velo', '--list', 'adherents', '--create-list'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 rows read \(windows-1252, separator ;\)/);
    assert.match(r.stdout, /3 new contacts/);
    const json = runCli(['import', 'adherents.csv', '--tenant', 'velo', '--list', 'adherents', '--json'], { cwd });
    assert.equal(JSON.parse(json.stdout).updated, 3);
    const key = runCli(['apikey', 'create', '--tenant', 'velo', '--name', 'Paheko', '--scopes', 'read,write'], { cwd });
    assert.match(key.stdout.trim(), /^fct_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}$/);
    const list = runCli(['apikey', 'list', '--tenant', 'velo'], { cwd });
    assert.match(list.stdout, /read,write\tactive/);
    assert.ok(!list.stdout.includes(key.stdout.trim()), 'the secret is never listed');
    assert.equal(runCli(['apikey', 'revoke', '1', '--tenant', 'velo'], { cwd }).code, 0);
    const bad = runCli(['apikey', 'create', '--tenant', 'velo', '--name', 'x', '--scopes', 'admin'], { cwd });
    assert.match(bad.stderr, /unknown scope: admin\n {2}hint: /);
  });
});
