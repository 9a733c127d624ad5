// checkDomain and DomainChecker against a declarative zone: MX, A/AAAA fallback (RFC 5321 §5.1),
// null MX (RFC 7505), NXDOMAIN, no mail, temporary failures; cache TTL, bound and joined look-ups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDomain, DomainChecker } from '../../src/core/address/index.ts';
import { DnsError, StaticResolver, type MxRecord, type Resolver, type Zone } from '../../src/lib/dns.ts';
import { FakeClock } from '../../src/lib/clock.ts';

const zone: Zone = {
  'asso.fr': { MX: [{ exchange: 'mx2.asso.fr', priority: 20 }, { exchange: 'MX1.asso.fr.', priority: 10 }] },
  'null.example': { MX: [{ exchange: '.', priority: 0 }] },
  'null-node.example': { MX: [{ exchange: '', priority: 0 }] },
  'mixed.example': { MX: [{ exchange: '', priority: 0 }, { exchange: 'mx.mixed.example', priority: 10 }] },
  'a-only.fr': { A: ['192.0.2.10'] },
  'aaaa-only.fr': { AAAA: ['2001:db8::25'] },
  'txt-only.fr': { TXT: ['v=spf1 -all'] },
  'empty-mx.fr': { MX: [], A: ['192.0.2.11'] },
  'xn--exmple-cua.fr': { MX: [{ exchange: 'mx.xn--exmple-cua.fr', priority: 5 }] },
};
const resolver = new StaticResolver(zone);

/** A resolver whose every answer fails with `code`, counting the questions. */
function failing(code: 'ETIMEOUT' | 'ESERVFAIL'): Resolver & { calls: number } {
  const r = {
    calls: 0,
    fail<T>(name: string): Promise<T> {
      r.calls++;
      return Promise.reject(new DnsError(code, name));
    },
    resolveMx: (d: string) => r.fail<MxRecord[]>(d),
    resolveTxt: (d: string) => r.fail<string[][]>(d),
    resolve4: (d: string) => r.fail<string[]>(d),
    resolve6: (d: string) => r.fail<string[]>(d),
  };
  return r;
}

test('MX records: ok, sorted by preference, trailing dots dropped', async () => {
  const r = await checkDomain('asso.fr', resolver);
  assert.deepEqual(r, { ok: true, kind: 'mx', reason: null, mx: ['mx1.asso.fr', 'mx2.asso.fr'] });
  assert.equal((await checkDomain('XN--exmple-cua.fr.', resolver)).kind, 'mx');
});

test('null MX (RFC 7505) is not deliverable; a null MX beside real ones is ignored', async () => {
  for (const d of ['null.example', 'null-node.example']) {
    const r = await checkDomain(d, resolver);
    assert.equal(r.ok, false);
    assert.equal(r.kind, 'null-mx');
    assert.match(r.reason!, /RFC 7505/);
  }
  assert.deepEqual((await checkDomain('mixed.example', resolver)).mx, ['mx.mixed.example']);
});

test('no MX: A or AAAA fallback (RFC 5321 §5.1), else no mail', async () => {
  assert.equal((await checkDomain('a-only.fr', resolver)).kind, 'a-fallback');
  assert.equal((await checkDomain('aaaa-only.fr', resolver)).kind, 'a-fallback');
  assert.equal((await checkDomain('empty-mx.fr', resolver)).kind, 'a-fallback');
  const r = await checkDomain('txt-only.fr', resolver);
  assert.equal(r.ok, false);
  assert.equal(r.kind, 'no-mail');
});

test('NXDOMAIN is not deliverable; timeouts and SERVFAIL are temporary', async () => {
  const nx = await checkDomain('gmial.com', resolver);
  assert.equal(nx.kind, 'nxdomain');
  assert.equal(nx.ok, false);
  for (const code of ['ETIMEOUT', 'ESERVFAIL'] as const) {
    const r = await checkDomain('asso.fr', failing(code));
    assert.equal(r.kind, 'temp-error');
    assert.equal(r.ok, false);
    assert.match(r.reason!, /try again later/);
  }
});

test('DomainChecker caches verdicts for their TTL and joins concurrent look-ups', async () => {
  const clock = new FakeClock();
  const checker = new DomainChecker({ resolver, clock, ttlMs: 1000 });
  const [a, b] = await Promise.all([checker.check('asso.fr'), checker.check('ASSO.fr')]);
  assert.equal(a, b);
  assert.equal(checker.lookups, 1);
  await checker.check('asso.fr');
  assert.equal(checker.lookups, 1);
  clock.advance(1001);
  await checker.check('asso.fr');
  assert.equal(checker.lookups, 2);
});

test('DomainChecker keeps temporary failures briefly and stays within its size bound', async () => {
  const clock = new FakeClock();
  const flaky = failing('ETIMEOUT');
  const checker = new DomainChecker({ resolver: flaky, clock, ttlMs: 3_600_000, tempTtlMs: 10 });
  await checker.check('asso.fr');
  await checker.check('asso.fr');
  assert.equal(checker.lookups, 1);
  clock.advance(11);
  await checker.check('asso.fr');
  assert.equal(checker.lookups, 2);

  const small = new DomainChecker({ resolver, clock, maxEntries: 100 });
  for (let i = 0; i < 5000; i++) await small.check(`d${i}.example`);
  assert.equal(small.size, 100);
  await small.check('d4999.example'); // most recent: still cached
  assert.equal(small.lookups, 5000);
  await small.check('d0.example'); // evicted long ago
  assert.equal(small.lookups, 5001);
});
