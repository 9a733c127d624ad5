// Public subscription with double opt-in, registered inside the public-pages plugin (same headers,
// same form parsers, same error pages). No cookie and no CSRF token: the form may be posted from
// the association's own site. Bots are turned away by a honeypot, a signed timing stamp and rate
// limits, and learn nothing: they get the same "check your inbox" page as everyone.
//   GET  /s/:tenant/:list     the form
//   POST /s/:tenant/:list     request: queue the confirmation mail (nothing stored)
//   GET  /s/confirm/*         the confirmation button (a GET never subscribes: scanners prefetch)
//   POST /s/confirm/*         subscribe
// `confirm` is a static segment: Fastify matches it before the parametric /s/:tenant/:list.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../../storage/index.ts';
import type { MailingList, Tenant } from '../../../core/model.ts';
import { AUDIENCE_LIMITS } from '../../../core/audience.ts';
import { contactAddress } from '../../../core/import/index.ts';
import { addressHash } from '../../../storage/index.ts';
import { unsubscribeToken } from '../../../core/tokens.ts';
import { messagesFor } from '../../i18n/index.ts';
import { formOf, FORM_BODY_LIMIT } from '../form.ts';
import { notFoundPage, type PageContext } from '../pages.ts';
import { checkStamp, formStamp, MIN_FILL_MS, verifyConfirmToken, CONFIRM_TOKEN_MAX } from './tokens.ts';
import { RateLimiter, SUBSCRIBE_LIMITS } from './limits.ts';
import { claimTarget, confirmSubscription, requestSubscription } from './actions.ts';
import { confirmPage, formPage, invalidLinkPage, outcomePage, sentPage, tooManyPage, type FormState, type FormValues } from './pages.ts';

export interface SubscribeRoutesOptions {
  storage: Storage;
  secret: string;
  /** Base URL of the public pages, for the link in the confirmation mail. */
  publicUrl: string;
  /** config platform.domain: the sender of tenants without a verified domain. */
  platformDomain: string;
  ctxOf: (req: FastifyRequest, path: string) => PageContext;
  page: (reply: FastifyReply, status: number, body: string) => FastifyReply;
}

interface FormParams {
  tenant: string;
  list: string;
}

interface ConfirmParams {
  '*': string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** Values written back into the form after an error: enough to correct them, never a huge echo. */
const ECHO_MAX = 1000;
/**
 * The pre-filled form shown after a post without a stamp (embedded form) or with a stale one
 * carries a stamp this much in the past: the member only has to click once more, which takes
 * under two seconds; a bot still has to read the page and post it again.
 */
const PREFILLED_HEAD_MS = MIN_FILL_MS - 500;

/** A name as stored and shown: control characters (CR, LF, tabs…) become spaces, runs of space one. */
export function cleanName(raw: string): string {
  return raw.replace(/[\p{Cc}\u2028\u2029]/gu, ' ').replace(/\s+/g, ' ').trim();
}

export function subscribeRoutes(app: FastifyInstance, opts: SubscribeRoutesOptions): void {
  const { storage, secret, ctxOf, page } = opts;
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const perIp = new RateLimiter(SUBSCRIBE_LIMITS.perIp);
  const perAddress = new RateLimiter(SUBSCRIBE_LIMITS.perAddress);
  // Request logs would carry the confirmation tokens (and so addresses) in the URL.
  const route = { logLevel: 'warn' as const };

  /** The form's tenant and list, or undefined after sending the 404 page (unknown, or suspended tenant). */
  const lookup = async (req: FastifyRequest<{ Params: FormParams }>, reply: FastifyReply): Promise<{ tenant: Tenant; list: MailingList } | undefined> => {
    const { tenant: t, list: l } = req.params;
    const tenant = SLUG.test(t) ? await storage.repos.tenants.getBySlug(t) : undefined;
    const list = tenant && tenant.status !== 'suspended' && SLUG.test(l) ? await storage.repos.lists.getBySlug(tenant.id, l) : undefined;
    if (!tenant || !list) {
      void page(reply, 404, notFoundPage(ctxOf(req, '/privacy')));
      return undefined;
    }
    return { tenant, list };
  };

  const tooMany = (req: FastifyRequest, reply: FastifyReply, path: string, seconds: number) => {
    reply.header('retry-after', String(seconds));
    return page(reply, 429, tooManyPage(ctxOf(req, path), seconds));
  };

  app.get<{ Params: FormParams }>('/s/:tenant/:list', route, async (req, reply) => {
    const found = await lookup(req, reply);
    if (!found) return reply;
    const { tenant, list } = found;
    const path = `/s/${tenant.slug}/${list.slug}`;
    reply.header('x-frame-options', 'DENY');
    return page(reply, 200, formPage(ctxOf(req, path), tenant, list, { values: { email: '', name: '' }, stamp: formStamp(secret, tenant.id, list.id, storage.clock.now()) }));
  });

  app.post<{ Params: FormParams }>('/s/:tenant/:list', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const found = await lookup(req, reply);
    if (!found) return reply;
    const { tenant, list } = found;
    const path = `/s/${tenant.slug}/${list.slug}`;
    const ctx = ctxOf(req, path);
    reply.header('x-frame-options', 'DENY');
    const now = storage.clock.now();
    const ipWait = perIp.hit(req.ip, now);
    if (ipWait > 0) return tooMany(req, reply, path, ipWait);

    const form = formOf(req);
    // A bot that filled the honeypot, forged a stamp or posted faster than a person: same page, nothing sent.
    if ((form.get('website') ?? '') !== '') return page(reply, 200, sentPage(ctx));
    const stamp = form.get('ts');
    const check = checkStamp(secret, stamp, tenant.id, list.id, now);
    if (check === 'forged' || check === 'too-fast') return page(reply, 200, sentPage(ctx));

    const rawEmail = (form.get('email') ?? '').trim();
    const rawName = form.get('name') ?? '';
    const values: FormValues = { email: rawEmail.slice(0, ECHO_MAX), name: rawName.slice(0, ECHO_MAX) };
    const m = messagesFor(ctx.lang).subscribe;
    const errors: FormState['errors'] = {};
    let suggestion: string | null = null;
    let parsed: ReturnType<typeof contactAddress> | undefined;
    if (rawEmail === '') errors.email = m.emailRequired;
    else if (rawEmail.length > AUDIENCE_LIMITS.address) errors.email = m.emailTooLong(AUDIENCE_LIMITS.address);
    else {
      parsed = contactAddress(rawEmail);
      if (!parsed.ok) {
        errors.email = m.emailInvalid(parsed.code);
        suggestion = parsed.suggestion;
      }
    }
    const name = cleanName(rawName);
    if (name.length > AUDIENCE_LIMITS.contactName) errors.name = m.nameTooLong(AUDIENCE_LIMITS.contactName);
    const invalid = errors.email !== undefined || errors.name !== undefined;

    // Embedded form (no stamp) or a page left open for days: our own form, pre-filled, one more click.
    if (check === 'missing' || check === 'stale') {
      const fresh = formStamp(secret, tenant.id, list.id, now - PREFILLED_HEAD_MS);
      return page(reply, 200, formPage(ctx, tenant, list, { values, stamp: fresh, notice: check === 'missing' ? 'almost' : 'stale', errors, suggestion }));
    }
    if (invalid || !parsed?.ok) return page(reply, 422, formPage(ctx, tenant, list, { values, stamp: stamp!, errors, suggestion }));
    // jeanne@gmial.com is a valid address, probably not the one meant: ask once.
    if (parsed.suggestion && form.get('checked') !== rawEmail) {
      return page(reply, 200, formPage(ctx, tenant, list, { values, stamp: stamp!, typo: { address: rawEmail, suggestion: parsed.suggestion } }));
    }

    const addressWait = perAddress.hit(addressHash(parsed.addressNormalized), now);
    if (addressWait > 0) return tooMany(req, reply, path, addressWait);
    await requestSubscription(storage, { secret, publicUrl, platformDomain: opts.platformDomain }, tenant, list, {
      address: parsed.address,
      addressNormalized: parsed.addressNormalized,
      name: name === '' ? null : name,
      lang: ctx.lang,
      stamp: stamp!,
    });
    return page(reply, 200, sentPage(ctx));
  });

  // A wildcard, not `:token`: tokens hold an address and pass Fastify's 100-character limit on parameters.
  const tokenOf = (req: FastifyRequest<{ Params: ConfirmParams }>) => req.params['*'];
  const claimOf = (req: FastifyRequest<{ Params: ConfirmParams }>) => {
    const token = tokenOf(req);
    return token.length <= CONFIRM_TOKEN_MAX ? verifyConfirmToken(secret, token, storage.clock.now()) : null;
  };
  const invalidLink = (req: FastifyRequest, reply: FastifyReply) => page(reply, 404, invalidLinkPage(ctxOf(req, '/privacy')));

  app.get<{ Params: ConfirmParams }>('/s/confirm/*', route, async (req, reply) => {
    const claim = claimOf(req);
    const target = claim && (await claimTarget(storage.repos, claim));
    if (!claim || !target) return invalidLink(req, reply);
    const token = tokenOf(req);
    return page(reply, 200, confirmPage(ctxOf(req, `/s/confirm/${token}`), token, target.tenant, target.list, claim.address));
  });

  app.post<{ Params: ConfirmParams }>('/s/confirm/*', { ...route, bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const claim = claimOf(req);
    if (!claim) return invalidLink(req, reply);
    const result = await confirmSubscription(storage, claim, storage.clock.now());
    if (result.outcome === 'gone') return invalidLink(req, reply);
    const prefs = result.outcome === 'not-possible' ? undefined : unsubscribeToken(secret, { tenantId: result.tenant.id, contactId: result.contact.id, listId: result.list.id });
    return page(reply, 200, outcomePage(ctxOf(req, `/s/confirm/${tokenOf(req)}`), result, prefs));
  });
}
