// End to end through the API on every database: contacts, a list and a campaign created over
// HTTP, sent by a real DeliveryEngine to an SMTP server on loopback; webhooks reach an HTTP
// receiver on 127.0.0.1 and their Standard Webhooks signatures are checked here independently;
// the statistics add up; GDPR export and erasure, then a re-import is still suppressed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDialects } from '../../helpers/db.ts';
import { apiFixture, type ApiFixture, type WireContact, type WirePage } from '../../helpers/api-client.ts';
import { recordingServer, testDispatcher, type Recorder } from '../../delivery/dispatcher/servers.ts';
import { DeliveryEngine } from '../../../src/delivery/engine/index.ts';
import { WebhookDispatcher } from '../../../src/delivery/webhooks/index.ts';
import { startDueCampaigns } from '../../../src/delivery/queue/index.ts';
import { systemClock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function receiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/facteur`, got, close: () => new Promise((r) => server.close(() => r())) };
}

/** Standard Webhooks verification written from the spec, not with facteur's own helper. */
function validSignature(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${String(r.headers['webhook-id'])}.${String(r.headers['webhook-timestamp'])}.${r.body}`;
  const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
  return String(r.headers['webhook-signature']).split(' ').includes(expected) && Math.abs(Date.now() / 1000 - Number(r.headers['webhook-timestamp'])) < 300;
}

async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const zone = new StaticResolver({ 'velo.example': { MX: [{ exchange: 'mx.velo.example', priority: 10 }] } });

for (const dialect of testDialects()) {
  describe(`campaign through the API, webhooks and GDPR (${dialect})`, () => {
    let f: ApiFixture;
    let smtp: Recorder;
    let hook: Awaited<ReturnType<typeof receiver>>;
    let engine: DeliveryEngine;
    let webhooks: WebhookDispatcher;
    before(async () => {
      f = await apiFixture(dialect, { platform: { domain: 'facteur.test' } });
      smtp = await recordingServer({ rcpt: (a) => (a === 'inconnu@velo.example' ? [550, '5.1.1 <inconnu@velo.example>: Recipient address rejected: User unknown'] : undefined) });
      hook = await receiver();
      engine = new DeliveryEngine({
        storage: f.storage,
        dispatcher: testDispatcher({ routes: { '*': `127.0.0.1:${smtp.port}` }, resolver: zone, clock: systemClock }),
        clock: systemClock,
        logger: silentLogger(),
        secret: 'test-secret-0123456789abcdef',
        publicUrl: 'https://facteur.test',
        bounceDomain: 'bounces.facteur.test',
        retry: { scheduleMinutes: [5], maxAgeMs: 3600_000 },
        leaseMs: 30_000,
        claimBatch: 50,
        maxInFlight: 100,
        composeWorkers: 0,
      });
      webhooks = new WebhookDispatcher({ storage: f.storage, clock: systemClock, logger: silentLogger(), pollMs: 50, settleMs: 0 });
    });
    after(async () => {
      await webhooks.stop();
      await engine.stop();
      await smtp.close();
      await hook.close();
      await f.dispose();
    });

    it('sends a campaign made over the API; webhooks are signed and in order; the stats add up', async () => {
      const c = f.client;
      const list = (await c.createList('adherents', 'Adhérents')).body.id;
      const members = ['anne', 'bruno', 'chloe', 'david', 'emma', 'inconnu'].map((n) => `${n}@velo.example`);
      const bulk = await c.post<{ created: number }>('/contacts/bulk', { contacts: members.map((address, i) => ({ address, name: `Membre ${i}`, fields: { first_name: address.split('@')[0] } })), list_ids: [list] });
      assert.equal(bulk.body.created, 6, JSON.stringify(bulk.body));
      const wh = await c.post<{ id: number; secret: string }>('/webhooks', { url: hook.url });
      assert.equal(wh.status, 201, wh.text);
      const camp = await c.post<{ id: number }>('/campaigns', { name: 'Bourse', subject: 'Bourse aux vélos, {{ first_name }} !', markdown: '# Bonjour {{ first_name }}\n\nSamedi à 10 h.', list_ids: [list] });
      assert.equal(camp.status, 201, camp.text);
      const preview = await c.post<{ subject: string; html: string; text: string }>(`/campaigns/${camp.body.id}/preview`, { address: 'anne@velo.example' });
      assert.equal(preview.body.subject, 'Bourse aux vélos, anne !');
      assert.match(preview.body.text, /Bonjour anne/);
      const test = await c.post<{ delivery_ids: number[] }>(`/campaigns/${camp.body.id}/test`, { to: ['bureau@velo.example'] });
      assert.equal(test.status, 202, test.text);

      engine.start();
      webhooks.start();
      const sent = await c.post<{ deliveries: number }>(`/campaigns/${camp.body.id}/send`);
      assert.equal(sent.status, 202, sent.text);
      assert.equal(sent.body.deliveries, 6);
      type Stats = { status: string; total: number; by_state: Record<string, number>; by_reason: { state: string; reason: string; count: number }[] };
      let stats: Stats | undefined;
      await until('campaign settled', async () => {
        stats = (await c.get<Stats>(`/campaigns/${camp.body.id}/stats`)).body;
        return (stats.by_state.delivered ?? 0) + (stats.by_state.bounced ?? 0) === 6;
      });
      assert.equal(stats!.total, 6);
      assert.equal(Object.values(stats!.by_state).reduce((a, b) => a + b, 0), stats!.total);
      assert.equal(stats!.by_state.delivered, 5);
      assert.deepEqual(stats!.by_reason, [{ state: 'bounced', reason: 'userunknown', count: 1 }]);
      assert.ok(!smtp.recipients.includes('inconnu@velo.example'));
      assert.ok(smtp.recipients.includes('bureau@velo.example'), 'the test message went to the test address');
      assert.equal(smtp.recipients.filter((r) => r !== 'bureau@velo.example').length, 5, 'the lists got the campaign once, not the test');

      // 5 delivered + 1 bounced for the campaign, 1 delivered for the test.
      await until('webhooks received', () => hook.got.length >= 7);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(hook.got.length, 7, 'accepted events are not webhook events; nothing twice');
      for (const r of hook.got) assert.ok(validSignature(wh.body.secret, r), `signature of ${r.body}`);
      const payloads = hook.got.map((r) => JSON.parse(r.body) as { type: string; timestamp: string; data: { event_id: number; recipient: string; reason?: string } });
      const ids = payloads.map((p) => p.data.event_id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in event order');
      assert.deepEqual(hook.got.map((r) => r.headers['webhook-id']), ids.map((i) => `evt_${i}`));
      const bounced = payloads.find((p) => p.type === 'bounced')!;
      assert.equal(bounced.data.recipient, 'inconnu@velo.example');
      assert.equal(bounced.data.reason, 'userunknown');

      const failures = await c.get<WirePage<{ address: string; kind: string; reason: string; code: number }>>(`/campaigns/${camp.body.id}/failures`);
      assert.deepEqual(failures.body.items.map((x) => [x.address, x.kind, x.reason, x.code]), [['inconnu@velo.example', 'bounced', 'userunknown', 550]]);
      const csv = await c.call('GET', `/campaigns/${camp.body.id}/failures?separator=semicolon&lang=fr`, { headers: { accept: 'text/csv' } });
      assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.ok(csv.text.startsWith('\uFEFFAdresse e-mail;Nom;Problème;'), csv.text);
      assert.match(csv.text, /\r\ninconnu@velo\.example;Membre 5;adresse en échec;userunknown;550;/);
      const events = await c.get<WirePage<{ type: string }>>(`/events?campaign_id=${camp.body.id}&type=bounced`);
      assert.equal(events.body.items.length, 1);
      assert.equal((await c.get<{ status: string }>(`/campaigns/${camp.body.id}`)).body.status, 'sending');
    });

    it('GDPR: export everything, erase, and a re-import is still not mailed', async () => {
      const c = f.client;
      const anne = (await c.get<WirePage<WireContact>>('/contacts?address=anne@velo.example')).body.items[0]!;
      const x = await c.get<{ contact: WireContact; memberships: unknown[]; deliveries: { recipient: string; state: string }[]; events: { type: string }[]; suppressions: unknown[] }>(`/contacts/${anne.id}/export`);
      assert.equal(x.status, 200, x.text);
      assert.equal(x.body.contact.address, 'anne@velo.example');
      assert.equal(x.body.memberships.length, 1);
      assert.deepEqual(x.body.deliveries.map((d) => [d.recipient, d.state]), [['anne@velo.example', 'delivered']]);
      assert.ok(x.body.events.some((e) => e.type === 'delivered'));

      const erased = await c.post<{ erased: boolean; deliveries: number }>(`/contacts/${anne.id}/erase`);
      assert.equal(erased.status, 200, erased.text);
      assert.equal((await c.get(`/contacts/${anne.id}`)).status, 404);
      const left = await f.storage.repos.deliveries.list(f.tenantA, { limit: 500 });
      assert.ok(!JSON.stringify(left.items).includes('anne@'), 'no delivery keeps the address');
      const ev = await c.get<WirePage<{ data: unknown }>>('/events?limit=500');
      assert.ok(!JSON.stringify(ev.body.items).includes('anne@'), 'no event keeps the address');
      const sup = await f.storage.repos.suppressions.list(f.tenantA);
      const row = sup.items.find((s) => s.source === 'erasure')!;
      assert.equal(row.address, null, 'only the hash is kept');

      // The association re-imports its member file: Anne comes back as a contact, suppressed.
      const list = (await c.get<WirePage<{ id: number }>>('/lists')).body.items[0]!.id;
      const imp = await c.importCsv(list, 'Courriel;Prénom\nanne@velo.example;Anne\n');
      assert.equal(imp.status, 200, imp.text);
      const back = (await c.get<WirePage<WireContact>>('/contacts?address=anne@velo.example')).body.items[0]!;
      assert.equal(back.suppressed?.source, 'erasure');
      const again = await c.post<{ id: number }>('/campaigns', { name: 'Rappel', subject: 'Rappel', markdown: 'Samedi !', list_ids: [list] });
      const before = smtp.recipients.length;
      await c.post(`/campaigns/${again.body.id}/send`);
      await until('second campaign settled', async () => {
        const s = (await c.get<{ by_state: Record<string, number> }>(`/campaigns/${again.body.id}/stats`)).body.by_state;
        return (s.queued ?? 0) + (s.sending ?? 0) + (s.deferred ?? 0) === 0;
      });
      const s = (await c.get<{ by_state: Record<string, number> }>(`/campaigns/${again.body.id}/stats`)).body.by_state;
      assert.equal(s.suppressed, 1);
      assert.ok(!smtp.recipients.slice(before).includes('anne@velo.example'), 'an erased address is never mailed again');
    });

    it('a scheduled campaign starts when its time comes', async () => {
      const c = f.client;
      const list = (await c.get<WirePage<{ id: number }>>('/lists')).body.items[0]!.id;
      const camp = await c.post<{ id: number }>('/campaigns', { name: 'Plus tard', subject: 'Plus tard', markdown: 'x', list_ids: [list] });
      const at = new Date(Date.now() + 3600_000).toISOString();
      const s = await c.post<{ status: string; scheduled_at: string }>(`/campaigns/${camp.body.id}/schedule`, { at });
      assert.equal(s.body.status, 'scheduled', s.text);
      assert.deepEqual(await startDueCampaigns(f.storage, Date.now(), { platformDomain: 'facteur.test' }), []);
      assert.deepEqual(await startDueCampaigns(f.storage, Date.now() + 2 * 3600_000, { platformDomain: 'facteur.test' }), [camp.body.id]);
      assert.equal((await c.get<{ status: string }>(`/campaigns/${camp.body.id}`)).body.status, 'sending');
      await c.post(`/campaigns/${camp.body.id}/cancel`);
    });
  });
}
