import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture, type WirePage } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

interface WireWebhook {
  id: number;
  url: string;
  secret?: string;
  enabled: boolean;
  event_types: string[];
}

for (const dialect of testDialects()) {
  describe(`webhooks check-params (${dialect})`, () => {
    let f: ApiFixture;
    let mine: WireWebhook;
    let foreign: number;
    before(async () => {
      f = await apiFixture(dialect);
      foreign = (await new ApiClient(f.app, f.keys.otherTenant).post<WireWebhook>('/webhooks', { url: 'https://choeur.example/hook' })).body.id;
      const r = await f.client.post<WireWebhook>('/webhooks', { url: 'https://paheko.example/facteur', event_types: ['bounced', 'complained'], forward_raw_bounces: true });
      assert.equal(r.status, 201, r.text);
      mine = r.body;
    });
    after(() => f.dispose());

    it('the secret is shown once, whsec_ + base64 of 32 bytes', async () => {
      assert.match(mine.secret ?? '', /^whsec_[A-Za-z0-9+/]{43}=$/);
      const again = await f.client.get<WireWebhook>(`/webhooks/${mine.id}`);
      assert.equal(again.body.secret, undefined);
      const list = await f.client.get<WirePage<WireWebhook>>('/webhooks');
      assert.ok(list.body.items.every((w) => w.secret === undefined));
      assert.ok(!JSON.stringify(list.body).includes(mine.secret!));
    });

    it('401 and 403', async () => {
      await expectAuthChecks(f, 'GET', '/webhooks', 'read');
      await expectAuthChecks(f, 'POST', '/webhooks', 'write', { url: 'https://x.example/' });
      await expectAuthChecks(f, 'PATCH', `/webhooks/${mine.id}`, 'write', { enabled: false });
      await expectAuthChecks(f, 'DELETE', `/webhooks/${mine.id}`, 'write');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/webhooks', {}, 'url');
      await expect400(f, 'POST', '/webhooks', { url: 'ftp://x.example/' }, 'url');
      // Members' addresses never cross a network in clear: http only to this machine.
      await expect400(f, 'POST', '/webhooks', { url: 'http://x.example/hook' }, 'url');
      await expect400(f, 'POST', '/webhooks', { url: 'https://user:pw@x.example/hook' }, 'url');
      await expect400(f, 'PATCH', `/webhooks/${mine.id}`, { url: 'http://x.example/hook' }, 'url');
      await expect400(f, 'POST', '/webhooks', { url: 'https://x.example/', event_types: ['opened'] }, 'event_types.0');
      await expect400(f, 'POST', '/webhooks', { url: 'https://x.example/', secret: 'mine' }, 'secret');
      await expect400(f, 'PATCH', `/webhooks/${mine.id}`, { enabled: 'yes' }, 'enabled');
    });

    it("404 for another tenant's endpoint", async () => {
      await expect404(f, 'GET', `/webhooks/${foreign}`);
      await expect404(f, 'PATCH', `/webhooks/${foreign}`, { enabled: false });
      await expect404(f, 'DELETE', `/webhooks/${foreign}`);
    });

    it('disable, re-enable, delete', async () => {
      const off = await f.client.patch<WireWebhook & { disabled_reason: string }>(`/webhooks/${mine.id}`, { enabled: false });
      assert.equal(off.body.enabled, false);
      assert.match(off.body.disabled_reason, /API/);
      const on = await f.client.patch<WireWebhook & { disabled_reason: string | null }>(`/webhooks/${mine.id}`, { enabled: true, event_types: [] });
      assert.equal(on.body.enabled, true);
      assert.equal(on.body.disabled_reason, null);
      assert.deepEqual(on.body.event_types, []);
      assert.equal((await f.client.delete(`/webhooks/${mine.id}`)).status, 204);
      await expect404(f, 'GET', `/webhooks/${mine.id}`);
    });
  });
}
