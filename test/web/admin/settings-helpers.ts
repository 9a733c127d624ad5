// Helpers of the settings-area tests (suppressions, domain, integrations): the shared page checks,
// a signed-in client that posts forms with the session's CSRF token, and an
// editor account.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { hashPassword } from '../../../src/core/auth/password.ts';
import { csrfOf, FORM, PASSWORD, signIn, type AdminFixture } from './fixture.ts';

export { assertLabelled, assertSafePage, HOSTILE, HUGE } from './page-checks.ts';

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
