import { corpus } from '../helpers/corpora.ts';
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { verpCodec, unsubscribeToken } from '../../src/core/tokens.ts';
import { isAddressLevelHard, isSenderReputationProblem } from '../../src/core/bounces/index.ts';
import { parseBounce } from '../../src/inbound/parse/index.ts';
import { InboundProcessor } from '../../src/inbound/processor.ts';
import { startReceiver, type Receiver } from '../../src/inbound/receiver.ts';
import { deliveryMessageId } from '../../src/inbound/match.ts';
import { RawSmtp, sendOne } from './smtp-client.ts';
import { makeWorld, get, SECRET, BOUNCE_DOMAIN, type World } from './fixtures.ts';

const EML = corpus('bounces/sisimai/eml');
const eml = (name: string) => readFileSync(`${EML}/${name}`, 'latin1');
const first = (name: string) => {
  const r = parseBounce(Buffer.from(eml(name), 'latin1')).recipients[0];
  assert.ok(r, `${name} parses to a recipient`);
  return r;
};

const DSN_DEAD = 'lhost-postfix-31.eml'; // 550 5.1.1 user unknown
const DSN_FULL = 'lhost-postfix-63.eml'; // 552 5.2.2 mailbox full
const DSN_BLOCKED = 'lhost-postfix-54.eml'; // 550 5.7.1 refused because of the sender
const ARF = 'arf-15.eml'; // feedback loop report, abuse

for (const dialect of testDialects()) {
  describe(`inbound SMTP receiver (${dialect})`, () => {
    let db: TestDb;
    let world: World;
    let receiver: Receiver;
    let small: Receiver;
    let port: number;
    const clock = new FakeClock();
    const blocked: Array<[string, string]> = [];
    const codec = verpCodec(SECRET, BOUNCE_DOMAIN);
    const verp = (address: string) => codec.address(world.tenantId, get(world, address).deliveryId);

    before(async () => {
      db = await openTestDb(dialect, { clock });
      world = await makeWorld(db.storage, 'atelier', [
        first(DSN_DEAD).recipient, first(DSN_FULL).recipient, first(DSN_BLOCKED).recipient,
        'complainer@example.net', 'fbl-by-id@example.net', 'member@example.org',
      ]);
      const processor = new InboundProcessor({
        storage: db.storage, secret: SECRET, bounceDomain: BOUNCE_DOMAIN,
        onSenderReputationProblem: (domain, reason) => blocked.push([domain, reason]),
      });
      receiver = await startReceiver({ processor, host: '127.0.0.1', port: 0, hostname: 'mx.facteur.test', maxMessageBytes: 10 * 1024 * 1024 });
      small = await startReceiver({ processor, host: '127.0.0.1', port: 0, hostname: 'mx.facteur.test', maxMessageBytes: 64 * 1024 });
      port = receiver.address().port;
    });
    after(async () => {
      await receiver.close();
      await small.close();
      await db.dispose();
    });

    it('a real Postfix DSN (5.1.1) at a VERP address: 250, delivery bounced, suppressed for the tenant and the platform', async () => {
      const rcpt = first(DSN_DEAD);
      assert.ok(isAddressLevelHard(rcpt.reason), `fixture still reads as address-level hard (got ${rcpt.reason})`);
      const r = await sendOne(port, '', [verp(rcpt.recipient)], eml(DSN_DEAD));
      assert.equal(r.rcpt[0]!.code, 250);
      assert.equal(r.data?.code, 250);
      const d = await db.storage.repos.deliveries.get(world.tenantId, get(world, rcpt.recipient).deliveryId);
      assert.equal(d?.state, 'bounced');
      assert.equal(d?.lastEnhanced, '5.1.1');
      assert.equal((await db.storage.repos.suppressions.find(world.tenantId, rcpt.recipient))?.tenantId, world.tenantId);
      // Any other tenant sees the platform row.
      assert.equal((await db.storage.repos.suppressions.find(world.tenantId + 1000, rcpt.recipient))?.tenantId, null);
      const page = await db.storage.repos.inboundLog.list(world.tenantId);
      assert.equal(page.items.at(-1)?.outcome, 'applied');
      assert.equal(page.items.at(-1)?.kind, 'dsn');
    });

    it('a mailbox-full DSN adds to the soft score without suppressing', async () => {
      const rcpt = first(DSN_FULL);
      const r = await sendOne(port, '', [verp(rcpt.recipient)], eml(DSN_FULL));
      assert.equal(r.data?.code, 250);
      const d = await db.storage.repos.deliveries.get(world.tenantId, get(world, rcpt.recipient).deliveryId);
      assert.equal(d?.state, 'bounced');
      assert.equal(await db.storage.repos.suppressions.find(world.tenantId, rcpt.recipient), undefined);
      const { addressHash } = await import('../../src/storage/index.ts');
      assert.equal((await db.storage.repos.bounceScores.get(world.tenantId, addressHash(rcpt.recipient)))?.score, 1);
    });

    it('a DSN refusing the sender: nobody suppressed, the reputation hook is called', async () => {
      const rcpt = first(DSN_BLOCKED);
      assert.ok(isSenderReputationProblem(rcpt.reason), `fixture still reads as a sender problem (got ${rcpt.reason})`);
      const r = await sendOne(port, '', [verp(rcpt.recipient)], eml(DSN_BLOCKED));
      assert.equal(r.data?.code, 250);
      assert.equal(await db.storage.repos.suppressions.find(world.tenantId, rcpt.recipient), undefined);
      assert.deepEqual(blocked, [[rcpt.recipient.split('@')[1], rcpt.reason]]);
      const c = await db.storage.repos.contacts.get(world.tenantId, get(world, rcpt.recipient).contactId);
      assert.equal(c?.status, 'active');
    });

    it('an ARF report at the complaint address, matched by the VERP Return-Path quoted in the original', async () => {
      const who = 'complainer@example.net';
      const report = eml(ARF).replace('Return-Path: <kijitora@example.net>', `Return-Path: <${verp(who)}>`);
      const r = await sendOne(port, 'fbl@isp.example', [`fbl@${BOUNCE_DOMAIN}`], report);
      assert.equal(r.rcpt[0]!.code, 250);
      assert.equal(r.data?.code, 250);
      const c = await db.storage.repos.contacts.get(world.tenantId, get(world, who).contactId);
      assert.equal(c?.status, 'complained');
      assert.equal((await db.storage.repos.suppressions.find(world.tenantId, who))?.source, 'complaint');
    });

    it('an ARF report matched by facteur\'s signed Message-ID alone', async () => {
      const who = 'fbl-by-id@example.net';
      const mid = deliveryMessageId(SECRET, world.tenantId, get(world, who).deliveryId, 'atelier.example');
      const report = eml(ARF).replace('<ffffffffffffffffffffffff00000000@example.net>', mid);
      const r = await sendOne(port, 'fbl@isp.example', [`fbl@${BOUNCE_DOMAIN}`], report);
      assert.equal(r.data?.code, 250);
      assert.equal((await db.storage.repos.contacts.get(world.tenantId, get(world, who).contactId))?.status, 'complained');
    });

    it('mailto: unsubscribe: the contact leaves that list at once', async () => {
      const { contactId } = get(world, 'member@example.org');
      const token = unsubscribeToken(SECRET, { tenantId: world.tenantId, contactId, listId: world.listId });
      const r = await sendOne(port, 'member@example.org', [`unsubscribe+${token}@${BOUNCE_DOMAIN}`], 'From: member@example.org\r\nSubject: unsubscribe\r\n\r\n');
      assert.equal(r.rcpt[0]!.code, 250);
      assert.equal(r.data?.code, 250);
      assert.deepEqual(await db.storage.repos.contacts.memberships(world.tenantId, contactId), [{ listId: world.listId, status: 'unsubscribed' }]);
    });

    it('forged or foreign recipients: 550, and no relaying ever', async () => {
      const good = verp('member@example.org');
      const forged = good.replace(/-[a-z2-7]+@/, '-abcdefghijklmnop@');
      const { client } = await RawSmtp.open(port);
      const ehlo = await client.command('EHLO mta.example.net');
      assert.doesNotMatch(ehlo.text, /\bAUTH\b/);
      assert.match(ehlo.text, /SIZE 10485760/);
      assert.ok((await client.command('AUTH PLAIN AGZvbwBiYXI=')).code >= 500, 'AUTH is not offered');
      assert.equal((await client.command('MAIL FROM:<>')).code, 250);
      const refused = await client.command(`RCPT TO:<${forged}>`);
      assert.equal(refused.code, 550);
      assert.match(refused.text, /^5\.1\.1 /);
      assert.equal((await client.command(`RCPT TO:<someone@gmail.com>`)).code, 550);
      assert.equal((await client.command(`RCPT TO:<bounces+1-1-aaaaaaaaaaaaaaaa@${BOUNCE_DOMAIN}>`)).code, 550);
      assert.equal((await client.command(`RCPT TO:<unsubscribe+1-1-1-${'a'.repeat(26)}@${BOUNCE_DOMAIN}>`)).code, 550);
      assert.equal((await client.command(`RCPT TO:<postmaster@${BOUNCE_DOMAIN}>`)).code, 250);
      client.close();
    });

    it('0 bytes, malformed MIME and binary garbage: 250 and logged as not understood, server still up', async () => {
      const target = [verp('member@example.org')];
      const malformed = [
        '',
        'Content-Type: multipart/report; boundary="x"\r\n\r\n--x\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns;\r\nFinal-Recipient: \r\n--x',
        'Content-Type: multipart/mixed; boundary=\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!not base64====\r\n--\r\n--',
        Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 256)),
        'Subject: =?utf-8?B?broken?=\r\n' + 'X-Long: ' + 'a'.repeat(100000) + '\r\n\r\nbody',
      ];
      for (const m of malformed) {
        const r = await sendOne(port, '', target, m);
        assert.equal(r.data?.code, 250);
      }
      const log = await db.storage.repos.inboundLog.listAll({ outcome: 'unparsed', limit: 100 });
      assert.ok(log.items.length >= 3, `unparsed messages are logged (${log.items.length})`);
      assert.equal((await sendOne(port, '', [verp('member@example.org')], '')).data?.code, 250);
    });

    it('oversize: SIZE= beyond the limit refused at MAIL, a larger body refused with 552 after DATA', async () => {
      const sport = small.address().port;
      const { client } = await RawSmtp.open(sport);
      await client.command('EHLO mta.example.net');
      assert.equal((await client.command('MAIL FROM:<> SIZE=1000000')).code, 552);
      client.close();
      const big = 'Subject: big\r\n\r\n' + ('x'.repeat(998) + '\r\n').repeat(200);
      const r = await sendOne(sport, '', [verp('member@example.org')], big);
      assert.equal(r.data?.code, 552);
      assert.match(r.data?.text ?? '', /^5\.3\.4 /);
      // 50 MB to the 10 MB server: refused, memory bounded, and the next message still works.
      const huge = Buffer.alloc(50 * 1024 * 1024, 'y');
      huge.write('Subject: huge\r\n\r\n');
      const before = process.memoryUsage().rss;
      const h = await sendOne(port, '', [verp('member@example.org')], huge);
      assert.equal(h.data?.code, 552);
      assert.ok(process.memoryUsage().rss - before < 400 * 1024 * 1024);
      assert.equal((await sendOne(port, '', [verp('member@example.org')], 'Subject: hi\r\n\r\nhello')).data?.code, 250);
    });
  });
}
