// Public pages members reach from a message: unsubscribe (RFC 8058 one-click and the page),
// re-subscribe, preferences, privacy. No login, cookie or CSRF token: the HMAC token in the
// path is the authority, and an invalid one gets the same 404 page whatever was wrong with it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/index.ts';
import { unsubscribeToken, verifyUnsubscribeToken, type UnsubscribeScope } from '../../core/tokens.ts';
import { negotiateLang, messagesFor } from '../i18n/index.ts';
import { installFormParsers, formOf, FORM_BODY_LIMIT } from './form.ts';
import { loadPreferences, loadTarget, resubscribe, savePreferences, unsubscribe } from './actions.ts';
import { subscribeRoutes } from './subscribe/routes.ts';
import {
  badRequestPage,
  confirmPage,
  donePage,
  notFoundPage,
  preferencesPage,
  privacyPage,
  resubscribedPage,
  serverErrorPage,
  type PageContext,
} from './pages.ts';

export interface PublicRoutesOptions {
  storage: Storage;
  /** Platform HMAC secret; without it the token routes are not registered (only /privacy is). */
  secret?: string | undefined;
  /** Shown in the footer and on the privacy page (config platform.name). */
  platformName: string;
  /** How long delivery events are kept, stated on the privacy page; unset: "a period set by the host". */
  eventRetentionDays?: number | undefined;
  /** Base URL of these pages and config platform.domain: with both (and the secret), the subscription form (/s/…) is on. */
  publicUrl?: string | undefined;
  platformDomain?: string | undefined;
}

// Route table.
//   GET  /privacy                 what facteur keeps about members, and why
//   GET  /u/:token                unsubscribe page (never unsubscribes: scanners prefetch links)
//   POST /u/:token                RFC 8058 one-click unsubscribe, also the page's button
//   POST /u/:token/resubscribe    undo
//   GET  /p/:token                preferences: the lists the contact is on
//   POST /p/:token                save preferences
//   /s/…                          subscription form with double opt-in (subscribe/routes.ts)

/** Content-Security-Policy of every public page: nothing but our own inline CSS and forms. */
export const PUBLIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const TOKEN_MAX = 128;

interface TokenParams {
  token: string;
}

export async function publicRoutes(app: FastifyInstance, opts: PublicRoutesOptions): Promise<void> {
  const { storage, secret } = opts;
  installFormParsers(app);

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', PUBLIC_CSP);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-robots-tag', 'noindex, nofollow');
    // Personal pages: never stored by a shared cache. The language may come from Accept-Language.
    reply.header('cache-control', 'no-store');
    reply.header('vary', 'Accept-Language');
    return payload;
  });

  const ctxOf = (req: FastifyRequest, path: string): PageContext => ({
    lang: negotiateLang((req.query as Record<string, unknown> | undefined)?.lang, req.headers['accept-language']),
    platform: opts.platformName,
    path,
  });
  const page = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

  // Body errors (415, 413, bad multipart) and failures render as pages, not API problems.
  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const ctx = ctxOf(req, '/privacy');
    const status = error.statusCode ?? 500;
    if (status < 500) return page(reply, status, badRequestPage(ctx));
    req.log.error({ err: error }, 'public page failed');
    return page(reply, 500, serverErrorPage(ctx));
  });

  // Request logs would carry the tokens in the URL: keep only warnings and errors for these routes.
  const route = { logLevel: 'warn' as const };

  app.get('/privacy', route, async (req, reply) => page(reply, 200, privacyPage(ctxOf(req, '/privacy'), opts.eventRetentionDays)));

  if (!secret) return;

  /** The verified scope, or undefined after sending the 404 page. */
  const scopeOf = (req: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply): UnsubscribeScope | undefined => {
    const token = req.params.token;
    const scope = token.length <= TOKEN_MAX ? verifyUnsubscribeToken(secret, token) : null;
    if (!scope) {
      // Say nothing about why: a forged, truncated or foreign token all look the same.
      void page(reply, 404, notFoundPage(ctxOf(req, '/privacy')));
      return undefined;
    }
    return scope;
  };
  const canonical = (scope: UnsubscribeScope) => unsubscribeToken(secret, scope);
  if (opts.publicUrl && opts.platformDomain) subscribeRoutes(app, { storage, secret, publicUrl: opts.publicUrl, platformDomain: opts.platformDomain, ctxOf, page });

  app.get<{ Params: TokenParams }>('/u/:token', route, async (req, reply) => {
    const scope = scopeOf(req, reply);
    if (!scope) return reply;
    const token = canonical(scope);
    const target = await loadTarget(storage.repos, scope);
    return page(reply, 200, confirmPage(ctxOf(req, `/u/${token}`), token, target));
  });

  app.post<{ Params: TokenParams }>('/u/:token', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const scope = scopeOf(req, reply);
    if (!scope) return reply;
    const token = canonical(scope);
    const ctx = ctxOf(req, `/u/${token}`);
    const form = formOf(req);
    // RFC 8058 §3.2: the POST body must carry List-Unsubscribe=One-Click.
    if (form.get('List-Unsubscribe')?.trim().toLowerCase() !== 'one-click') return page(reply, 400, badRequestPage(ctx, token));
    const fromPage = form.get('from') === 'page';
    const result = await unsubscribe(storage, scope, fromPage ? 'page' : 'one-click');
    if (!fromPage) return reply.code(200).type('text/plain; charset=utf-8').send(`${messagesFor(ctx.lang).done.oneClickBody}\n`);
    return page(reply, 200, donePage(ctx, token, result.target));
  });

  app.post<{ Params: TokenParams }>('/u/:token/resubscribe', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const scope = scopeOf(req, reply);
    if (!scope) return reply;
    const token = canonical(scope);
    const result = await resubscribe(storage, scope, storage.clock.now());
    const ctx = ctxOf(req, `/u/${token}`);
    return page(reply, 200, result.outcome === 'gone' ? confirmPage(ctx, token, result.target) : resubscribedPage(ctx, token, result.outcome, result.target));
  });

  app.get<{ Params: TokenParams }>('/p/:token', route, async (req, reply) => {
    const scope = scopeOf(req, reply);
    if (!scope) return reply;
    const token = canonical(scope);
    const prefs = await loadPreferences(storage, scope);
    return page(reply, 200, preferencesPage(ctxOf(req, `/p/${token}`), token, prefs, { saved: false, allToken: canonical({ ...scope, listId: 0 }) }));
  });

  app.post<{ Params: TokenParams }>('/p/:token', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const scope = scopeOf(req, reply);
    if (!scope) return reply;
    const token = canonical(scope);
    const chosen = new Set(
      formOf(req)
        .getAll('list')
        .filter((v) => /^[0-9]{1,15}$/.test(v))
        .map(Number),
    );
    const prefs = await savePreferences(storage, scope, chosen, storage.clock.now());
    return page(reply, 200, preferencesPage(ctxOf(req, `/p/${token}`), token, prefs, { saved: prefs.target.kind !== 'gone', allToken: canonical({ ...scope, listId: 0 }) }));
  });
}
