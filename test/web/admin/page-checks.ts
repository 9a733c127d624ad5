// Checks every admin page must pass, shared by the admin tests: the security headers, no script
// or frame or third-party resource in the markup, no event-handler attribute, the skip link and
// the viewport, and a label for every field.
import assert from 'node:assert/strict';
import { ADMIN_CSP } from '../../../src/web/admin/routes.ts';

export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
export const HUGE = 'a'.repeat(100 * 1024);

export function assertSafePage(res: { headers: Record<string, unknown>; body: string }, what: string): void {
  assert.equal(res.headers['content-security-policy'], ADMIN_CSP, what);
  assert.equal(res.headers['x-frame-options'], 'DENY', what);
  assert.equal(res.headers['cache-control'], 'no-store', what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, what);
  // These pages carry no script at all; pages that load one load it from /admin/assets/ only.
  assert.doesNotMatch(res.body, /<script|<iframe|<img|<svg|<link/i, `${what}: no script, frame, image or stylesheet`);
  // Attribute values are escaped text (a hostile value may read "onerror=" inside quotes).
  assert.doesNotMatch(res.body.replace(/"[^"]*"/g, '""'), /<[a-z][^>]*\son[a-z]+=/i, `${what}: no event handler attribute`);
  assert.doesNotMatch(res.body, /(src|href|action)="(https?:)?\/\//i, `${what}: nothing third-party`);
  assert.match(res.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/, what);
  assert.match(res.body, /<a class="skip" href="#main">/, `${what}: skip link`);
}

/** Every input, select and textarea other than hidden ones has a <label for> naming its id. */
export function assertLabelled(body: string): void {
  for (const m of body.matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
    const tag = m[0];
    if (/type="hidden"/.test(tag)) continue;
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    assert.ok(id, `field without id: ${tag}`);
    assert.match(body, new RegExp(`<label (?:[^>]*\\s)?for="${id}"`), `no label for ${id}`);
  }
}
