// Format handling of the bounce reader: delivery-status fields out of their usual order, one
// recipient's fields not lent to another, short per-address notices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBounce } from '../../../src/inbound/parse/index.ts';

const report = (parts: string[]) => [
  'From: Mailer <mailer-daemon@mx.example.net>', 'To: sender@example.org', 'Subject: Delivery failure',
  'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
  ...parts.flatMap((p) => ['--b', p]), '--b--', '',
].join('\r\n');

test('Status and Diagnostic-Code written before Final-Recipient belong to that recipient', () => {
  const r = parseBounce(report([
    'Content-Type: text/plain\r\n\r\nThis message could not be delivered.',
    'Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; 10.0.0.1\r\nDiagnostic-Code: SMTP; 550 5.1.1 Recipient address does not exist\r\nStatus: 5.1.1\r\nFinal-Recipient: rfc822; gone@example.com\r\nAction: failed',
  ]));
  assert.equal(r.recipients[0]?.reason, 'userunknown');
  assert.equal(r.recipients[0]?.status, '5.1.1');
});

test("a delayed recipient without a diagnostic does not borrow the next recipient's", () => {
  const r = parseBounce(report([
    'Content-Type: text/plain\r\n\r\nThe following addresses had delivery problems',
    'Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n'
      + 'Final-Recipient: rfc822;slow@example.com\r\nAction: delayed\r\nStatus: 4.0.0\r\n\r\n'
      + 'Final-Recipient: rfc822;gone@example.org\r\nAction: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 user unknown',
  ]));
  assert.equal(r.recipients.find((x) => x.recipient === 'slow@example.com')?.reason, 'expired');
});

test('a prose notice "a@b ... unknown host" is read from its own line', () => {
  const raw = [
    'From: <MAILER-DAEMON@example.net>', 'To: sender@example.org', 'Subject: mail failed, returning to sender', '',
    '|------------------------- Message log follows: -------------------------|', ' no valid recipients were found for this message',
    '|------------------------- Failed addresses follow: ---------------------|', ' someone@nowhere.example.com ... unknown host',
    '|------------------------- Message text follows: ------------------------|', 'Subject: hello', '', 'hi', '',
  ].join('\r\n');
  const r = parseBounce(raw);
  assert.equal(r.recipients[0]?.recipient, 'someone@nowhere.example.com');
  assert.equal(r.recipients[0]?.reason, 'hostunknown');
});
