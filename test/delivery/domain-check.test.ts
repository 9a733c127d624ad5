import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDomain, expectedRecords, type DomainSetup } from '../../src/delivery/domain-check.ts';
import { generateDkimKey } from '../../src/delivery/dkim/index.ts';
import { StaticResolver, DnsError, type Resolver } from '../../src/lib/dns.ts';

const key = generateDkimKey('ed25519');
const setup: DomainSetup = { domain: 'asso.example', dkim: [{ selector: 's1', txt: key.txt }], spfInclude: '_spf.facteur.example', bounceMx: ['bounces.facteur.example'] };

const good = {
  's1._domainkey.asso.example': { TXT: [key.txt] },
  'asso.example': { TXT: ['v=spf1 mx include:_spf.facteur.example ~all', 'google-site-verification=abc'] },
  '_dmarc.asso.example': { TXT: ['v=DMARC1; p=none; rua=mailto:dmarc@asso.example'] },
  'bounces.asso.example': { MX: [{ exchange: 'bounces.facteur.example', priority: 10 }], TXT: ['v=spf1 include:_spf.facteur.example -all'] },
};

const byPurpose = (checks: { purpose: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.purpose, c.status]));

test('expected records: DKIM key, SPF include, DMARC p=none, bounce MX and SPF', () => {
  const recs = expectedRecords(setup);
  assert.deepEqual(recs.map((r) => `${r.type} ${r.name} ${r.value}`), [
    `TXT s1._domainkey.asso.example ${key.txt}`,
    'TXT asso.example v=spf1 include:_spf.facteur.example ~all',
    'TXT _dmarc.asso.example v=DMARC1; p=none',
    'MX bounces.asso.example 10 bounces.facteur.example',
    'TXT bounces.asso.example v=spf1 include:_spf.facteur.example -all',
  ]);
});

test('a well-configured domain is all ok', async () => {
  const checks = await checkDomain(setup, new StaticResolver(good));
  assert.deepEqual(byPurpose(checks), { dkim: 'ok', spf: 'ok', dmarc: 'ok', 'bounce-mx': 'ok', 'bounce-spf': 'ok' });
});

test('missing and wrong records get a status and a fix-it sentence', async () => {
  const other = generateDkimKey('ed25519');
  const zone = {
    's1._domainkey.asso.example': { TXT: [other.txt] },
    'asso.example': { TXT: ['v=spf1 mx ~all', 'v=spf1 include:_spf.google.com ~all'] },
    'bounces.asso.example': { MX: [{ exchange: 'mx.elsewhere.example', priority: 10 }] },
  };
  const checks = await checkDomain(setup, new StaticResolver(zone));
  assert.deepEqual(byPurpose(checks), { dkim: 'wrong', spf: 'wrong', dmarc: 'missing', 'bounce-mx': 'wrong', 'bounce-spf': 'missing' });
  const fix = Object.fromEntries(checks.map((c) => [c.purpose, c.fix]));
  assert.match(fix.spf!, /2 SPF records; merge them/);
  assert.match(fix.dmarc!, /Publish a TXT record at _dmarc\.asso\.example with the value: v=DMARC1; p=none/);
  assert.match(fix.dkim!, /not facteur's key/);
  assert.match(fix['bounce-mx']!, /must be bounces\.facteur\.example/);
  const one = await checkDomain(setup, new StaticResolver({ ...good, 'asso.example': { TXT: ['v=spf1 mx -all'] } }));
  assert.match(one.find((c) => c.purpose === 'spf')!.fix, /Add "include:_spf\.facteur\.example"/);
});

test('a DNS timeout is "unknown", not "missing"', async () => {
  const failing: Resolver = {
    resolveTxt: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
    resolveMx: (d) => Promise.reject(new DnsError('ESERVFAIL', d)),
    resolve4: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
    resolve6: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
  };
  const checks = await checkDomain(setup, failing);
  assert.ok(checks.every((c) => c.status === 'unknown' && /check again/.test(c.fix)));
});

test('CLI: facteur domain check with --zone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-domain-'));
  try {
    writeFileSync(join(dir, 'zone.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'k.pem'), key.privateKeyPem);
    const root = new URL('../../', import.meta.url).pathname;
    const cli = ['--import', 'tsx', 'src/cli/main.ts', 'domain', 'check', 'asso.example', '--selector', 's1', '--dkim-key', join(dir, 'k.pem'), '--zone', join(dir, 'zone.json'), '--spf-include', '_spf.facteur.example', '--bounce-mx', 'bounces.facteur.example'];
    const out = execFileSync(process.execPath, cli, { cwd: root }).toString();
    assert.equal(out.trim().split('\n').filter((l) => l.startsWith('ok ')).length, 5, out);
    writeFileSync(join(dir, 'zone.json'), JSON.stringify({ 'asso.example': { TXT: ['v=spf1 -all'] } }));
    const bad = spawnSync(process.execPath, cli, { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^missing +dkim +TXT +s1\._domainkey\.asso\.example\n +Publish a TXT record/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
