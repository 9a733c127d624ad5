// Unit tests of the admin security helpers: cookie parsing and writing, token hashing, throttle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCookie, hashToken, LoginThrottle, newToken, parseCookies, safeEqual } from '../../../src/web/admin/security.ts';

test('cookies: first value wins, quotes removed, junk ignored', () => {
  const c = parseCookies('a=1; b="two"; a=3; junk; =x;  c = 4 ');
  assert.equal(c.get('a'), '1');
  assert.equal(c.get('b'), 'two');
  assert.equal(c.get('c'), '4');
  assert.equal(c.size, 3);
  assert.equal(parseCookies(undefined).size, 0);
});

test('admin cookies are HttpOnly, SameSite=Lax, scoped to /admin, Secure on request', () => {
  assert.equal(adminCookie('s', 'v', { secure: false, maxAge: 60 }), 's=v; Path=/admin; Max-Age=60; HttpOnly; SameSite=Lax');
  assert.equal(adminCookie('s', '', { secure: true, maxAge: 0 }), 's=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Lax; Secure');
});

test('tokens are random, 256 bits, and stored as a SHA-256 hash', () => {
  const a = newToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newToken());
  assert.match(hashToken(a), /^[0-9a-f]{64}$/);
  assert.ok(safeEqual(a, a));
  assert.ok(!safeEqual(a, a.slice(1)));
});

test('throttle: free failures, then a doubling delay up to the cap, forgotten after a quiet hour', () => {
  const t = new LoginThrottle({ free: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 3600_000, maxKeys: 10 });
  const k = [{ key: 'account:x' }];
  let now = 0;
  for (let i = 0; i < 3; i++) {
    assert.equal(t.waitMs(k, now), 0);
    t.fail(['account:x'], now);
  }
  assert.equal(t.waitMs(k, now), 1000);
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    now += t.waitMs(k, now);
    t.fail(['account:x'], now);
    delays.push(t.waitMs(k, now));
  }
  assert.deepEqual(delays, [2000, 4000, 8000, 8000, 8000]);
  assert.equal(t.waitMs([{ key: 'account:x', free: 100 }], now), 0, 'a per-key allowance');
  assert.equal(t.waitMs(k, now + 3600_001), 0);
  t.clear('account:x');
  assert.equal(t.size, 0);
});

test('throttle: memory is bounded, oldest keys dropped first', () => {
  const t = new LoginThrottle({ free: 0, baseDelayMs: 1000, maxDelayMs: 1000, forgetAfterMs: 3600_000, maxKeys: 3 });
  for (let i = 0; i < 5; i++) t.fail([`ip:${i}`], 0);
  assert.equal(t.size, 3);
  assert.equal(t.waitMs([{ key: 'ip:0' }], 0), 0);
  assert.equal(t.waitMs([{ key: 'ip:4' }], 0), 1000);
});
