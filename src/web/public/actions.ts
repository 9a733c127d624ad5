// What a member's unsubscribe token lets them do: unsubscribe (one list, or everything),
// undo it, and choose their lists. Each action is one transaction, idempotent, and returns an
// outcome value; the routes only render it. The token is the whole authority (RFC 8058 §3).
//
// List-level vs global, by design:
// - a list token (listId > 0) sets that membership to `unsubscribed`; the contact stays `active`
//   for its other lists and no suppression is written (the address is fine, the member just does
//   not want that list);
// - an all-lists token (listId 0) sets the contact's status to `unsubscribed` and writes a tenant
//   suppression (source `unsubscribe`), so no later import or API call can mail the address
//   again by mistake. Memberships are left as they were, so "re-subscribe" restores exactly the
//   lists the member had.
import type { Repositories, Storage } from '../../storage/index.ts';
import type { UnsubscribeScope } from '../../core/tokens.ts';
import type { Contact, MailingList, MembershipStatus, Tenant } from '../../core/model.ts';

export type Via = 'one-click' | 'page' | 'preferences';

/** What a token points at now. `gone`: the tenant, contact, list or membership no longer exists. */
export type Target =
  | { kind: 'gone'; tenant: Tenant | undefined }
  | { kind: 'list'; tenant: Tenant; contact: Contact; list: MailingList; membership: MembershipStatus }
  | { kind: 'all'; tenant: Tenant; contact: Contact };

export async function loadTarget(repos: Repositories, scope: UnsubscribeScope): Promise<Target> {
  const tenant = await repos.tenants.get(scope.tenantId);
  if (!tenant) return { kind: 'gone', tenant };
  const contact = await repos.contacts.get(tenant.id, scope.contactId);
  if (!contact) return { kind: 'gone', tenant };
  if (scope.listId === 0) return { kind: 'all', tenant, contact };
  const membership = (await repos.contacts.memberships(tenant.id, contact.id)).find((m) => m.listId === scope.listId);
  const list = membership && (await repos.lists.get(tenant.id, scope.listId));
  if (!membership || !list) return { kind: 'gone', tenant };
  return { kind: 'list', tenant, contact, list, membership: membership.status };
}

/** The tenant's own suppression of the contact's address, if any (platform rows are the operator's). */
async function ownSuppression(repos: Repositories, contact: Contact) {
  const s = await repos.suppressions.find(contact.tenantId, contact.addressNormalized);
  return s && s.tenantId !== null ? s : undefined;
}

async function isSuppressed(repos: Repositories, contact: Contact): Promise<boolean> {
  return (await repos.suppressions.find(contact.tenantId, contact.addressNormalized)) !== undefined;
}

async function unsubscribedEvent(repos: Repositories, contact: Contact, listId: number, via: Via): Promise<void> {
  await repos.events.append(contact.tenantId, { type: 'unsubscribed', data: { contactId: contact.id, listId, scope: listId === 0 ? 'all' : 'list', via } });
}

/** Lifts a global unsubscribe: status back to active and our own `unsubscribe` suppression removed. */
async function liftGlobal(repos: Repositories, contact: Contact): Promise<void> {
  if (contact.status === 'unsubscribed') await repos.contacts.setStatus(contact.tenantId, contact.id, 'active');
  const own = await ownSuppression(repos, contact);
  if (own?.source === 'unsubscribe') await repos.suppressions.remove(contact.tenantId, contact.addressNormalized);
}

/** A re-subscription is fresh consent given by the member: record where and when. */
async function recordConsent(repos: Repositories, contact: Contact, source: string, now: number): Promise<void> {
  await repos.contacts.upsert(contact.tenantId, { address: contact.address, addressNormalized: contact.addressNormalized, consentSource: source, consentAt: now });
}

export type UnsubscribeOutcome = { outcome: 'unsubscribed' | 'already'; target: Target } | { outcome: 'gone'; target: Target };

export function unsubscribe(storage: Storage, scope: UnsubscribeScope, via: Via): Promise<UnsubscribeOutcome> {
  return storage.transaction(async (repos) => {
    const target = await loadTarget(repos, scope);
    if (target.kind === 'gone') return { outcome: 'gone', target };
    const { contact } = target;
    if (target.kind === 'list') {
      if (target.membership === 'unsubscribed') return { outcome: 'already', target };
      await repos.contacts.setMembership(contact.tenantId, target.list.id, contact.id, 'unsubscribed');
      await unsubscribedEvent(repos, contact, target.list.id, via);
      return { outcome: 'unsubscribed', target };
    }
    let changed = false;
    // bounced/complained contacts are already not mailed; their status says more than ours would.
    if (contact.status === 'active') changed = await repos.contacts.setStatus(contact.tenantId, contact.id, 'unsubscribed');
    // Never overwrite an existing tenant suppression: a bounce or a complaint must keep its reason.
    if (!(await ownSuppression(repos, contact))) {
      await repos.suppressions.add(contact.tenantId, { address: contact.addressNormalized, reason: 'unsubscribed from every list by the member', source: 'unsubscribe' });
      changed = true;
    }
    if (!changed) return { outcome: 'already', target };
    await unsubscribedEvent(repos, contact, 0, via);
    return { outcome: 'unsubscribed', target };
  });
}

export type ResubscribeOutcome =
  | { outcome: 'resubscribed'; target: Target }
  /** Globally unsubscribed: a single list cannot be restored alone; the preferences page can. */
  | { outcome: 'globally-unsubscribed'; target: Target }
  /** Bounced, complained, or suppressed for another reason: only the association can restore it. */
  | { outcome: 'not-possible'; target: Target }
  | { outcome: 'gone'; target: Target };

export function resubscribe(storage: Storage, scope: UnsubscribeScope, now: number): Promise<ResubscribeOutcome> {
  return storage.transaction(async (repos) => {
    const target = await loadTarget(repos, scope);
    if (target.kind === 'gone') return { outcome: 'gone', target };
    const { contact } = target;
    if (contact.status === 'bounced' || contact.status === 'complained') return { outcome: 'not-possible', target };
    if (target.kind === 'list') {
      if (contact.status === 'unsubscribed') return { outcome: 'globally-unsubscribed', target };
      if (await isSuppressed(repos, contact)) return { outcome: 'not-possible', target };
      if (target.membership !== 'subscribed') {
        await repos.contacts.setMembership(contact.tenantId, target.list.id, contact.id, 'subscribed');
        await recordConsent(repos, contact, 'resubscribe', now);
      }
      return { outcome: 'resubscribed', target };
    }
    await liftGlobal(repos, contact);
    if (contact.status === 'unsubscribed') await recordConsent(repos, contact, 'resubscribe', now);
    if (await isSuppressed(repos, contact)) return { outcome: 'not-possible', target };
    return { outcome: 'resubscribed', target };
  });
}

export interface ListChoice {
  list: MailingList;
  /** What the member effectively receives: subscribed to the list and not globally unsubscribed. */
  checked: boolean;
}

export interface Preferences {
  target: Target;
  globallyUnsubscribed: boolean;
  lists: ListChoice[];
}

async function readPreferences(repos: Repositories, scope: UnsubscribeScope): Promise<Preferences> {
  // Preferences are about the contact, whatever list the token was minted for.
  const target = await loadTarget(repos, { ...scope, listId: 0 });
  if (target.kind === 'gone') return { target, globallyUnsubscribed: false, lists: [] };
  const { tenant, contact } = target;
  const globallyUnsubscribed = contact.status === 'unsubscribed';
  const byId = new Map((await repos.lists.list(tenant.id)).map((l) => [l.id, l]));
  const lists: ListChoice[] = [];
  // Only the lists the contact is on: a member never sees (or joins) the association's other lists.
  for (const m of await repos.contacts.memberships(tenant.id, contact.id)) {
    const list = byId.get(m.listId);
    if (list) lists.push({ list, checked: !globallyUnsubscribed && m.status === 'subscribed' });
  }
  return { target, globallyUnsubscribed, lists };
}

export function loadPreferences(storage: Storage, scope: UnsubscribeScope): Promise<Preferences> {
  return readPreferences(storage.repos, scope);
}

/**
 * Applies the member's choice: ticked lists → subscribed, unticked → unsubscribed (one event
 * each). Ticking anything while globally unsubscribed lifts the global unsubscribe. Ids of lists
 * the contact is not on are ignored.
 */
export function savePreferences(storage: Storage, scope: UnsubscribeScope, chosen: ReadonlySet<number>, now: number): Promise<Preferences> {
  return storage.transaction(async (repos) => {
    const before = await readPreferences(repos, scope);
    if (before.target.kind === 'gone') return before;
    const { contact } = before.target;
    const wanted = before.lists.filter((c) => chosen.has(c.list.id));
    if (before.globallyUnsubscribed && wanted.length > 0) await liftGlobal(repos, contact);
    const memberships = new Map((await repos.contacts.memberships(contact.tenantId, contact.id)).map((m) => [m.listId, m.status]));
    let consented = before.globallyUnsubscribed && wanted.length > 0;
    for (const { list } of before.lists) {
      const status = memberships.get(list.id);
      if (chosen.has(list.id)) {
        if (status !== 'subscribed') {
          await repos.contacts.setMembership(contact.tenantId, list.id, contact.id, 'subscribed');
          consented = true;
        }
      } else if (status !== 'unsubscribed') {
        await repos.contacts.setMembership(contact.tenantId, list.id, contact.id, 'unsubscribed');
        await unsubscribedEvent(repos, contact, list.id, 'preferences');
      }
    }
    if (consented) await recordConsent(repos, contact, 'preferences', now);
    return readPreferences(repos, scope);
  });
}

/** `j…@example.org`: enough for members to recognise their address, not enough to harvest it. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '…';
  return `${Array.from(address.slice(0, at))[0] ?? ''}…${address.slice(at)}`;
}
