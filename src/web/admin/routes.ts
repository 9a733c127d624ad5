// The admin interface of a tenant: the plugin that holds the areas together. It sets the security
// headers, renders errors as pages, builds the kit every area uses (session, CSRF and role checks)
// and registers the areas; each area owns its routes (route tables at the top of each file).
//
//   auth.ts                 sign-in, sign-out, language; password reset
//   dashboard.ts            GET /admin
//   campaigns/              campaigns: list, editor, preview, test, send, progress, report
//   contacts/               contacts, lists, segments
//   imports/                CSV import: upload, preview, mapping, report
//   suppressions/           the suppression list
//   domain/                 the sending domain assistant
//   integrations/           API keys, SMTP credentials, webhooks
//   team/                   team members and roles
//   assets.ts               GET /admin/assets/:file (same-origin scripts, optional enhancements)
//   GET /admin/*            anything else: the interface's 404 page (after sign-in)
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/index.ts';
import { AdminSessionRepository } from '../../storage/repositories/admin-sessions.ts';
import type { UserRole } from '../../core/model.ts';
import { DEFAULT_GUARD, type GuardSettings } from '../../delivery/guard/index.ts';
import { systemResolver, type Resolver } from '../../lib/dns.ts';
import { LANGS, negotiateLang, type Lang } from '../i18n/index.ts';
import { installFormParsers, formOf } from '../public/form.ts';
import { adminCookie, hashToken, LoginThrottle, parseCookies, PRE_COOKIE, safeEqual, SESSION_COOKIE } from './security.ts';
import { adminMessages } from './messages.ts';
import { messagePage, type AdminPageContext } from './layout.ts';
import type { AdminArea, AdminKit, AdminSettings, Auth, TenantAuth } from './kit.ts';
import { authArea } from './auth.ts';
import { dashboardArea } from './dashboard.ts';
import { assetsArea } from './assets.ts';
import { campaignsArea } from './campaigns/index.ts';
import { contactsArea } from './contacts/index.ts';
import { importsArea } from './imports/index.ts';
import { suppressionsArea } from './suppressions/index.ts';
import { domainArea } from './domain/index.ts';
import { integrationsArea } from './integrations/index.ts';
import { teamArea } from './team/index.ts';

export { SESSION_COOKIE, PRE_COOKIE };
/**
 * Our inline CSS, same-origin scripts (optional enhancements: every page works without them),
 * same-origin frames (the sandboxed campaign preview) and same-origin forms; nothing else.
 */
export const ADMIN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface AdminRoutesOptions {
  storage: Storage;
  /** config server.public_url: cookies get `Secure` when it is https; links in mail start with it. */
  publicUrl: string;
  /** config platform.domain (default "localhost"). */
  platformDomain?: string;
  /** config platform.name (default "facteur"). */
  platformName?: string;
  /** config [guard] as settings (default: the guard's defaults). */
  guard?: GuardSettings;
  /** DNS of the sending-domain check (default: the system's resolver). */
  resolver?: Resolver;
  /** config [submission] (default: off, ports 587 and 465). */
  submission?: AdminSettings['submission'];
  /** Platform secret: keys the sign-in form's CSRF token and the mailed links; without it, a key per process. */
  secret?: string | undefined;
  /** Absolute lifetime of a session (default 12 h). */
  sessionTtlMs?: number;
  /** A session unused this long ends (default 2 h). */
  idleTtlMs?: number;
  /** Injected by tests; default: 5 free failures per account, 20 per IP, then 1 s doubling to 15 min. */
  throttle?: LoginThrottle;
}

const TOUCH_EVERY_MS = 60_000;
const ID = /^[0-9]{1,15}$/;

/** The areas, in registration order. The catch-all 404 comes after them. */
const AREAS: AdminArea[] = [assetsArea, dashboardArea, campaignsArea, contactsArea, importsArea, suppressionsArea, domainArea, integrationsArea, teamArea];

function asLang(v: unknown): Lang | undefined {
  return LANGS.find((l) => l === v);
}

export async function adminRoutes(app: FastifyInstance, opts: AdminRoutesOptions): Promise<void> {
  const { storage } = opts;
  const sessions = new AdminSessionRepository({ db: storage.db, dialect: storage.dialect, clock: storage.clock });
  const now = () => storage.clock.now();
  const idleTtl = opts.idleTtlMs ?? 2 * 3600_000;
  const secureCookies = opts.publicUrl.trim().toLowerCase().startsWith('https:');
  installFormParsers(app);

  app.addHook('onSend', async (_req, reply, payload) => {
    // A route may set its own policy (the sandboxed campaign preview does).
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', ADMIN_CSP);
      reply.header('x-frame-options', 'DENY');
    }
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-robots-tag', 'noindex, nofollow');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
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
      tenant: auth.tenant !== undefined,
      role: auth.user.role,
    },
  });
  const message = (reply: FastifyReply, status: number, auth: Auth | undefined, lang: Lang, title: string, text: string) =>
    page(reply, status, messagePage(ctxOf('/admin', lang, auth), title, text));

  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const status = error.statusCode ?? 500;
    if (status === 413) return message(reply, 413, undefined, lang, m.errors.tooLargeTitle, m.errors.tooLarge);
    if (status < 500) return message(reply, status, undefined, lang, m.errors.badRequest, m.errors.badRequest);
    req.log.error({ err: error }, 'admin page failed');
    return message(reply, 500, undefined, lang, m.errors.serverError, m.errors.serverError);
  });

  const clearSessionCookie = (reply: FastifyReply) => reply.header('set-cookie', adminCookie(SESSION_COOKIE, '', { secure: secureCookies, maxAge: 0 }));

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
    return { session, user: { ...user, role: user.role as UserRole }, tenant, lang: asLang(session.lang) ?? 'fr' };
  }

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
        void message(reply, 403, auth, auth.lang, m.errors.forbiddenTitle, m.errors.csrf);
        return undefined;
      }
    }
    return auth;
  }

  const notFound = (reply: FastifyReply, auth: Auth) => {
    const m = adminMessages(auth.lang);
    return message(reply, 404, auth, auth.lang, m.errors.notFoundTitle, m.errors.notFound);
  };

  const kit: AdminKit = {
    storage,
    settings: {
      publicUrl: opts.publicUrl.replace(/\/+$/, ''),
      platformDomain: opts.platformDomain ?? 'localhost',
      platformName: opts.platformName ?? 'facteur',
      secret: opts.secret,
      secureCookies,
      guard: opts.guard ?? DEFAULT_GUARD,
      resolver: opts.resolver ?? systemResolver(),
      submission: opts.submission ?? { enabled: false, hostname: '', port: 587, tlsPort: 465 },
    },
    sessions,
    now,
    page,
    ctxOf,
    requireAuth,
    async requireTenant(req, reply, check = {}) {
      const auth = await requireAuth(req, reply, check.post ?? false);
      if (!auth) return undefined;
      if (!auth.tenant) {
        void notFound(reply, auth);
        return undefined;
      }
      if (check.role === 'admin' && auth.user.role !== 'admin') {
        const m = adminMessages(auth.lang);
        void message(reply, 403, auth, auth.lang, m.errors.adminOnlyTitle, m.errors.adminOnly);
        return undefined;
      }
      return auth as TenantAuth;
    },
    notFound,
    message,
    form: formOf,
    id: (raw) => (ID.test(raw) && Number(raw) > 0 ? Number(raw) : undefined),
  };

  await authArea(app, kit, {
    sessionTtlMs: opts.sessionTtlMs ?? 12 * 3600_000,
    formKey: opts.secret ? `admin-login:${opts.secret}` : randomBytes(32),
    throttle: opts.throttle,
    clearSessionCookie,
    currentAuth,
    anonLang,
  });
  for (const area of AREAS) await area(app, kit);

  // Any other admin address: the interface's own 404 page (after sign-in, so nothing is revealed).
  app.get('/admin/*', async (req, reply) => {
    const auth = await requireAuth(req, reply);
    if (!auth) return reply;
    return notFound(reply, auth);
  });
}

