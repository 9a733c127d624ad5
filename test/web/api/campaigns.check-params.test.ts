import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, createKey, type ApiFixture, type WireProblem } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

for (const dialect of testDialects()) {
  describe(`campaigns check-params (${dialect})`, () => {
    let f: ApiFixture;
    let mine: number;
    let list: number;
    let foreign: number;
    let foreignList: number;
    let writeOnly: string;
    before(async () => {
      f = await apiFixture(dialect, { platform: { domain: 'facteur.test' } });
      const other = new ApiClient(f.app, f.keys.otherTenant);
      foreignList = (await other.createList('choeur')).body.id;
      foreign = (await other.post<{ id: number }>('/campaigns', { name: 'x', subject: 'x', markdown: 'x', list_ids: [foreignList] })).body.id;
      list = (await f.client.createList('adherents')).body.id;
      await f.client.createContact({ address: 'marie@example.org', name: 'Marie', fields: { first_name: 'Marie' }, list_ids: [list] });
      const r = await f.client.post<{ id: number }>('/campaigns', { name: 'Bourse', subject: 'Bonjour {{ first_name }}', markdown: '# Bourse aux vélos', list_ids: [list] });
      assert.equal(r.status, 201, r.text);
      mine = r.body.id;
      writeOnly = (await createKey(f.storage, f.tenantA, ['read', 'write'])).key;
    });
    after(() => f.dispose());

    it('401 and 403 (read, write, send scopes)', async () => {
      await expectAuthChecks(f, 'GET', '/campaigns', 'read');
      await expectAuthChecks(f, 'GET', `/campaigns/${mine}/stats`, 'read');
      await expectAuthChecks(f, 'POST', '/campaigns', 'write', { name: 'x', subject: 'x', markdown: 'x' });
      await expectAuthChecks(f, 'PATCH', `/campaigns/${mine}`, 'write', { name: 'y' });
      for (const action of ['test', 'schedule', 'send', 'pause', 'resume', 'cancel']) {
        const r = await f.client.as(writeOnly).call<WireProblem>('POST', `/campaigns/${mine}/${action}`, { body: action === 'test' ? { to: ['a@example.org'] } : action === 'schedule' ? { at: '2099-01-01T00:00:00Z' } : undefined });
        assert.equal(r.status, 403, `${action}: ${r.text}`);
        assert.equal(r.body.code, 'ERR_FORBIDDEN');
      }
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/campaigns', { name: 'x', subject: 'x' }, 'markdown');
      await expect400(f, 'POST', '/campaigns', { name: 'x', subject: 'x', markdown: 'x', list_ids: ['a'] }, 'list_ids.0');
      await expect400(f, 'POST', '/campaigns', { name: 'x', subject: 'x', markdown: 'x', colour: 'red' }, 'colour');
      await expect400(f, 'POST', '/campaigns', { name: 'x', subject: 'x', markdown: 'x', from_address: 'pas une adresse' }, 'from_address');
      await expect400(f, 'POST', '/campaigns', { name: 'x', subject: 'x', markdown: 'x', from_address: 'bureau@elsewhere.example' }, 'from_address');
      await expect400(f, 'PATCH', `/campaigns/${mine}`, { subject: '' }, 'subject');
      await expect400(f, 'POST', `/campaigns/${mine}/schedule`, { at: 'tomorrow' }, 'at');
      await expect400(f, 'POST', `/campaigns/${mine}/schedule`, { at: '2001-01-01T00:00:00Z' }, 'at');
      await expect400(f, 'POST', `/campaigns/${mine}/test`, { to: [] }, 'to');
      await expect400(f, 'POST', `/campaigns/${mine}/test`, { to: ['marie@example.org', 'nope'] }, 'to.1');
      await expect400(f, 'POST', `/campaigns/${mine}/preview`, {}, 'contact_id');
      await expect400(f, 'GET', `/campaigns/${mine}/failures?format=xls`, undefined, 'format');
    });

    it('an unknown merge field is a 400 naming it, at preview and send', async () => {
      const c = await f.client.post<{ id: number }>('/campaigns', { name: 'typo', subject: 'Salut {{ prenom }}', markdown: 'x', list_ids: [list] });
      await expect400(f, 'POST', `/campaigns/${c.body.id}/preview`, { address: 'marie@example.org' }, 'prenom');
      await expect400(f, 'POST', `/campaigns/${c.body.id}/send`, undefined, 'prenom');
      assert.equal((await f.client.get<{ status: string }>(`/campaigns/${c.body.id}`)).body.status, 'draft', 'a refused send leaves the draft as it was');
    });

    it("404 for another tenant's campaigns and lists", async () => {
      await expect404(f, 'GET', `/campaigns/${foreign}`);
      await expect404(f, 'PATCH', `/campaigns/${foreign}`, { name: 'x' });
      await expect404(f, 'GET', `/campaigns/${foreign}/stats`);
      await expect404(f, 'GET', `/campaigns/${foreign}/failures`);
      await expect404(f, 'POST', `/campaigns/${foreign}/preview`, { address: 'a@example.org' });
      for (const action of ['send', 'pause', 'resume', 'cancel']) await expect404(f, 'POST', `/campaigns/${foreign}/${action}`);
      await expect404(f, 'POST', '/campaigns', { name: 'x', subject: 'x', markdown: 'x', list_ids: [foreignList] });
      await expect404(f, 'POST', `/campaigns/${mine}/preview`, { contact_id: 999_999 });
    });

    it('state machine: 409 ERR_CAMPAIGN_STATE with a hint', async () => {
      const c = (await f.client.post<{ id: number }>('/campaigns', { name: 'sm', subject: 'Bonjour', markdown: 'x', list_ids: [list] })).body.id;
      for (const action of ['pause', 'resume']) {
        const r = await f.client.post<WireProblem>(`/campaigns/${c}/${action}`);
        assert.equal(r.status, 409, r.text);
        assert.equal(r.body.code, 'ERR_CAMPAIGN_STATE');
        assert.ok(r.body.hint);
      }
      const noList = (await f.client.post<{ id: number }>('/campaigns', { name: 'nolist', subject: 'x', markdown: 'x' })).body.id;
      await expect400(f, 'POST', `/campaigns/${noList}/send`, undefined, 'list_ids');
      const sent = await f.client.post(`/campaigns/${c}/send`);
      assert.equal(sent.status, 202, sent.text);
      assert.equal((await f.client.post<{ status: string }>(`/campaigns/${c}/pause`)).body.status, 'paused');
      const again = await f.client.post<WireProblem>(`/campaigns/${c}/send`);
      assert.equal(again.status, 409);
      assert.match(again.body.hint ?? '', /resume/);
      const patch = await f.client.patch<WireProblem>(`/campaigns/${c}`, { subject: 'changed' });
      assert.equal(patch.status, 409);
      assert.equal((await f.client.post<{ status: string }>(`/campaigns/${c}/resume`)).body.status, 'sending');
      const cancel = await f.client.post<{ campaign: { status: string }; cancelled: number }>(`/campaigns/${c}/cancel`);
      assert.equal(cancel.body.campaign.status, 'cancelled');
      assert.equal(cancel.body.cancelled, 1);
      const twice = await f.client.post<WireProblem>(`/campaigns/${c}/cancel`);
      assert.equal(twice.status, 409);
    });
  });
}
