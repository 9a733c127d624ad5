// classifyReply on typical synchronous SMTP replies, and the suppression policy helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyReply, isAddressLevelHard, isSenderReputationProblem, loadBounceRules } from '../../../src/core/bounces/index.ts';
import { FacteurError } from '../../../src/core/errors.ts';

test('550 5.1.1 user unknown is a hard userunknown', () => {
  const r = classifyReply({ code: 550, enhanced: '5.1.1', text: '<bob@example.org>: Recipient address rejected: User unknown in local recipient table' });
  assert.deepEqual(r, { reason: 'userunknown', hard: true });
  assert.ok(isAddressLevelHard(r.reason));
  assert.ok(!isSenderReputationProblem(r.reason));
});

test('452 4.2.2 mailbox full is a soft mailboxfull', () => {
  assert.deepEqual(classifyReply({ code: 452, enhanced: '4.2.2', text: 'The email account that you tried to reach is over quota.' }), { reason: 'mailboxfull', hard: false });
});

test('421 4.7.0 too many connections is toomanyconn', () => {
  const r = classifyReply({ code: 421, enhanced: '4.7.0', text: 'Too many concurrent SMTP connections from this IP address; please try again later.' });
  assert.equal(r.reason, 'toomanyconn');
  assert.equal(r.hard, false);
});

test('550 5.7.1 Spamhaus listing is blocked, a sender reputation problem', () => {
  const r = classifyReply({ code: 550, enhanced: '5.7.1', text: 'Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' });
  assert.equal(r.reason, 'blocked');
  assert.equal(r.hard, false);
  assert.ok(isSenderReputationProblem(r.reason));
  assert.ok(!isAddressLevelHard(r.reason));
});

test('554 5.7.1 spam is spamdetected and does not suppress the recipient', () => {
  const r = classifyReply({ code: 554, enhanced: '5.7.1', text: 'Message rejected as spam by Content Filtering.' });
  assert.equal(r.reason, 'spamdetected');
  assert.ok(isSenderReputationProblem(r.reason));
});

test('a reply to MAIL FROM without telling wording concerns the sender', () => {
  assert.equal(classifyReply({ code: 553, text: 'no thanks', command: 'MAIL' }).reason, 'rejected');
});

test('2xx is delivered; nothing known is undefined', () => {
  assert.equal(classifyReply({ code: 250, text: 'ok' }).reason, 'delivered');
  assert.equal(classifyReply({ text: '' }).reason, 'undefined');
});

test('an operator rules file adds patterns that win, and a broken one is a clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-rules-'));
  const extra = join(dir, 'extra.toml');
  writeFileSync(extra, "[patterns]\nmailboxfull = ['boîte aux lettres pleine']\n");
  const rules = loadBounceRules(extra);
  assert.equal(classifyReply({ code: 550, text: 'Boîte aux lettres pleine' }, rules).reason, 'mailboxfull');
  writeFileSync(extra, "[patterns]\nnotareason = ['x']\n");
  assert.throws(() => loadBounceRules(extra), (e: unknown) => e instanceof FacteurError && /not a known bounce reason/.test(e.message));
  assert.throws(() => loadBounceRules(join(dir, 'missing.toml')), FacteurError);
});

test('"user unknown" is the address after RCPT or with X.1.1, the receiver\'s filter after DATA', () => {
  assert.deepEqual(classifyReply({ code: 550, text: '550 User unknown', command: 'RCPT' }), { reason: 'userunknown', hard: true });
  assert.deepEqual(classifyReply({ code: 550, enhanced: '5.1.1', text: 'Mailbox does not exist' }), { reason: 'userunknown', hard: true });
  assert.deepEqual(classifyReply({ code: 550, text: '550 User unknown', command: 'DATA' }), { reason: 'filtered', hard: false });
  // A status naming the address loses to wording that names another cause.
  assert.equal(classifyReply({ code: 550, enhanced: '5.1.1', text: 'Relay access denied' }).reason, 'norelaying');
});

test('second pass: wording decides when the status is vague; the status class otherwise', () => {
  assert.equal(classifyReply({ code: 421, enhanced: '4.4.1', text: "Sorry, I wasn't able to establish an SMTP connection." }).reason, 'networkerror');
  assert.equal(classifyReply({ code: 550, enhanced: '5.7.1', text: 'Rejected' }).reason, 'securityerror');
  assert.equal(classifyReply({ code: 554, enhanced: '5.0.0', text: 'DMARC check failed' }).reason, 'authfailure');
  assert.equal(classifyReply({ text: 'Envelope expired', action: 'delayed' }).reason, 'expired');
});

test('provider reply tables apply only when the origin names the provider', () => {
  const text = '550 Requested action not taken: mailbox unavailable';
  assert.equal(classifyReply({ code: 550, enhanced: '5.5.0', text, origin: 'dns;BAY004.hotmail.com postmaster@hotmail.com' }).reason, 'userunknown');
  assert.notEqual(classifyReply({ code: 550, enhanced: '5.5.0', text, origin: 'dns; mx.example.org' }).reason, 'userunknown');
  const godaddy = '550 5.1.1 <a@example.com> - 203.0.113.9 has sent to too many recipients this hour. IB607';
  assert.equal(classifyReply({ code: 550, enhanced: '5.1.1', text: godaddy, origin: 'dns; smtp.secureserver.net' }).reason, 'speeding');
});

test('an operator file can add a provider table, tried before the shipped ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-rules-'));
  const file = join(dir, 'extra.toml');
  writeFileSync(file, "[[providers]]\nname = 'Example'\norigin = '\\bmx\\.example\\.net\\b'\nreplies.suspend = ['account on hold']\n");
  const rules = loadBounceRules(file);
  assert.equal(classifyReply({ code: 550, text: '550 account on hold', origin: 'mx.example.net' }, rules).reason, 'suspend');
  writeFileSync(file, "[[providers]]\nname = 'Broken'\n");
  assert.throws(() => loadBounceRules(file), FacteurError);
});

test('multiline replies are read as one sentence', () => {
  const text = '550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered.';
  assert.equal(classifyReply({ code: 550, enhanced: '5.2.1', text }).reason, 'speeding');
});

test('a live reply from a provider host is read with that provider\'s phrasing', async () => {
  const { decide } = await import('../../../src/delivery/engine/outcomes.ts');
  const d = { id: 1, tenantId: 1, campaignId: null, messageId: 1, attempts: 0, createdAt: Date.now(), recipient: 'x@hotmail.example', contactId: null } as Parameters<typeof decide>[0];
  const policy = { scheduleMinutes: [5], maxAgeMs: 3600_000 };
  const reply = { outcome: 'failed' as const, code: 550, enhanced: '5.5.0', response: 'Requested action not taken: mailbox unavailable', stage: 'rcpt' as const };
  const fromMicrosoft = decide(d, { ...reply, host: 'hotmail-com.olc.protection.outlook.com' }, policy, Date.now());
  assert.equal(fromMicrosoft.update.reason, 'userunknown');
});
