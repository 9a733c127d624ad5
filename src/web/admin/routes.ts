// The admin interface of a tenant: sign-in with server-side sessions, dashboard, campaign report.
// Every form carries the session's synchroniser token (CSRF) and every POST checks it; the
// sign-in form, before any session exists, carries an HMAC of a pre-session cookie instead.
//
// Route table.
//   GET  /admin/login                         sign-in form
//   POST /admin/login                         sign in (throttled per IP and per account)
//   POST /admin/logout                        end the session
//   POST /admin/language                      keep another language in the session
//   GET  /admin                               dashboard: warnings, latest campaigns and figures
//   GET  /admin/campaigns/:id                 report: counts per state and per failure reason
//   GET  /admin/campaigns/:id/failures.csv    the addresses that bounced or complained
//   GET  /admin/*                             the interface's 404 page
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/index.ts';
import { AdminSessionRepository, type AdminSession } from '../../storage/repositories/admin-sessions.ts';
import type { Tenant } from '../../core/model.ts';
import { hashPassword, verifyPassword } from '../../core/auth/password.ts';
import { LANGS, negotiateLang, type Lang } from '../i18n/index.ts';
import { installFormParsers, formOf, FORM_BODY_LIMIT } from '../public/form.ts';
import { PUBLIC_CSP } from '../public/index.ts';
import { toCsv } from '../api/csv.ts';
import { adminCookie, hashToken, LoginThrottle, mac, newToken, parseCookies, safeEqual } from './security.ts';
import { adminMessages } from './messages.ts';
import { campaignPage, dashboardPage, loginPage, messagePage, operatorDashboardPage, type AdminPageContext, type CampaignRow } from './pages.ts';

export const SESSION_COOKIE = 'facteur_session';
export const PRE_COOKIE = 'facteur_pre';
/** Same policy as the public pages: our inline CSS and same-origin forms, nothing else. */
export const ADMIN_CSP = PUBLIC_CSP;

export interface AdminRoutesOptions {
  storage: Storage;
  /** config server.public_url: cookies get `Secure` when it is https. */
  publicUrl: string;
  /** Platform secret keys the sign-in form's CSRF token; without it, a key per process. */
  secret?: string | undefined;
  /** Absolute lifetime of a session (default 12 h). */
  sessionTtlMs?: number;
  /** A session unused this long ends (default 2 h). */
  idleTtlMs?: number;
  /** Injected by tests; default: 5 free failures per account, 20 per IP, then 1 s doubling to 15 min. */
  throttle?: LoginThrottle;
  /** Latest campaigns on the dashboard (default 10). */
  dashboardCampaigns?: number;
}

interface Auth {
  session: AdminSession;
  user: { id: number; tenantId: number | null; email: string; role: string };
  tenant: Tenant | undefined;
  lang: Lang;
}

const ACCOUNT_FREE = 5;
const IP_FREE = 20;
const TOUCH_EVERY_MS = 60_000;
const ID = /^[0-9]{1,15}$/;
/** Where the language switch may send back to: an admin path, no dot segments. */
const BACK = /^\/admin(\/(?!\.\.?(\/|$))[A-Za-z0-9._~-]+)*$/;

function asLang(v: unknown): Lang | undefined {
  return LANGS.find((l) => l === v);
}

export async function adminRoutes(app: FastifyInstance, opts: AdminRoutesOptions): Promise<void> {
  const { storage } = opts;
  const sessions = new AdminSessionRepository({ db: storage.db, dialect: storage.dialect, clock: storage.clock });
  const now = () => storage.clock.now();
  const sessionTtl = opts.sessionTtlMs ?? 12 * 3600_000;
  const idleTtl = opts.idleTtlMs ?? 2 * 3600_000;
  const secure = opts.publicUrl.trim().toLowerCase().startsWith('https:');
  const formKey = opts.secret ? `admin-login:${opts.secret}` : randomBytes(32);
  const throttle = opts.throttle ?? new LoginThrottle({ free: ACCOUNT_FREE, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 3600_000, maxKeys: 100_000 });
  // Compared against when the account does not exist, so both failures take as long.
  let dummyHash: Promise<string> | undefined;
  installFormParsers(app);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', ADMIN_CSP);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('x-robots-tag', 'noindex, nofollow');
    reply.header('cache-control', 'no-store');
    return payload;
  });

  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const anonLang = (req: FastifyRequest): Lang => negotiateLang((req.query as Record<string, unknown> | undefined)?.lang, req.headers['accept-language']);
  const ctxOf = (path: string, lang: Lang, auth?: Auth): AdminPageContext => ({
    lang,
    path,
    session: auth && {
      csrf: auth.session.csrfToken,
      email: auth.user.email,
      where: auth.tenant ? auth.tenant.name : adminMessages(lang).common.operatorScope,
    },
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const status = error.statusCode ?? 500;
    if (status < 500) return page(reply, status, messagePage(ctxOf('/admin', lang), m.errors.badRequest, m.errors.badRequest));
    req.log.error({ err: error }, 'admin page failed');
    return page(reply, 500, messagePage(ctxOf('/admin', lang), m.errors.serverError, m.errors.serverError));
  });

  const clearSessionCookie = (reply: FastifyReply) => reply.header('set-cookie', adminCookie(SESSION_COOKIE, '', { secure, maxAge: 0 }));

  /** The live session of the request, or undefined (an expired one is deleted). */
  async function currentAuth(req: FastifyRequest): Promise<Auth | undefined> {
    const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!token || token.length > 100) return undefined;
    const session = await sessions.find(hashToken(token));
    if (!session) return undefined;
    const t = now();
    if (t >= session.expiresAt || t - session.lastSeenAt >= idleTtl) {
      await sessions.delete(session.id);
      return undefined;
    }
    const user = await sessions.user(session.userId);
    if (!user) return undefined;
    const tenant = user.tenantId === null ? undefined : await storage.repos.tenants.get(user.tenantId);
    if (user.tenantId !== null && !tenant) return undefined;
    if (t - session.lastSeenAt >= TOUCH_EVERY_MS) await sessions.touch(session.id, t);
    return { session, user, tenant, lang: asLang(session.lang) ?? 'fr' };
  }

  /**
   * The session, or undefined after answering: a redirect to sign-in when there is none, 403 when
   * a POST lacks the session's CSRF token (nothing is done then).
   */
  async function requireAuth(req: FastifyRequest, reply: FastifyReply, post = false): Promise<Auth | undefined> {
    const auth = await currentAuth(req);
    if (!auth) {
      const hadCookie = parseCookies(req.headers.cookie).has(SESSION_COOKIE);
      if (hadCookie) clearSessionCookie(reply);
      void reply.redirect(hadCookie ? '/admin/login?expired=1' : '/admin/login', 303);
      return undefined;
    }
    if (post) {
      const sent = formOf(req).get('csrf') ?? '';
      if (!safeEqual(sent, auth.session.csrfToken)) {
        const m = adminMessages(auth.lang);
        void page(reply, 403, messagePage(ctxOf('/admin', auth.lang, auth), m.errors.forbiddenTitle, m.errors.csrf));
        return undefined;
      }
    }
    return auth;
  }

  // ---- sign-in -------------------------------------------------------------------------------

  /** The pre-session cookie value (set on the reply when new) and the form token bound to it. */
  function preSession(req: FastifyRequest, reply: FastifyReply): string {
    let pre = parseCookies(req.headers.cookie).get(PRE_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
      pre = newToken();
      reply.header('set-cookie', adminCookie(PRE_COOKIE, pre, { secure, maxAge: 3600 }));
    }
    return mac(formKey, pre);
  }

  app.get('/admin/login', async (req, reply) => {
    if (await currentAuth(req)) return reply.redirect('/admin', 303);
    dummyHash ??= hashPassword(newToken());
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const q = req.query as Record<string, unknown>;
    const notice = q.expired === '1' ? m.login.expired : q.bye === '1' ? m.login.signedOut : undefined;
    return page(reply, 200, loginPage(ctxOf('/admin/login', lang), { email: '', tenant: '', csrf: preSession(req, reply), notice }));
  });

  app.post('/admin/login', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const form = formOf(req);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const slug = (form.get('tenant') ?? '').trim().toLowerCase().slice(0, 100);
    const password = (form.get('password') ?? '').slice(0, 1024);
    const pre = parseCookies(req.headers.cookie).get(PRE_COOKIE);
    if (!pre || !safeEqual(form.get('csrf') ?? '', mac(formKey, pre))) {
      return page(reply, 403, messagePage(ctxOf('/admin/login', lang), m.errors.forbiddenTitle, m.errors.csrf));
    }
    const again = (error: string, status: number) => page(reply, status, loginPage(ctxOf('/admin/login', lang), { email, tenant: slug, csrf: mac(formKey, pre), error }));

    const ipKey = `ip:${req.ip}`;
    const accountKey = `account:${slug}|${email.toLowerCase()}`;
    const t = now();
    const wait = throttle.waitMs([{ key: ipKey, free: IP_FREE }, { key: accountKey, free: ACCOUNT_FREE }], t);
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      return again(m.login.tooMany(Math.ceil(wait / 1000)), 429);
    }

    const tenant = slug ? await storage.repos.tenants.getBySlug(slug) : undefined;
    const user = email && (!slug || tenant) ? await storage.repos.users.findByEmail(tenant ? tenant.id : null, email) : undefined;
    dummyHash ??= hashPassword(newToken());
    const ok = await verifyPassword(password, user ? user.passwordHash : await dummyHash);
    if (!user || !ok) {
      throttle.fail([ipKey, accountKey], t);
      return again(m.login.failed, 401);
    }
    throttle.clear(accountKey);

    // A fresh token at every sign-in (no session fixation); a previous session of this browser ends.
    const old = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (old) {
      const prev = await sessions.find(hashToken(old));
      if (prev) await sessions.delete(prev.id);
    }
    const token = newToken();
    await sessions.create({ tokenHash: hashToken(token), userId: user.id, tenantId: user.tenantId, csrfToken: newToken(), lang, expiresAt: t + sessionTtl });
    await sessions.markSignIn(user.id, t);
    await sessions.purgeExpired(t);
    reply.header('set-cookie', [adminCookie(SESSION_COOKIE, token, { secure, maxAge: Math.floor(sessionTtl / 1000) }), adminCookie(PRE_COOKIE, '', { secure, maxAge: 0 })]);
    return reply.redirect('/admin', 303);
  });

  app.post('/admin/logout', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await requireAuth(req, reply, true);
    if (!auth) return reply;
    await sessions.delete(auth.session.id);
    clearSessionCookie(reply);
    return reply.redirect(`/admin/login?bye=1&lang=${auth.lang}`, 303);
  });

  app.post('/admin/language', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await requireAuth(req, reply, true);
    if (!auth) return reply;
    const form = formOf(req);
    const lang = asLang(form.get('lang'));
    if (lang) await sessions.setLang(auth.session.id, lang);
    const back = form.get('back') ?? '';
    return reply.redirect(BACK.test(back) ? back : '/admin', 303);
  });

  // ---- pages ---------------------------------------------------------------------------------

  app.get('/admin', async (req, reply) => {
    const auth = await requireAuth(req, reply);
    if (!auth) return reply;
    const ctx = ctxOf('/admin', auth.lang, auth);
    if (!auth.tenant) return page(reply, 200, operatorDashboardPage(ctx, await storage.repos.tenants.list()));
    const tenant = auth.tenant;
    const ids = await sessions.latestCampaignIds(tenant.id, opts.dashboardCampaigns ?? 10);
    const campaigns: CampaignRow[] = [];
    for (const id of ids) {
      const campaign = await storage.repos.campaigns.get(tenant.id, id);
      if (campaign) campaigns.push({ campaign, counts: await storage.repos.campaignReports.counts(tenant.id, id) });
    }
    const domain = tenant.settings.sending_domain;
    return page(reply, 200, dashboardPage(ctx, { tenant, campaigns, hasSendingDomain: typeof domain === 'string' && domain.trim() !== '' }));
  });

  const notFound = (reply: FastifyReply, auth: Auth, path: string) => {
    const m = adminMessages(auth.lang);
    return page(reply, 404, messagePage(ctxOf(path, auth.lang, auth), m.errors.notFoundTitle, m.errors.notFound));
  };

  app.get<{ Params: { id: string } }>('/admin/campaigns/:id', async (req, reply) => {
    const auth = await requireAuth(req, reply);
    if (!auth) return reply;
    const path = `/admin/campaigns/${req.params.id}`;
    const campaign = auth.tenant && ID.test(req.params.id) ? await storage.repos.campaigns.get(auth.tenant.id, Number(req.params.id)) : undefined;
    if (!auth.tenant || !campaign) return notFound(reply, auth, '/admin');
    const counts = await storage.repos.campaignReports.counts(auth.tenant.id, campaign.id);
    return page(reply, 200, campaignPage(ctxOf(path, auth.lang, auth), campaign, counts));
  });

  // Any other admin address: the interface's own 404 page (after sign-in, so nothing is revealed).
  app.get('/admin/*', async (req, reply) => {
    const auth = await requireAuth(req, reply);
    if (!auth) return reply;
    return notFound(reply, auth, '/admin');
  });

  app.get<{ Params: { id: string } }>('/admin/campaigns/:id/failures.csv', async (req, reply) => {
    const auth = await requireAuth(req, reply);
    if (!auth) return reply;
    const campaign = auth.tenant && ID.test(req.params.id) ? await storage.repos.campaigns.get(auth.tenant.id, Number(req.params.id)) : undefined;
    if (!auth.tenant || !campaign) return notFound(reply, auth, '/admin');
    const m = adminMessages(auth.lang);
    const rows: string[][] = [m.campaign.csvHeader];
    let cursor: string | null = null;
    do {
      const pageOf = await storage.repos.campaignReports.failures(auth.tenant.id, campaign.id, { cursor, limit: 10_000 });
      for (const f of pageOf.items) rows.push([f.address, f.name ?? '', f.kind, f.reason ?? '', f.code === null ? '' : String(f.code), f.response ?? '', new Date(f.at).toISOString()]);
      cursor = pageOf.nextCursor;
    } while (cursor);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${campaign.id}-failures.csv"`)
      .send(toCsv(rows, auth.lang === 'fr' ? ';' : ','));
  });
}
