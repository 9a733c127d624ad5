import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { addressHash } from '../../src/storage/index.ts';
import { applyComplaint, applyDeliveryFailure, applyUnsubscribe } from '../../src/inbound/effects.ts';
import { InboundProcessor } from '../../src/inbound/processor.ts';
import { deliveryMessageId, verifyDeliveryMessageId } from '../../src/inbound/match.ts';
import { verpCodec } from '../../src/core/tokens.ts';
import { makeWorld, get, SECRET, BOUNCE_DOMAIN, type World } from './fixtures.ts';

const DAY = 24 * 3600 * 1000;

for (const dialect of testDialects()) {
  describe(`inbound effects (${dialect})`, () => {
    let db: TestDb;
    const clock = new FakeClock();
    let a: World;
    let b: World;
    before(async () => {
      db = await openTestDb(dialect, { clock });
      a = await makeWorld(db.storage, 'velo', ['dead@example.org', 'nodomain@example.net', 'full@example.org', 'stale@example.org', 'spam@example.org', 'blocked@example.org', 'late@example.org', 'sync@example.org']);
      b = await makeWorld(db.storage, 'chorale', ['dead@example.org', 'other@example.org']);
    });
    after(() => db.dispose());

    const failure = (w: World, address: string, over: Partial<Parameters<typeof applyDeliveryFailure>[1]> = {}) => ({
      tenantId: w.tenantId, deliveryId: get(w, address).deliveryId, reason: 'userunknown', hard: true, code: 550, enhanced: '5.1.1',
      response: '550 5.1.1 <x>: Recipient address rejected: User unknown in virtual mailbox table', ...over,
    });

    it('hard bounce 5.1.1: delivery bounced, contact bounced, tenant and platform suppression', async () => {
      const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'dead@example.org')));
      assert.equal(out.failure, 'hard');
      assert.deepEqual(out.suppressed, ['tenant', 'platform']);
      const d = await db.storage.repos.deliveries.get(a.tenantId, get(a, 'dead@example.org').deliveryId);
      assert.equal(d?.state, 'bounced');
      assert.equal(d?.reason, 'userunknown');
      assert.equal(d?.lastEnhanced, '5.1.1');
      assert.match(d?.lastResponse ?? '', /User unknown/);
      const c = await db.storage.repos.contacts.get(a.tenantId, get(a, 'dead@example.org').contactId);
      assert.equal(c?.status, 'bounced');
      const events = await db.storage.repos.events.list(a.tenantId, { deliveryId: d!.id });
      assert.deepEqual(events.items.map((e) => e.type), ['bounced']);
      assert.equal(events.items[0]!.data.previousState, 'queued');
      // The platform list protects tenant B, which never mailed this address.
      const seenByB = await db.storage.repos.suppressions.find(b.tenantId, 'dead@example.org');
      assert.equal(seenByB?.tenantId, null);
      assert.equal(seenByB?.expiresAt, clock.now() + 365 * DAY);
      // Tenant B's own contact and delivery are untouched.
      const bd = await db.storage.repos.deliveries.get(b.tenantId, get(b, 'dead@example.org').deliveryId);
      assert.equal(bd?.state, 'queued');
    });

    it('the same DSN twice counts once', async () => {
      const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'dead@example.org')));
      assert.equal(out.duplicate, true);
      const events = await db.storage.repos.events.list(a.tenantId, { deliveryId: get(a, 'dead@example.org').deliveryId });
      assert.equal(events.items.length, 1);
    });

    it('hard without a 5.1.x status suppresses for the tenant only', async () => {
      const out = await db.storage.transaction((repos) =>
        applyDeliveryFailure(repos, failure(a, 'nodomain@example.net', { reason: 'hostunknown', enhanced: '5.0.0', response: 'Host or domain name not found' })),
      );
      assert.deepEqual(out.suppressed, ['tenant']);
      assert.equal((await db.storage.repos.suppressions.find(b.tenantId, 'nodomain@example.net')), undefined);
      assert.equal((await db.storage.repos.suppressions.find(a.tenantId, 'nodomain@example.net'))?.tenantId, a.tenantId);
    });

    it('an async bounce after delivered turns the delivery bounced; after expired it does not', async () => {
      const id = get(a, 'late@example.org').deliveryId;
      await db.storage.db.updateTable('deliveries').set({ state: 'delivered' }).where('id', '=', id).execute();
      await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'late@example.org', { reason: 'mailboxfull', hard: false, code: 552, enhanced: '5.2.2', response: 'mailbox full' })));
      assert.equal((await db.storage.repos.deliveries.get(a.tenantId, id))?.state, 'bounced');
      const other = get(b, 'other@example.org').deliveryId;
      await db.storage.db.updateTable('deliveries').set({ state: 'expired' }).where('id', '=', other).execute();
      const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(b, 'other@example.org', { reason: 'mailboxfull', hard: false, enhanced: '5.2.2' })));
      assert.equal(out.deliveryChanged, false);
      assert.equal((await db.storage.repos.deliveries.get(b.tenantId, other))?.state, 'expired');
    });

    it('soft bounces: the score crosses 5 over five days; bounces within a day count once', async () => {
      const hash = addressHash('full@example.org');
      const soft = { reason: 'mailboxfull', hard: false, code: 452, enhanced: '4.2.2', response: '452 4.2.2 Mailbox full' };
      const scores: number[] = [];
      for (let day = 0; day < 5; day++) {
        // recordOutcome false: the delivery row stays as is, so the same delivery can report each day.
        const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'full@example.org', { ...soft, recordOutcome: false })));
        scores.push(out.softScore ?? -1);
        if (day === 1) {
          const again = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'full@example.org', { ...soft, recordOutcome: false })));
          assert.equal(again.softScore, 2, 'a second bounce the same day does not count');
        }
        if (day < 4) assert.deepEqual(out.suppressed, [], `not suppressed on day ${day}`);
        else assert.deepEqual(out.suppressed, ['tenant']);
        clock.advance(DAY);
      }
      assert.deepEqual(scores, [1, 2, 3, 4, 5]);
      assert.ok(await db.storage.repos.suppressions.find(a.tenantId, 'full@example.org'));
      assert.equal(await db.storage.repos.bounceScores.get(a.tenantId, hash), undefined, 'score reset once suppressed');
      assert.equal((await db.storage.repos.contacts.get(a.tenantId, get(a, 'full@example.org').contactId))?.status, 'bounced');
      assert.equal(await db.storage.repos.suppressions.find(b.tenantId, 'full@example.org'), undefined, 'never on the platform list');
    });

    it('soft bounces: a score older than 7 days starts again from zero', async () => {
      const soft = { reason: 'expired', hard: false, code: null, enhanced: '4.4.7', response: 'delivery time expired', recordOutcome: false };
      for (let i = 0; i < 4; i++) {
        await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'stale@example.org', soft)));
        clock.advance(DAY);
      }
      assert.equal((await db.storage.repos.bounceScores.get(a.tenantId, addressHash('stale@example.org')))?.score, 4);
      clock.advance(7 * DAY);
      const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'stale@example.org', soft)));
      assert.equal(out.softScore, 1);
      assert.deepEqual(out.suppressed, []);
    });

    it('reputation block: nobody suppressed, contact active, delivery bounced, hook called with the domain', async () => {
      const calls: Array<[string, string]> = [];
      const out = await db.storage.transaction((repos) =>
        applyDeliveryFailure(repos, failure(a, 'blocked@example.org', { reason: 'blocked', hard: false, code: 554, enhanced: '5.7.1', response: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }), {
          onSenderReputationProblem: (domain, reason) => calls.push([domain, reason]),
        }),
      );
      assert.equal(out.failure, 'sender');
      assert.deepEqual(out.suppressed, []);
      assert.deepEqual(calls, [['example.org', 'blocked']]);
      assert.equal(await db.storage.repos.suppressions.find(a.tenantId, 'blocked@example.org'), undefined);
      assert.equal(await db.storage.repos.bounceScores.get(a.tenantId, addressHash('blocked@example.org')), undefined);
      assert.equal((await db.storage.repos.contacts.get(a.tenantId, get(a, 'blocked@example.org').contactId))?.status, 'active');
      assert.equal((await db.storage.repos.deliveries.get(a.tenantId, get(a, 'blocked@example.org').deliveryId))?.state, 'bounced');
    });

    it('synchronous rejection from the engine: policy only, delivery row left to the engine', async () => {
      const id = get(a, 'sync@example.org').deliveryId;
      const out = await db.storage.transaction((repos) => applyDeliveryFailure(repos, failure(a, 'sync@example.org', { source: 'smtp', recordOutcome: false })));
      assert.deepEqual(out.suppressed, ['tenant', 'platform']);
      assert.deepEqual(out.events, []);
      assert.equal((await db.storage.repos.deliveries.get(a.tenantId, id))?.state, 'queued');
    });

    it('complaint: contact complained, unsubscribed from every list, suppressed (source complaint), once', async () => {
      const { contactId, deliveryId } = get(a, 'spam@example.org');
      await db.storage.repos.deliveryReports.markDelivered(a.tenantId, deliveryId, { reason: null, code: 250, enhanced: '2.0.0', response: 'ok' });
      const out = await db.storage.transaction((repos) => applyComplaint(repos, { tenantId: a.tenantId, deliveryId, feedbackType: 'abuse' }));
      assert.deepEqual(out.events, ['complained']);
      assert.deepEqual(out.unsubscribedLists, [a.listId]);
      const c = await db.storage.repos.contacts.get(a.tenantId, contactId);
      assert.equal(c?.status, 'complained');
      assert.deepEqual(await db.storage.repos.contacts.memberships(a.tenantId, contactId), [{ listId: a.listId, status: 'unsubscribed' }]);
      const s = await db.storage.repos.suppressions.find(a.tenantId, 'spam@example.org');
      assert.equal(s?.source, 'complaint');
      assert.equal((await db.storage.repos.deliveries.get(a.tenantId, deliveryId))?.state, 'delivered', 'a complaint does not change the delivery');
      const again = await db.storage.transaction((repos) => applyComplaint(repos, { tenantId: a.tenantId, deliveryId, feedbackType: 'abuse' }));
      assert.equal(again.duplicate, true);
    });

    it('mailto unsubscribe: that list only, at once', async () => {
      const { contactId } = get(b, 'other@example.org');
      const second = await db.storage.repos.lists.create(b.tenantId, { slug: 'agenda', name: 'Agenda' });
      await db.storage.repos.contacts.subscribe(b.tenantId, second.id, contactId);
      const out = await db.storage.transaction((repos) => applyUnsubscribe(repos, { tenantId: b.tenantId, contactId, listId: b.listId }));
      assert.deepEqual(out.unsubscribedLists, [b.listId]);
      assert.deepEqual(await db.storage.repos.contacts.memberships(b.tenantId, contactId), [
        { listId: b.listId, status: 'unsubscribed' },
        { listId: second.id, status: 'subscribed' },
      ]);
      // A token naming tenant A's id with tenant B's contact does nothing.
      const cross = await db.storage.transaction((repos) => applyUnsubscribe(repos, { tenantId: a.tenantId, contactId, listId: 0 }));
      assert.equal(cross.found, false);
    });

    it('tenant isolation: a valid VERP of tenant A naming B\'s delivery id matches nothing; forged MACs are refused', async () => {
      const codec = verpCodec(SECRET, BOUNCE_DOMAIN);
      const processor = new InboundProcessor({ storage: db.storage, secret: SECRET, bounceDomain: BOUNCE_DOMAIN });
      const bDelivery = get(b, 'dead@example.org').deliveryId;
      // Properly signed for (A, B's delivery id): the lookup is scoped to tenant A, so it misses.
      const res = await processor.applyItems({ tenantId: a.tenantId, deliveryId: bDelivery, via: 'verp' }, [
        { type: 'failure', reason: 'userunknown', hard: true, code: 550, enhanced: '5.1.1', response: 'unknown', recipient: 'dead@example.org', feedbackType: null },
      ], { source: 'smtp', kind: 'dsn', size: 0 });
      assert.equal(res.outcome, 'unmatched');
      assert.equal((await db.storage.repos.deliveries.get(b.tenantId, bDelivery))?.state, 'queued');
      // A forged MAC, or the right MAC moved to another delivery id, is not ours at all.
      const good = codec.address(a.tenantId, get(a, 'spam@example.org').deliveryId);
      assert.ok(processor.recipientKind(good));
      assert.equal(processor.recipientKind(good.replace(/-([a-z2-7]+)@/, '-aaaaaaaaaaaaaaaa@')), null);
      const moved = good.replace(`-${get(a, 'spam@example.org').deliveryId.toString(36)}-`, `-${bDelivery.toString(36)}-`);
      assert.equal(processor.recipientKind(moved), null);
      assert.equal(processor.recipientKind(`bounces+1-1-abc@elsewhere.example`), null);
      // Signed Message-IDs: verifiable under any domain, not forgeable.
      const mid = deliveryMessageId(SECRET, a.tenantId, 7, 'velo.example');
      assert.deepEqual(verifyDeliveryMessageId(SECRET, mid), { tenantId: a.tenantId, deliveryId: 7 });
      assert.equal(verifyDeliveryMessageId('another-secret-0123456789', mid), null);
    });
  });
}
