// CSV import in the admin interface: real multipart uploads built here (a Paheko-style ;-separated
// Windows-1252 file with accents, a UTF-8 file with a BOM, malformed CSV, invalid addresses among
// good ones), the preview and mapping, the report and its refused-rows file; CSRF, tenant and
// session isolation of the uploaded file, the size limit, hostile cells.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, csrfOf, FORM, type AdminFixture } from './fixture.ts';
import { assertLabelled, assertSafePage, HOSTILE } from './settings-helpers.ts';
import { UploadStore } from '../../../src/web/admin/imports/store.ts';
import { UPLOAD_LIMIT_BYTES } from '../../../src/web/admin/imports/index.ts';
import { readMultipart } from '../../../src/web/admin/imports/multipart.ts';

type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer | string; type?: string };

/** A multipart/form-data body as a browser sends it. */
function multipart(parts: Part[], boundary = '----WebKitFormBoundary7MA4YWxkTrZu0gW'): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('filename' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type ?? 'text/csv'}\r\n\r\n`));
      chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
      chunks.push(Buffer.from('\r\n'));
    } else chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PAHEKO = iconv.encode(
  [
    'Numéro;Nom & prénom;Courriel;Code postal;Ville;Téléphone',
    '1;Lefèvre Hélène;helene@example.fr;25000;Besançon;+33 6 12 34 56 78',
    '2;Müller François;francois@example.fr;45000;Orléans;',
    '3;"Nguyễn? Zoë";zoe@example.fr;30000;Nîmes;04 66 00 00 00',
  ].join('\r\n') + '\r\n',
  'win1252',
);

const UTF8_BOM = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Email,Prénom,Nom,Taille T-shirt\nana@example.org,Ana,Ibáñez,M\nbo@example.org,Bø,Ørsted,L\n')]);

/** Good rows, invalid addresses (one with a likely typo), an in-file duplicate, rows with too few and too many cells. */
const DIRTY = [
  'E-mail,Nom,Ville',
  'good1@example.org,Un,Lyon',
  'pas-une-adresse,Deux,Lyon',
  'good2@example.org,Trois',
  'jean.dupont@gmail,Quatre,Paris',
  'GOOD1@example.org,Cinq,Lille',
  'good3@example.org,Six,Nice,en trop',
  ',Sept,Rouen',
  'mauvaise@,=1+2,+33 Lyon',
  'jeanne@gmial.com,Dix,Metz',
].join('\n');

const uploadDir = async () => (await UploadStore.open()).dir;
const filesIn = (dir: string) => readdirSync(dir).filter((n) => /^[A-Za-z0-9_-]{43}\.(csv|json)$/.test(n)).sort();

for (const dialect of testDialects()) {
  describe(`admin CSV import (${dialect})`, () => {
    let f: AdminFixture;
    let cookie: string;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
      cookie = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie;
    });
    after(async () => {
      await f.close();
    });

    const get = (url: string, c = cookie) => f.app.inject({ method: 'GET', url, headers: { cookie: c } });
    const csrf = async (c = cookie) => csrfOf((await get('/admin/contacts/import', c)).body);
    const count = () => f.db.storage.repos.audience.count(f.tenant.id, {});

    /** Uploads a file with the session's token; returns the reply. */
    async function upload(content: Buffer | string, options: { list?: string; filename?: string; token?: string | null; c?: string } = {}) {
      const c = options.c ?? cookie;
      const token = options.token === undefined ? await csrf(c) : options.token;
      const parts: Part[] = [];
      if (token !== null) parts.push({ name: 'csrf', value: token });
      parts.push({ name: 'file', filename: options.filename ?? 'membres.csv', content });
      parts.push({ name: 'list', value: options.list ?? '' });
      const body = multipart(parts);
      return f.app.inject({ method: 'POST', url: '/admin/contacts/import', headers: { ...body.headers, cookie: c }, payload: body.payload });
    }

    /** Uploads and follows to the preview; returns the preview's address and page. */
    async function uploaded(content: Buffer | string, options: { list?: string; filename?: string } = {}) {
      const res = await upload(content, options);
      assert.equal(res.statusCode, 303, res.body);
      const at = String(res.headers.location);
      assert.match(at, /^\/admin\/contacts\/import\/[A-Za-z0-9_-]{43}$/);
      const page = await get(at);
      assert.equal(page.statusCode, 200, page.body);
      return { at, page };
    }

    /** The choices the preview proposes, as a form (col0=…), plus overrides. */
    function mappingOf(body: string, overrides: Record<string, string> = {}): URLSearchParams {
      const form = new URLSearchParams({ csrf: csrfOf(body) });
      for (const m of body.matchAll(/<select id="col-(\d+)" name="(col\d+)"[^>]*>([\s\S]*?)<\/select>/g)) {
        form.set(m[2]!, /<option value="([a-z_]+)" selected>/.exec(m[3]!)?.[1] ?? '');
      }
      const list = /<select id="list" name="list"[^>]*>([\s\S]*?)<\/select>/.exec(body);
      form.set('list', list ? (/<option value="(\d*)" selected>/.exec(list[1]!)?.[1] ?? '') : '');
      for (const [k, v] of Object.entries(overrides)) form.set(k, v);
      return form;
    }

    async function runMapping(at: string, form: URLSearchParams, c = cookie) {
      return f.app.inject({ method: 'POST', url: at, headers: { ...FORM, cookie: c }, payload: form.toString() });
    }

    /** Upload, keep the proposed mapping, import; returns the report page and its address. */
    async function importFile(content: Buffer | string, options: { list?: string; overrides?: Record<string, string> } = {}) {
      const { at, page } = await uploaded(content, options);
      const res = await runMapping(at, mappingOf(page.body, options.overrides));
      assert.equal(res.statusCode, 303, res.body);
      assert.equal(res.headers.location, `${at}/report`);
      const report = await get(`${at}/report`);
      assert.equal(report.statusCode, 200);
      return { at, report };
    }

    const figure = (body: string, label: RegExp) => {
      const m = new RegExp(`${label.source} : <strong>([\\d\\s\\u202f]+)</strong>`).exec(body);
      assert.ok(m, `no figure ${label}`);
      return Number(m[1]!.replace(/\D/g, ''));
    };

    test('the upload form: file input, lists, formats; signed-out and operators are turned away', async () => {
      const list = await f.db.storage.repos.lists.create(f.tenant.id, { slug: 'membres', name: 'Membres 2026' });
      await f.db.storage.repos.lists.create(f.other.id, { slug: 'choristes', name: 'Choristes' });
      const res = await get('/admin/contacts/import');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'upload form');
      assertLabelled(res.body);
      assert.match(res.body, /<form class="card" method="post" action="\/admin\/contacts\/import" enctype="multipart\/form-data">/);
      assert.match(res.body, /<input type="file" id="file" name="file"/);
      assert.match(res.body, new RegExp(`<option value="${list.id}">Membres 2026</option>`));
      assert.doesNotMatch(res.body, /Choristes/, 'only this tenant’s lists');
      assert.match(res.body, /Paheko/);
      assert.match(res.body, /UTF-8 ou Windows-1252/);
      assert.match(res.body, /20 Mo/);
      const en = await f.app.inject({ method: 'GET', url: '/admin/contacts/import', headers: { cookie, 'accept-language': 'en' } });
      assert.equal(en.statusCode, 200);

      const old = await get('/admin/imports');
      assert.equal(old.statusCode, 303);
      assert.equal(old.headers.location, '/admin/contacts/import');
      const anonymous = await f.app.inject({ method: 'GET', url: '/admin/contacts/import' });
      assert.equal(anonymous.statusCode, 303);
      const body = multipart([{ name: 'file', filename: 'x.csv', content: 'email\na@example.org\n' }]);
      const anonPost = await f.app.inject({ method: 'POST', url: '/admin/contacts/import', headers: body.headers, payload: body.payload });
      assert.equal(anonPost.statusCode, 303, 'no session: sent to sign-in before the body is read');
      const ops = (await signIn(f.app, { email: 'ops@host.example' })).cookie;
      assert.equal((await get('/admin/contacts/import', ops)).statusCode, 404);
    });

    test('a Paheko ;-separated Windows-1252 export: preview, proposed mapping, import into a list', async () => {
      const list = await f.db.storage.repos.lists.create(f.tenant.id, { slug: 'membres', name: 'Membres' });
      const { at, page } = await uploaded(PAHEKO, { list: String(list.id), filename: 'C:\\Users\\trésorière\\export membres.csv' });
      assertSafePage(page, 'preview');
      assertLabelled(page.body);
      assert.match(page.body, /<dd>export membres\.csv<\/dd>/, 'the file name without the browser’s path');
      assert.match(page.body, /Windows-1252/);
      assert.match(page.body, /point-virgule/);
      assert.match(page.body, /<td>Lefèvre Hélène<\/td>/);
      assert.match(page.body, /<td>Besançon<\/td>/);
      assert.match(page.body, /<td>Nguyễn\? Zoë<\/td>|<td>Nguy\?n\? Zoë<\/td>/);
      // Proposed: Numéro → field member_number, Nom & prénom → name, Courriel → email, Téléphone → field phone.
      const form = mappingOf(page.body);
      assert.deepEqual([...form.entries()].filter(([k]) => k.startsWith('col')), [
        ['col0', 'field'],
        ['col1', 'name'],
        ['col2', 'email'],
        ['col3', 'field'],
        ['col4', 'field'],
        ['col5', 'field'],
      ]);
      assert.match(page.body, /Champ « phone »/);
      assert.equal(form.get('list'), String(list.id), 'the list chosen at upload is kept');
      // Ignore the member number.
      form.set('col0', 'ignore');
      const res = await runMapping(at, form);
      assert.equal(res.statusCode, 303, res.body);
      const report = await get(`${at}/report`);
      assertSafePage(report, 'report');
      assert.equal(figure(report.body, /Contacts créés/), 3);
      assert.equal(figure(report.body, /Lignes refusées/), 0);
      assert.match(report.body, /Aucune ligne refusée/);

      const found = await f.db.storage.repos.audience.search(f.tenant.id, { address: 'helene@' });
      const helene = found.items[0]!;
      assert.equal(helene.name, 'Lefèvre Hélène');
      assert.deepEqual(helene.fields, { postal_code: '25000', city: 'Besançon', phone: '+33 6 12 34 56 78' });
      assert.equal(helene.consentSource, 'import');
      assert.equal(await f.db.storage.repos.lists.countMembers(f.tenant.id, list.id), 3);
      assert.equal(await count(), 3);

      // The CSV is deleted once imported; the report stays. A second POST does not import again.
      const again = await runMapping(at, form);
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, `${at}/report`);
      assert.equal((await get(at)).headers.location, `${at}/report`);
    });

    test('a UTF-8 ,-separated file with a BOM; importing it again reports the contacts unchanged', async () => {
      const first = await uploaded(UTF8_BOM);
      assert.match(first.page.body, /<dd>UTF-8<\/dd>/);
      assert.match(first.page.body, /virgule \(,\)/);
      const form = mappingOf(first.page.body);
      assert.equal(form.get('col0'), 'email', 'the BOM does not hide the first header');
      assert.deepEqual([form.get('col1'), form.get('col2'), form.get('col3')], ['first_name', 'last_name', 'field']);
      assert.match(first.page.body, /Champ « taille_t_shirt »/);
      assert.equal((await runMapping(first.at, form)).statusCode, 303);
      const bo = (await f.db.storage.repos.audience.search(f.tenant.id, { address: 'bo@' })).items[0]!;
      assert.equal(bo.name, 'Bø Ørsted');
      assert.deepEqual(bo.fields, { first_name: 'Bø', last_name: 'Ørsted', taille_t_shirt: 'L' });

      const { report } = await importFile(UTF8_BOM);
      assert.equal(figure(report.body, /Contacts créés/), 0);
      assert.equal(figure(report.body, /Contacts mis à jour/), 0);
      assert.equal(figure(report.body, /Contacts déjà à jour \(inchangés\)/), 2);
      const changed = await importFile('Email,Taille T-shirt\nana@example.org,S\nbo@example.org,L\n');
      assert.equal(figure(changed.report.body, /Contacts mis à jour/), 1);
      assert.equal(figure(changed.report.body, /Contacts déjà à jour \(inchangés\)/), 1);
    });

    test('invalid addresses among good ones: good rows imported, bad ones reported with line and reason, refused rows downloadable', async () => {
      const { at, page } = await uploaded(DIRTY);
      assert.match(page.body, /Nombre de cellules différent de la ligne de titres aux lignes 4, 7/);
      const { report } = await (async () => {
        const res = await runMapping(at, mappingOf(page.body));
        assert.equal(res.statusCode, 303);
        return { report: await get(`${at}/report`) };
      })();
      assert.equal(figure(report.body, /Lignes lues/), 9);
      assert.equal(figure(report.body, /Contacts créés/), 4);
      assert.equal(figure(report.body, /Lignes en double dans le fichier \(ignorées\)/), 1);
      assert.equal(figure(report.body, /Lignes refusées/), 4);
      assert.equal(await count(), 4);
      assert.match(report.body, /<h2 id="check-h">Adresses à vérifier<\/h2>[\s\S]*<tr><th scope="row">10<\/th><td>jeanne@gmial\.com<\/td><td>jeanne@gmail\.com<\/td><\/tr>/);
      const good3 = (await f.db.storage.repos.audience.search(f.tenant.id, { address: 'good3@' })).items[0]!;
      assert.equal(good3.name, 'Six');
      assert.deepEqual(good3.fields, { last_name: 'Six', city: 'Nice' }, 'the extra cell is ignored, the row kept');
      const refusedSection = report.body.slice(report.body.indexOf('id="refused-h"'), report.body.indexOf('id="check-h"'));
      const rows = [...refusedSection.matchAll(/<tr><th scope="row">(\d+)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), m[2], m[3]]);
      assert.deepEqual(
        rows.map((r) => r[0]),
        [3, 5, 6, 8, 9],
      );
      assert.match(String(rows[0]![2]), /pas de « @ »/);
      assert.match(String(rows[1]![2]), /terminaison comme \.fr/);
      assert.match(String(rows[2]![2]), /Même adresse qu’à la ligne 2/);
      assert.match(String(rows[3]![2]), /L’adresse est vide/);

      const csv = await get(`${at}/refused.csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="lignes-refusees.csv"/);
      const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      assert.equal(lines[0], 'E-mail,Nom,Ville,Motif du refus (facteur)');
      assert.equal(lines.length, 6);
      assert.match(lines[5]!, /^mauvaise@,"'=1\+2","'\+33 Lyon",/, 'formula-like cells are guarded in the download');
      assert.match(lines[1]!, /^pas-une-adresse,Deux,Lyon,"?ligne 3 : /);
      assert.match(lines[3]!, /^GOOD1@example\.org,Cinq,Lille,/);

      // The refused rows come back fixed: the reasons column is ignored by itself.
      const fixed = csv.body.replace('pas-une-adresse', 'deux@example.org').replace('jean.dupont@gmail', 'jean.dupont@gmail.com').replace('mauvaise@', 'mauvaise@example.org');
      const back = await uploaded(fixed);
      const form = mappingOf(back.page.body);
      assert.equal(form.get('col3'), 'ignore');
      assert.match(back.page.body, /colonne des motifs de refus d’un import précédent : ignorée/);
      assert.equal((await runMapping(back.at, form)).statusCode, 303);
      const again = await get(`${back.at}/report`);
      assert.equal(figure(again.body, /Contacts créés/), 3);
      const guarded = (await f.db.storage.repos.audience.search(f.tenant.id, { address: 'mauvaise@' })).items[0]!;
      assert.deepEqual(guarded.fields, { last_name: '=1+2', city: '+33 Lyon' }, 'the guard apostrophe is dropped on the way back');
      const deux = (await f.db.storage.repos.audience.search(f.tenant.id, { address: 'deux@' })).items[0]!;
      assert.deepEqual(deux.fields, { last_name: 'Deux', city: 'Lyon' }, 'no reason field stored');
    });

    test('malformed CSV: an unclosed quote keeps the rows before it and says where reading stopped', async () => {
      const lines = ['email,nom'];
      for (let i = 1; i <= 12; i++) lines.push(`m${i}@example.org,Membre ${i}`);
      lines.push('m13@example.org,"Guillemet jamais fermé');
      lines.push('m14@example.org,Perdu');
      const { at, page } = await uploaded(lines.join('\n') + '\n');
      assert.match(page.body, /<td>Membre 10<\/td>/, 'ten rows shown');
      assert.doesNotMatch(page.body, /<td>Membre 11<\/td>/);
      const res = await runMapping(at, mappingOf(page.body));
      assert.equal(res.statusCode, 303);
      const report = await get(`${at}/report`);
      assert.equal(figure(report.body, /Contacts créés/), 12);
      assert.match(report.body, /La lecture s’est arrêtée à la ligne 14/);
      assert.equal(await count(), 12);

      // Within the preview: the rows before are shown with the warning.
      const early = await uploaded('email;nom\na@example.org;"pas fermé\nb@example.org;B\n');
      assert.match(early.page.body, /ne peut plus être lu comme un CSV à partir de la ligne 2/);
    });

    test('a file without a title line: the address column is found, the others are numbered', async () => {
      const { at, page } = await uploaded('a@example.org;Lyon\nb@example.org;Nice\n');
      assert.match(page.body, /déjà des données \(pas de ligne de titres\)/);
      assert.match(page.body, /<th scope="col">Colonne 1<\/th><th scope="col">Colonne 2<\/th>/);
      const form = mappingOf(page.body);
      assert.deepEqual([form.get('col0'), form.get('col1')], ['email', 'field']);
      assert.equal((await runMapping(at, form)).statusCode, 303);
      const report = await get(`${at}/report`);
      assert.equal(figure(report.body, /Contacts créés/), 2, 'the first line is a contact too');
      const a = (await f.db.storage.repos.audience.search(f.tenant.id, { address: 'a@' })).items[0]!;
      assert.deepEqual(a.fields, { column_2: 'Lyon' });
    });

    test('the mapping needs exactly one address column; errors are shown next to the columns, choices kept', async () => {
      const { at, page } = await uploaded('Contact;Commune\nx@example.org;Lille\n');
      assert.match(page.body, /n’a pas reconnu la colonne des adresses/);
      const none = await runMapping(at, mappingOf(page.body));
      assert.equal(none.statusCode, 422);
      assertLabelled(none.body);
      assert.match(none.body, /role="alert"[\s\S]*Choisissez la colonne qui contient les adresses e-mail/);
      const twice = await runMapping(at, mappingOf(page.body, { col0: 'email', col1: 'email' }));
      assert.equal(twice.statusCode, 422);
      assert.match(twice.body, /<select id="col-1" name="col1" aria-describedby="col-1-hint col-1-error" aria-invalid="true">/);
      assert.match(twice.body, /<option value="email" selected>/);
      const huge = await runMapping(at, mappingOf(page.body, { col0: 'email', col1: 'x'.repeat(100 * 1024) }));
      assert.ok(huge.statusCode >= 400 && huge.statusCode < 500, `a 100 KB value is refused (${huge.statusCode})`);
      const bigList = await upload('email\na@example.org\n', { list: 'x'.repeat(100 * 1024) });
      assert.equal(bigList.statusCode, 400);
      assert.match(bigList.body, /id="file-error" role="alert">/);
      const bad = await runMapping(at, mappingOf(page.body, { col0: 'email', col1: '<script>' }));
      assert.equal(bad.statusCode, 422);
      assert.doesNotMatch(bad.body, /<script>/);
      const badList = await runMapping(at, mappingOf(page.body, { col0: 'email', list: '999999' }));
      assert.equal(badList.statusCode, 422);
      assert.match(badList.body, /id="list-error" role="alert">Cette liste n’existe pas/);
      assert.equal(await count(), 0, 'nothing imported while the mapping is wrong');
      const ok = await runMapping(at, mappingOf(page.body, { col0: 'email', col1: 'field' }));
      assert.equal(ok.statusCode, 303);
      const x = (await f.db.storage.repos.audience.search(f.tenant.id, {})).items[0]!;
      assert.deepEqual(x.fields, { city: 'Lille' });
    });

    test('without or with a wrong CSRF token: 403, nothing kept, nothing imported', async () => {
      const dir = await uploadDir();
      const before = filesIn(dir);
      for (const token of [null, 'wrong-token']) {
        const res = await upload('email\na@example.org\n', { token });
        assert.equal(res.statusCode, 403);
        assertSafePage(res, 'csrf');
      }
      assert.deepEqual(filesIn(dir), before, 'the uploaded file is deleted');
      const { at, page } = await uploaded('email\na@example.org\n');
      const form = mappingOf(page.body);
      for (const token of ['', 'wrong-token']) {
        form.set('csrf', token);
        assert.equal((await runMapping(at, form)).statusCode, 403);
      }
      assert.equal(await count(), 0);
    });

    test('another tenant, or another session, cannot use the token: 404; an hour later it is gone', async () => {
      const { at, page } = await uploaded('email,nom\na@example.org,<b>A</b>\n');
      const other = (await signIn(f.app, { email: 'admin@chorale.example', tenant: 'chorale' })).cookie;
      const mine2 = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie;
      for (const c of [other, mine2]) {
        assert.equal((await get(at, c)).statusCode, 404);
        const form = mappingOf(page.body, { csrf: await csrf(c) });
        assert.equal((await runMapping(at, form, c)).statusCode, 404);
        assert.equal((await get(`${at}/report`, c)).statusCode, 404);
        assert.equal((await get(`${at}/refused.csv`, c)).statusCode, 404);
      }
      assert.equal(await count(), 0);
      for (const bad of ['../../etc/passwd', '%2e%2e%2fetc', 'x'.repeat(43), 'a'.repeat(500)]) {
        assert.equal((await get(`/admin/contacts/import/${bad}`)).statusCode, 404, bad);
      }
      assert.equal((await runMapping(at, mappingOf(page.body))).statusCode, 303, 'the owner still can');
      const report = `${at}/report`;
      assert.equal((await get(report)).statusCode, 200);
      f.clock.advance(61 * 60_000);
      const gone = await get(report);
      assert.equal(gone.statusCode, 404);
      assert.match(gone.body, /gardé une heure/);
    });

    test('an upload over the limit gets a clear 413 page; an empty or missing file is asked again', async () => {
      const big = Buffer.alloc(UPLOAD_LIMIT_BYTES + 1024, 'a');
      big.write('email\n');
      const res = await upload(big);
      assert.equal(res.statusCode, 413);
      assertSafePage(res, '413');
      assert.match(res.body, /id="file-error" role="alert">Ce fichier dépasse la taille maximale de 20 Mo\. Découpez-le/);
      assert.equal(await count(), 0);

      const xlsx = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]), { filename: 'membres.xlsx' });
      assert.equal(xlsx.statusCode, 400);
      assert.match(xlsx.body, /C’est un classeur de tableur/);
      const utf16 = await upload(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\r\na@example.org\r\n', 'utf16le')]));
      assert.equal(utf16.statusCode, 400);
      assert.match(utf16.body, /texte Unicode/);
      const empty = await upload('');
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Ce fichier est vide/);
      const body = multipart([
        { name: 'csrf', value: await csrf() },
        { name: 'file', filename: '', content: '', type: 'application/octet-stream' },
      ]);
      const missing = await f.app.inject({ method: 'POST', url: '/admin/contacts/import', headers: { ...body.headers, cookie }, payload: body.payload });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Choisissez un fichier CSV/);
      const torn = await f.app.inject({
        method: 'POST',
        url: '/admin/contacts/import',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz', cookie },
        payload: '--xyz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc',
      });
      assert.equal(torn.statusCode, 400);
      assert.match(torn.body, /interrompu/);
    });

    test('hostile cells and file names are escaped in the preview and the report', async () => {
      const content = `email,${HOSTILE}\n"${HOSTILE}",x\nok@example.org,"${HOSTILE.replaceAll('"', '""')}"\n`;
      const { at, page } = await uploaded(content, { filename: `${HOSTILE}.csv` });
      assertSafePage(page, 'hostile preview');
      assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      const res = await runMapping(at, mappingOf(page.body));
      assert.equal(res.statusCode, 303);
      const report = await get(`${at}/report`);
      assertSafePage(report, 'hostile report');
      assert.match(report.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      const csv = await get(`${at}/refused.csv`);
      assert.ok(csv.body.includes('<script>'), 'the CSV holds the cell as it was (a download, not a page)');
    });

    test('without a list, contacts only; in English', async () => {
      const list = await f.db.storage.repos.lists.create(f.tenant.id, { slug: 'l', name: 'L' });
      await f.app.inject({ method: 'POST', url: '/admin/language', headers: { ...FORM, cookie }, payload: new URLSearchParams({ csrf: await csrf(), lang: 'en', back: '/admin' }).toString() });
      const { report } = await importFile('email\na@example.org\nb@example\n');
      assert.match(report.body, /<html lang="en">/);
      assert.match(report.body, /none \(contacts only\)/);
      assert.equal(figure(report.body, /Contacts created/), 1);
      assert.match(report.body, /The domain has no ending such as \.fr or \.com/);
      assert.equal(await count(), 1);
      assert.equal(await f.db.storage.repos.lists.countMembers(f.tenant.id, list.id), 0);
    });
  });
}

describe('multipart reader', () => {
  test('a delimiter cut across chunks, fields around the file, a second file ignored', async () => {
    const body = multipart([
      { name: 'csrf', value: 'tok' },
      { name: 'file', filename: 'a.csv', content: 'email\r\n--not-a-boundary\r\nx@example.org\r\n' },
      { name: 'file', filename: 'b.csv', content: 'second' },
      { name: 'list', value: '7' },
    ]);
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.payload.length; i += size) chunks.push(body.payload.subarray(i, i + size));
      const written: Buffer[] = [];
      const r = await readMultipart(chunks, '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'file', { maxFileBytes: 1000, maxFields: 5, maxFieldBytes: 100, drainBytes: 10_000 }, async (c) => {
        written.push(Buffer.from(c));
      });
      assert.equal(Buffer.concat(written).toString(), 'email\r\n--not-a-boundary\r\nx@example.org\r\n', `chunks of ${size}`);
      assert.deepEqual([...r.fields.entries()], [
        ['csrf', 'tok'],
        ['list', '7'],
      ]);
      assert.deepEqual(r.file, { filename: 'a.csv', bytes: 40 });
    }
  });
});
