import { describe, it, before, after } from 'node:test';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`segments check-params (${dialect})`, () => {
    let f: ApiFixture;
    let foreign: number;
    let foreignList: number;
    before(async () => {
      f = await apiFixture(dialect);
      const other = new ApiClient(f.app, f.keys.otherTenant);
      foreign = (await other.post<{ id: number }>('/segments', { name: 'Basses', filter: {} })).body.id;
      foreignList = (await other.createList('choeur')).body.id;
    });
    after(() => f.dispose());

    it('401 and 403', async () => {
      await expectAuthChecks(f, 'GET', '/segments', 'read');
      await expectAuthChecks(f, 'POST', '/segments', 'write', { name: 'x', filter: {} });
      await expectAuthChecks(f, 'GET', `/segments/${foreign}/contacts`, 'read');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/segments', { name: 'x' }, 'filter');
      await expect400(f, 'POST', '/segments', { name: 'x', filter: { status: ['sleeping'] } }, 'filter.status.0');
      await expect400(f, 'POST', '/segments', { name: 'x', filter: { fields: { 'bad key!': 'x' } } }, 'filter.fields');
      await expect400(f, 'POST', '/segments', { name: 'x', filter: { colour: 'x' } }, 'filter.colour');
    });

    it("404 for another tenant's segments and lists", async () => {
      await expect404(f, 'GET', `/segments/${foreign}`);
      await expect404(f, 'PATCH', `/segments/${foreign}`, { name: 'x' });
      await expect404(f, 'DELETE', `/segments/${foreign}`);
      await expect404(f, 'GET', `/segments/${foreign}/contacts`);
      await expect404(f, 'POST', '/segments', { name: 'x', filter: { list_id: foreignList } });
    });
  });
}
