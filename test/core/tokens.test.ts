import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32, unsubscribeToken, verifyUnsubscribeToken, verpCodec, verifyVerp, verpAddress } from '../../src/core/tokens.ts';

const SECRET = 'a-platform-secret-of-enough-length';

test('base32 is RFC 4648 lower-case without padding', () => {
  assert.equal(base32(Buffer.from('foobar')), 'mzxw6ytboi');
  assert.equal(base32(Buffer.from('f')), 'my');
});

test('VERP: round trip, compact, survives lower-casing, rejects forgeries', () => {
  const v = verpCodec(SECRET, 'bounces.facteur.example');
  const a = v.address(7, 123456789);
  assert.match(a, /^bounces\+[0-9a-z]+-[0-9a-z]+-[a-z2-7]{16}@bounces\.facteur\.example$/);
  assert.ok(a.split('@')[0]!.length <= 64, 'RFC 5321 §4.5.3.1.1: local part ≤ 64');
  assert.deepEqual(v.verify(a), { tenantId: 7, deliveryId: 123456789 });
  assert.deepEqual(v.verify(a.toUpperCase()), { tenantId: 7, deliveryId: 123456789 });
  assert.deepEqual(v.verify(`<${a}>`), { tenantId: 7, deliveryId: 123456789 });
  assert.deepEqual(verifyVerp(SECRET, 'bounces.facteur.example', verpAddress(SECRET, 'bounces.facteur.example', 1, 2)), { tenantId: 1, deliveryId: 2 });
  // Another delivery id with the same MAC, another secret, another domain: all refused.
  const [local, domain] = a.split('@') as [string, string];
  const parts = local.split('-');
  assert.equal(v.verify(`${parts[0]}-${(123456790).toString(36)}-${parts[2]}@${domain}`), null);
  assert.equal(verpCodec('another-secret-of-enough-length', 'bounces.facteur.example').verify(a), null);
  assert.equal(v.verify(a.replace('bounces.facteur', 'other')), null);
  assert.equal(v.verify('bounces+garbage@bounces.facteur.example'), null);
  assert.equal(v.verify('postmaster@bounces.facteur.example'), null);
});

test('unsubscribe tokens are scoped to tenant, contact and list', () => {
  const t = unsubscribeToken(SECRET, { tenantId: 3, contactId: 42, listId: 5 });
  assert.deepEqual(verifyUnsubscribeToken(SECRET, t), { tenantId: 3, contactId: 42, listId: 5 });
  assert.deepEqual(verifyUnsubscribeToken(SECRET, t.toUpperCase()), { tenantId: 3, contactId: 42, listId: 5 });
  assert.match(t, /^[0-9a-z-]+$/);
  const mac = t.split('-')[3]!;
  assert.ok(mac.length >= 26, '128-bit MAC');
  assert.equal(verifyUnsubscribeToken(SECRET, `3-${(43).toString(36)}-5-${mac}`), null);
  assert.equal(verifyUnsubscribeToken(SECRET, `3-${(42).toString(36)}-6-${mac}`), null);
  assert.equal(verifyUnsubscribeToken('another-secret-of-enough-length', t), null);
  assert.equal(verifyUnsubscribeToken(SECRET, 'nonsense'), null);
  // A VERP MAC is not an unsubscribe MAC (separate sub-keys).
  assert.notEqual(verpCodec(SECRET, 'b.example').address(3, 42).split('-')[2], mac.slice(0, 16));
});
