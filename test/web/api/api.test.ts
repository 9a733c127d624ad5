// The tenant API as a client meets it: contacts, search, bulk, lists and members, segments,
// pagination, suppression shown, rate limit, and the OpenAPI document's structure.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, type ApiFixture, type WireContact, type WirePage, type WireList } from '../../helpers/api-client.ts';

for (const dialect of testDialects()) {
  describe(`tenant API (${dialect})`, () => {
    let f: ApiFixture;
    before(async () => {
      f = await apiFixture(dialect);
    });
    after(() => f.dispose());

    it('creates, reads, merges fields, searches by field and deletes contacts', async () => {
      const c = f.client;
      const list = (await c.createList('adherents', 'Adhérents')).body;
      const created = await c.createContact({ address: 'Élodie@Example.ORG', name: 'Élodie', fields: { city: 'Lyon', quartier: 'Croix-Rousse' }, list_ids: [list.id], consent: { source: 'AG 2025', date: '2025-03-01T10:00:00Z' } });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.address, 'Élodie@example.org');
      assert.deepEqual(created.body.consent, { source: 'AG 2025', date: '2025-03-01T10:00:00.000Z', confirmed_at: null });
      assert.deepEqual(created.body.lists, [{ id: list.id, status: 'subscribed' }]);
      assert.equal((await c.createContact({ address: 'élodie@example.org' })).status, 409, 'same address, other case');
      const patched = await c.patch<WireContact>(`/contacts/${created.body.id}`, { fields: { quartier: null, tel: '0600' }, consent: { confirmed_at: '2025-03-02T00:00:00Z' } });
      assert.deepEqual(patched.body.fields, { city: 'Lyon', tel: '0600' });
      assert.equal(patched.body.consent.confirmed_at, '2025-03-02T00:00:00.000Z');
      await c.createContact({ address: 'paul@example.org', fields: { city: 'Paris' } });
      const lyon = await c.get<WirePage<WireContact>>('/contacts?field.city=Lyon');
      assert.deepEqual(lyon.body.items.map((x) => x.id), [created.body.id]);
      assert.equal((await c.get<WirePage<WireContact>>(`/contacts?list_id=${list.id}`)).body.items.length, 1);
      assert.equal((await c.get<WirePage<WireContact>>('/contacts?address=paul')).body.items.length, 1);
      assert.equal((await c.get<WireList>(`/lists/${list.id}`)).body.member_count, 1);
      assert.equal((await c.delete(`/contacts/${created.body.id}`)).status, 204);
      assert.equal((await c.get(`/contacts/${created.body.id}`)).status, 404);
    });

    it('bulk upserts with per-address rejections and paginates with cursors', async () => {
      const c = f.client;
      const contacts = Array.from({ length: 120 }, (_, i) => ({ address: i % 10 === 0 ? `membre${i}@gmial.com` : i % 30 === 1 ? 'pas une adresse' : `membre${i}@example.net`, fields: { n: String(i) } }));
      contacts.push({ address: 'MEMBRE2@example.net', fields: { n: 'again' } });
      const r = await c.post<{ created: number; updated: number; duplicates: number; rejected: { index: number; code: string; suggestion: string | null }[] }>('/contacts/bulk', { contacts });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.rejected.length, 4);
      assert.equal(r.body.rejected[0]!.index, 1);
      assert.equal(r.body.duplicates, 1);
      assert.equal(r.body.created, 116);
      // gmial.com is a valid domain syntactically: accepted (the typo check belongs to hygiene).
      const seen: number[] = [];
      let cursor: string | null = '';
      do {
        const page: { body: WirePage<WireContact> } = await c.get<WirePage<WireContact>>(`/contacts?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((x) => x.id));
        cursor = page.body.next_cursor;
      } while (cursor);
      assert.equal(new Set(seen).size, seen.length);
      assert.ok(seen.length >= 116);
      const again = await c.post<{ created: number; updated: number }>('/contacts/bulk', { contacts: [{ address: 'membre3@example.net', fields: { city: 'Lyon' } }] });
      assert.deepEqual([again.body.created, again.body.updated], [0, 1]);
    });

    it('shows a suppression on the contact', async () => {
      const c = f.client;
      const k = await c.createContact({ address: 'mort@example.com' });
      await f.storage.repos.suppressions.add(f.tenantA, { address: 'mort@example.com', reason: 'userunknown', source: 'bounce' });
      const got = await c.get<WireContact>(`/contacts/${k.body.id}`);
      assert.equal(got.body.suppressed?.reason, 'userunknown');
      assert.equal(got.body.suppressed?.source, 'bounce');
    });

    it('lists: members added once, unsubscribed members stay unsubscribed, removal', async () => {
      const c = f.client;
      const list = (await c.createList('benevoles')).body;
      const a = (await c.createContact({ address: 'a@benevoles.example' })).body.id;
      const b = (await c.createContact({ address: 'b@benevoles.example' })).body.id;
      assert.deepEqual((await c.post(`/lists/${list.id}/members`, { contact_ids: [a, b] })).body, { added: 2, already: 0 });
      await f.storage.repos.contacts.setMembership(f.tenantA, list.id, b, 'unsubscribed');
      assert.deepEqual((await c.post(`/lists/${list.id}/members`, { contact_ids: [a, b] })).body, { added: 0, already: 2 });
      const members = await c.get<WirePage<{ membership: string; contact: WireContact }>>(`/lists/${list.id}/members`);
      assert.deepEqual(members.body.items.map((m) => m.membership), ['subscribed', 'unsubscribed']);
      assert.equal((await c.get<WireList>(`/lists/${list.id}`)).body.member_count, 1);
      assert.equal((await c.delete(`/lists/${list.id}/members/${a}`)).status, 204);
      assert.equal((await c.get<WireList>(`/lists/${list.id}`)).body.member_count, 0);
      assert.equal((await c.patch<WireList>(`/lists/${list.id}`, { name: 'Bénévoles' })).body.name, 'Bénévoles');
    });

    it('segments count and page the contacts their filter selects', async () => {
      const c = f.client;
      for (const [addr, city] of [['s1@seg.example', 'Nantes'], ['s2@seg.example', 'Nantes'], ['s3@seg.example', 'Rennes']] as const) await c.createContact({ address: addr, fields: { city } });
      const s = await c.post<{ id: number; contact_count: number }>('/segments', { name: 'Nantes', filter: { fields: { city: 'Nantes' }, status: ['active'] } });
      assert.equal(s.status, 201, JSON.stringify(s.body));
      assert.equal(s.body.contact_count, 2);
      const both = await c.patch<{ contact_count: number }>(`/segments/${s.body.id}`, { filter: { fields: { city: ['Nantes', 'Rennes'] } } });
      assert.equal(both.body.contact_count, 3);
      assert.equal((await c.get<WirePage<WireContact>>(`/segments/${s.body.id}/contacts?limit=2`)).body.next_cursor !== null, true);
    });
  });
}

describe('rate limit and OpenAPI', () => {
  let f: ApiFixture;
  before(async () => {
    f = await apiFixture('sqlite', { api: { burst: 3, rate_per_second: 0.5 } });
  });
  after(() => f.dispose());

  it('429 with Retry-After past the burst, per key', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await f.client.get('/lists')).status, 200);
    const r = await f.client.get<{ code: string }>('/lists');
    assert.equal(r.status, 429);
    assert.equal(r.body.code, 'ERR_RATE_LIMITED');
    assert.equal(r.headers['retry-after'], '2');
    assert.equal((await f.client.as(f.keys.read).get('/lists')).status, 200, 'another key has its own bucket');
  });

  it('serves a structurally valid OpenAPI 3.1 document', async () => {
    const r = await f.client.as(undefined).get<Record<string, unknown>>('/openapi.json');
    assert.equal(r.status, 200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown>; security?: unknown; tags: string[] }>>; components: { securitySchemes: object } };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.components.securitySchemes);
    const ids = new Set<string>();
    let ops = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        ops++;
        assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
        assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} has responses`);
        assert.ok(op.tags.length > 0);
        if (path !== '/openapi.json') {
          assert.ok(op.security, `${method} ${path} is secured`);
          assert.ok(op.responses['401'] && op.responses['400'] && op.responses['429']);
        }
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          const params = (op as unknown as { parameters: { name: string; in: string }[] }).parameters;
          assert.ok(params.some((p) => p.in === 'path' && `{${p.name}}` === name), `${method} ${path} declares ${name}`);
        }
      }
    }
    assert.ok(ops >= 20, `${ops} operations`);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 20);
    for (const ref of refs) {
      let node: unknown = doc;
      for (const part of ref.split('/')) node = (node as Record<string, unknown>)?.[part];
      assert.ok(node, `$ref #/${ref} resolves`);
    }
  });
});
