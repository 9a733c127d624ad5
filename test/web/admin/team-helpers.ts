// Helpers of the team and password-reset tests: page checks, the mail facteur queued for itself
// (messages + deliveries), and a browser without a session (pre-session cookie + form token).
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { TestDb } from '../../helpers/db.ts';
import { cookieValue, csrfOf, FORM, setCookie } from './fixture.ts';

export { assertLabelled, assertSafePage, HOSTILE } from './page-checks.ts';

export interface QueuedMail {
  messageId: number;
  recipient: string;
  subject: string;
  markdown: string;
  body: string;
}

/** The transactional mail queued for a tenant (password links, invitations), oldest first. */
export async function queuedMail(db: TestDb, tenantId: number): Promise<QueuedMail[]> {
  const rows = await db.storage.db
    .selectFrom('deliveries')
    .innerJoin('messages', 'messages.id', 'deliveries.message_id')
    .select(['messages.id as id', 'deliveries.recipient as recipient', 'messages.subject as subject', 'messages.body as body'])
    .where('messages.tenant_id', '=', tenantId)
    .where('messages.kind', '=', 'transactional')
    .orderBy('messages.id')
    .execute();
  return rows.map((r) => {
    const content = JSON.parse(r.body) as { input?: { markdown?: string } };
    return { messageId: Number(r.id), recipient: r.recipient, subject: r.subject, markdown: content.input?.markdown ?? '', body: r.body };
  });
}

/** Gives the tenant a sending domain, so its mail has a usable From address (the test platform domain is localhost). */
export async function giveSendingDomain(db: TestDb, tenantId: number, domain: string): Promise<void> {
  await db.storage.db.updateTable('tenants').set({ settings: JSON.stringify({ sending_domain: domain }) }).where('id', '=', tenantId).execute();
}

/** Waits (real time) until `n` mails are queued for the tenant; the reset mail is queued after the answer. */
export async function waitForMail(db: TestDb, tenantId: number, n: number): Promise<QueuedMail[]> {
  for (let i = 0; i < 200; i++) {
    const mail = await queuedMail(db, tenantId);
    if (mail.length >= n) return mail;
    await new Promise((r) => setTimeout(r, 10));
  }
  return queuedMail(db, tenantId);
}

/** The path (and query) of the password link in a mail. */
export function linkOf(markdown: string, publicUrl = 'http://localhost:8080'): string {
  const m = /\(<([^>\s]+)>\)/.exec(markdown);
  assert.ok(m, `no link in ${markdown}`);
  const url = m[1]!;
  assert.ok(url.startsWith(`${publicUrl}/admin/password/reset/`), `link under public_url: ${url}`);
  return url.slice(publicUrl.length);
}

/** A browser without a session: keeps the pre-session cookie, reads form tokens. */
export class Anonymous {
  pre = '';
  constructor(private readonly app: FastifyInstance) {}

  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.pre ? { cookie: `facteur_pre=${this.pre}` } : {} });
    const set = setCookie(res.headers, 'facteur_pre');
    if (set) this.pre = cookieValue(set);
    return res;
  }

  /** Loads `formUrl`, then posts `fields` with its token to `postUrl` (default: the same URL). */
  async submit(formUrl: string, fields: Record<string, string>, postUrl = formUrl, opts: { csrf?: string | null; ip?: string } = {}) {
    const page = await this.get(formUrl);
    const csrf = opts.csrf === undefined ? csrfOf(page.body) : opts.csrf;
    const payload = new URLSearchParams(csrf === null ? fields : { csrf, ...fields }).toString();
    return this.app.inject({ method: 'POST', url: postUrl, headers: { ...FORM, cookie: `facteur_pre=${this.pre}` }, payload, ...(opts.ip ? { remoteAddress: opts.ip } : {}) });
  }
}
