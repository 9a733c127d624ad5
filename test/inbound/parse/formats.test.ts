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

test('a complaint forwarded without a feedback-report part (JMRP) is an abuse report', () => {
  const raw = [
    'From: <staff@hotmail.com>', 'To: abuse@example.org', 'Subject: complaint about message from 192.0.2.1', 'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: message/rfc822', '',
    'X-HmXmrOriginalRecipient: member@example.com', 'To: member@example.com', 'From: news@example.org', 'Subject: News', '', 'Hello', '--b--', '',
  ].join('\r\n');
  const r = parseBounce(raw);
  assert.equal(r.kind, 'arf');
  assert.deepEqual(r.recipients.map((x) => [x.recipient, x.reason, x.feedbacktype]), [['member@example.com', 'feedback', 'abuse']]);
});

test("Postfix's transcript to the postmaster: the RCPT TO address and the failing reply", () => {
  const raw = [
    'From: MAILER-DAEMON@mx.example.com (Mail Delivery System)', 'To: postmaster@mx.example.com', 'Subject: Postfix SMTP server: errors from localhost[127.0.0.1]', '',
    'Transcript of session follows.', '', ' Out: 220 mx.example.com ESMTP', ' In:  EHLO client.example.com', ' Out: 250 mx.example.com',
    ' In:  MAIL FROM:<news@example.org>', ' Out: 250 2.1.0 Ok', ' In:  RCPT TO:<member@example.net>', ' Out: 250 2.1.5 Ok', ' In:  DATA',
    ' Out: 354 End data with <CR><LF>.<CR><LF>', ' Out: 451 4.3.0 Error: queue file write error', ' In:  QUIT', ' Out: 221 2.0.0 Bye', '',
  ].join('\r\n');
  const r = parseBounce(raw);
  assert.deepEqual(r.recipients.map((x) => [x.recipient, x.reason, x.status, x.replycode]), [['member@example.net', 'systemerror', '4.3.0', 451]]);
});

test('a multipart whose boundary parameter was folded away is still split', () => {
  const raw = [
    'From: post_master@mx.example.net', 'To: news@example.org', 'Subject: Re: News', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed;', 'boundary="xyz"', '',
    '--xyz', 'Content-Type: text/plain', '', 'Error: Invalid user address', 'Error message below:', '550 - Requested action not taken: no such user here',
    '', 'Message details:', '  MAIL FROM: news@example.org', '  RCPT TO: gone@mx.example.net', '--xyz--', '',
  ].join('\r\n');
  const r = parseBounce(raw);
  assert.deepEqual(r.recipients.map((x) => x.recipient), ['gone@mx.example.net']);
});

test('a notice naming nobody that wraps another report is read through', () => {
  const inner = [
    'From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>', 'To: news@example.org', 'Subject: Returned mail: User unknown', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="in"', '', '--in', 'Content-Type: text/plain', '',
    '----- The following addresses had permanent delivery errors -----', '<gone@example.com>', '--in', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; relay.example.net', '', 'Final-Recipient: RFC822; gone@example.com', 'Action: failed', 'Status: 5.1.1',
    'Diagnostic-Code: SMTP; 550 5.1.1 User unknown', '--in--', '',
  ].join('\r\n');
  const raw = [
    'From: Mail Delivery Subsystem <MAILER-DAEMON@gw.example.org>', 'To: news@example.org', 'Subject: Returned mail: User unknown', 'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="out"', '', '--out', 'Content-Type: text/plain', '',
    '----- The following addresses had permanent delivery errors -----', '--out', 'Content-Type: message/rfc822', '', inner, '--out--', '',
  ].join('\r\n');
  const r = parseBounce(raw);
  assert.deepEqual(r.recipients.map((x) => [x.recipient, x.reason]), [['gone@example.com', 'userunknown']]);
});

test('X-Failed-Recipients that the notice does not mention lose to the address the notice lists', () => {
  const raw = [
    'From: Mail Delivery System <Mailer-Daemon@mx.example.org>', 'To: news@example.org', 'X-Failed-Recipients: someone@example.jp',
    'Subject: Mail delivery failed: returning message to sender', '',
    'This message was created automatically by mail delivery software.', '',
    'A message that you sent could not be delivered to one or more of its', 'recipients. This is a permanent error. The following address(es) failed:', '',
    '  someone@example.or.jp', '    SMTP error from remote mail server after RCPT TO:<someone@example.or.jp>:', '    host mx.example.or.jp [192.0.2.2]: 550 5.1.1 unknown user', '',
  ].join('\r\n');
  assert.deepEqual(parseBounce(raw).recipients.map((x) => x.recipient), ['someone@example.or.jp']);
});
