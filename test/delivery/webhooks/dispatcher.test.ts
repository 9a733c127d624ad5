// The webhook dispatcher on a fake clock with an injected fetch: retries with exponential backoff
// hold the endpoint's queue in order, 24 h of continuous failure disables it (event + fields),
// raw bounce messages are forwarded when asked; signatures match the Standard Webhooks test vector.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../../helpers/db.ts';
import { WebhookDispatcher, signWebhook, verifyWebhook, newWebhookSecret, type FetchLike } from '../../../src/delivery/webhooks/index.ts';
import { FakeClock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';

it('signs like the Standard Webhooks reference (spec test vector)', () => {
  // From the standard-webhooks repository's reference tests.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const sig = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
  assert.equal(sig, 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  const s = newWebhookSecret();
  const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': '1700000000', 'webhook-signature': `v1,bogus ${signWebhook(s, 'evt_1', 1700000000, '{}')}` };
  assert.ok(verifyWebhook(s, headers, '{}', 1700000100));
  assert.ok(!verifyWebhook(s, headers, '{}', 1700001000), 'too old');
  assert.ok(!verifyWebhook(s, headers, '{"x":1}', 1700000100));
});

for (const dialect of testDialects()) {
  describe(`webhook dispatcher (${dialect})`, () => {
    let t: TestDb;
    const clock = new FakeClock(Date.UTC(2026, 2, 1));
    before(async () => {
      t = await openTestDb(dialect, { clock });
    });
    after(() => t.dispose());

    it('backs off, keeps order, disables after 24 h of failure and says so', async () => {
      const s = t.storage;
      const tenant = await s.repos.tenants.create({ slug: 'backoff', name: 'Backoff' });
      const ep = await s.repos.webhooks.create(tenant.id, { url: 'https://down.example/hook', secret: newWebhookSecret() });
      await s.repos.events.append(tenant.id, [{ type: 'accepted', deliveryId: 1 }, { type: 'delivered', deliveryId: 1 }, { type: 'bounced', deliveryId: 2 }]);
      const calls: { at: number; body: string }[] = [];
      let up = false;
      const fetch: FetchLike = async (_url, init) => {
        calls.push({ at: clock.now(), body: init.body });
        return { status: up ? 200 : 503, text: async () => 'unavailable' };
      };
      const d = new WebhookDispatcher({ storage: s, clock, logger: silentLogger(), fetch, settleMs: 0, baseBackoffMs: 10_000 });
      assert.equal(await d.runOnce(), 0);
      assert.equal(calls.length, 1);
      assert.equal(JSON.parse(calls[0]!.body).type, 'delivered', 'accepted is not a webhook event');
      let w = (await s.repos.webhooks.get(tenant.id, ep.id))!;
      assert.equal(w.failingSince, clock.now());
      assert.equal(w.lastStatus, 503);
      await d.runOnce();
      assert.equal(calls.length, 1, 'not retried before the backoff');
      clock.advance(10_000);
      await d.runOnce();
      assert.equal(calls.length, 2);
      clock.advance(15_000);
      await d.runOnce();
      assert.equal(calls.length, 2, 'second delay is 20 s');
      clock.advance(5_000);
      await d.runOnce();
      assert.equal(calls.length, 3);
      // It comes back: both events, in order.
      up = true;
      clock.advance(3600_000);
      assert.equal(await d.runOnce(), 2);
      assert.deepEqual(calls.slice(3).map((c) => JSON.parse(c.body).type), ['delivered', 'bounced']);
      w = (await s.repos.webhooks.get(tenant.id, ep.id))!;
      assert.equal(w.failingSince, null);
      // Down for good: disabled once failing for 24 h.
      up = false;
      await s.repos.events.append(tenant.id, { type: 'expired', deliveryId: 3 });
      await d.runOnce();
      for (let h = 0; h < 25; h++) {
        clock.advance(3600_000);
        await d.runOnce();
      }
      w = (await s.repos.webhooks.get(tenant.id, ep.id))!;
      assert.equal(w.enabled, false);
      assert.match(w.disabledReason ?? '', /failing for 24 h/);
      const ev = await s.repos.events.list(tenant.id, { type: 'webhook.disabled' });
      assert.equal(ev.items.length, 1);
      assert.equal(ev.items[0]!.data.webhook_id, ep.id);
      const n = calls.length;
      clock.advance(3600_000);
      await d.runOnce();
      assert.equal(calls.length, n, 'a disabled endpoint is not called');
      // Re-enabled by the tenant: resumes with the event it stopped at.
      up = true;
      await s.repos.webhooks.update(tenant.id, ep.id, { enabled: true });
      await d.runOnce();
      assert.equal(JSON.parse(calls.at(-1)!.body).type, 'expired');
    });

    it('forwards the raw bounce message when the endpoint asks for it', async () => {
      const s = t.storage;
      const tenant = await s.repos.tenants.create({ slug: 'paheko', name: 'Paheko' });
      const raw = 'From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail\r\n\r\nUser unknown';
      await s.repos.inboundLog.record({ source: 'smtp', tenantId: tenant.id, deliveryId: 42, kind: 'dsn', outcome: 'applied', size: raw.length, raw });
      const withRaw = await s.repos.webhooks.create(tenant.id, { url: 'https://paheko.example/a', secret: newWebhookSecret(), forwardRawBounces: true });
      const without = await s.repos.webhooks.create(tenant.id, { url: 'https://paheko.example/b', secret: newWebhookSecret() });
      await s.repos.events.append(tenant.id, { type: 'bounced', deliveryId: 42, data: { reason: 'userunknown' } });
      const got = new Map<string, { type: string; data: { raw_message?: { content: string; kind: string } | null } }>();
      const fetch: FetchLike = async (url, init) => {
        got.set(url, JSON.parse(init.body));
        return { status: 200, text: async () => '' };
      };
      await new WebhookDispatcher({ storage: s, clock, logger: silentLogger(), fetch, settleMs: 0 }).runOnce();
      assert.equal(got.get(withRaw.url)!.data.raw_message!.content, raw);
      assert.equal(got.get(withRaw.url)!.data.raw_message!.kind, 'dsn');
      assert.equal(got.get(without.url)!.data.raw_message, undefined);
    });

    it('retention prunes old events and message bodies that nothing waits for', async () => {
      const s = t.storage;
      const tenant = await s.repos.tenants.create({ slug: 'old', name: 'Old' });
      const m = await s.repos.messages.create(tenant.id, { kind: 'transactional', subject: 's', fromAddress: 'a@b.example', body: JSON.stringify({ kind: 'raw', mime: 'secret' }) });
      await s.repos.deliveries.insertMany(tenant.id, [{ messageId: m.id, recipient: 'x@y.example', state: 'suppressed' }]);
      await s.repos.events.append(tenant.id, { type: 'delivered' });
      clock.advance(40 * 24 * 3600_000);
      assert.equal(await s.repos.privacy.pruneMessageBodies(clock.now() - 30 * 24 * 3600_000), 1);
      assert.equal((await s.repos.messages.get(tenant.id, m.id))!.body, '{"kind":"pruned"}');
      assert.ok((await s.repos.privacy.pruneEvents(clock.now() - 30 * 24 * 3600_000)) >= 1);
      assert.equal((await s.repos.events.list(tenant.id)).items.length, 0);
    });
  });
}
