import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SmtpConnection, ReplyParser, encodeData, type ConnectOptions } from '../../../src/delivery/smtp/index.ts';
import { recordingServer, FAST_TIMEOUTS, testDispatcher, message } from '../dispatcher/servers.ts';

let dir: string;
let key: Buffer;
let cert: Buffer;

before(() => {
  // A throw-away self-signed certificate for 127.0.0.1, as a private relay would have.
  dir = mkdtempSync(join(tmpdir(), 'facteur-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'key.pem'));
  cert = readFileSync(join(dir, 'cert.pem'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const base = (port: number): ConnectOptions => ({ host: '127.0.0.1', port, ehloName: 'facteur.test', security: 'opportunistic', timeouts: FAST_TIMEOUTS });

test('reply parser: multi-line replies, enhanced codes', () => {
  const p = new ReplyParser();
  assert.deepEqual(p.push('250-first\r\n250-SIZE 10\r'), []);
  const [r] = p.push('\n250 last\r\n');
  assert.deepEqual(r, { code: 250, enhanced: null, text: 'first\nSIZE 10\nlast', raw: '250-first\r\n250-SIZE 10\r\n250 last' });
  const [e] = p.push('550 5.1.1 <x@y>: user unknown\n');
  assert.equal(e?.enhanced, '5.1.1');
});

test('DATA encoding: CRLF, dot-stuffing, terminator', () => {
  assert.equal(encodeData(Buffer.from('a\n.b\r\n..c\rd')).toString(), 'a\r\n..b\r\n...c\r\nd\r\n.\r\n');
  assert.equal(encodeData(Buffer.from('x\r\n')).toString(), 'x\r\n.\r\n');
});

test('PIPELINING: MAIL, RCPT and DATA leave in one group when offered', async () => {
  // A scripted server that answers MAIL only after RCPT and DATA have arrived: a client that
  // waited for each reply would hang here and time out.
  const seen: string[] = [];
  const server = createServer((s: Socket) => {
    let buf = '';
    let inData = false;
    s.write('220 pipe.test ESMTP\r\n');
    s.on('data', (d) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            s.write('250 2.0.0 queued\r\n');
          }
          continue;
        }
        seen.push(line.split(':')[0]!);
        if (line.startsWith('EHLO')) s.write('250-pipe.test\r\n250 PIPELINING\r\n');
        else if (line === 'DATA') {
          if (seen.slice(-3).join() === 'MAIL FROM,RCPT TO,DATA') s.write('250 ok\r\n250 ok\r\n354 go\r\n');
          inData = true;
        } else if (line === 'QUIT') s.end('221 bye\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const opened = await SmtpConnection.open(base((server.address() as AddressInfo).port));
  assert.ok(opened.ok);
  const r = await opened.connection.send({ from: 'b@bounce.test', to: 'u@pipe.test' }, Buffer.from('Subject: x\r\n\r\nhi\r\n'));
  assert.equal(r.outcome, 'delivered');
  assert.equal(opened.connection.pipelinedGroups, 1);
  await opened.connection.quit();
  server.close();
});

test('relay: required STARTTLS with a private CA and AUTH PLAIN deliver; a wrong password is a clean deferral', async () => {
  const srv = await recordingServer({
    disabledCommands: [],
    key,
    cert,
    authOptional: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'asso' && auth.password === 's3cret') return cb(null, { user: 'asso' });
      cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
  });
  const relay = (pass: string) =>
    testDispatcher({ routes: { '*': 'relay' }, relay: { host: '127.0.0.1', port: srv.port, security: 'starttls', ca: cert, auth: { user: 'asso', pass } } });
  const good = relay('s3cret');
  const ok = await good.send({ deliveryId: '1', from: 'b@bounce.test', to: 'someone@anywhere.test', message: message(1) });
  assert.equal(ok.outcome, 'delivered', ok.response);
  assert.equal(ok.site, 'relay');
  await good.close();
  const bad = relay('wrong');
  const no = await bad.send({ deliveryId: '2', from: 'b@bounce.test', to: 'someone@anywhere.test', message: message(2) });
  assert.deepEqual([no.outcome, no.code, no.reason, no.stage], ['deferred', 535, 'relayauth', 'auth']);
  await bad.close();
  assert.deepEqual(srv.recipients, ['someone@anywhere.test']);
  await srv.close();
});

test('relay: an untrusted certificate is refused when TLS is required', async () => {
  const srv = await recordingServer({ disabledCommands: [], key, cert });
  const d = testDispatcher({ routes: { '*': 'relay' }, relay: { host: '127.0.0.1', port: srv.port, security: 'starttls' } });
  const r = await d.send({ deliveryId: '1', from: 'b@bounce.test', to: 'x@y.test', message: message(1) });
  assert.deepEqual([r.outcome, r.reason], ['deferred', 'tlsrequired']);
  assert.equal(srv.recipients.length, 0);
  await d.close();
  await srv.close();
});

test('MX: opportunistic STARTTLS accepts a self-signed certificate, as MTAs do', async () => {
  const srv = await recordingServer({ disabledCommands: [], key, cert });
  const opened = await SmtpConnection.open(base(srv.port));
  assert.ok(opened.ok);
  assert.equal(opened.connection.tls, true);
  assert.equal(opened.connection.tlsVerified, false);
  const r = await opened.connection.send({ from: 'b@bounce.test', to: 'u@mx.test' }, Buffer.from('Subject: é\r\n\r\nété\r\n'));
  assert.equal(r.outcome, 'delivered');
  await opened.connection.quit();
  await srv.close();
});

test('a server that stops answering after DATA gives a deferred networkerror', async () => {
  const srv = await recordingServer({ onData() { /* never calls back */ } });
  const opened = await SmtpConnection.open({ ...base(srv.port), timeouts: { ...FAST_TIMEOUTS, dataMs: 200 } });
  assert.ok(opened.ok);
  const r = await opened.connection.send({ from: 'b@bounce.test', to: 'u@mx.test' }, Buffer.from('Subject: x\r\n\r\nx\r\n'));
  assert.deepEqual([r.outcome, r.reason, r.stage], ['deferred', 'networkerror', 'message']);
  assert.equal(opened.connection.usable, false);
  await srv.close();
});
