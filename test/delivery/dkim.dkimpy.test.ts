// Independent check of facteur's DKIM signatures with dkimpy (Debian python3-dkim), on messages
// printed by `facteur compose`, directly and after a round trip through a real SMTP server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { generateDkimKey } from '../../src/delivery/dkim/index.ts';
import { verpAddress } from '../../src/core/tokens.ts';

const PY = '/usr/bin/python3';
const ROOT = new URL('../../', import.meta.url).pathname;
const VERIFY = `
import sys, json, dkim
zone = json.load(open(sys.argv[1]))
msg = sys.stdin.buffer.read()
def dnsfunc(name, timeout=5):
    name = (name.decode() if isinstance(name, bytes) else name).rstrip('.').lower()
    recs = zone.get(name, {}).get('TXT')
    return recs[0].encode() if recs else None
d = dkim.DKIM(msg)
n = sum(1 for h in d.headers if h[0].lower() == b'dkim-signature')
print(json.dumps([bool(d.verify(idx=i, dnsfunc=dnsfunc)) for i in range(n)]))
`;

let dir = '';
const zone: Record<string, { TXT: string[] }> = {};

function dkimpyVerify(message: Buffer): boolean[] {
  const probe = spawnSync(PY, ['-c', 'import dkim'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    assert.fail(`${PY} cannot import dkim (${probe.error?.message ?? probe.stderr.trim()}): run \`apt-get install python3-dkim\``);
  }
  const out = execFileSync(PY, ['-c', VERIFY, join(dir, 'zone.json')], { input: message });
  return JSON.parse(out.toString()) as boolean[];
}

function compose(extra: string[]): Buffer {
  return execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'compose', ...extra], { cwd: ROOT, maxBuffer: 64 << 20 });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'facteur-dkimpy-'));
  const rsa = generateDkimKey('rsa');
  const ed = generateDkimKey('ed25519');
  writeFileSync(join(dir, 'rsa.pem'), rsa.privateKeyPem);
  writeFileSync(join(dir, 'ed.pem'), ed.privateKeyPem);
  zone['s1._domainkey.asso.example'] = { TXT: [rsa.txt] };
  zone['s2._domainkey.asso.example'] = { TXT: [ed.txt] };
  writeFileSync(join(dir, 'zone.json'), JSON.stringify(zone));
  writeFileSync(
    join(dir, 'body.md'),
    '# Bourse aux vélos 🚲\n\nBonjour {{ first_name | default: "ami·e" }},\n\nLa **bourse aux vélos** a lieu samedi ; ' + 'très longue ligne '.repeat(30) + '\n\n. un point en début de ligne\n\nFrom the start\n',
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const args = () => [
  '--from', 'nouvelles@asso.example', '--from-name', 'Atelier Vélo Solidaire', '--to', 'marie@example.org', '--to-name', 'Marie Dupré',
  '--subject', 'Bourse aux vélos, {{ first_name }} ! 🚲', '--markdown', join(dir, 'body.md'), '--field', 'first_name=Zoé <3',
  '--dkim-domain', 'asso.example', '--dkim-selector', 's1', '--dkim-key', join(dir, 'rsa.pem'),
  '--ed25519-key', join(dir, 'ed.pem'), '--ed25519-selector', 's2',
  '--list-unsubscribe-url', 'https://facteur.example/u/abc', '--list-unsubscribe-mailto', 'unsubscribe+abc@bounces.facteur.example',
];

test('dkimpy verifies the rsa-sha256 and ed25519-sha256 signatures of `facteur compose`', () => {
  const msg = compose(args());
  assert.match(msg.toString('latin1'), /^DKIM-Signature: v=1; a=rsa-sha256;[^]*\r\nDKIM-Signature: v=1; a=ed25519-sha256;/);
  assert.deepEqual(dkimpyVerify(msg), [true, true]);
  // And it is not a verifier that says yes to everything.
  assert.deepEqual(dkimpyVerify(Buffer.from(msg.toString('latin1').replace('Subject: ', 'Subject: X'), 'latin1')), [false, false]);
});

test('dkimpy verifies them after a round trip through an SMTP server', async () => {
  const msg = compose(args());
  let received: Buffer | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => {
        // What the final MTA does (RFC 5321 §4.4): prepend Return-Path (the VERP envelope) and Received.
        const rp = `Return-Path: <${session.envelope.mailFrom ? session.envelope.mailFrom.address : ''}>\r\nReceived: from localhost by test; ${new Date().toUTCString()}\r\n`;
        received = Buffer.concat([Buffer.from(rp), ...parts]);
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.server.address() as { port: number }).port;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    const verp = verpAddress('a-platform-secret-of-enough-length', 'bounces.facteur.example', 7, 1234);
    await transport.sendMail({ envelope: { from: verp, to: ['marie@example.org'] }, raw: msg });
    transport.close();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  assert.ok(received, 'the server received the message');
  const got = received as Buffer;
  assert.match(got.toString('latin1'), /^Return-Path: <bounces\+7-ya-[a-z2-7]{16}@bounces\.facteur\.example>/);
  assert.deepEqual(dkimpyVerify(got), [true, true]);
});
