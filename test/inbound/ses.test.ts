import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { openTestDb, testDialects, type TestDb } from '../helpers/db.ts';
import { FakeClock } from '../../src/lib/clock.ts';
import { verpCodec } from '../../src/core/tokens.ts';
import { InboundProcessor } from '../../src/inbound/processor.ts';
import { deliveryMessageId } from '../../src/inbound/match.ts';
import { createSesHandler, isSnsUrl, snsStringToSign, verifySnsMessage, type SnsMessage } from '../../src/inbound/ses.ts';
import { sesRoutes } from '../../src/web/routes/ses.ts';
import { makeWorld, get, SECRET, BOUNCE_DOMAIN, type World } from './fixtures.ts';

const CERT_URL = 'https://sns.eu-west-3.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem';
const TOPIC = 'arn:aws:sns:eu-west-3:123456789012:facteur-ses';

/** A self-signed certificate like SNS's (CN sns.amazonaws.com), made by openssl for this run. */
function makeCert(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-sns-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=sns.amazonaws.com'], { stdio: 'ignore' });
    return { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function signed(key: string, fields: Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>, version: '1' | '2' = '2', certUrl = CERT_URL): SnsMessage {
  const m: SnsMessage = { ...fields, SignatureVersion: version, SigningCertURL: certUrl, Signature: '' };
  m.Signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(snsStringToSign(m)!, 'utf8'), key).toString('base64');
  return m;
}

function notification(message: object): Omit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'> {
  return { Type: 'Notification', MessageId: 'a1b2c3', TopicArn: TOPIC, Message: JSON.stringify(message), Timestamp: '2026-01-01T00:00:00.000Z' };
}

const { cert, key } = makeCert();
const fetchCert = async (url: string) => {
  if (url !== CERT_URL) throw new Error(`unexpected fetch ${url}`);
  return cert;
};

describe('SNS signature verification', () => {
  const clock = new FakeClock(Date.now());
  const m = signed(key, notification({ notificationType: 'Delivery' }));

  it('accepts SignatureVersion 1 and 2 signed with the certificate\'s key', async () => {
    assert.deepEqual(await verifySnsMessage(m, { fetchCert, clock }), { ok: true });
    assert.deepEqual(await verifySnsMessage(signed(key, notification({ x: 1 }), '1'), { fetchCert, clock }), { ok: true });
    const withSubject = signed(key, { ...notification({ x: 2 }), Subject: 'Amazon SES Email Event Notification' });
    assert.deepEqual(await verifySnsMessage(withSubject, { fetchCert, clock }), { ok: true });
  });

  it('refuses a tampered message, another key, an unknown version, an expired certificate', async () => {
    assert.equal((await verifySnsMessage({ ...m, Message: m.Message.replace('Delivery', 'Bounce') }, { fetchCert, clock })).ok, false);
    assert.equal((await verifySnsMessage({ ...m, TopicArn: 'arn:aws:sns:eu-west-3:999:other' }, { fetchCert, clock })).ok, false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.equal((await verifySnsMessage(signed(other, notification({ x: 1 })), { fetchCert, clock })).ok, false);
    assert.equal((await verifySnsMessage({ ...m, SignatureVersion: '3' }, { fetchCert, clock })).ok, false);
    assert.equal((await verifySnsMessage({ ...m, Signature: 'not base64 at all' }, { fetchCert, clock })).ok, false);
    const later = new FakeClock(Date.now() + 10 * 24 * 3600 * 1000);
    assert.equal((await verifySnsMessage(m, { fetchCert, clock: later })).ok, false);
  });

  it('only fetches certificates from https://sns.<region>.amazonaws.com', async () => {
    assert.ok(isSnsUrl(CERT_URL, true));
    assert.ok(isSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/x.pem', true));
    for (const bad of [
      'http://sns.eu-west-3.amazonaws.com/x.pem',
      'https://sns.eu-west-3.amazonaws.com.evil.example/x.pem',
      'https://evil.example/sns.eu-west-3.amazonaws.com/x.pem',
      'https://user@sns.eu-west-3.amazonaws.com/x.pem',
      'https://sns.eu-west-3.amazonaws.com:8443/x.pem',
      'https://sns.eu-west-3.amazonaws.com/x.txt',
      'https://s3.amazonaws.com/x.pem',
    ]) {
      assert.equal(isSnsUrl(bad, true), false, bad);
      let fetched = false;
      const r = await verifySnsMessage(signed(key, notification({ x: 1 }), '2', bad), { fetchCert: async () => ((fetched = true), cert), clock });
      assert.equal(r.ok, false, bad);
      assert.equal(fetched, false, `never fetched ${bad}`);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`SES notifications (${dialect})`, () => {
    let db: TestDb;
    let world: World;
    let processor: InboundProcessor;
    const confirmed: string[] = [];
    let handler: ReturnType<typeof createSesHandler>;
    const clock = new FakeClock(Date.now());
    const codec = verpCodec(SECRET, BOUNCE_DOMAIN);

    before(async () => {
      db = await openTestDb(dialect, { clock });
      world = await makeWorld(db.storage, 'jardin', ['gone@example.com', 'angry@example.com', 'fine@example.com', 'web@example.com']);
      processor = new InboundProcessor({ storage: db.storage, secret: SECRET, bounceDomain: BOUNCE_DOMAIN });
      handler = createSesHandler({ processor, fetchCert, clock, topicArns: [TOPIC], confirmSubscription: async (u) => void confirmed.push(u) });
    });
    after(() => db.dispose());

    const mail = (address: string, extra: object = {}) => ({
      timestamp: '2026-01-01T00:00:00.000Z', source: codec.address(world.tenantId, get(world, address).deliveryId),
      messageId: '0102018d-ses-id', destination: [address], ...extra,
    });

    it('Bounce (Permanent/General, 5.1.1) matched by mail.source: bounced and suppressed everywhere', async () => {
      const res = await handler(signed(key, notification({
        notificationType: 'Bounce',
        bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'gone@example.com', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown' }] },
        mail: mail('gone@example.com'),
      })));
      assert.deepEqual(res, { status: 200, body: { outcome: 'applied' } });
      assert.equal((await db.storage.repos.deliveries.get(world.tenantId, get(world, 'gone@example.com').deliveryId))?.state, 'bounced');
      assert.equal((await db.storage.repos.suppressions.find(world.tenantId + 999, 'gone@example.com'))?.tenantId, null);
    });

    it('Complaint matched by the signed Message-ID in commonHeaders: complained and suppressed', async () => {
      const mid = deliveryMessageId(SECRET, world.tenantId, get(world, 'angry@example.com').deliveryId, 'jardin.example');
      const res = await handler(signed(key, notification({
        notificationType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'angry@example.com' }], complaintFeedbackType: 'abuse' },
        mail: { ...mail('angry@example.com'), source: 'info@jardin.example', commonHeaders: { messageId: mid } },
      })));
      assert.equal(res.body.outcome, 'applied');
      assert.equal((await db.storage.repos.contacts.get(world.tenantId, get(world, 'angry@example.com').contactId))?.status, 'complained');
      assert.equal((await db.storage.repos.suppressions.find(world.tenantId, 'angry@example.com'))?.source, 'complaint');
    });

    it('Delivery confirms a pending delivery', async () => {
      const res = await handler(signed(key, notification({
        notificationType: 'Delivery', delivery: { recipients: ['fine@example.com'], smtpResponse: '250 2.0.0 OK 1700000000 abc' }, mail: mail('fine@example.com'),
      })));
      assert.equal(res.body.outcome, 'applied');
      assert.equal((await db.storage.repos.deliveries.get(world.tenantId, get(world, 'fine@example.com').deliveryId))?.state, 'delivered');
    });

    it('unmatched, unknown and tampered notifications', async () => {
      const stray = await handler(signed(key, notification({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@example.com' }] }, mail: { source: 'someone@else.example' } })));
      assert.deepEqual(stray.body, { outcome: 'unmatched' });
      assert.deepEqual((await handler(signed(key, notification({ notificationType: 'Received' })))).body, { outcome: 'ignored' });
      const good = signed(key, notification({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'fine@example.com', status: '5.1.1' }] }, mail: mail('fine@example.com') }));
      const tampered = { ...good, Message: good.Message.replace('fine@', 'web@') };
      assert.equal((await handler(tampered)).status, 403);
      assert.equal((await handler('{not json')).status, 400);
      assert.equal((await handler({ Type: 'Notification' })).status, 400);
      const otherTopic = signed(key, { ...notification({ notificationType: 'Delivery' }), TopicArn: 'arn:aws:sns:eu-west-3:1:other' });
      assert.equal((await handler(otherTopic)).status, 403);
    });

    it('SubscriptionConfirmation for an allowed topic is confirmed by visiting SubscribeURL', async () => {
      const url = 'https://sns.eu-west-3.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=t';
      const res = await handler(signed(key, { Type: 'SubscriptionConfirmation', MessageId: 'm1', TopicArn: TOPIC, Message: 'You have chosen to subscribe', Timestamp: '2026-01-01T00:00:00.000Z', Token: 't', SubscribeURL: url }));
      assert.deepEqual(res.body, { confirmed: true });
      assert.deepEqual(confirmed, [url]);
    });

    it('through Fastify: POST /inbound/ses with SNS\'s text/plain body', async () => {
      const app = Fastify();
      await app.register(sesRoutes, { handler });
      const body = JSON.stringify(signed(key, notification({
        notificationType: 'Bounce',
        bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'web@example.com', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 Mailbox full' }] },
        mail: mail('web@example.com'),
      })));
      const ok = await app.inject({ method: 'POST', url: '/inbound/ses', payload: body, headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' } });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { outcome: 'applied' });
      assert.equal(await db.storage.repos.suppressions.find(world.tenantId, 'web@example.com'), undefined, 'a transient bounce only scores');
      const bad = await app.inject({ method: 'POST', url: '/inbound/ses', payload: body.replace('web@example.com', 'fine@example.com'), headers: { 'content-type': 'text/plain; charset=UTF-8' } });
      assert.equal(bad.statusCode, 403);
      assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
      await app.close();
    });
  });
}
