// What the public subscription does, apart from pages: send the confirmation mail of a request
// (nothing stored: the link carries the request), and carry out a confirmed one (the contact, its
// consent, its membership, the lifted unsubscribe). Both decide quietly: the member always sees
// the same "check your inbox" page, whatever the address's state.
import type { Repositories, Storage } from '../../../storage/index.ts';
import { addressHash } from '../../../storage/index.ts';
import type { Contact, MailingList, Tenant } from '../../../core/model.ts';
import { contactAddress } from '../../../core/import/index.ts';
import { markdownText, sendNotice } from '../../../delivery/queue/index.ts';
import { messagesFor, type Lang } from '../../i18n/index.ts';
import { confirmToken, type SubscribeClaim } from './tokens.ts';

/** Written in contacts.consent_source when a member confirms. */
export const CONSENT_SOURCE = 'double opt-in';

export interface RequestContext {
  secret: string;
  publicUrl: string;
  platformDomain: string;
}

export interface SubscriptionRequest {
  address: string;
  addressNormalized: string;
  name: string | null;
  lang: Lang;
  /** The form stamp: a double-submitted form queues one mail. */
  stamp: string;
}

export type RequestOutcome = 'sent' | 'already' | 'blocked';

/** Why an address cannot be mailed, as the member is told; undefined when it can. */
type Blocked = 'bounce' | 'complaint' | 'platform' | 'blocked';

async function blockedReason(repos: Repositories, tenantId: number, contact: Contact | undefined, addressNormalized: string): Promise<Blocked | undefined> {
  if (contact?.status === 'bounced') return 'bounce';
  if (contact?.status === 'complained') return 'complaint';
  if ((await repos.suppressions.platformAmong([addressHash(addressNormalized)])).size > 0) return 'platform';
  const own = await repos.suppressions.find(tenantId, addressNormalized);
  if (!own || own.source === 'unsubscribe') return undefined;
  return own.source === 'bounce' ? 'bounce' : own.source === 'complaint' ? 'complaint' : 'blocked';
}

/** Subjects are templates: a `{{` in a list's name must not become a merge tag; no control characters in a header. */
function subjectText(text: string): string {
  return text.replace(/\p{Cc}+/gu, ' ').replace(/\{\{/g, '{ {');
}

/**
 * Queues the confirmation mail, unless the address already receives the list, or cannot be
 * mailed (bounced, complained, suppressed for a reason other than its owner's unsubscribe). The
 * member's name is not written in the mail: the form must not let anyone put their words in a
 * message sent to a stranger's address.
 */
export async function requestSubscription(storage: Storage, ctx: RequestContext, tenant: Tenant, list: MailingList, req: SubscriptionRequest): Promise<RequestOutcome> {
  const repos = storage.repos;
  const contact = await repos.contacts.getByAddress(tenant.id, req.addressNormalized);
  if (await blockedReason(repos, tenant.id, contact, req.addressNormalized)) return 'blocked';
  const suppressed = (await repos.suppressions.find(tenant.id, req.addressNormalized)) !== undefined;
  if (contact && contact.status === 'active' && !suppressed) {
    const membership = (await repos.contacts.memberships(tenant.id, contact.id)).find((x) => x.listId === list.id);
    if (membership?.status === 'subscribed') return 'already';
  }
  const now = storage.clock.now();
  const claim: SubscribeClaim = { tenantId: tenant.id, listId: list.id, address: req.address, name: req.name, lang: req.lang, issuedAt: now };
  const url = `${ctx.publicUrl}/s/confirm/${confirmToken(ctx.secret, claim)}?lang=${req.lang}`;
  const m = messagesFor(req.lang).subscribe;
  const markdown = [
    markdownText(m.mailIntro(list.name, tenant.name)),
    `[${markdownText(m.mailButton)}](${url})`,
    `${markdownText(m.mailCopy)} <${url}>`,
    markdownText(m.mailValidity),
    markdownText(m.mailIgnore),
  ].join('\n\n');
  await sendNotice(storage, ctx.platformDomain, tenant, {
    to: req.address,
    subject: subjectText(m.mailSubject(list.name)),
    markdown,
    contactId: null,
    idempotencyKey: `optin:${list.id}:${addressHash(req.addressNormalized).slice(0, 16)}:${req.stamp}`,
    optIn: true,
  });
  return 'sent';
}

export type ConfirmOutcome =
  | { outcome: 'gone' }
  | { outcome: 'subscribed' | 'already'; tenant: Tenant; list: MailingList; contact: Contact }
  | { outcome: 'not-possible'; reason: Blocked; tenant: Tenant; list: MailingList };

/** The tenant and list a claim names, if both still exist and the tenant is not suspended. */
export async function claimTarget(repos: Repositories, claim: SubscribeClaim): Promise<{ tenant: Tenant; list: MailingList } | undefined> {
  const tenant = await repos.tenants.get(claim.tenantId);
  if (!tenant || tenant.status === 'suspended') return undefined;
  const list = await repos.lists.get(tenant.id, claim.listId);
  return list && { tenant, list };
}

/**
 * Carries out a confirmed request, idempotently: the contact is created or updated (consent:
 * source "double opt-in", asked at the token's time, confirmed now), subscribed to the list, and
 * the member's own earlier unsubscribe is lifted. After a global unsubscribe, only this list comes
 * back: the other lists the member had left stay left.
 */
export function confirmSubscription(storage: Storage, claim: SubscribeClaim, now: number): Promise<ConfirmOutcome> {
  return storage.transaction(async (repos) => {
    const target = await claimTarget(repos, claim);
    const parsed = contactAddress(claim.address);
    if (!target || !parsed.ok) return { outcome: 'gone' };
    const { tenant, list } = target;
    const existing = await repos.contacts.getByAddress(tenant.id, parsed.addressNormalized);
    const reason = await blockedReason(repos, tenant.id, existing, parsed.addressNormalized);
    if (reason) return { outcome: 'not-possible', reason, tenant, list };
    const own = await repos.suppressions.find(tenant.id, parsed.addressNormalized);
    if (existing && existing.status === 'active' && !own) {
      const membership = (await repos.contacts.memberships(tenant.id, existing.id)).find((x) => x.listId === list.id);
      if (membership?.status === 'subscribed') return { outcome: 'already', tenant, list, contact: existing };
    }
    if (own) await repos.suppressions.remove(tenant.id, parsed.addressNormalized);
    if (existing?.status === 'unsubscribed') {
      // The memberships were kept so "re-subscribe" could restore them; this consent is for one list.
      for (const x of await repos.contacts.memberships(tenant.id, existing.id)) {
        if (x.listId !== list.id && x.status === 'subscribed') await repos.contacts.setMembership(tenant.id, x.listId, existing.id, 'unsubscribed');
      }
      await repos.contacts.setStatus(tenant.id, existing.id, 'active');
    }
    const { contact } = await repos.contacts.upsert(tenant.id, {
      address: parsed.address,
      addressNormalized: parsed.addressNormalized,
      ...(claim.name ? { name: claim.name } : {}),
      consentSource: CONSENT_SOURCE,
      consentAt: claim.issuedAt,
      confirmedAt: now,
    });
    await repos.contacts.subscribe(tenant.id, list.id, contact.id, 'subscribed');
    return { outcome: 'subscribed', tenant, list, contact };
  });
}
