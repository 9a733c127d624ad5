// Storage: the same cases on every configured dialect — migrations from empty, tenant isolation,
// transactions that fail leave nothing behind, pagination, suppressions.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { addressHash, Storage } from '../../src/storage/index.ts';
import { migrations } from '../../src/storage/migrate.ts';
import { FacteurError } from '../../src/core/errors.ts';

for (const dialect of testDialects()) {
  describe(`storage on ${dialect}`, () => {
    let t: TestDb;
    let s: Storage;
    before(async () => {
      t = await openTestDb(dialect);
      s = t.storage;
    });
    after(async () => t.dispose());

    it('migrates from empty to latest, and a second run applies nothing', async () => {
      const fresh = await openTestDb(dialect, { migrate: false });
      try {
        assert.deepEqual(await fresh.storage.pendingMigrations(), Object.keys(migrations(dialect)).sort());
        const first = await fresh.storage.migrate();
        assert.deepEqual(first.applied, Object.keys(migrations(dialect)).sort());
        assert.deepEqual(await fresh.storage.pendingMigrations(), []);
        const second = await fresh.storage.migrate();
        assert.deepEqual(second.applied, []);
        for (const table of ['tenants', 'users', 'api_keys', 'contacts', 'lists', 'list_memberships', 'suppressions', 'campaigns', 'messages', 'deliveries', 'events'] as const) {
          const rows = await fresh.storage.db.selectFrom(table).selectAll().execute();
          assert.deepEqual(rows, [], `${table} exists and is empty`);
        }
      } finally {
        await fresh.dispose();
      }
    });

    it('creates tenants with unique slugs and a clear error on duplicates', async () => {
      const a = await s.repos.tenants.create({ slug: 'velo', name: 'Atelier vélo' });
      assert.equal(a.status, 'active');
      await assert.rejects(s.repos.tenants.create({ slug: 'velo', name: 'Other' }), (e: unknown) => e instanceof FacteurError && e.code === 'ERR_TENANT_EXISTS');
      assert.equal((await s.repos.tenants.find('velo'))?.id, a.id);
      assert.equal((await s.repos.tenants.find(String(a.id)))?.slug, 'velo');
      const suspended = await s.repos.tenants.setStatus(a.id, 'suspended', 'test');
      assert.equal(suspended.status, 'suspended');
    });

    it("never lets tenant A's calls read or change tenant B's rows", async () => {
      const A = await s.repos.tenants.create({ slug: 'iso-a', name: 'A' });
      const B = await s.repos.tenants.create({ slug: 'iso-b', name: 'B' });
      const { contact: cb } = await s.repos.contacts.upsert(B.id, { address: 'bob@b.example', addressNormalized: 'bob@b.example', fields: { first_name: 'Bob' } });
      const lb = await s.repos.lists.create(B.id, { slug: 'news', name: 'News' });
      await s.repos.contacts.subscribe(B.id, lb.id, cb.id);
      const campB = await s.repos.campaigns.create(B.id, { name: 'c', subject: 's', bodyMarkdown: 'b', listIds: [lb.id] });
      const msgB = await s.repos.messages.create(B.id, { kind: 'transactional', subject: 's', fromAddress: 'x@b.example', body: 'b', idempotencyKey: 'k1' });
      const [delB] = await s.repos.deliveries.insertMany(B.id, [{ messageId: msgB.id, recipient: 'bob@b.example' }]);
      await s.repos.events.append(B.id, { type: 'accepted', deliveryId: delB! });
      await s.repos.suppressions.add(B.id, { address: 'bob@b.example', reason: 'userunknown', source: 'bounce' });

      // Reads
      assert.equal(await s.repos.contacts.get(A.id, cb.id), undefined);
      assert.equal(await s.repos.contacts.getByAddress(A.id, 'bob@b.example'), undefined);
      assert.deepEqual((await s.repos.contacts.list(A.id)).items, []);
      assert.deepEqual((await s.repos.contacts.list(A.id, { listId: lb.id })).items, []);
      assert.equal(await s.repos.lists.get(A.id, lb.id), undefined);
      assert.equal(await s.repos.lists.countMembers(A.id, lb.id), 0);
      assert.equal(await s.repos.campaigns.get(A.id, campB.id), undefined);
      assert.equal(await s.repos.messages.get(A.id, msgB.id), undefined);
      assert.equal(await s.repos.messages.getByIdempotencyKey(A.id, 'k1'), undefined);
      assert.equal(await s.repos.deliveries.get(A.id, delB!), undefined);
      assert.deepEqual(await s.repos.deliveries.countByState(A.id), {});
      assert.deepEqual((await s.repos.events.list(A.id)).items, []);
      assert.deepEqual((await s.repos.suppressions.list(A.id)).items, []);
      assert.equal(await s.repos.suppressions.find(A.id, 'bob@b.example'), undefined);

      // Writes
      assert.equal(await s.repos.contacts.setStatus(A.id, cb.id, 'unsubscribed'), false);
      assert.equal(await s.repos.contacts.delete(A.id, cb.id), false);
      assert.equal(await s.repos.contacts.setMembership(A.id, lb.id, cb.id, 'unsubscribed'), false);
      assert.equal(await s.repos.lists.delete(A.id, lb.id), false);
      assert.equal(await s.repos.campaigns.transition(A.id, campB.id, ['draft'], 'cancelled'), false);
      assert.equal(await s.repos.suppressions.remove(A.id, 'bob@b.example'), false);
      // An upsert by A of the same address creates A's own contact, leaving B's untouched.
      const { contact: ca, created } = await s.repos.contacts.upsert(A.id, { address: 'bob@b.example', addressNormalized: 'bob@b.example', fields: { first_name: 'Mallory' } });
      assert.equal(created, true);
      assert.notEqual(ca.id, cb.id);

      // B's rows are intact
      const stillB = await s.repos.contacts.get(B.id, cb.id);
      assert.equal(stillB?.status, 'active');
      assert.deepEqual(stillB?.fields, { first_name: 'Bob' });
      assert.equal(await s.repos.lists.countMembers(B.id, lb.id), 1);
      assert.equal((await s.repos.campaigns.get(B.id, campB.id))?.status, 'draft');
      assert.ok(await s.repos.suppressions.find(B.id, 'bob@b.example'));
    });

    it('rolls back everything a failed transaction wrote', async () => {
      const T = await s.repos.tenants.create({ slug: 'tx', name: 'Tx' });
      await assert.rejects(
        s.transaction(async (r) => {
          await r.contacts.upsert(T.id, { address: 'a@x.example', addressNormalized: 'a@x.example' });
          const m = await r.messages.create(T.id, { kind: 'transactional', subject: 's', fromAddress: 'f@x.example', body: 'b' });
          await r.deliveries.insertMany(T.id, [{ messageId: m.id, recipient: 'a@x.example' }]);
          await r.events.append(T.id, { type: 'accepted' });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await s.repos.contacts.count(T.id), 0);
      assert.deepEqual(await s.repos.deliveries.countByState(T.id), {});
      assert.deepEqual((await s.repos.events.list(T.id)).items, []);
      // A constraint violation inside a transaction also leaves nothing.
      await assert.rejects(
        s.transaction(async (r) => {
          await r.contacts.upsert(T.id, { address: 'b@x.example', addressNormalized: 'b@x.example' });
          await r.tenants.create({ slug: 'tx', name: 'duplicate' });
        }),
      );
      assert.equal(await s.repos.contacts.count(T.id), 0);
    });

    it('upserts contacts by normalised address and merges fields', async () => {
      const T = await s.repos.tenants.create({ slug: 'upsert', name: 'U' });
      const first = await s.repos.contacts.upsert(T.id, { address: 'Marie@Example.org', addressNormalized: 'Marie@example.org', name: 'Marie', fields: { city: 'Lyon' }, consentSource: 'import', consentAt: 1 });
      const second = await s.repos.contacts.upsert(T.id, { address: 'Marie@example.org', addressNormalized: 'Marie@example.org', fields: { first_name: 'Marie' } });
      assert.equal(first.created, true);
      assert.equal(second.created, false);
      assert.equal(second.contact.id, first.contact.id);
      assert.deepEqual(second.contact.fields, { city: 'Lyon', first_name: 'Marie' });
      assert.equal(second.contact.consentSource, 'import');
    });

    it('paginates with opaque cursors and rejects forged ones', async () => {
      const T = await s.repos.tenants.create({ slug: 'pages', name: 'P' });
      for (let i = 0; i < 7; i++) await s.repos.contacts.upsert(T.id, { address: `p${i}@x.example`, addressNormalized: `p${i}@x.example` });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await s.repos.contacts.list(T.id, { limit: 3, cursor });
        seen.push(...page.items.map((c) => c.address));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7);
      await assert.rejects(s.repos.contacts.list(T.id, { cursor: '!!not-a-cursor' }), (e: unknown) => e instanceof FacteurError && e.code === 'ERR_VALIDATION');
    });

    it('applies tenant and platform suppressions, with expiry', async () => {
      const T = await s.repos.tenants.create({ slug: 'supp', name: 'S' });
      const U = await s.repos.tenants.create({ slug: 'supp2', name: 'S2' });
      await s.repos.suppressions.add(null, { address: 'dead@x.example', reason: 'userunknown', source: 'bounce' });
      await s.repos.suppressions.add(T.id, { address: 'unsub@x.example', reason: 'unsubscribed', source: 'unsubscribe' });
      await s.repos.suppressions.add(T.id, { address: 'old@x.example', reason: 'mailboxfull', source: 'bounce', expiresAt: s.clock.now() - 1 });
      const hashes = ['dead@x.example', 'unsub@x.example', 'old@x.example', 'ok@x.example'].map(addressHash);
      const forT = await s.repos.suppressions.activeAmong(T.id, hashes);
      assert.deepEqual([...forT.values()].map((x) => x.reason).sort(), ['unsubscribed', 'userunknown']);
      const forU = await s.repos.suppressions.activeAmong(U.id, hashes);
      assert.deepEqual([...forU.values()].map((x) => x.reason), ['userunknown'], 'platform list applies to every tenant, tenant list only to its owner');
      // Adding twice refreshes rather than failing.
      await s.repos.suppressions.add(T.id, { address: 'unsub@x.example', reason: 'complaint', source: 'complaint' });
      assert.equal((await s.repos.suppressions.find(T.id, 'unsub@x.example'))?.reason, 'complaint');
    });

    it('keeps one platform secret shared by all callers', async () => {
      const a = await s.repos.platform.getOrCreate('secret', () => 'first');
      const b = await s.repos.platform.getOrCreate('secret', () => 'second');
      assert.equal(a, 'first');
      assert.equal(b, 'first');
    });
  });
}
