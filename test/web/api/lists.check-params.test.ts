import { describe, it, before, after } from 'node:test';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`lists check-params (${dialect})`, () => {
    let f: ApiFixture;
    let foreignList: number;
    let foreignContact: number;
    let mine: number;
    before(async () => {
      f = await apiFixture(dialect);
      const other = new ApiClient(f.app, f.keys.otherTenant);
      foreignList = (await other.createList('choeur')).body.id;
      foreignContact = (await other.createContact({ address: 'tenor@example.org' })).body.id;
      mine = (await f.client.createList('adherents')).body.id;
    });
    after(() => f.dispose());

    it('401 and 403', async () => {
      await expectAuthChecks(f, 'GET', '/lists', 'read');
      await expectAuthChecks(f, 'POST', '/lists', 'write', { slug: 'x', name: 'x' });
      await expectAuthChecks(f, 'GET', `/lists/${mine}/members`, 'read');
      await expectAuthChecks(f, 'POST', `/lists/${mine}/members`, 'write', { contact_ids: [1] });
      await expectAuthChecks(f, 'DELETE', `/lists/${mine}`, 'write');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/lists', { slug: 'Pas Bon', name: 'x' }, 'slug');
      await expect400(f, 'POST', '/lists', { slug: 'ok' }, 'name');
      await expect400(f, 'PATCH', `/lists/${mine}`, { name: '' }, 'name');
      await expect400(f, 'POST', `/lists/${mine}/members`, { contact_ids: ['a'] }, 'contact_ids.0');
      await expect400(f, 'GET', `/lists/${mine}/members?status=gone`, undefined, 'status');
    });

    it("404 for another tenant's lists and contacts", async () => {
      await expect404(f, 'GET', `/lists/${foreignList}`);
      await expect404(f, 'PATCH', `/lists/${foreignList}`, { name: 'x' });
      await expect404(f, 'DELETE', `/lists/${foreignList}`);
      await expect404(f, 'GET', `/lists/${foreignList}/members`);
      await expect404(f, 'POST', `/lists/${mine}/members`, { contact_ids: [foreignContact] });
      await expect404(f, 'DELETE', `/lists/${mine}/members/${foreignContact}`);
    });
  });
}
