// "Forgot your password?" and the page a password link opens (reset or invitation). Registered by
// the sign-in area (auth.ts): these pages have no session, their forms carry the sign-in form's
// CSRF token (an HMAC of the pre-session cookie).
//
// Route table.
//   GET  /admin/password/forgot          e-mail + association identifier
//   POST /admin/password/forgot          queue a reset link if the account exists (same answer either way), throttled
//   GET  /admin/password/reset/:token    the "choose a password" form (changes nothing)
//   POST /admin/password/reset/:token    set the password, end the user's sessions, back to sign-in
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword } from '../../../core/auth/password.ts';
import type { Tenant, User } from '../../../core/model.ts';
import type { Lang } from '../../i18n/index.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { adminMessages } from '../messages.ts';
import { LoginThrottle, mac, parseCookies, PRE_COOKIE, safeEqual } from '../security.ts';
import type { AdminKit } from '../kit.ts';
import { linkSecret, sendPasswordMail } from './mail.ts';
import { teamMessages } from './messages.ts';
import { forgotPage, forgotSentPage, linkInvalidPage, resetPage, unavailablePage } from './pages.ts';
import { linkKey, readLinkToken, verifyLinkClaim, type LinkPurpose } from './token.ts';

export interface ResetRoutesOptions {
  /** The sign-in form's CSRF key (the pre-session cookie's HMAC key). */
  formKey: string | Buffer;
  /** The pre-session form token (sets the cookie when missing). */
  preSession(req: FastifyRequest, reply: FastifyReply): string;
  anonLang(req: FastifyRequest): Lang;
  /** Forgets the sign-in failures of an account once its password is set. */
  clearSignInFailures(slug: string, email: string): void;
  /** Injected by tests; default: 3 requests per account then 5 min doubling to 1 h, 10 per IP. */
  throttle?: LoginThrottle;
}

const ACCOUNT_FREE = 3;
const IP_FREE = 10;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

/** Why a new password is refused (a catalogue key), or undefined when it is fine. */
export function passwordProblem(password: string, confirm: string, email: string): 'tooShort' | 'tooLong' | 'mismatch' | 'isEmail' | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  if (password !== confirm) return 'mismatch';
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return 'isEmail';
  return undefined;
}

export function resetRoutes(app: FastifyInstance, kit: AdminKit, o: ResetRoutesOptions): void {
  const { formKey, preSession, anonLang } = o;
  const repos = kit.storage.repos;
  const secret = linkSecret(kit);
  const key = secret === undefined ? undefined : linkKey(secret);
  const throttle = o.throttle ?? new LoginThrottle({ free: ACCOUNT_FREE, baseDelayMs: 5 * 60_000, maxDelayMs: 3600_000, forgetAfterMs: 3600_000, maxKeys: 100_000 });
  // Mail is queued after the answer, so an existing account does not answer more slowly.
  const inflight = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inflight]);
  });

  const csrfOk = (req: FastifyRequest, sent: string | null) => {
    const pre = parseCookies(req.headers.cookie).get(PRE_COOKIE);
    return pre !== undefined && safeEqual(sent ?? '', mac(formKey, pre));
  };
  const forbidden = (reply: FastifyReply, lang: Lang) => {
    const m = adminMessages(lang);
    return kit.message(reply, 403, undefined, lang, m.errors.forbiddenTitle, m.errors.csrf);
  };
  const unavailable = (reply: FastifyReply, lang: Lang) => kit.page(reply, 503, unavailablePage(kit.ctxOf('/admin/password/forgot', lang)));
  // Every link that does not work gets this one page, whatever the reason.
  const invalid = (reply: FastifyReply, lang: Lang) => kit.page(reply, 400, linkInvalidPage(kit.ctxOf('/admin/password/forgot', lang)));

  /** The account and association of a link that works now, or undefined. */
  async function resolve(token: string): Promise<{ user: User; tenant: Tenant; purpose: LinkPurpose } | undefined> {
    const claim = readLinkToken(token);
    if (!claim || !key) return undefined;
    const user = await repos.users.get(claim.userId);
    if (!user || user.tenantId === null || !verifyLinkClaim(key, claim, user, kit.now())) return undefined;
    const tenant = await repos.tenants.get(user.tenantId);
    return tenant && { user, tenant, purpose: claim.purpose };
  }

  app.get('/admin/password/forgot', async (req, reply) => {
    const lang = anonLang(req);
    if (!key) return unavailable(reply, lang);
    const q = req.query as Record<string, unknown>;
    if (q.sent === '1') return kit.page(reply, 200, forgotSentPage(kit.ctxOf('/admin/password/forgot', lang)));
    return kit.page(reply, 200, forgotPage(kit.ctxOf('/admin/password/forgot', lang), { email: '', tenant: '', csrf: preSession(req, reply) }));
  });

  app.post('/admin/password/forgot', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = anonLang(req);
    const form = kit.form(req);
    if (!csrfOk(req, form.get('csrf'))) return forbidden(reply, lang);
    if (!key || secret === undefined) return unavailable(reply, lang);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const slug = (form.get('tenant') ?? '').trim().toLowerCase().slice(0, 100);
    const t = teamMessages(lang).forgot;
    const again = (status: number, error: string) =>
      kit.page(reply, status, forgotPage(kit.ctxOf('/admin/password/forgot', lang), { email, tenant: slug, csrf: preSession(req, reply), error }));
    if (!email || !slug) return again(422, t.missing);

    // Every request counts (not only failures): a link per account now and then, whoever asks.
    const ipKey = `ip:${req.ip}`;
    const accountKey = `account:${slug}|${email.toLowerCase()}`;
    const now = kit.now();
    const wait = throttle.waitMs([{ key: ipKey, free: IP_FREE }, { key: accountKey, free: ACCOUNT_FREE }], now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('retry-after', String(seconds));
      return again(429, adminMessages(lang).login.tooMany(seconds));
    }
    throttle.fail([ipKey, accountKey], now);

    const job = (async () => {
      const tenant = await repos.tenants.getBySlug(slug);
      const user = tenant && (await repos.users.findByEmail(tenant.id, email));
      if (tenant && user) await sendPasswordMail(kit, secret, { tenant, user, purpose: 'reset', lang });
    })().catch((err: unknown) => req.log.error({ err }, 'password reset mail not queued'));
    inflight.add(job);
    void job.finally(() => inflight.delete(job));
    return reply.redirect(`/admin/password/forgot?sent=1&lang=${lang}`, 303);
  });

  app.get<{ Params: { token: string } }>('/admin/password/reset/:token', async (req, reply) => {
    const lang = anonLang(req);
    if (!key) return unavailable(reply, lang);
    const found = await resolve(req.params.token);
    if (!found) return invalid(reply, lang);
    const ctx = kit.ctxOf(`/admin/password/reset/${req.params.token}`, lang);
    return kit.page(reply, 200, resetPage(ctx, { purpose: found.purpose, email: found.user.email, association: found.tenant.name, csrf: preSession(req, reply) }));
  });

  app.post<{ Params: { token: string } }>('/admin/password/reset/:token', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = anonLang(req);
    const form = kit.form(req);
    if (!csrfOk(req, form.get('csrf'))) return forbidden(reply, lang);
    if (!key) return unavailable(reply, lang);
    const found = await resolve(req.params.token);
    if (!found) return invalid(reply, lang);
    const { user, tenant } = found;
    const password = form.get('password') ?? '';
    const problem = passwordProblem(password, form.get('confirm') ?? '', user.email);
    if (problem) {
      const ctx = kit.ctxOf(`/admin/password/reset/${req.params.token}`, lang);
      const error = teamMessages(lang).reset[problem];
      return kit.page(reply, 422, resetPage(ctx, { purpose: found.purpose, email: user.email, association: tenant.name, csrf: preSession(req, reply), error }));
    }
    // Only while the hash is the one the link was made for: the link works once, even twice at once.
    if (!(await repos.users.setPassword(user.id, await hashPassword(password), user.passwordHash))) return invalid(reply, lang);
    await kit.sessions.deleteForUser(user.id);
    o.clearSignInFailures(tenant.slug, user.email);
    return reply.redirect(`/admin/login?lang=${lang}&password=set&tenant=${tenant.slug}`, 303);
  });
}
