// `facteur address check` as a user runs it: a spawned process, arguments or stdin, one JSON
// object per line with exactly the documented keys; DNS answered from a zone file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const KEYS = ['input', 'valid', 'normalized', 'ascii', 'reason', 'suggestion'];

interface Line {
  input: string;
  valid: boolean;
  normalized: string | null;
  ascii: string | null;
  reason: string | null;
  suggestion: string | null;
}

function run(args: string[], stdin?: string): { status: number | null; lines: Line[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'address', 'check', ...args], {
    cwd: root,
    input: stdin ?? '',
    encoding: 'utf8',
  });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
  for (const l of lines) assert.deepEqual(Object.keys(l), KEYS);
  return { status: r.status, lines, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'facteur-address-'));
const zoneFile = join(dir, 'zone.json');
writeFileSync(
  zoneFile,
  JSON.stringify({
    'asso.fr': { MX: [{ exchange: 'mx.asso.fr', priority: 10 }] },
    'gmail.com': { MX: [{ exchange: 'gmail-smtp-in.l.google.com', priority: 5 }] },
    'null.example': { MX: [{ exchange: '.', priority: 0 }] },
    'a-only.fr': { A: ['192.0.2.1'] },
    'txt-only.fr': { TXT: ['v=spf1 -all'] },
    'xn--exmple-cua.fr': { MX: [{ exchange: 'mx.xn--exmple-cua.fr', priority: 10 }] },
  }),
);

test('--syntax-only with arguments: verdicts in order, reason null when valid', () => {
  const { status, lines } = run(['--syntax-only', 'Jeanne@Asso.FR', 'jean@gmial.com', 'jean dupont@asso.fr', 'jean@exämple.fr', '用户@例子.广告']);
  assert.equal(status, 0);
  assert.deepEqual(lines[0], {
    input: 'Jeanne@Asso.FR',
    valid: true,
    normalized: 'Jeanne@asso.fr',
    ascii: 'Jeanne@asso.fr',
    reason: null,
    suggestion: null,
  });
  assert.equal(lines[1]!.valid, true);
  assert.equal(lines[1]!.suggestion, 'jean@gmail.com');
  assert.equal(lines[2]!.valid, false);
  assert.equal(lines[2]!.normalized, null);
  assert.match(lines[2]!.reason!, /space/);
  assert.equal(lines[3]!.ascii, 'jean@xn--exmple-cua.fr');
  assert.equal(lines[4]!.normalized, '用户@例子.广告');
  assert.equal(lines[4]!.ascii, null);
});

test('stdin, one address per line (CRLF and blank lines tolerated)', () => {
  const { status, lines } = run(['--syntax-only'], 'a@asso.fr\r\n\n"b"@asso.fr\nJeanne <c@asso.fr>\n');
  assert.equal(status, 0);
  assert.deepEqual(
    lines.map((l) => [l.input, l.valid, l.normalized, l.suggestion]),
    [
      ['a@asso.fr', true, 'a@asso.fr', null],
      ['"b"@asso.fr', true, 'b@asso.fr', null],
      ['Jeanne <c@asso.fr>', false, null, 'c@asso.fr'],
    ],
  );
});

test('with a zone: null MX, NXDOMAIN and no-mail domains make the address invalid', () => {
  const { status, lines } = run([
    '--zone', zoneFile,
    'a@asso.fr', 'b@null.example', 'c@gmial.com', 'd@a-only.fr', 'e@txt-only.fr', 'f@exämple.fr', 'g@gmail.com',
  ]);
  assert.equal(status, 0);
  const byInput = new Map(lines.map((l) => [l.input, l]));
  assert.equal(byInput.get('a@asso.fr')!.valid, true);
  assert.equal(byInput.get('a@asso.fr')!.reason, null);
  assert.equal(byInput.get('b@null.example')!.valid, false);
  assert.match(byInput.get('b@null.example')!.reason!, /accepts no mail/);
  assert.equal(byInput.get('c@gmial.com')!.valid, false);
  assert.match(byInput.get('c@gmial.com')!.reason!, /does not exist/);
  assert.equal(byInput.get('c@gmial.com')!.suggestion, 'c@gmail.com');
  assert.equal(byInput.get('d@a-only.fr')!.valid, true);
  assert.equal(byInput.get('e@txt-only.fr')!.valid, false);
  assert.equal(byInput.get('f@exämple.fr')!.valid, true); // looked up by its A-label
  assert.equal(byInput.get('g@gmail.com')!.valid, true);
  assert.deepEqual(lines.map((l) => l.input), [...byInput.keys()]); // input order kept
});

test('a syntax error wins over DNS; a bad zone file is a clear error', () => {
  const { lines } = run(['--zone', zoneFile, 'a@[192.0.2.1]']);
  assert.equal(lines[0]!.valid, false);
  assert.match(lines[0]!.reason!, /IP address/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '[1, 2]');
  const r = run(['--zone', bad, 'a@asso.fr']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /zone/);
});
