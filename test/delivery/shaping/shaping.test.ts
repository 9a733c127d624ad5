import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FakeClock } from '../../../src/lib/clock.ts';
import {
  loadShapingRules,
  shapingFromToml,
  parseRate,
  parseDuration,
  providerForHosts,
  limitsFor,
  matchAdaptive,
  SiteShaping,
  BUILTIN_SHAPING_FILE,
} from '../../../src/delivery/shaping/index.ts';

const builtin = readFileSync(BUILTIN_SHAPING_FILE, 'utf8');

test('the shipped file parses and matches the big providers by MX suffix', () => {
  const rules = loadShapingRules();
  const cases: [string, string][] = [
    ['gmail-smtp-in.l.google.com', 'google'],
    ['hotmail-com.olc.protection.outlook.com', 'microsoft'],
    ['asso-fr.mail.protection.outlook.com', 'microsoft'],
    ['mta5.am0.yahoodns.net', 'yahoo'],
    ['mx01.mail.icloud.com', 'apple'],
    ['smtp-in.orange.fr', 'orange'],
    ['mx1.free.fr', 'free'],
    ['mx.sfr.fr', 'sfr'],
    ['mx1.laposte.net', 'laposte'],
    ['mx00.gmx.net', 'gmx'],
    ['mx-ha03.web.de', 'gmx'],
  ];
  for (const [host, provider] of cases) assert.equal(providerForHosts(rules, [host])?.name, provider, host);
  assert.equal(providerForHosts(rules, ['mail.notgoogle.com']), undefined, 'a suffix matches on a label boundary');
  assert.equal(limitsFor(rules, 'free').maxConnections, 2);
  assert.equal(limitsFor(rules, 'unknown'), rules.default);
});

test('rates and durations', () => {
  assert.deepEqual(parseRate('100/s'), { count: 100, perMs: 1000 });
  assert.deepEqual(parseRate('1000/h'), { count: 1000, perMs: 3_600_000 });
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration(30), 30_000);
  assert.throws(() => parseRate('fast'), /rate like/);
  assert.throws(() => parseDuration('soon'), /duration like/);
});

test('an operator file overrides limits, adds providers, and its adaptive rules come first', () => {
  const rules = shapingFromToml(
    `[provider.google]\nmax_connections = 40\n[provider.asso-host]\nmx_suffix = [".mx.asso-host.fr"]\nmax_connections = 1\n` +
      `[[adaptive]]\nname = "mine"\ncode = "^421$"\naction = "suspend 1m"\n`,
    builtin,
  );
  assert.equal(limitsFor(rules, 'google').maxConnections, 40);
  assert.equal(limitsFor(rules, 'google').maxMessageRate?.count, 50, 'other keys are kept');
  assert.equal(providerForHosts(rules, ['a.mx.asso-host.fr'])?.name, 'asso-host');
  assert.equal(matchAdaptive(rules, undefined, { code: 421, text: 'too many connections' })?.name, 'mine');
  assert.throws(() => shapingFromToml('[default]\nmax_conections = 3\n'), /unknown key default.max_conections/);
  assert.throws(() => shapingFromToml('[[adaptive]]\ncode = "^4"\naction = "panic"\n'), /throttle/);
});

test('adaptive rules recognise the providers\' replies', () => {
  const rules = loadShapingRules();
  const m = (provider: string | undefined, code: number, enhanced: string | null, text: string) => matchAdaptive(rules, provider, { code, enhanced, text })?.name;
  assert.equal(m('google', 421, '4.7.28', '4.7.28 Our system has detected an unusual rate of unsolicited mail'), 'gmail-unusual-rate');
  assert.equal(m('microsoft', 451, '4.7.650', '4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.'), 'microsoft-rate-limited');
  assert.equal(m('microsoft', 550, '5.7.1', "5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. (S3150)"), 'microsoft-blocklisted');
  assert.equal(m('yahoo', 421, '4.7.0', '4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints'), 'yahoo-tss04');
  assert.equal(m('orange', 421, null, 'mwinf5c20 ME Trop de connexions, veuillez verifier votre configuration. OFR_999 [999]'), 'orange-too-many-connections');
  assert.equal(m(undefined, 421, '4.7.0', '4.7.0 Too many concurrent connections from this IP'), 'too-many-connections');
  assert.equal(m(undefined, 450, '4.7.1', '4.7.1 Service unavailable, try again later'), 'try-again-later');
  assert.equal(m(undefined, 550, '5.1.1', 'user unknown'), undefined);
  assert.equal(m(undefined, 452, '4.2.2', 'mailbox full'), undefined);
});

test('suspension ends on time; a throttle halves limits and ramps back one step per quiet interval', () => {
  const clock = new FakeClock();
  const rules = shapingFromToml('[default]\nmax_connections = 8\nmax_message_rate = "10/s"\nramp_interval = "10m"\n');
  const s = new SiteShaping(rules.default, clock);
  s.apply([{ kind: 'throttle' }, { kind: 'suspend', durationMs: 5 * 60_000 }]);
  assert.equal(s.suspendedUntilMs(), clock.now() + 300_000);
  s.apply([{ kind: 'throttle' }]);
  assert.equal(s.status().throttleLevel, 1, 'echoes during a suspension do not throttle further');
  assert.equal(s.maxConnections(), 4);
  assert.equal(s.status().messagesPerSecond, 5);
  clock.advance(300_001);
  assert.equal(s.suspendedUntilMs(), null);
  s.apply([{ kind: 'throttle' }]);
  assert.equal(s.maxConnections(), 2);
  clock.advance(10 * 60_000);
  assert.equal(s.maxConnections(), 4, 'one step back after one quiet interval');
  clock.advance(10 * 60_000);
  assert.equal(s.maxConnections(), 8);
  assert.equal(s.status().throttleLevel, 0);
});

test('token bucket: one message at once, then one per 1/rate', () => {
  const clock = new FakeClock();
  const s = new SiteShaping(shapingFromToml('[default]\nmax_message_rate = "4/s"\n').default, clock);
  assert.equal(s.takeToken(), 0);
  assert.equal(s.takeToken(), 250);
  clock.advance(100);
  assert.equal(s.takeToken(), 150);
  clock.advance(150);
  assert.equal(s.takeToken(), 0);
  const unlimited = new SiteShaping(shapingFromToml('').default, clock);
  assert.equal(unlimited.takeToken(), 0);
  assert.equal(unlimited.takeToken(), 0);
});
