import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture, type WireProblem } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`imports check-params (${dialect})`, () => {
    let f: ApiFixture;
    let mine: number;
    let foreign: number;
    before(async () => {
      f = await apiFixture(dialect, { api: { import_max_mb: 1 } });
      mine = (await f.client.createList('adherents')).body.id;
      foreign = (await new ApiClient(f.app, f.keys.otherTenant).createList('choeur')).body.id;
    });
    after(() => f.dispose());

    it('401 and 403 before the body is read', async () => {
      await expectAuthChecks(f, 'POST', `/lists/${mine}/imports`, 'write');
      const r = await f.client.as(f.keys.read).importCsv(mine, 'email\na@example.org\n');
      assert.equal(r.status, 403);
    });

    it('400 on bad query, missing body or unreadable file; 413 past the limit', async () => {
      await expect400(f, 'POST', `/lists/${mine}/imports?delimiter=pipe`, undefined, 'delimiter');
      const noBody = await f.client.call<WireProblem>('POST', `/lists/${mine}/imports`, { body: {} });
      assert.equal(noBody.status, 400);
      const noEmail = await f.client.importCsv(mine, 'Nom;Ville\nDupont;Lyon\n');
      assert.equal(noEmail.status, 400);
      assert.equal((noEmail.body as unknown as WireProblem).code, 'ERR_IMPORT_FORMAT');
      const badMap = await f.client.importCsv(mine, 'a\n', '?map=nonsense');
      assert.equal((badMap.body as unknown as WireProblem).field, 'map');
      const huge = 'email\n' + 'someone@example.org\n'.repeat(60_000);
      assert.equal((await f.client.importCsv(mine, huge)).status, 413);
    });

    it("404 for another tenant's list", async () => {
      const r = await f.client.importCsv(foreign, 'email\na@example.org\n');
      assert.equal(r.status, 404);
      assert.equal((await new ApiClient(f.app, f.keys.otherTenant).get<{ member_count: number }>(`/lists/${foreign}`)).body.member_count, 0);
    });
  });
}
