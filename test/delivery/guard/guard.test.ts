// The reputation guard end to end on every configured database, with the delivery engine and a
// real SMTP server on loopback: the canary pauses a dirty 5,000-recipient campaign after its
// slice while a clean tenant sends normally; complaints over the threshold pause a tenant whose
// mail then waits until the operator resumes it; warm-up over several fake days lets waiting
// mail out without loss; the hygiene report adds up and enqueueing follows it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../../helpers/db.ts';
import { recordingServer, testDispatcher, type Recorder } from '../dispatcher/servers.ts';
import { DeliveryEngine } from '../../../src/delivery/engine/index.ts';
import { enqueueCampaign } from '../../../src/delivery/queue/index.ts';
import { ReputationGuard, DEFAULT_GUARD, resumeCampaign, type GuardSettings } from '../../../src/delivery/guard/index.ts';
import { hygieneReport } from '../../../src/core/hygiene/index.ts';
import { applyComplaint } from '../../../src/inbound/effects.ts';
import { FakeClock, systemClock, type Clock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';
import type { Storage } from '../../../src/storage/index.ts';

const DOMAINS = ['gmail.example', 'orange.example', 'free.example', 'laposte.example', 'asso.example'];
const zone = new StaticResolver(Object.fromEntries(DOMAINS.map((d) => [d, { MX: [{ exchange: `mx.${d}`, priority: 10 }] }])));

async function seed(storage: Storage, slug: string, addresses: string[], extra: { quotaDaily?: number } = {}) {
  const tenant = await storage.repos.tenants.create({ slug, name: `Asso ${slug}`, quotaDaily: extra.quotaDaily ?? null });
  const list = await storage.repos.lists.create(tenant.id, { slug: 'news', name: 'Nouvelles' });
  for (let i = 0; i < addresses.length; i += 1000) {
    const chunk = addresses.slice(i, i + 1000);
    const r = await storage.repos.audience.upsertMany(tenant.id, chunk.map((a, j) => ({ address: a, addressNormalized: a, name: `Membre ${i + j}`, confirmedAt: 1 })));
    await storage.repos.audience.addMembers(tenant.id, list.id, r.ids);
  }
  const campaign = await storage.repos.campaigns.create(tenant.id, { name: 'Nouvelles', subject: 'Nouvelles de l’association', bodyMarkdown: 'Bonjour {{ name }},\n\nÀ samedi !', listIds: [list.id] });
  return { tenant, list, campaign };
}

function setup(storage: Storage, server: Recorder, clock: Clock, settings: GuardSettings, withAllowance = false) {
  const guard = new ReputationGuard({ storage, clock, logger: silentLogger(), settings });
  const engine = new DeliveryEngine({
    storage,
    dispatcher: testDispatcher({ routes: { '*': `127.0.0.1:${server.port}` }, resolver: zone, clock }),
    clock,
    logger: silentLogger(),
    secret: 'test-secret-0123456789abcdef',
    publicUrl: 'https://facteur.test',
    bounceDomain: 'bounces.facteur.test',
    retry: { scheduleMinutes: [5, 10], maxAgeMs: 3 * 86_400_000 },
    leaseMs: 30_000,
    claimBatch: 100,
    maxInFlight: 300,
    composeWorkers: 0,
    onOutcomes: (u) => guard.onOutcomes(u),
    onTick: () => guard.tick(),
    ...(withAllowance ? { allowance: (t: number, now: number) => guard.allowance(t, now) } : {}),
  });
  return { guard, engine };
}

async function until(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of testDialects()) {
  describe(`reputation guard on ${dialect}`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(dialect);
    });
    after(async () => t.dispose());

    it('canary: a dirty 5,000-recipient campaign pauses after its slice; a clean tenant sends normally meanwhile', async () => {
      const s = t.storage;
      // 30 % of the dirty tenant's addresses do not exist.
      const dirtyAddresses = Array.from({ length: 5000 }, (_, i) => `${i % 10 < 3 ? 'gone' : 'member'}${i}@${DOMAINS[i % DOMAINS.length]}`);
      const dirty = await seed(s, 'dirty', dirtyAddresses);
      const clean = await seed(s, 'clean', Array.from({ length: 300 }, (_, i) => `adh${i}@${DOMAINS[i % DOMAINS.length]}`));
      const server = await recordingServer({ rcpt: (a) => (a.startsWith('gone') ? [550, '5.1.1 <' + a + '>: Recipient address rejected: User unknown in virtual mailbox table'] : undefined) });
      const { guard, engine } = setup(s, server, systemClock, DEFAULT_GUARD);
      const started = Date.now();
      try {
        const d = await enqueueCampaign(s, dirty.tenant.id, dirty.campaign.id, { platformDomain: 'facteur.test', canary: DEFAULT_GUARD.canary });
        const c = await enqueueCampaign(s, clean.tenant.id, clean.campaign.id, { platformDomain: 'facteur.test', canary: DEFAULT_GUARD.canary });
        assert.deepEqual(d.canary, { slice: 100, held: 4900 });
        assert.deepEqual(c.canary, { slice: 50, held: 250 });
        engine.start();
        await until('dirty campaign paused and clean campaign sent', async () => {
          const dc = await s.repos.campaigns.get(dirty.tenant.id, dirty.campaign.id);
          const cc = await s.repos.deliveries.countByState(clean.tenant.id, clean.campaign.id);
          return dc?.status === 'paused' && (cc.delivered ?? 0) === 300;
        });
        await sleep(500); // anything that was going to leak out would leak now
        await guard.idle();
      } finally {
        await engine.stop();
        await server.close();
      }
      const counts = await s.repos.deliveries.countByState(dirty.tenant.id, dirty.campaign.id);
      const attempted = (counts.delivered ?? 0) + (counts.bounced ?? 0) + (counts.deferred ?? 0);
      const dirtyArrived = server.recipients.filter((r) => r.startsWith('member')).length;
      assert.ok(attempted <= 100, `at most the slice was tried (${attempted})`);
      assert.ok(dirtyArrived <= 100);
      assert.equal(counts.queued, 5000 - attempted, 'the rest waits, nothing dropped');
      const canary = await s.repos.guard.canary(dirty.tenant.id, dirty.campaign.id);
      assert.equal(canary?.status, 'paused');
      const ev = (await s.repos.events.list(dirty.tenant.id, { type: 'campaign.paused' })).items[0]!;
      assert.equal(ev.data.by, 'canary');
      assert.equal(ev.data.reason, 'hard_bounces');
      const offenders = ev.data.addresses as { address: string; reason: string }[];
      assert.ok(offenders.length > 10 && offenders.every((o) => o.address.startsWith('gone') && o.reason === 'userunknown'));
      assert.equal((await s.repos.tenants.get(dirty.tenant.id))?.status, 'active', 'the canary pauses the campaign, not the tenant');
      assert.equal((await s.repos.guard.canary(clean.tenant.id, clean.campaign.id))?.status, 'passed');
      assert.equal((await s.repos.events.list(clean.tenant.id, { type: 'campaign.canary_passed' })).items.length, 1);
      // The admin cleans up and resumes: the held deliveries become due again.
      const { released } = await resumeCampaign(s, dirty.tenant.id, dirty.campaign.id, 'admin');
      assert.equal(released, 5000 - attempted);
      assert.equal((await s.repos.campaigns.get(dirty.tenant.id, dirty.campaign.id))?.status, 'sending');
      process.stdout.write(`canary: slice 100 of 5000, ${attempted} tried, ${offenders.length} offenders listed; clean tenant 300/300 in ${Date.now() - started} ms\n`);
    });

    it('a tenant whose complaints cross the pause threshold is paused, its mail waits, and the operator resumes it', async () => {
      const s = t.storage;
      const { tenant, campaign } = await seed(s, 'complained', Array.from({ length: 250 }, (_, i) => `lecteur${i}@${DOMAINS[i % DOMAINS.length]}`));
      const server = await recordingServer();
      const { guard, engine } = setup(s, server, systemClock, DEFAULT_GUARD);
      try {
        engine.start();
        await enqueueCampaign(s, tenant.id, campaign.id, { platformDomain: 'facteur.test' });
        engine.notify();
        await until('sent', async () => ((await s.repos.deliveries.countByState(tenant.id, campaign.id)).delivered ?? 0) === 250);
        await guard.idle();
        assert.equal((await s.repos.tenants.get(tenant.id))?.status, 'active');
        // Two members report the mail as spam: 0.8 % ≥ 0.3 %.
        const delivered = (await s.repos.deliveries.list(tenant.id, { campaignId: campaign.id, limit: 2 })).items;
        for (const d of delivered) await s.transaction((r) => applyComplaint(r, { tenantId: tenant.id, deliveryId: d.id, feedbackType: 'abuse' }));
        // The guard's background sweep may judge the tenant before this explicit call does (then
        // the call finds it paused already and returns nothing): either way it ends paused.
        await guard.evaluateTenant(tenant.id);
        await guard.idle();
        assert.equal((await guard.status(tenant.id))?.verdict.level, 'pause');
        const paused = await s.repos.tenants.get(tenant.id);
        assert.equal(paused?.status, 'paused');
        assert.match(paused!.statusReason!, /complaint rate 0\.8 % ≥ pause threshold 0\.3 %/);
        const ev = (await s.repos.events.list(tenant.id, { type: 'tenant.paused' })).items[0]!;
        assert.equal(ev.data.complaints, 2);
        assert.equal(ev.data.sent, 250);

        // New mail waits while paused.
        const next = await s.repos.campaigns.create(tenant.id, { name: 'Suite', subject: 'La suite', bodyMarkdown: 'Bonjour', listIds: campaign.listIds });
        await enqueueCampaign(s, tenant.id, next.id, { platformDomain: 'facteur.test' });
        engine.notify();
        await sleep(2500);
        assert.equal((await s.repos.deliveries.countByState(tenant.id, next.id)).queued, 248, 'nothing sent while paused (2 complainers suppressed)');

        // The operator resumes (what `facteur tenant resume` does): a fresh window, the mail goes out.
        await s.repos.tenants.setStatus(tenant.id, 'active', null);
        await s.repos.events.append(tenant.id, { type: 'tenant.resumed', data: { by: 'operator' } });
        assert.equal((await guard.evaluateTenant(tenant.id))?.level, 'insufficient');
        engine.notify();
        await until('sent after resume', async () => ((await s.repos.deliveries.countByState(tenant.id, next.id)).delivered ?? 0) === 248);
        await guard.idle();
        assert.equal((await s.repos.tenants.get(tenant.id))?.status, 'active', 'not paused again for the old window');
      } finally {
        await engine.stop();
        await server.close();
      }
    });

    it('hygiene report adds up, and enqueueing marks exactly those deliveries suppressed', async () => {
      const s = t.storage;
      const good = Array.from({ length: 20 }, (_, i) => `membre${i}@asso.example`);
      const roles = ['info@asso.example', 'contact@asso.example', 'postmaster@orange.example'];
      const invalid = ['jean..dupont@asso.example', 'sans-arobase.asso.example', 'marie@asso'];
      const { tenant, campaign, list } = await seed(s, 'hygiene', [...good, ...roles, ...invalid, 'mort@asso.example', 'parti@free.example', 'mou@gmail.example']);
      await s.repos.suppressions.add(tenant.id, { address: 'parti@free.example', reason: 'unsubscribed', source: 'unsubscribe' });
      await s.repos.suppressions.add(null, { address: 'mort@asso.example', reason: 'userunknown', source: 'bounce' });
      await s.repos.bounceScores.record(tenant.id, (await import('../../../src/storage/index.ts')).addressHash('mou@gmail.example'), 'mailboxfull', { weight: 1, staleMs: 7 * 86_400_000, intervalMs: 0 });
      const unconfirmed = await s.repos.contacts.upsert(tenant.id, { address: 'nouveau@asso.example', addressNormalized: 'nouveau@asso.example' });
      await s.repos.contacts.subscribe(tenant.id, list.id, unconfirmed.contact.id);
      const gone = await s.repos.contacts.upsert(tenant.id, { address: 'desinscrit@asso.example', addressNormalized: 'desinscrit@asso.example' });
      await s.repos.contacts.subscribe(tenant.id, list.id, gone.contact.id);
      await s.repos.contacts.setStatus(tenant.id, gone.contact.id, 'unsubscribed');

      const r = await hygieneReport(s.repos.hygiene, campaign, { now: Date.now() });
      assert.equal(r.audience, 30);
      assert.equal(r.invalid.total, 3);
      assert.equal(r.suppressed.total, 2);
      assert.deepEqual({ tenant: r.suppressed.tenant, platform: r.suppressed.platform }, { tenant: 1, platform: 1 });
      assert.deepEqual(r.suppressed.byReason, { unsubscribed: 1, userunknown: 1 });
      assert.equal(r.sendable, 25);
      assert.equal(r.audience, r.invalid.total + r.suppressed.total + r.sendable, 'the report adds up');
      assert.deepEqual(r.notes, { neverConfirmed: 1, softBouncing: 1, roleAccounts: 3, recentlyMailed: 0, recentDays: 3 });
      assert.deepEqual(r.excludedByStatus, { unsubscribed: 1 });
      assert.equal(r.invalid.examples.length, 3);
      assert.deepEqual(r.hints, []);

      const q = await enqueueCampaign(s, tenant.id, campaign.id, { platformDomain: 'facteur.test' });
      assert.equal(q.deliveries, r.audience);
      assert.deepEqual(q.screened, { invalid: 3, suppressed: 2 });
      const counts = await s.repos.deliveries.countByState(tenant.id, campaign.id);
      assert.equal(counts.queued, r.sendable);
      assert.equal(counts.suppressed, r.invalid.total + r.suppressed.total);
      const bad = (await s.repos.deliveries.list(tenant.id, { campaignId: campaign.id, state: 'suppressed', limit: 10 })).items;
      assert.equal(bad.filter((d) => d.reason === 'invalid_address').length, 3);
    });
  });

  describe(`warm-up on ${dialect}`, () => {
    it('a new tenant: 200 the first day, doubling each clean day; waiting mail goes out without loss (fake clock)', async () => {
      const clock = new FakeClock(Date.UTC(2026, 2, 2, 8, 0));
      const t = await openTestDb(dialect, { clock });
      const server = await recordingServer();
      const s = t.storage;
      const { tenant, campaign } = await seed(s, 'nouvelle', Array.from({ length: 1000 }, (_, i) => `m${i}@${DOMAINS[i % DOMAINS.length]}`));
      const { guard, engine } = setup(s, server, clock, DEFAULT_GUARD, true);
      const sentPerDay: number[] = [];
      try {
        await enqueueCampaign(s, tenant.id, campaign.id, { platformDomain: 'facteur.test' });
        engine.start();
        let before = 0;
        for (const expected of [200, 400, 400]) {
          await until(`day ${sentPerDay.length + 1}`, async () => server.recipients.length >= before + expected);
          await sleep(600);
          await guard.idle();
          sentPerDay.push(server.recipients.length - before);
          before = server.recipients.length;
          const st = await guard.status(tenant.id);
          if (sentPerDay.length === 1) {
            assert.equal(st?.warmup.allowanceToday, 200);
            assert.equal(st?.waiting, 800);
            assert.equal(st?.expectedBy, Date.UTC(2026, 2, 4), 'the status says when the rest will go (400 tomorrow, 800 the day after)');
          }
          clock.advance(86_400_000);
          engine.notify();
        }
      } finally {
        await engine.stop();
        await server.close();
        await t.dispose();
      }
      assert.deepEqual(sentPerDay, [200, 400, 400]);
      assert.equal(server.recipients.length, 1000);
      assert.equal(new Set(server.recipients).size, 1000, 'each member once, none lost');
    });
  });
}
