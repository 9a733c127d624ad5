import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { recordingServer, testDispatcher, message, maxInWindow } from './servers.ts';

const sendMany = (d: ReturnType<typeof testDispatcher>, domain: string, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => d.send({ deliveryId: `d${i}`, from: `b+${i}@bounce.test`, to: `user${i}@${domain}`, message: message(i) })));

test('connection and message limits are never exceeded, connections are reused', async () => {
  const srv = await recordingServer();
  const d = testDispatcher({
    routes: { 'example.test': `127.0.0.1:${srv.port}` },
    shaping: '[default]\nmax_connections = 3\nmax_messages_per_connection = 10\n',
  });
  const results = await sendMany(d, 'example.test', 60);
  await d.close();
  assert.ok(results.every((r) => r.outcome === 'delivered'), JSON.stringify(results.find((r) => r.outcome !== 'delivered')));
  assert.equal(srv.recipients.length, 60);
  assert.ok(srv.maxConcurrent <= 3, `server saw ${srv.maxConcurrent} simultaneous connections`);
  assert.ok(srv.sessions >= 6 && srv.sessions <= 8, `60 messages at 10 per connection took ${srv.sessions} connections`);
  const c = d.counters().sites[`route:127.0.0.1:${srv.port}`]!;
  assert.ok(c.messagesPerConnection.every((n) => n <= 10), String(c.messagesPerConnection));
  assert.equal(c.messagesPerConnection.reduce((a, b) => a + b, 0), 60);
  assert.equal(c.pipelinedGroups, 60, 'smtp-server offers PIPELINING: every transaction is one group');
  await srv.close();
});

test('message rate is respected (token bucket)', async () => {
  const srv = await recordingServer();
  const d = testDispatcher({
    routes: { 'rate.test': `127.0.0.1:${srv.port}` },
    shaping: '[default]\nmax_connections = 4\nmax_message_rate = "20/s"\n',
  });
  const start = Date.now();
  const results = await sendMany(d, 'rate.test', 30);
  const elapsed = Date.now() - start;
  await d.close();
  assert.ok(results.every((r) => r.outcome === 'delivered'));
  // 30 messages at 20/s with one token of burst: the last leaves after ≥ 29/20 s.
  assert.ok(elapsed >= 1400, `took ${elapsed} ms`);
  assert.ok(maxInWindow(srv.arrivals, 1000) <= 22, `${maxInWindow(srv.arrivals, 1000)} arrivals in one second`);
  await srv.close();
});

test('a site answering 421 "too many connections" is suspended while another site keeps receiving', async () => {
  const busy = await recordingServer({ maxConnections: 1 });
  const calm = await recordingServer();
  const d = testDispatcher({
    routes: { 'busy.test': `127.0.0.1:${busy.port}`, 'calm.test': `127.0.0.1:${calm.port}` },
    shaping: '[default]\nmax_connections = 4\nmax_messages_per_connection = 1\n',
  });
  const [busyResults, calmResults] = await Promise.all([sendMany(d, 'busy.test', 8), sendMany(d, 'calm.test', 8)]);
  const busySite = `route:127.0.0.1:${busy.port}`;
  const status = d.siteStatus(busySite)!;
  assert.ok(status.suspendedUntil !== null && status.suspendedUntil > Date.now(), 'busy site suspended');
  assert.equal(status.throttleLevel, 1);
  assert.equal(d.counters().sites[busySite]!.adaptive['too-many-connections'] !== undefined, true);
  assert.ok(busyResults.some((r) => r.outcome === 'deferred' && (r.reason === 'suspended' || r.code === 421)));
  assert.ok(calmResults.every((r) => r.outcome === 'delivered'), 'the other site is unaffected');
  assert.equal(d.siteStatus(`route:127.0.0.1:${calm.port}`)!.suspendedUntil, null);
  // New mail for the suspended site is deferred at once, with the time to come back.
  const later = await d.send({ deliveryId: 'x', from: 'b@bounce.test', to: 'u@busy.test', message: message(0) });
  assert.equal(later.outcome, 'deferred');
  assert.equal(later.reason, 'suspended');
  assert.equal(later.retryAt, status.suspendedUntil);
  await d.close();
  await busy.close();
  await calm.close();
});

test('4xx is deferred and 5xx failed, with code, enhanced code and response kept', async () => {
  const srv = await recordingServer({
    rcpt: (a) => (a.startsWith('full') ? [452, '4.2.2 Mailbox full'] : a.startsWith('nobody') ? [550, '5.1.1 No such user here'] : undefined),
  });
  const d = testDispatcher({ routes: { 'codes.test': `127.0.0.1:${srv.port}` }, shaping: '[default]\nmax_connections = 1\n' });
  const send = (to: string) => d.send({ deliveryId: to, from: 'b@bounce.test', to, message: message(1) });
  const full = await send('full@codes.test');
  const nobody = await send('nobody@codes.test');
  const ok = await send('ok@codes.test');
  assert.deepEqual([full.outcome, full.code, full.enhanced, full.stage], ['deferred', 452, '4.2.2', 'rcpt']);
  assert.match(full.response, /^452 4\.2\.2 Mailbox full/);
  assert.deepEqual([nobody.outcome, nobody.code, nobody.enhanced, nobody.stage], ['failed', 550, '5.1.1', 'rcpt']);
  assert.match(nobody.response, /No such user here/);
  assert.equal(ok.outcome, 'delivered', 'the connection is reset and reused after refusals');
  assert.equal(srv.sessions, 1);
  await d.close();
  await srv.close();
});

test('a server that never answers gives a deferred outcome after the greeting timeout', async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const port = (silent.address() as AddressInfo).port;
  const d = testDispatcher({ routes: { 'silent.test': `127.0.0.1:${port}` }, timeouts: { greetingMs: 200 } });
  const start = Date.now();
  const r = await d.send({ deliveryId: '1', from: 'b@bounce.test', to: 'u@silent.test', message: message(1) });
  assert.equal(r.outcome, 'deferred');
  assert.equal(r.reason, 'networkerror');
  assert.equal(r.code, null);
  assert.ok(Date.now() - start < 1500);
  // The site is now "dead" for a while: the next message is deferred at once, without a new attempt.
  const again = await d.send({ deliveryId: '2', from: 'b@bounce.test', to: 'v@silent.test', message: message(2) });
  assert.equal(again.outcome, 'deferred');
  assert.ok(again.retryAt !== undefined);
  assert.equal(d.counters().connectFailures, 1);
  await d.close();
  silent.close();
});

test('unknown domains: NXDOMAIN fails hostunknown without any connection', async () => {
  const d = testDispatcher({ routes: {} });
  const r = await d.send({ deliveryId: '1', from: 'b@bounce.test', to: 'u@nowhere.test', message: message(1) });
  assert.deepEqual([r.outcome, r.reason], ['failed', 'hostunknown']);
  await d.close();
});

test('delivers to Postfix smtp-sink and reuses connections', async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const sink = spawn('/usr/sbin/smtp-sink', [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), '-c', `127.0.0.1:${port}`, '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await waitForPort(port);
    const d = testDispatcher({ routes: { 'sink.test': `127.0.0.1:${port}` }, shaping: '[default]\nmax_connections = 2\nmax_messages_per_connection = 25\n' });
    const results = await sendMany(d, 'sink.test', 100);
    await d.close();
    assert.ok(results.every((r) => r.outcome === 'delivered'), JSON.stringify(results.find((r) => r.outcome !== 'delivered')));
    const c = d.counters();
    assert.ok(c.connectionsOpened <= 5 && c.connectionsOpened >= 4, `${c.connectionsOpened} connections`);
  } finally {
    sink.kill();
  }
});

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('smtp-sink did not start');
}
