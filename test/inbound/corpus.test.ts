// Measures bounce parsing against the sisimai set-of-emails corpus (expected.tsv) and fails
// below floors that only ever rise. Prints the agreement and the main confusions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBounce } from '../../src/inbound/parse/index.ts';

const CORPUS = fileURLToPath(new URL('../../../shared/corpora/bounces/sisimai/', import.meta.url));

// Floors: raise them when the classifier improves, never lower them.
const FLOORS = { recipients: 98.2, reason: 96.3, hard: 97.1, status: 95.5 };

interface Row { file: string; index: number; recipient: string; reason: string; status: string; replycode: string; hard: boolean; feedbacktype: string }

function expected(): Row[] {
  const lines = readFileSync(CORPUS + 'expected.tsv', 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((l) => {
    const [file = '', index = '0', recipient = '', reason = '', status = '', replycode = '', hard = '0', feedbacktype = ''] = l.split('\t');
    return { file, index: Number(index), recipient: recipient.toLowerCase(), reason, status, replycode, hard: hard === '1', feedbacktype };
  });
}

const pct = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d);

test('sisimai corpus: recipients, reasons, hard/soft and status agree with expected.tsv', () => {
  const rows = expected();
  const files = readdirSync(CORPUS + 'eml').filter((f) => f.endsWith('.eml'));
  const reports = new Map(files.map((f) => [f, parseBounce(readFileSync(CORPUS + 'eml/' + f))]));
  let found = 0, reason = 0, hard = 0, status = 0;
  const confusion = new Map<string, string[]>();
  for (const row of rows) {
    const got = reports.get(row.file)?.recipients.find((r) => r.recipient === row.recipient);
    if (!got) {
      const k = `${row.reason} -> (recipient not found)`;
      confusion.set(k, [...(confusion.get(k) ?? []), row.file]);
      continue;
    }
    found++;
    if (got.reason === row.reason) reason++;
    else {
      const k = `${row.reason} -> ${got.reason}`;
      confusion.set(k, [...(confusion.get(k) ?? []), row.file]);
    }
    if (got.hardbounce === row.hard) hard++;
    if ((got.status ?? '') === row.status) status++;
  }
  const figures = {
    recipients: pct(found, rows.length), reason: pct(reason, rows.length), hard: pct(hard, rows.length), status: pct(status, rows.length),
  };
  const extra = [...reports.values()].reduce((n, r) => n + r.recipients.length, 0) - found;
  console.log(`corpus: ${files.length} messages, ${rows.length} expected recipients, ${extra} extra recipients reported`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(10)} ${v.toFixed(1)} %`);
  const misses = [...confusion.entries()].sort((a, b) => b[1].length - a[1].length);
  console.log('  main misses (expected -> got: count, examples):');
  for (const [k, v] of misses.slice(0, 25)) console.log(`    ${k}: ${v.length}  ${v.slice(0, 4).join(' ')}`);
  for (const key of Object.keys(FLOORS) as Array<keyof typeof FLOORS>) {
    assert.ok(figures[key] >= FLOORS[key], `${key} agreement ${figures[key].toFixed(1)} % fell below the floor ${FLOORS[key]} %`);
  }
});

test('messages that are not bounces are not classified as bounces', () => {
  const dir = CORPUS + 'not-bounces/';
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
    const report = parseBounce(readFileSync(dir + f));
    assert.equal(report.recipients.length, 0, `${f} was read as ${report.kind}: ${JSON.stringify(report.recipients[0])}`);
  }
});
