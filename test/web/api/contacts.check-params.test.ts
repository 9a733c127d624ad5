import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture, type WireContact } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`contacts check-params (${dialect})`, () => {
    let f: ApiFixture;
    let foreign: number;
    before(async () => {
      f = await apiFixture(dialect);
      foreign = (await new ApiClient(f.app, f.keys.otherTenant).createContact({ address: 'choriste@example.org' })).body.id;
    });
    after(() => f.dispose());

    it('401 without or with a bad key, 403 without the scope', async () => {
      await expectAuthChecks(f, 'GET', '/contacts', 'read');
      await expectAuthChecks(f, 'POST', '/contacts', 'write', { address: 'a@example.org' });
      await expectAuthChecks(f, 'POST', '/contacts/bulk', 'write', { contacts: [{ address: 'a@example.org' }] });
      await expectAuthChecks(f, 'PATCH', `/contacts/${foreign}`, 'write', { name: 'x' });
      await expectAuthChecks(f, 'DELETE', `/contacts/${foreign}`, 'write');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/contacts', {}, 'address');
      await expect400(f, 'POST', '/contacts', { address: 'a@example.org', color: 'red' }, 'color');
      await expect400(f, 'POST', '/contacts', { address: 'jeanne@gmial' }, 'address');
      await expect400(f, 'POST', '/contacts', { address: 'a@example.org', consent: { date: 'yesterday' } }, 'consent.date');
      await expect400(f, 'POST', '/contacts/bulk', { contacts: [] }, 'contacts');
      await expect400(f, 'GET', '/contacts?limit=0', undefined, 'limit');
      await expect400(f, 'GET', '/contacts?status=asleep', undefined, 'status');
      await expect400(f, 'GET', '/contacts/abc', undefined, 'id');
      await expect400(f, 'GET', '/contacts?cursor=!!', undefined, 'cursor');
      const big = { contacts: Array.from({ length: 10_001 }, (_, i) => ({ address: `m${i}@example.org` })) };
      await expect400(f, 'POST', '/contacts/bulk', big, 'contacts');
    });

    it("404 for another tenant's contact, exactly as for a missing one", async () => {
      const missing = await f.client.get(`/contacts/999999`);
      const elsewhere = await f.client.get(`/contacts/${foreign}`);
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.text.replaceAll(`contact ${foreign}`, 'contact N'), missing.text.replaceAll('contact 999999', 'contact N'));
      await expect404(f, 'PATCH', `/contacts/${foreign}`, { name: 'x' });
      await expect404(f, 'DELETE', `/contacts/${foreign}`);
      await expect404(f, 'POST', '/contacts', { address: 'x@example.org', list_ids: [999] });
      const still = await new ApiClient(f.app, f.keys.otherTenant).get<WireContact>(`/contacts/${foreign}`);
      assert.equal(still.status, 200, 'untouched');
    });
  });
}
