import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, ApiClient, createKey, type ApiFixture, type WireProblem } from '../../helpers/api-client.ts';
import { expectAuthChecks, expect400, expect404 } from './check-params.ts';

const RAW = (from: string) => `From: Paheko <${from}>\r\nTo: marie@example.org\r\nSubject: Votre reçu\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMerci pour votre cotisation.\r\n`;

for (const dialect of testDialects()) {
  describe(`messages check-params and idempotency (${dialect})`, () => {
    let f: ApiFixture;
    let foreign: number;
    before(async () => {
      f = await apiFixture(dialect, { platform: { domain: 'facteur.test' } });
      const other = new ApiClient(f.app, f.keys.otherTenant);
      const r = await other.post<{ id: number }>('/messages', { to: ['a@example.org'], subject: 'x', text: 'x' });
      assert.equal(r.status, 202, r.text);
      foreign = r.body.id;
    });
    after(() => f.dispose());

    it('401, 403 without the send scope', async () => {
      await expectAuthChecks(f, 'POST', '/messages', 'write', { to: ['a@example.org'], subject: 'x', text: 'x' });
      const writeOnly = (await createKey(f.storage, f.tenantA, ['read', 'write'])).key;
      const r = await f.client.as(writeOnly).call<WireProblem>('POST', '/messages', { body: { to: ['a@example.org'], subject: 'x', text: 'x' } });
      assert.equal(r.status, 403);
      await expectAuthChecks(f, 'GET', `/messages/${foreign}`, 'read');
    });

    it('400 naming the field', async () => {
      await expect400(f, 'POST', '/messages', { subject: 'x', text: 'x' }, 'to');
      await expect400(f, 'POST', '/messages', { to: [], subject: 'x', text: 'x' }, 'to');
      await expect400(f, 'POST', '/messages', { to: Array.from({ length: 51 }, (_, i) => `m${i}@example.org`), subject: 'x', text: 'x' }, 'to');
      await expect400(f, 'POST', '/messages', { to: ['ok@example.org', 'nope@'], subject: 'x', text: 'x' }, 'to.1');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], text: 'x' }, 'subject');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], subject: 'x' }, 'markdown');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], subject: 'x', text: 'x', html: '<p>x</p>' }, 'text');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], subject: 'Bonjour {{ prenom }}', text: 'x' }, 'prenom');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], subject: 'x', text: 'x', from_address: 'bureau@ailleurs.example' }, 'from_address');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], raw: RAW('bureau@ailleurs.example') }, 'raw');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], raw: 'Subject: no from\r\n\r\nx' }, 'raw');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], raw: RAW('velo@facteur.test'), subject: 'x' }, 'subject');
      await expect400(f, 'POST', '/messages', { to: ['a@example.org'], subject: 'x', text: 'x', cc: ['b@example.org'] }, 'cc');
    });

    it("404 for another tenant's message", async () => {
      await expect404(f, 'GET', `/messages/${foreign}`);
      await expect404(f, 'GET', '/messages/999999');
    });

    it('raw MIME as text or base64, From on the platform domain', async () => {
      const text = await f.client.post<{ id: number; delivery_ids: number[] }>('/messages', { to: ['marie@example.org'], raw: RAW('velo@facteur.test') });
      assert.equal(text.status, 202, text.text);
      const b64 = await f.client.post<{ id: number }>('/messages', { to: ['marie@example.org'], raw: Buffer.from(RAW('velo@facteur.test')).toString('base64'), raw_encoding: 'base64' });
      assert.equal(b64.status, 202, b64.text);
      const m = await f.client.get<{ subject: string; from_address: string; deliveries: { recipient: string; state: string }[] }>(`/messages/${b64.body.id}`);
      assert.equal(m.body.subject, 'Votre reçu');
      assert.equal(m.body.from_address, 'velo@facteur.test');
      assert.deepEqual(m.body.deliveries.map((d) => [d.recipient, d.state]), [['marie@example.org', 'queued']]);
    });

    it('Idempotency-Key: same answer, never twice; another body with the same key is 409', async () => {
      const body = { to: ['a@example.org', 'b@example.org'], subject: 'Reçu', markdown: 'Merci **beaucoup**' };
      const headers = { 'idempotency-key': 'paheko-recu-42' };
      const first = await f.client.call<{ id: number; delivery_ids: number[]; replayed: boolean }>('POST', '/messages', { body, headers });
      assert.equal(first.status, 202, first.text);
      assert.equal(first.body.replayed, false);
      const again = await f.client.call<{ id: number; delivery_ids: number[]; replayed: boolean }>('POST', '/messages', { body: { markdown: body.markdown, subject: body.subject, to: body.to }, headers });
      assert.equal(again.status, 202);
      assert.equal(again.body.id, first.body.id);
      assert.deepEqual(again.body.delivery_ids, first.body.delivery_ids);
      assert.equal(again.body.replayed, true);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const conflict = await f.client.call<WireProblem>('POST', '/messages', { body: { ...body, subject: 'Autre' }, headers });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.code, 'ERR_IDEMPOTENCY_CONFLICT');
      const all = await f.storage.repos.deliveries.list(f.tenantA, { messageId: first.body.id });
      assert.equal(all.items.length, 2, 'no second set of deliveries');
      // Concurrent retries: one message.
      const key = { 'idempotency-key': 'concurrent-1' };
      const answers = await Promise.all(Array.from({ length: 5 }, () => f.client.call<{ id: number }>('POST', '/messages', { body, headers: key })));
      assert.ok(answers.every((a) => a.status === 202), answers.map((a) => a.text).join('\n'));
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
    });

    it('suppressed recipients are accepted and reported', async () => {
      await f.storage.repos.suppressions.add(f.tenantA, { address: 'gone@example.org', reason: 'userunknown', source: 'bounce' });
      const r = await f.client.post<{ delivery_ids: number[]; suppressed: { address: string; reason: string }[] }>('/messages', { to: ['ok@example.org', 'Gone@example.org'], subject: 'x', text: 'x' });
      assert.equal(r.status, 202, r.text);
      assert.equal(r.body.delivery_ids.length, 2);
      assert.deepEqual(r.body.suppressed, [{ address: 'gone@example.org', reason: 'userunknown' }]);
    });
  });
}
