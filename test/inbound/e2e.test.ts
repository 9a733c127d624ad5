// Issue 5 end to end over real SMTP, on every configured database: a campaign goes to a local
// server that rejects some recipients at RCPT (a dead address, and a blocklist refusal of *us*);
// later, a DSN and an ARF complaint reach facteur's inbound receiver at their VERP addresses.
// The right deliveries end bounced/complained, the right addresses are suppressed, the reputation
// block suppresses nobody, and the next campaign skips the dead ones (`suppressed`, with the reason).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { recordingServer, testDispatcher } from '../delivery/dispatcher/servers.ts';
import { DeliveryEngine, type Failure } from '../../src/delivery/engine/index.ts';
import { enqueueCampaign } from '../../src/delivery/queue/index.ts';
import { applyDeliveryFailure } from '../../src/inbound/effects.ts';
import { InboundProcessor } from '../../src/inbound/processor.ts';
import { startReceiver } from '../../src/inbound/receiver.ts';
import { verpAddress } from '../../src/core/tokens.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { StaticResolver } from '../../src/lib/dns.ts';
import type { Storage } from '../../src/storage/index.ts';
import { sendOne } from './smtp-client.ts';

const SECRET = 'e2e-secret-0123456789abcdef0123456789';
const BOUNCES = 'bounces.facteur.test';
const zone = new StaticResolver({ 'a.example': { MX: [{ exchange: 'mx.a.example', priority: 10 }] }, 'b.example': { MX: [{ exchange: 'mx.b.example', priority: 10 }] } });
const OK = ['ok1@a.example', 'ok2@a.example', 'ok3@b.example'];
const ALL = [...OK, 'unknown@a.example', 'later@a.example', 'angry@a.example', 'blockme@b.example'];

function dsn(verp: string, recipient: string): string {
  return [
    'From: MAILER-DAEMON@mx.a.example (Mail Delivery System)', `To: ${verp}`, 'Subject: Undelivered Mail Returned to Sender',
    'Auto-Submitted: auto-replied', 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"', '',
    '--B1', 'Content-Type: text/plain', '', `<${recipient}>: host mx.a.example said: 550 5.1.1 User unknown`, '',
    '--B1', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.a.example', '',
    `Final-Recipient: rfc822; ${recipient}`, 'Action: failed', 'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown in local recipient table`, '',
    '--B1', 'Content-Type: text/rfc822-headers', '', `Return-Path: <${verp}>`, 'From: Atelier <atelier@facteur.test>', `To: ${recipient}`, 'Subject: Nouvelles', '',
    '--B1--', '',
  ].join('\r\n');
}

function arf(verp: string, recipient: string): string {
  return [
    'From: feedback@a.example', `To: ${verp}`, 'Subject: Abuse report', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="C1"', '',
    '--C1', 'Content-Type: text/plain', '', 'This is an e-mail abuse report.', '',
    '--C1', 'Content-Type: message/feedback-report', '', 'Feedback-Type: abuse', 'User-Agent: TestFBL/1.0', 'Version: 1',
    `Original-Mail-From: <${verp}>`, `Original-Rcpt-To: <${recipient}>`, '',
    '--C1', 'Content-Type: message/rfc822', '', `Return-Path: <${verp}>`, 'From: Atelier <atelier@facteur.test>', `To: ${recipient}`, 'Subject: Nouvelles', '', 'Bonjour', '',
    '--C1--', '',
  ].join('\r\n');
}

async function until(what: string, cond: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function send(storage: Storage, tenantId: number, campaignId: number, port: number): Promise<void> {
  const failures = async (list: Failure[]) => {
    for (const f of list) {
      await storage.transaction((repos) =>
        applyDeliveryFailure(repos, { tenantId: f.tenantId, deliveryId: f.deliveryId, reason: f.reason, hard: f.hard, code: f.code, enhanced: f.enhanced, response: f.response, source: 'smtp', recordOutcome: false }),
      );
    }
  };
  const engine = new DeliveryEngine({
    storage, dispatcher: testDispatcher({ routes: { '*': `127.0.0.1:${port}` }, resolver: zone }), clock: systemClock, logger: silentLogger(),
    secret: SECRET, publicUrl: 'https://facteur.test', bounceDomain: BOUNCES, retry: { scheduleMinutes: [5], maxAgeMs: 3600_000 },
    leaseMs: 30_000, claimBatch: 50, maxInFlight: 100, composeWorkers: 0, onFailure: failures,
  });
  await enqueueCampaign(storage, tenantId, campaignId, { platformDomain: 'facteur.test' });
  engine.start();
  try {
    await until('campaign settled', async () => {
      const c = await storage.repos.deliveries.countByState(tenantId, campaignId);
      return (c.queued ?? 0) + (c.sending ?? 0) + (c.deferred ?? 0) === 0;
    });
  } finally {
    await engine.stop();
  }
}

for (const dialect of testDialects()) {
  describe(`bounces and complaints end to end (${dialect})`, () => {
    let t: TestDb;
    before(async () => {
      t = await openTestDb(dialect);
    });
    after(async () => t.dispose());

    it('sync rejections, a later DSN and an ARF report: bounced/complained, suppressed, skipped next time; a reputation block suppresses nobody', async () => {
      const s = t.storage;
      const tenant = await s.repos.tenants.create({ slug: 'atelier', name: 'Atelier' });
      const list = await s.repos.lists.create(tenant.id, { slug: 'news', name: 'Nouvelles' });
      for (const address of ALL) {
        const { contact } = await s.repos.contacts.upsert(tenant.id, { address, addressNormalized: address });
        await s.repos.contacts.subscribe(tenant.id, list.id, contact.id);
      }
      const server = await recordingServer({
        rcpt: (a) =>
          a === 'unknown@a.example' ? [550, '5.1.1 <unknown@a.example>: Recipient address rejected: User unknown in local recipient table']
          : a === 'blockme@b.example' ? [554, '5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org']
          : undefined,
      });
      const processor = new InboundProcessor({ storage: s, secret: SECRET, bounceDomain: BOUNCES });
      const receiver = await startReceiver({ processor, host: '127.0.0.1', port: 0, hostname: 'mx.facteur.test', maxMessageBytes: 1 << 20 });
      try {
        const first = await s.repos.campaigns.create(tenant.id, { name: 'c1', subject: 'Nouvelles', bodyMarkdown: 'Bonjour', listIds: [list.id] });
        await send(s, tenant.id, first.id, server.port);
        const rows = (await s.repos.deliveries.list(tenant.id, { campaignId: first.id, limit: 100 })).items;
        const by = (a: string) => rows.find((d) => d.recipient === a)!;
        assert.equal(by('unknown@a.example').state, 'bounced');
        assert.equal(by('unknown@a.example').reason, 'userunknown');
        assert.equal(by('blockme@b.example').state, 'bounced');
        assert.equal(by('blockme@b.example').reason, 'blocked');
        for (const a of [...OK, 'later@a.example', 'angry@a.example']) assert.equal(by(a).state, 'delivered', a);

        // Later: a DSN for later@ and an ARF complaint for angry@, each at its VERP address.
        const dsnReply = await sendOne(receiver.address().port, '', [verpAddress(SECRET, BOUNCES, tenant.id, by('later@a.example').id)], dsn(verpAddress(SECRET, BOUNCES, tenant.id, by('later@a.example').id), 'later@a.example'));
        assert.equal(dsnReply.data?.code, 250, JSON.stringify(dsnReply));
        const arfReply = await sendOne(receiver.address().port, 'feedback@a.example', [verpAddress(SECRET, BOUNCES, tenant.id, by('angry@a.example').id)], arf(verpAddress(SECRET, BOUNCES, tenant.id, by('angry@a.example').id), 'angry@a.example'));
        assert.equal(arfReply.data?.code, 250);
        // A forged VERP address is refused at RCPT.
        const forged = await sendOne(receiver.address().port, '', [`bounces+${tenant.id}-${by('ok1@a.example').id}-aaaaaaaaaaaaaaaa@${BOUNCES}`], dsn('x', 'ok1@a.example'));
        assert.equal(forged.rcpt[0]?.code, 550);

        assert.equal((await s.repos.deliveries.get(tenant.id, by('later@a.example').id))?.state, 'bounced');
        const events = (await s.repos.events.list(tenant.id, { limit: 500 })).items;
        assert.ok(events.some((e) => e.type === 'complained' && e.deliveryId === by('angry@a.example').id), 'complaint recorded on its delivery');
        assert.equal((await s.repos.contacts.getByAddress(tenant.id, 'angry@a.example'))?.status, 'complained');
        for (const a of ['unknown@a.example', 'later@a.example', 'angry@a.example']) assert.ok(await s.repos.suppressions.find(tenant.id, a), `${a} is suppressed`);
        assert.equal(await s.repos.suppressions.find(tenant.id, 'blockme@b.example'), undefined, 'a block of our IP is not the member\'s fault');
        for (const a of OK) assert.equal(await s.repos.suppressions.find(tenant.id, a), undefined);

        // The next campaign skips the dead addresses, saying why; the blocked member is tried again.
        const sent = server.recipients.length;
        const second = await s.repos.campaigns.create(tenant.id, { name: 'c2', subject: 'Encore', bodyMarkdown: 'Re-bonjour', listIds: [list.id] });
        await send(s, tenant.id, second.id, server.port);
        const next = (await s.repos.deliveries.list(tenant.id, { campaignId: second.id, limit: 100 })).items;
        const n = (a: string) => next.find((d) => d.recipient === a);
        assert.equal(n('unknown@a.example')?.state, 'suppressed');
        assert.equal(n('unknown@a.example')?.reason, 'userunknown');
        assert.equal(n('later@a.example')?.state, 'suppressed');
        assert.equal(n('angry@a.example'), undefined, 'the complainant was unsubscribed from the list: not a recipient any more');
        assert.equal(n('blockme@b.example')?.state, 'bounced', 'tried again, not suppressed');
        const newly = server.recipients.slice(sent);
        assert.deepEqual([...newly].sort(), [...OK].sort(), 'only the healthy members received the second campaign');
      } finally {
        await receiver.close();
        await server.close();
      }
    });
  });
}
