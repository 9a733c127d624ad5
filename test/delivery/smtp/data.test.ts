// The DATA payload: dot-stuffing and CRLF normalisation (RFC 5321 §4.5.2, §2.3.8), on both the
// fast path (already wire-clean messages) and the byte-by-byte one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeData, has8bit } from '../../../src/delivery/smtp/data.ts';

const enc = (s: string) => encodeData(Buffer.from(s, 'latin1')).toString('latin1');

test('a clean CRLF message goes out unchanged, terminated by a lone dot', () => {
  assert.equal(enc('Subject: a\r\n\r\nbody\r\n'), 'Subject: a\r\n\r\nbody\r\n.\r\n');
  assert.equal(enc('Subject: a\r\n\r\nno final newline'), 'Subject: a\r\n\r\nno final newline\r\n.\r\n');
});

test('lines starting with a dot are doubled, wherever they are', () => {
  assert.equal(enc('.first\r\nx\r\n.\r\n..two\r\n'), '..first\r\nx\r\n..\r\n...two\r\n.\r\n');
});

test('bare LF and bare CR become CRLF, and dots after them are stuffed', () => {
  assert.equal(enc('a\nb\rc\r\n.d\n.e'), 'a\r\nb\r\nc\r\n..d\r\n..e\r\n.\r\n');
});

test('8-bit detection', () => {
  assert.equal(has8bit(Buffer.from('plain ascii\r\n')), false);
  assert.equal(has8bit(Buffer.from('vélo', 'utf8')), true);
});
