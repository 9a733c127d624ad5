// SMTP submission with real clients — swaks (Debian) and nodemailer — over STARTTLS and implicit
// TLS: accepted messages are in the queue before the 250, then a DeliveryEngine delivers them to a
// sink DKIM-signed with the tenant's key; relay attempts without AUTH, wrong passwords, foreign
// senders, oversized messages and rate overruns get their codes; failed logins are slowed down.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { openTestDb, type TestDb } from '../helpers/db.ts';
import { testDispatcher } from '../delivery/dispatcher/servers.ts';
import { DeliveryEngine } from '../../src/delivery/engine/index.ts';
import { verifyDkim } from '../../src/delivery/dkim/index.ts';
import { StaticResolver } from '../../src/lib/dns.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import type { Tenant } from '../../src/core/model.ts';
import { SECRET, createLogin, hasSwaks, seedTenant, sink, startTestSubmission, swaks, type Login, type Sink } from './fixture.ts';

if (!hasSwaks()) throw new Error('swaks is missing: apt-get install swaks');

describe('SMTP submission (sqlite)', () => {
  let t: TestDb;
  let tenant: Tenant;
  let dkimTxt: string;
  let login: Login;
  let ports: { starttls: number; tls: number; server: { close(): Promise<void> } };
  const auth = () => ['--auth', 'PLAIN', '--auth-user', login.username, '--auth-password', login.password];

  before(async () => {
    t = await openTestDb('sqlite');
    ({ tenant, dkimTxt } = await seedTenant(t.storage));
    login = await createLogin(t.storage, tenant, { allowedSenders: ['asso.example', 'president@autre.example'], maxMessageBytes: 20_000 });
    ports = await startTestSubmission(t.storage);
  });
  after(async () => {
    await ports.server.close();
    await t.dispose();
  });

  const count = async () => (await t.storage.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('swaks over STARTTLS and implicit TLS: 250 only once the message and its deliveries are stored', async () => {
    const before = Number(await count());
    const a = await swaks(ports.starttls, [...auth(), '--from', 'news@asso.example', '--to', 'marie@dest.example,paul@dest.example', '--header', 'Subject: Bourse aux vélos', '--header', 'Bcc: secret@dest.example']);
    assert.equal(a.code, 0, a.out);
    assert.match(a.last, /^250 .*queued as \d+/);
    const b = await swaks(ports.tls, ['--auth', 'LOGIN', '--auth-user', login.username, '--auth-password', login.password, '--from', 'president@autre.example', '--to', 'marie@dest.example'], 'implicit');
    assert.equal(b.code, 0, b.out);
    assert.equal(Number(await count()), before + 2);
    const id = Number(/queued as (\d+)/.exec(a.last)![1]);
    const msg = (await t.storage.repos.messages.get(tenant.id, id))!;
    assert.equal(msg.kind, 'submission');
    assert.equal(msg.subject, 'Bourse aux vélos');
    const mime = (JSON.parse(msg.body) as { mime: string }).mime;
    assert.doesNotMatch(mime, /^Bcc:/im, 'Bcc is removed (RFC 6409 §8.1)');
    assert.match(mime, /^X-Mailer: swaks/im, 'submitted headers are kept');
    const deliveries = await t.storage.repos.deliveries.list(tenant.id, { messageId: id });
    assert.deepEqual(deliveries.items.map((d) => d.recipient).sort(), ['marie@dest.example', 'paul@dest.example']);
  });

  it('never an open relay: 530 without AUTH, 535 for a wrong password, 550 5.7.1 for a foreign sender, 552 5.3.4 too big, 538 before TLS', async () => {
    const noAuth = await swaks(ports.starttls, ['--from', 'news@asso.example', '--to', 'victim@dest.example']);
    assert.match(noAuth.last, /^530 5\.7\.0 /);
    const noAuthTls = await swaks(ports.tls, ['--from', 'news@asso.example', '--to', 'victim@dest.example'], 'implicit');
    assert.match(noAuthTls.last, /^530 5\.7\.0 /);
    const wrong = await swaks(ports.starttls, ['--auth', 'PLAIN', '--auth-user', login.username, '--auth-password', 'guess', '--from', 'news@asso.example', '--to', 'victim@dest.example']);
    assert.ok(wrong.replies.some((r) => /^535 5\.7\.8 /.test(r)), wrong.out);
    const unknown = await swaks(ports.starttls, ['--auth', 'PLAIN', '--auth-user', 'nobody-xxxx', '--auth-password', 'guess', '--from', 'news@asso.example', '--to', 'victim@dest.example']);
    assert.ok(unknown.replies.some((r) => /^535 5\.7\.8 /.test(r)), unknown.out);
    const foreign = await swaks(ports.starttls, [...auth(), '--from', 'someone@evil.example', '--to', 'victim@dest.example']);
    assert.match(foreign.last, /^550 5\.7\.1 Sender <someone@evil\.example> is not allowed .*asso\.example/);
    const foreignHeader = await swaks(ports.starttls, [...auth(), '--from', 'news@asso.example', '--h-From', 'Bank <ceo@bank.example>', '--to', 'victim@dest.example']);
    assert.match(foreignHeader.last, /^550 5\.7\.1 The From\/Sender address ceo@bank\.example is not allowed/);
    const big = await swaks(ports.starttls, [...auth(), '--from', 'news@asso.example', '--to', 'm@dest.example', '--body', 'x'.repeat(30_000)]);
    assert.match(big.last, /^552 5\.3\.4 Message too big/);
    const plain = await swaks(ports.starttls, [...auth(), '--from', 'news@asso.example', '--to', 'm@dest.example'], 'none');
    assert.ok(plain.replies.some((r) => /^538 5\.7\.11 /.test(r)), plain.out);
  });

  it('failed logins get a growing delay (per IP and per user name)', async () => {
    const other = await createLogin(t.storage, tenant);
    const timeOf = async (password: string) => {
      const start = Date.now();
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.tls, secure: true, tls: { rejectUnauthorized: false }, auth: { user: other.username, pass: password } });
      const err = await transport.verify().then(() => null, (e: Error & { responseCode?: number }) => e);
      transport.close();
      return { ms: Date.now() - start, code: err?.responseCode ?? 250 };
    };
    const first = await timeOf('wrong');
    const second = await timeOf('wrong');
    const third = await timeOf('wrong');
    assert.equal(first.code, 535);
    assert.ok(second.ms >= 90, `second failure waited ${second.ms} ms`);
    assert.ok(third.ms >= 190 && third.ms > second.ms, `third failure waited ${third.ms} ms (second ${second.ms})`);
    const right = await timeOf(other.password);
    assert.equal(right.code, 250, 'the right password still works (after the delay)');
    // Were the record kept, this login would wait 400 ms again; compare with a login of a
    // credential that never failed, measured just before (a loaded machine slows both alike).
    const fresh = await createLogin(t.storage, tenant);
    const baseline = await (async () => {
      const start = Date.now();
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.tls, secure: true, tls: { rejectUnauthorized: false }, auth: { user: fresh.username, pass: fresh.password } });
      await transport.verify();
      transport.close();
      return Date.now() - start;
    })();
    const after = await timeOf(other.password);
    assert.equal(after.code, 250);
    assert.ok(after.ms < baseline + 300, `a success clears the record: ${after.ms} ms, a never-failed login ${baseline} ms`);
  });

  it('rate limit per credential: 451 4.7.1 with a hint', async () => {
    const limited = await createLogin(t.storage, tenant, { ratePerMinute: 2 });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.starttls, secure: false, requireTLS: true, tls: { rejectUnauthorized: false }, auth: { user: limited.username, pass: limited.password } });
    const send = () => transport.sendMail({ from: 'news@asso.example', to: 'a@dest.example', subject: 'x', text: 'x' }).then(() => 250, (e: Error & { responseCode?: number; response?: string }) => e.response ?? String(e.responseCode));
    assert.equal(await send(), 250);
    assert.equal(await send(), 250);
    const third = await send();
    assert.match(String(third), /^451 4\.7\.1 Rate limit of 2 recipients per minute .* try again in \d+ s/);
    transport.close();
  });

  it('nodemailer (pooled, STARTTLS and TLS) → queue → engine → sink, DKIM-signed with the tenant key, Message-ID and Date added', async () => {
    const mx: Sink = await sink();
    const zone = new StaticResolver({
      'dest.example': { MX: [{ exchange: 'mx.dest.example', priority: 10 }] },
      's1._domainkey.asso.example': { TXT: [[dkimTxt]] },
    });
    const engine = new DeliveryEngine({
      storage: t.storage,
      dispatcher: testDispatcher({ routes: { '*': `127.0.0.1:${mx.port}` }, resolver: zone }),
      clock: systemClock,
      logger: silentLogger(),
      secret: SECRET,
      publicUrl: 'https://facteur.test',
      bounceDomain: 'bounces.facteur.test',
      retry: { scheduleMinutes: [5], maxAgeMs: 3600_000 },
      leaseMs: 30_000,
      claimBatch: 50,
      maxInFlight: 100,
      composeWorkers: 0,
    });
    try {
      for (const [port, secure] of [[ports.starttls, false], [ports.tls, true]] as const) {
        const transport = nodemailer.createTransport({ pool: true, maxConnections: 2, host: '127.0.0.1', port, secure, requireTLS: !secure, tls: { rejectUnauthorized: false }, auth: { user: login.username, pass: login.password } });
        for (let i = 0; i < 3; i++) {
          const info = await transport.sendMail({ from: '"Atelier vélo" <news@asso.example>', to: `n${port}-${i}@dest.example`, subject: `Réunion ${i}`, text: `Bonjour ${i}\n.point en début de ligne\n`, headers: { 'X-App': 'paheko' } });
          assert.match(info.response, /^250 /);
        }
        transport.close();
      }
      // A message without Date and Message-ID, as a minimal script would send it.
      const bare = await swaks(ports.starttls, [...auth(), '--from', 'news@asso.example', '--to', 'bare@dest.example', '--data', 'From: news@asso.example\nTo: bare@dest.example\nSubject: brut\n\nsans en-têtes\n']);
      assert.match(bare.last, /^250 /, bare.out);
      engine.start();
      const end = Date.now() + 20_000;
      while (mx.messages.length < 7 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await engine.stop();
      await mx.close();
    }
    const mine = mx.messages.filter((m) => m.to.some((x) => /^(n\d+-\d|bare)@/.test(x)));
    assert.equal(mine.length, 7, 'every submitted message reached the sink');
    for (const m of mine) {
      const verdicts = await verifyDkim(m.raw, zone);
      assert.ok(verdicts.some((v) => v.result === 'pass' && v.domain === 'asso.example'), `DKIM pass for ${m.to}: ${JSON.stringify(verdicts)}`);
      assert.match(m.from, /^bounces\+[0-9a-z]+-[0-9a-z]+-[a-z2-7]+@bounces\.facteur\.test$/, 'VERP Return-Path');
      const text = m.raw.toString('latin1');
      assert.match(text, /^Message-ID: /im);
      assert.match(text, /^Date: /im);
    }
    const nm = mine.find((m) => m.to[0]!.startsWith('n'))!.raw.toString('latin1');
    assert.match(nm, /^X-App: paheko/im, 'application headers kept');
    assert.match(nm, /\r\n\.point en d/, 'a line starting with a dot survives (dot-stuffing both ways)');
    const bareMsg = mine.find((m) => m.to[0] === 'bare@dest.example')!.raw.toString('latin1');
    assert.match(bareMsg, /^Message-ID: <[A-Za-z0-9]+@asso\.example>/im, 'a missing Message-ID is added');
  });

  it('a credential with a list adds List-Id, and List-Unsubscribe (one-click) for contacts', async () => {
    const list = await t.storage.repos.lists.create(tenant.id, { slug: 'adherents', name: 'Adhérents' });
    const { contact } = await t.storage.repos.contacts.upsert(tenant.id, { address: 'membre@dest.example', addressNormalized: 'membre@dest.example' });
    const bulk = await createLogin(t.storage, tenant, { listId: list.id });
    const r = await swaks(ports.starttls, ['--auth', 'PLAIN', '--auth-user', bulk.username, '--auth-password', bulk.password, '--from', 'news@asso.example', '--to', 'membre@dest.example,inconnu@dest.example']);
    assert.match(r.last, /^250 .*queued as \d+,\d+/);
    const ids = /queued as ([\d,]+)/.exec(r.last)![1]!.split(',').map(Number);
    const bodies = await Promise.all(ids.map(async (id) => (JSON.parse((await t.storage.repos.messages.get(tenant.id, id))!.body) as { mime: string }).mime));
    for (const b of bodies) assert.match(b, /^List-Id: <adherents\.velo\.facteur\.test>/m);
    const withUnsub = bodies.filter((b) => /^List-Unsubscribe: <https:\/\/facteur\.test\/u\//m.test(b));
    assert.equal(withUnsub.length, 1, 'only the contact gets a List-Unsubscribe naming them');
    assert.match(withUnsub[0]!, new RegExp(`/u/${tenant.id.toString(36)}-${contact.id.toString(36)}-${list.id.toString(36)}-`));
    assert.match(withUnsub[0]!, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });
});
