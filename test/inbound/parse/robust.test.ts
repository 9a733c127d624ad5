// The bounce reader on hostile input: malformed MIME, empty and huge messages must give a clear
// result quickly, never a crash or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBounce } from '../../../src/inbound/parse/index.ts';

test('a 0-byte message is not a bounce', () => {
  const r = parseBounce(Buffer.alloc(0));
  assert.equal(r.kind, 'none');
  assert.deepEqual(r.recipients, []);
});

test('malformed MIME: missing boundary end, bad base64, broken headers', () => {
  const raw = [
    'From: MAILER-DAEMON@mx.example.net',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    'Content-Transfer-Encoding: base64',
    ': no name',
    '\tcontinuation without field',
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    'Final-Recipient: rfc822; gone@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
    '--B',
    'Content-Type: message/rfc822; charset="x-unknown',
    'Content-Transfer-Encoding: base64',
    '',
    '!!!not base64!!!',
  ].join('\r\n');
  const r = parseBounce(Buffer.from(raw));
  assert.equal(r.kind, 'dsn');
  assert.equal(r.recipients[0]?.recipient, 'gone@example.org');
  assert.equal(r.recipients[0]?.reason, 'userunknown');
  assert.equal(r.recipients[0]?.hardbounce, true);
});

test('binary garbage and deeply nested multiparts do not crash', () => {
  const garbage = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256));
  assert.doesNotThrow(() => parseBounce(garbage));
  let nested = 'x';
  for (let i = 0; i < 200; i++) nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--\r\n`;
  assert.doesNotThrow(() => parseBounce(Buffer.from(nested)));
});

test('a 50 MB body gives a result within seconds', () => {
  const head = 'From: MAILER-DAEMON@mx.example.net\r\nSubject: failure notice\r\n\r\n'
    + "Hi. This is the qmail-send program at mx.example.net.\r\nI'm afraid I wasn't able to deliver your message to the following addresses.\r\n"
    + 'This is a permanent error; I\'ve given up. Sorry it didn\'t work out.\r\n\r\n<big@example.org>:\r\n'
    + 'Remote host said: 552 5.2.2 Mailbox full\r\n\r\n--- Below this line is a copy of the message.\r\n\r\n';
  const body = Buffer.alloc(50 * 1024 * 1024, 'A');
  const started = Date.now();
  const r = parseBounce(Buffer.concat([Buffer.from(head), body]));
  const ms = Date.now() - started;
  assert.ok(ms < 10_000, `took ${ms} ms`);
  assert.equal(r.recipients[0]?.recipient, 'big@example.org');
  assert.equal(r.recipients[0]?.reason, 'mailboxfull');
});

test('an RFC 3834 auto-reply is vacation, not a bounce; a plain mail is nothing', () => {
  const vac = parseBounce(Buffer.from('From: Ann <ann@example.org>\r\nAuto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nBack on Monday.\r\n'));
  assert.equal(vac.kind, 'autoreply');
  assert.equal(vac.recipients[0]?.reason, 'vacation');
  assert.equal(vac.recipients[0]?.hardbounce, false);
  const plain = parseBounce(Buffer.from('From: Ann <ann@example.org>\r\nSubject: Hello\r\n\r\nSee you.\r\n'));
  assert.equal(plain.kind, 'none');
});

test('DSN addresses: source routes, quoted local parts and Status vs the quoted code', async () => {
  const { preferStatus } = await import('../../../src/inbound/parse/dsn.ts');
  const dsn = (final: string, status: string, diag: string) => parseBounce(Buffer.from([
    'From: MAILER-DAEMON@mx.example.net', 'Subject: Returned mail', 'Content-Type: multipart/report; report-type=delivery-status; boundary="B"', '',
    '--B', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.example.net', '',
    `Final-Recipient: rfc822; ${final}`, 'Action: failed', `Status: ${status}`, `Diagnostic-Code: smtp; ${diag}`, '--B--', '',
  ].join('\r\n')));
  assert.equal(dsn('<@relay.example.net:ann@example.org>', '5.1.1', '550 5.1.1 unknown').recipients[0]?.recipient, 'ann@example.org');
  assert.equal(dsn('"ann..x"@example.org', '5.1.1', '550 5.1.1 unknown').recipients[0]?.recipient, 'ann..x@example.org');
  assert.equal(dsn('bob@example.org', '5.0.0', '552 5.2.2 Over quota').recipients[0]?.status, '5.2.2');
  assert.equal(preferStatus('4.4.7', '4.4.2', 421), '4.4.2');
  assert.equal(preferStatus('5.1.1', '5.7.1', 550), '5.7.1');
  assert.equal(preferStatus('5.2.2', null, 552), '5.2.2');
});
