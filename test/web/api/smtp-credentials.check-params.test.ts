// /api/v1/smtp-credentials: check-params (401/403, 400 naming the field, 404 across tenants) and
// the flow — created with its password once, listed without it, logged in with over real SMTP
// (STARTTLS), updated, revoked (then 535).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, type ApiFixture } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';
import { startTestSubmission, swaks } from '../../submission/fixture.ts';

interface WireCredential {
  id: number;
  username: string;
  password?: string;
  allowed_senders: string[];
  rate_per_minute: number | null;
  revoked_at: string | null;
}

for (const dialect of testDialects()) {
  describe(`smtp-credentials API (${dialect})`, () => {
    let f: ApiFixture;
    let foreign: number;
    before(async () => {
      f = await apiFixture(dialect);
      foreign = (await new ApiClient(f.app, f.keys.otherTenant).post<WireCredential>('/smtp-credentials', { name: 'other', allowed_senders: ['other.example'] })).body.id;
    });
    after(() => f.dispose());

    it('401 and 403', async () => {
      await expectAuthChecks(f, 'GET', '/smtp-credentials', 'read');
      await expectAuthChecks(f, 'POST', '/smtp-credentials', 'write', { name: 'x', allowed_senders: ['asso.example'] });
      await expectAuthChecks(f, 'DELETE', `/smtp-credentials/${foreign}`, 'write');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/smtp-credentials', { allowed_senders: ['asso.example'] }, 'name');
      await expect400(f, 'POST', '/smtp-credentials', { name: 'x', allowed_senders: ['not a domain'] }, 'allowed_senders');
      await expect400(f, 'POST', '/smtp-credentials', { name: 'x', allowed_senders: [] }, 'allowed_senders');
      await expect400(f, 'POST', '/smtp-credentials', { name: 'x' }, 'allowed_senders');
      await expect400(f, 'POST', '/smtp-credentials', { name: 'x', allowed_senders: ['asso.example'], rate_per_minute: 0 }, 'rate_per_minute');
      await expect400(f, 'POST', '/smtp-credentials', { name: 'x', allowed_senders: ['asso.example'], password: 'mine' }, 'password');
    });

    it("404 for another tenant's credentials", async () => {
      await expect404(f, 'GET', `/smtp-credentials/${foreign}`);
      await expect404(f, 'PATCH', `/smtp-credentials/${foreign}`, { name: 'x' });
      await expect404(f, 'DELETE', `/smtp-credentials/${foreign}`);
    });

    it('create (password once) → SMTP login works → list hides it → revoke → 535', async () => {
      const created = await f.client.post<WireCredential>('/smtp-credentials', { name: 'Paheko', allowed_senders: ['Asso.example', 'news@autre.example'], rate_per_minute: 600 });
      assert.equal(created.status, 201, created.text);
      assert.ok(created.body.password && created.body.password.length >= 30);
      assert.deepEqual(created.body.allowed_senders, ['asso.example', 'news@autre.example']);
      const listed = await f.client.get<{ items: WireCredential[] }>('/smtp-credentials');
      assert.ok(listed.body.items.every((c) => c.password === undefined) && !listed.text.includes(created.body.password!));
      assert.ok(!listed.body.items.some((c) => c.id === foreign), 'only this tenant');
      const smtp = await startTestSubmission(f.storage);
      try {
        const login = ['--auth', 'PLAIN', '--auth-user', created.body.username, '--auth-password', created.body.password!, '--from', 'news@asso.example', '--to', 'm@dest.example'];
        assert.match((await swaks(smtp.starttls, login)).last, /^250 /);
        const patched = await f.client.patch<WireCredential>(`/smtp-credentials/${created.body.id}`, { allowed_senders: ['autre.example'] });
        assert.equal(patched.status, 200, patched.text);
        assert.match((await swaks(smtp.starttls, login)).last, /^550 5\.7\.1 /, 'the new sender list applies at the next login');
        assert.equal((await f.client.delete(`/smtp-credentials/${created.body.id}`)).status, 204);
        const after = await swaks(smtp.starttls, login);
        assert.ok(after.replies.some((r) => /^535 5\.7\.8/.test(r)), after.out);
        assert.equal((await f.client.delete(`/smtp-credentials/${created.body.id}`)).status, 404, 'revoking twice');
      } finally {
        await smtp.server.close();
      }
    });
  });
}
