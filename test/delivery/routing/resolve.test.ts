import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaticResolver, CachingResolver, DnsError, loadZoneFile, type Resolver, type Zone } from '../../../src/lib/dns.ts';
import { FakeClock } from '../../../src/lib/clock.ts';
import { loadShapingRules } from '../../../src/delivery/shaping/index.ts';
import { SiteResolver } from '../../../src/delivery/routing/index.ts';
import { recordingServer, testDispatcher, message } from '../dispatcher/servers.ts';

const rules = loadShapingRules();
const zone: Zone = {
  'gmail.com': { MX: [{ exchange: 'alt1.gmail-smtp-in.l.google.com', priority: 10 }, { exchange: 'gmail-smtp-in.l.google.com', priority: 5 }] },
  'asso.fr': { MX: [{ exchange: 'aspmx.l.google.com', priority: 1 }] },
  'wanadoo.fr': { MX: [{ exchange: 'smtp-in.orange.fr', priority: 10 }] },
  'small.org': { MX: [{ exchange: 'mx2.small.org', priority: 20 }, { exchange: 'mx1.small.org', priority: 10 }] },
  'other.org': { MX: [{ exchange: 'MX1.small.org.', priority: 5 }, { exchange: 'mx2.small.org', priority: 5 }] },
  'bare.org': { A: ['192.0.2.1'] },
  'nullmx.org': { MX: [{ exchange: '', priority: 0 }], A: ['192.0.2.1'] },
  'empty.org': { TXT: ['v=spf1 -all'] },
};
const sites = (extra: Partial<ConstructorParameters<typeof SiteResolver>[0]> = {}) =>
  new SiteResolver({ resolver: new StaticResolver(zone), rules, ...extra });

test('MX hosts are rolled up by provider; other sites are the sorted MX set', async () => {
  const r = sites();
  const gmail = await r.resolveSite('Gmail.com.');
  assert.ok(gmail.kind === 'ok');
  assert.equal(gmail.site, 'google');
  assert.equal(gmail.shaping, 'google');
  assert.deepEqual(gmail.hosts.map((h) => [h.host, h.priority, h.port]), [['gmail-smtp-in.l.google.com', 5, 25], ['alt1.gmail-smtp-in.l.google.com', 10, 25]]);
  const asso = await r.resolveSite('asso.fr');
  assert.ok(asso.kind === 'ok' && asso.site === 'google', 'a Workspace domain shares the Google site');
  const orange = await r.resolveSite('wanadoo.fr');
  assert.ok(orange.kind === 'ok' && orange.site === 'orange' && orange.shaping === 'orange');
  const small = await r.resolveSite('small.org');
  const other = await r.resolveSite('other.org');
  assert.ok(small.kind === 'ok' && other.kind === 'ok');
  assert.equal(small.site, 'mx1.small.org,mx2.small.org');
  assert.equal(other.site, small.site, 'same MX set, same site');
  assert.equal(small.shaping, 'default');
});

test('no MX: the A record is the implicit MX (RFC 5321 §5.1)', async () => {
  const r = await sites().resolveSite('bare.org');
  assert.deepEqual(r, { kind: 'ok', domain: 'bare.org', site: 'bare.org', hosts: [{ host: 'bare.org', port: 25, priority: 0 }], shaping: 'default', transport: 'mx' });
});

test('null MX, NXDOMAIN and no record at all are hostunknown; a DNS timeout is tempfail', async () => {
  const r = sites();
  const nullMx = await r.resolveSite('nullmx.org');
  assert.equal(nullMx.kind, 'fail');
  assert.match(nullMx.kind === 'fail' ? nullMx.detail : '', /RFC 7505/);
  assert.equal((await r.resolveSite('nowhere.test')).kind, 'fail');
  assert.equal((await r.resolveSite('empty.org')).kind, 'fail');
  const timeouts: Resolver = {
    resolveMx: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
    resolveTxt: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
    resolve4: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
    resolve6: (d) => Promise.reject(new DnsError('ETIMEOUT', d)),
  };
  assert.equal((await sites({ resolver: timeouts }).resolveSite('gmail.com')).kind, 'tempfail');
});

test('routes: exact domain, provider group, "*" host and "*" relay', async () => {
  const r = sites({
    routes: { 'small.org': '127.0.0.1:2525', google: 'relay', '*': '[::1]:2526' },
    relay: { host: 'smtp.relay.test', port: 587 },
  });
  const exact = await r.resolveSite('small.org');
  assert.ok(exact.kind === 'ok');
  assert.deepEqual([exact.site, exact.hosts, exact.transport], ['route:127.0.0.1:2525', [{ host: '127.0.0.1', port: 2525, priority: 0 }], 'mx']);
  const google = await r.resolveSite('asso.fr');
  assert.ok(google.kind === 'ok' && google.site === 'relay' && google.transport === 'relay' && google.hosts[0]?.host === 'smtp.relay.test');
  const star = await r.resolveSite('wanadoo.fr');
  assert.ok(star.kind === 'ok' && star.site === 'orange' && star.shaping === 'orange', 'the MX still names the site and its shaping');
  assert.deepEqual(star.hosts, [{ host: '::1', port: 2526, priority: 0 }]);
  const unknown = await r.resolveSite('nowhere.test');
  assert.ok(unknown.kind === 'ok' && unknown.site === 'route:::1:2526', 'under a "*" host route, staging sends everything to the sink');
  const relayAll = await sites({ routes: { '*': 'relay' }, relay: { host: 'smtp.relay.test', port: 465 } }).resolveSite('nowhere.test');
  assert.ok(relayAll.kind === 'ok' && relayAll.site === 'relay', 'everything through the smarthost needs no DNS');
  assert.throws(() => sites({ routes: { x: 'nonsense' } }), /host:port/);
  assert.throws(() => sites({ routes: { x: 'relay' } }), /relay.host/);
});

test('the DNS cache keeps answers (and NXDOMAIN) for its TTL, not timeouts, and stays bounded', async () => {
  const clock = new FakeClock();
  let asked = 0;
  let fail = true;
  const inner = new StaticResolver(zone);
  const counting: Resolver = {
    ...inner,
    resolveMx: (d) => {
      asked++;
      if (d === 'flaky.org' && fail) return Promise.reject(new DnsError('ETIMEOUT', d));
      return inner.resolveMx(d);
    },
    resolve4: (d) => inner.resolve4(d),
    resolve6: (d) => inner.resolve6(d),
    resolveTxt: (d) => inner.resolveTxt(d),
  };
  const cache = new CachingResolver(counting, { ttlMs: 60_000, maxEntries: 3, clock });
  await cache.resolveMx('gmail.com');
  await cache.resolveMx('gmail.com');
  await assert.rejects(cache.resolveMx('nowhere.test'));
  await assert.rejects(cache.resolveMx('nowhere.test'));
  assert.equal(asked, 2);
  await assert.rejects(cache.resolveMx('flaky.org'));
  fail = false;
  await assert.rejects(cache.resolveMx('flaky.org'), /ENOTFOUND/, 'a timeout is asked again at once');
  clock.advance(60_001);
  await cache.resolveMx('gmail.com');
  assert.equal(asked, 5);
  for (const d of ['a.org', 'b.org', 'c.org', 'd.org']) await cache.resolveMx(d).catch(() => undefined);
  assert.ok(cache.size <= 3);
});

test('zone file: MX to a local test server on a non-standard port, next MX tried when the first is down', async () => {
  const srv = await recordingServer();
  const dir = mkdtempSync(join(tmpdir(), 'facteur-zone-'));
  const file = join(dir, 'zone.json');
  writeFileSync(
    file,
    JSON.stringify({
      'Example.TEST.': { MX: [{ exchange: 'down.example.test', priority: 5 }, { exchange: 'up.example.test', priority: 10 }] },
      'down.example.test': { A: ['127.0.0.2'] },
      'up.example.test': { A: ['127.0.0.1'] },
    }),
  );
  const d = testDispatcher({ routes: {}, resolver: new StaticResolver(loadZoneFile(file)), mxPort: srv.port });
  const r = await d.send({ deliveryId: '1', from: 'b@bounce.test', to: 'u@example.test', message: message(1) });
  assert.equal(r.outcome, 'delivered', r.response);
  assert.equal(r.host, 'up.example.test');
  assert.equal(r.site, 'down.example.test,up.example.test');
  assert.equal(d.counters().connectFailures, 1);
  await d.close();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});
