import { corpus } from '../helpers/corpora.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { StaticResolver, type Zone } from '../../src/lib/dns.ts';
import { DkimSigner, generateDkimKey, signMessage, splitMessage, verifyDkim, bodyHash, relaxedBody } from '../../src/delivery/dkim/index.ts';
import { isFacteurError } from '../../src/core/errors.ts';

const DIR = corpus('dkim/rfc8463/');
const signed = readFileSync(DIR + 'signed.eml', 'latin1');
const zone = JSON.parse(readFileSync(DIR + 'dns.json', 'utf8')) as Zone;

function unsigned(raw: string): string {
  const { headers, body } = splitMessage(raw);
  return headers.filter((h) => !/^dkim-signature:/i.test(h)).join('\r\n') + '\r\n\r\n' + body;
}

test('RFC 8463 appendix A: both signatures verify', async () => {
  const res = await verifyDkim(signed, new StaticResolver(zone));
  assert.deepEqual(
    res.map((r) => [r.algorithm, r.result]),
    [
      ['ed25519-sha256', 'pass'],
      ['rsa-sha256', 'pass'],
    ],
  );
});

test('RFC 8463 appendix A: the signer reproduces the ed25519 b= exactly', () => {
  const s = new DkimSigner({
    domain: 'football.example.com',
    selector: 'brisbane',
    privateKey: readFileSync(DIR + 'private-ec.key', 'utf8'),
    headers: ['from', 'to', 'subject', 'date', 'message-id'],
    oversign: ['from', 'subject', 'date'],
    identity: '@football.example.com',
    writeQueryMethod: true,
    headerSeparator: ' : ',
  });
  const out = signMessage(unsigned(signed), [s], 1528637909);
  const b = (h: string) => /;\s*b=([^;]*)/.exec(h.replace(/\r\n[ \t]/g, ''))![1]!.replace(/\s+/g, '');
  const expected = b(splitMessage(signed).headers[0]!);
  assert.equal(b(splitMessage(out).headers[0]!), expected);
  assert.equal(expected, '/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==');
});

test('RFC 8463 appendix A: re-signing with the RSA key verifies against the published key', async () => {
  const s = new DkimSigner({ domain: 'football.example.com', selector: 'test', privateKey: readFileSync(DIR + 'private-rsa.key', 'utf8') });
  const out = signMessage(unsigned(signed), [s], 1528637909);
  const [r] = await verifyDkim(out, new StaticResolver(zone));
  assert.equal(r?.result, 'pass');
});

test('generated rsa-2048 and ed25519 keys sign and verify; tampering fails; oversigned From blocks a second From', async () => {
  const rsa = generateDkimKey('rsa');
  const ed = generateDkimKey('ed25519');
  const z = new StaticResolver({ 's1._domainkey.asso.example': { TXT: [rsa.txt] }, 's2._domainkey.asso.example': { TXT: [ed.txt] } });
  const msg = 'From: Asso <news@asso.example>\r\nTo: marie@example.org\r\nSubject: Bonjour\r\nDate: Fri, 2 Jan 2026 10:00:00 +0000\r\nMessage-ID: <1@asso.example>\r\n\r\nHello  world \r\n\r\n\r\n';
  const signers = [new DkimSigner({ domain: 'asso.example', selector: 's1', privateKey: rsa.privateKeyPem }), new DkimSigner({ domain: 'asso.example', selector: 's2', privateKey: ed.privateKeyPem })];
  assert.deepEqual(signers.map((s) => s.algorithm), ['rsa-sha256', 'ed25519-sha256']);
  const out = signMessage(msg, signers, 1767348000);
  assert.deepEqual((await verifyDkim(out, z)).map((r) => r.result), ['pass', 'pass']);
  assert.deepEqual((await verifyDkim(out.replace('Hello', 'Jello'), z)).map((r) => r.result), ['fail', 'fail']);
  assert.deepEqual((await verifyDkim(out.replace('Subject: Bonjour', 'Subject: Gagnez'), z)).map((r) => r.result), ['fail', 'fail']);
  const addedFrom = out.replace('\r\n\r\n', '\r\nFrom: evil@attacker.example\r\n\r\n');
  assert.deepEqual((await verifyDkim(addedFrom, z)).map((r) => r.result), ['fail', 'fail']);
  assert.equal(JSON.stringify(signers[0]).includes('PRIVATE'), false, 'a signer never serialises its key');
});

test('relaxed body canonicalisation (RFC 6376 §3.4.4)', () => {
  assert.equal(relaxedBody('a  b \t\r\nc\r\n\r\n\r\n'), 'a b\r\nc\r\n');
  assert.equal(relaxedBody(''), '');
  assert.equal(relaxedBody('\r\n\r\n'), '');
  // Empty body with SHA-256 (RFC 6376 §3.4.4 relaxed: empty string).
  assert.equal(bodyHash(''), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
});

test('bad keys are refused with ERR_DKIM_KEY and without quoting the key', () => {
  assert.throws(
    () => new DkimSigner({ domain: 'asso.example', selector: 's1', privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' }),
    (e: unknown) => isFacteurError(e) && e.code === 'ERR_DKIM_KEY' && !e.message.includes('not a key'),
  );
  assert.throws(() => new DkimSigner({ domain: 'bad domain', selector: 's1', privateKey: generateDkimKey('ed25519').privateKeyPem }), /not a valid DNS name/);
});
