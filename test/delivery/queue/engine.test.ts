// The delivery engine end to end on every configured database: a campaign queued from lists is
// sent to a real SMTP server on loopback; 5xx bounces, 4xx defers on schedule and expires past
// max age (fake clock), suppressed addresses are not sent, and a small tenant is not stuck
// behind a big one.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../../helpers/db.ts';
import { recordingServer, testDispatcher, type Recorder } from '../dispatcher/servers.ts';
import { DeliveryEngine } from '../../../src/delivery/engine/index.ts';
import { enqueueCampaign } from '../../../src/delivery/queue/index.ts';
import { FakeClock, systemClock, type Clock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';
import type { Storage } from '../../../src/storage/index.ts';

const zone = new StaticResolver({
  'big.example': { MX: [{ exchange: 'mx.big.example', priority: 10 }] },
  'small.example': { MX: [{ exchange: 'mx.small.example', priority: 10 }] },
  'other.example': { MX: [{ exchange: 'mx.other.example', priority: 10 }] },
});

async function seed(storage: Storage, slug: string, recipients: string[]) {
  const tenant = await storage.repos.tenants.create({ slug, name: `Asso ${slug}` });
  const list = await storage.repos.lists.create(tenant.id, { slug: 'news', name: 'Nouvelles' });
  for (const [i, address] of recipients.entries()) {
    const { contact } = await storage.repos.contacts.upsert(tenant.id, { address, addressNormalized: address, name: `Membre ${i}`, fields: { first_name: `Prénom${i}` } });
    await storage.repos.contacts.subscribe(tenant.id, list.id, contact.id);
  }
  const campaign = await storage.repos.campaigns.create(tenant.id, {
    name: 'Bourse aux vélos',
    subject: 'Bourse aux vélos, {{ first_name }} !',
    bodyMarkdown: '# Bonjour {{ first_name }}\n\nLa bourse aux vélos a lieu samedi.',
    listIds: [list.id],
  });
  return { tenant, list, campaign };
}

function engine(storage: Storage, server: Recorder, clock: Clock, extra: { onFailure?: (f: unknown[]) => Promise<void> } = {}) {
  const dispatcher = testDispatcher({ routes: { '*': `127.0.0.1:${server.port}` }, resolver: zone, clock });
  return new DeliveryEngine({
    storage,
    dispatcher,
    clock,
    logger: silentLogger(),
    secret: 'test-secret-0123456789abcdef',
    publicUrl: 'https://facteur.test',
    bounceDomain: 'bounces.facteur.test',
    retry: { scheduleMinutes: [5, 10], maxAgeMs: 60 * 60_000 },
    leaseMs: 30_000,
    claimBatch: 50,
    maxInFlight: 200,
    composeWorkers: 0,
    ...(extra.onFailure ? { onFailure: extra.onFailure as never } : {}),
  });
}

async function until(what: string, cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const dialect of testDialects()) {
  describe(`delivery engine on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(dialect);
    });
    after(async () => t.dispose());

    it('sends a campaign: delivered, bounced (5xx), deferred (4xx), suppressed — each with events', async () => {
      const s = t.storage;
      const recipients = Array.from({ length: 24 }, (_, i) => `m${i}@${['big', 'small', 'other'][i % 3]}.example`);
      recipients.push('unknown@big.example', 'busy@small.example', 'gone@other.example');
      const { tenant, campaign } = await seed(s, 'e2e', recipients);
      await s.repos.suppressions.add(tenant.id, { address: 'gone@other.example', reason: 'unsubscribed', source: 'unsubscribe' });
      const server = await recordingServer({
        rcpt: (a) => (a === 'unknown@big.example' ? [550, '5.1.1 <unknown@big.example>: Recipient address rejected: User unknown'] : a === 'busy@small.example' ? [451, '4.2.0 Try again later'] : undefined),
      });
      const failures: unknown[] = [];
      const e = engine(s, server, systemClock, { onFailure: async (f) => void failures.push(...f) });
      try {
        const queued = await enqueueCampaign(s, tenant.id, campaign.id, { platformDomain: 'facteur.test' });
        assert.equal(queued.deliveries, 27);
        e.start();
        await until('all deliveries settled', async () => {
          const c = await s.repos.deliveries.countByState(tenant.id, campaign.id);
          return (c.delivered ?? 0) === 24 && (c.bounced ?? 0) === 1 && (c.deferred ?? 0) === 1 && (c.suppressed ?? 0) === 1;
        });
      } finally {
        await e.stop();
        await server.close();
      }
      assert.equal(server.recipients.length, 24);
      assert.ok(!server.recipients.includes('gone@other.example'), 'a suppressed address is never sent');
      const bounced = (await s.repos.deliveries.list(tenant.id, { state: 'bounced' })).items[0]!;
      assert.equal(bounced.recipient, 'unknown@big.example');
      assert.equal(bounced.reason, 'userunknown');
      assert.equal(bounced.lastCode, 550);
      assert.equal(bounced.attempts, 1);
      const deferred = (await s.repos.deliveries.list(tenant.id, { state: 'deferred' })).items[0]!;
      assert.equal(deferred.lastCode, 451);
      assert.ok(deferred.nextAttemptAt - Date.now() > 4 * 60_000, 'retried on the schedule (5 min)');
      assert.equal(failures.length, 1, 'the permanent failure reached the suppression policy');
      const events = await s.repos.events.list(tenant.id, { limit: 500 });
      const types = events.items.map((x) => x.type);
      assert.equal(types.filter((x) => x === 'accepted').length, 27);
      assert.equal(types.filter((x) => x === 'delivered').length, 24);
      assert.equal(types.filter((x) => x === 'suppressed').length, 1);
      assert.equal(types.filter((x) => x === 'bounced').length, 1);
      assert.equal(types.filter((x) => x === 'deferred').length, 1);
    });

    it('retries 4xx on schedule and expires past max age (fake clock)', async () => {
      const s = t.storage;
      const clock = new FakeClock(Date.now());
      const { tenant, campaign } = await seed(s, 'retry', ['later@small.example']);
      const server = await recordingServer({ rcpt: () => [421, '4.7.0 Try again later'] });
      const storage = s as Storage & { clock: Clock };
      const saved = storage.clock;
      (storage as { clock: Clock }).clock = clock;
      const e = engine(s, server, clock);
      const state = async () => (await s.repos.deliveries.list(tenant.id, { campaignId: campaign.id })).items[0]!;
      try {
        await enqueueCampaign(s, tenant.id, campaign.id, { platformDomain: 'facteur.test' });
        e.start();
        await until('first attempt', async () => (await state()).attempts === 1 && (await state()).state === 'deferred');
        clock.advance(4 * 60_000);
        e.notify();
        await new Promise((r) => setTimeout(r, 300));
        assert.equal((await state()).attempts, 1, 'not retried before the 5-minute delay');
        clock.advance(2 * 60_000);
        e.notify();
        await until('second attempt', async () => (await state()).attempts === 2);
        clock.advance(11 * 60_000);
        e.notify();
        await until('third attempt', async () => (await state()).attempts === 3);
        clock.advance(50 * 60_000); // past the one-hour max age
        e.notify();
        await until('expired', async () => (await state()).state === 'expired');
      } finally {
        await e.stop();
        await server.close();
        (storage as { clock: Clock }).clock = saved;
      }
      const d = await state();
      assert.equal(d.state, 'expired');
      assert.ok(d.attempts >= 3);
    });

    it("interleaves a small tenant's mailing with a big one's instead of queueing it behind", async () => {
      const s = t.storage;
      const big = await seed(s, 'big', Array.from({ length: 400 }, (_, i) => `b${i}@big.example`));
      const small = await seed(s, 'small', Array.from({ length: 20 }, (_, i) => `s${i}@small.example`));
      const server = await recordingServer();
      const e = engine(s, server, systemClock);
      try {
        await enqueueCampaign(s, big.tenant.id, big.campaign.id, { platformDomain: 'facteur.test' });
        await enqueueCampaign(s, small.tenant.id, small.campaign.id, { platformDomain: 'facteur.test' });
        e.start();
        await until('all sent', async () => server.recipients.length >= 420, 60_000);
      } finally {
        await e.stop();
        await server.close();
      }
      const lastSmall = Math.max(...server.recipients.map((r, i) => (r.startsWith('s') ? i : -1)));
      assert.ok(lastSmall < 120, `the small tenant's 20 mails all left within the first 120 (last at ${lastSmall} of 420)`);
    });
  });
}
