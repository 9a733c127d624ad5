// Helpers of the settings-area tests (suppressions, domain, integrations): page safety checks,
// labelled inputs, a signed-in client that posts forms with the session's CSRF token, and an
// editor account.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { hashPassword } from '../../../src/core/auth/password.ts';
import { ADMIN_CSP } from '../../../src/web/admin/routes.ts';
import { csrfOf, FORM, PASSWORD, signIn, type AdminFixture } from './fixture.ts';

export const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
export const HUGE = 'a'.repeat(100 * 1024);

export function assertSafePage(res: { headers: Record<string, unknown>; body: string }, what: string): void {
  assert.equal(res.headers['content-security-policy'], ADMIN_CSP, what);
  assert.equal(res.headers['cache-control'], 'no-store', what);
  assert.equal(res.headers['x-frame-options'], 'DENY', what);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, what);
  assert.doesNotMatch(res.body, /<script|<iframe|<img|<svg|<link/i, `${what}: no script, frame, image or stylesheet`);
  // Attribute values are escaped text (a hostile value may read "onerror=" inside quotes).
  assert.doesNotMatch(res.body.replace(/"[^"]*"/g, '""'), /<[a-z][^>]*\son[a-z]+=/i, `${what}: no event handler attribute`);
  assert.doesNotMatch(res.body, /(src|href|action)="(https?:)?\/\//i, `${what}: nothing third-party`);
  assert.match(res.body, /<a class="skip" href="#main">/, `${what}: skip link`);
}

/** Every input, select and textarea other than hidden ones has a <label for> naming its id. */
export function assertLabelled(body: string): void {
  for (const m of body.matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
    const tag = m[0];
    if (/type="hidden"/.test(tag)) continue;
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    assert.ok(id, `field without id: ${tag}`);
    assert.match(body, new RegExp(`<label for="${id}"`), `no label for ${id}`);
  }
}

export interface Client {
  cookie: string;
  get(url: string): Promise<InjectResponse>;
  /** Posts a form with the CSRF token of the page at `from` (or `csrf` when given, '' for none). */
  post(url: string, fields: Record<string, string | string[]>, opts?: { from?: string; csrf?: string }): Promise<InjectResponse>;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

export async function client(app: FastifyInstance, email: string, tenant: string): Promise<Client> {
  const { cookie } = await signIn(app, { email, tenant });
  assert.ok(cookie, `${email} signed in`);
  let token: string | undefined;
  const c: Client = {
    cookie,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    async post(url, fields, opts = {}) {
      let csrf = opts.csrf;
      if (csrf === undefined) {
        token ??= csrfOf((await c.get(opts.from ?? '/admin')).body);
        csrf = token;
      }
      return app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: formBody({ ...(csrf ? { csrf } : {}), ...fields }) });
    },
  };
  return c;
}

/** An editor of the fixture's first tenant. */
export async function editorOf(f: AdminFixture): Promise<Client> {
  await f.db.storage.repos.users.create({ tenantId: f.tenant.id, email: 'editor@atelier.example', role: 'editor', passwordHash: await hashPassword(PASSWORD) });
  return client(f.app, 'editor@atelier.example', 'atelier');
}
