// Sign-in, sign-out and the language switch of the admin interface.
//
// Route table.
//   GET  /admin/login        sign-in form
//   POST /admin/login        sign in (throttled per IP and per account)
//   POST /admin/logout       end the session
//   POST /admin/language     keep another language in the session
//   /admin/password/…        forgot your password, choose a password (team/reset.ts)
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashPassword, verifyPassword } from '../../core/auth/password.ts';
import { LANGS, type Lang } from '../i18n/index.ts';
import { FORM_BODY_LIMIT } from '../public/form.ts';
import { adminCookie, hashToken, LoginThrottle, mac, newToken, parseCookies, PRE_COOKIE, safeEqual, SESSION_COOKIE } from './security.ts';
import { adminMessages } from './messages.ts';
import { loginPage } from './pages.ts';
import type { AdminKit, Auth } from './kit.ts';
import { resetRoutes } from './team/reset.ts';
import { teamMessages } from './team/messages.ts';

export interface AuthAreaOptions {
  sessionTtlMs: number;
  /** Keys the sign-in form's CSRF token (an HMAC of the pre-session cookie). */
  formKey: string | Buffer;
  throttle: LoginThrottle | undefined;
  clearSessionCookie(reply: FastifyReply): void;
  currentAuth(req: FastifyRequest): Promise<Auth | undefined>;
  /** The language of a request without a session (?lang=, then Accept-Language). */
  anonLang(req: FastifyRequest): Lang;
}

const ACCOUNT_FREE = 5;
const IP_FREE = 20;
/** Where the language switch may send back to: an admin path, no dot segments. */
const BACK = /^\/admin(\/(?!\.\.?(\/|$))[A-Za-z0-9._~-]+)*$/;
/** A tenant slug, the only association identifier the sign-in page takes from its address. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export async function authArea(app: FastifyInstance, kit: AdminKit, o: AuthAreaOptions): Promise<void> {
  const { formKey, currentAuth, anonLang, clearSessionCookie } = o;
  const sessionTtl = o.sessionTtlMs;
  const throttle = o.throttle ?? new LoginThrottle({ free: ACCOUNT_FREE, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 3600_000, maxKeys: 100_000 });
  // Compared against when the account does not exist, so both failures take as long.
  let dummyHash: Promise<string> | undefined;

  /** The pre-session cookie value (set on the reply when new) and the form token bound to it. */
  function preSession(req: FastifyRequest, reply: FastifyReply): string {
    let pre = parseCookies(req.headers.cookie).get(PRE_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{43}$/.test(pre)) {
      pre = newToken();
      reply.header('set-cookie', adminCookie(PRE_COOKIE, pre, { secure: kit.settings.secureCookies, maxAge: 3600 }));
    }
    return mac(formKey, pre);
  }

  app.get('/admin/login', async (req, reply) => {
    if (await currentAuth(req)) return reply.redirect('/admin', 303);
    dummyHash ??= hashPassword(newToken());
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const q = req.query as Record<string, unknown>;
    const notice = q.expired === '1' ? m.login.expired : q.bye === '1' ? m.login.signedOut : q.password === 'set' ? teamMessages(lang).login.passwordSet : undefined;
    // After a password link, the association is filled in (a slug, nothing else from the address).
    const tenant = typeof q.tenant === 'string' && SLUG.test(q.tenant) ? q.tenant : '';
    return kit.page(reply, 200, loginPage(kit.ctxOf('/admin/login', lang), { email: '', tenant, csrf: preSession(req, reply), notice }));
  });

  app.post('/admin/login', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const lang = anonLang(req);
    const m = adminMessages(lang);
    const form = kit.form(req);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const slug = (form.get('tenant') ?? '').trim().toLowerCase().slice(0, 100);
    const password = (form.get('password') ?? '').slice(0, 1024);
    const pre = parseCookies(req.headers.cookie).get(PRE_COOKIE);
    if (!pre || !safeEqual(form.get('csrf') ?? '', mac(formKey, pre))) {
      return kit.message(reply, 403, undefined, lang, m.errors.forbiddenTitle, m.errors.csrf);
    }
    const again = (error: string, status: number) => kit.page(reply, status, loginPage(kit.ctxOf('/admin/login', lang), { email, tenant: slug, csrf: mac(formKey, pre), error }));

    const ipKey = `ip:${req.ip}`;
    const accountKey = `account:${slug}|${email.toLowerCase()}`;
    const t = kit.now();
    const wait = throttle.waitMs([{ key: ipKey, free: IP_FREE }, { key: accountKey, free: ACCOUNT_FREE }], t);
    if (wait > 0) {
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      return again(m.login.tooMany(Math.ceil(wait / 1000)), 429);
    }

    const tenant = slug ? await kit.storage.repos.tenants.getBySlug(slug) : undefined;
    const user = email && (!slug || tenant) ? await kit.storage.repos.users.findByEmail(tenant ? tenant.id : null, email) : undefined;
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
      const prev = await kit.sessions.find(hashToken(old));
      if (prev) await kit.sessions.delete(prev.id);
    }
    const token = newToken();
    await kit.sessions.create({ tokenHash: hashToken(token), userId: user.id, tenantId: user.tenantId, csrfToken: newToken(), lang, expiresAt: t + sessionTtl });
    await kit.sessions.markSignIn(user.id, t);
    await kit.sessions.purgeExpired(t);
    reply.header('set-cookie', [adminCookie(SESSION_COOKIE, token, { secure: kit.settings.secureCookies, maxAge: Math.floor(sessionTtl / 1000) }), adminCookie(PRE_COOKIE, '', { secure: kit.settings.secureCookies, maxAge: 0 })]);
    return reply.redirect('/admin', 303);
  });

  resetRoutes(app, kit, {
    formKey,
    preSession,
    anonLang,
    clearSignInFailures: (slug, email) => throttle.clear(`account:${slug}|${email.toLowerCase()}`),
  });

  app.post('/admin/logout', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireAuth(req, reply, true);
    if (!auth) return reply;
    await kit.sessions.delete(auth.session.id);
    clearSessionCookie(reply);
    return reply.redirect(`/admin/login?bye=1&lang=${auth.lang}`, 303);
  });

  app.post('/admin/language', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireAuth(req, reply, true);
    if (!auth) return reply;
    const form = kit.form(req);
    const lang = LANGS.find((l) => l === form.get('lang'));
    if (lang) await kit.sessions.setLang(auth.session.id, lang);
    const back = form.get('back') ?? '';
    return reply.redirect(BACK.test(back) ? back : '/admin', 303);
  });
}
