import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, type ApiFixture, type WirePage } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`events check-params (${dialect})`, () => {
    let f: ApiFixture;
    before(async () => {
      f = await apiFixture(dialect);
      await f.storage.repos.events.append(f.tenantA, [{ type: 'delivered', deliveryId: 7, campaignId: 3 }, { type: 'bounced', deliveryId: 8, campaignId: 3 }, { type: 'delivered', deliveryId: 9 }]);
      await f.storage.repos.events.append(f.tenantB, [{ type: 'delivered', deliveryId: 70, campaignId: 3 }]);
    });
    after(() => f.dispose());

    it('401, 403 is not applicable (read), 400 naming the field', async () => {
      await expectAuthChecks(f, 'GET', '/events', 'read');
      await expect400(f, 'GET', '/events?type=opened', undefined, 'type');
      await expect400(f, 'GET', '/events?campaign_id=x', undefined, 'campaign_id');
      await expect400(f, 'GET', '/events?limit=0', undefined, 'limit');
      await expect400(f, 'GET', '/events?cursor=%21%21', undefined, 'cursor');
      await expect400(f, 'GET', '/events?since=1', undefined, 'since');
    });

    it("filters, pages, and never shows another tenant's events", async () => {
      const all = await f.client.get<WirePage<{ id: number; type: string; delivery_id: number }>>('/events');
      assert.deepEqual(all.body.items.map((e) => e.delivery_id), [7, 8, 9]);
      const c3 = await f.client.get<WirePage<{ delivery_id: number }>>('/events?campaign_id=3&type=delivered');
      assert.deepEqual(c3.body.items.map((e) => e.delivery_id), [7]);
      const d8 = await f.client.get<WirePage<{ type: string }>>('/events?delivery_id=8');
      assert.deepEqual(d8.body.items.map((e) => e.type), ['bounced']);
      const p1 = await f.client.get<WirePage<{ delivery_id: number }>>('/events?limit=2');
      const p2 = await f.client.get<WirePage<{ delivery_id: number }>>(`/events?limit=2&cursor=${p1.body.next_cursor}`);
      assert.deepEqual([...p1.body.items, ...p2.body.items].map((e) => e.delivery_id), [7, 8, 9]);
      assert.equal(p2.body.next_cursor, null);
      const none = await f.client.get<WirePage<unknown>>('/events?delivery_id=70');
      assert.equal(none.body.items.length, 0);
    });
  });
}
