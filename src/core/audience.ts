// What the HTTP API and the admin interface both do with contacts, lists and segments: the limits
// and formats they accept, creating a contact with its list subscriptions, checking that lists
// are the tenant's, and erasing a contact (GDPR). Typed over the repositories, so both faces
// share one behaviour; the wording of errors stays theirs (problem+json vs a page).
import type { Contact } from './model.ts';
import type { ContactInput, Repositories } from '../storage/index.ts';
import { addressHash } from '../storage/index.ts';
import { normalizeHeader } from './import/mapping.ts';

/** Lengths the API schemas and the admin forms both enforce. */
export const AUDIENCE_LIMITS = {
  address: 320,
  contactName: 200,
  /** A field's value as typed in a form (the API takes any JSON value). */
  fieldValue: 1000,
  /** Fields a contact may have in a form. */
  fields: 50,
  consentSource: 200,
  listName: 200,
  description: 2000,
  segmentName: 200,
  /** Address substring of a filter. */
  filterAddress: 254,
  /** One accepted value of a field condition. */
  filterValue: 500,
  /** Accepted values of one field condition. */
  filterValues: 100,
} as const;

/** A list's short name: lower-case letters, digits and inner dashes, 1 to 63 characters. */
export const LIST_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$';
export const LIST_SLUG = new RegExp(LIST_SLUG_PATTERN);

/** A slug derived from a list name ("Lettre d'info été" → "lettre-d-info-ete"); "" when nothing usable is left. */
export function slugOf(name: string): string {
  return normalizeHeader(name).replaceAll(' ', '-').slice(0, 63).replace(/-+$/, '');
}

/** Storage as these functions need it (Storage satisfies it). */
export interface AudienceStorage {
  repos: Repositories;
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** The ids among `listIds` that are not lists of the tenant (another tenant's list counts as missing). */
export async function unknownLists(repos: Repositories, tenantId: number, listIds: readonly number[]): Promise<number[]> {
  const missing: number[] = [];
  for (const id of new Set(listIds)) if (!(await repos.lists.get(tenantId, id))) missing.push(id);
  return missing;
}

/**
 * Creates a contact and subscribes it to lists (already checked to be the tenant's), in one
 * transaction. When the address already has a contact, nothing is written and that contact is
 * returned with `created: false`.
 */
export async function createContact(storage: AudienceStorage, tenantId: number, input: ContactInput, listIds: readonly number[]): Promise<{ created: boolean; contact: Contact }> {
  return storage.transaction(async (repos) => {
    const existing = await repos.contacts.getByAddress(tenantId, input.addressNormalized);
    if (existing) return { created: false, contact: existing };
    const { contact } = await repos.contacts.upsert(tenantId, input);
    for (const l of new Set(listIds)) await repos.audience.addMembers(tenantId, l, [contact.id]);
    return { created: true, contact };
  });
}

/**
 * Erases a contact (GDPR art. 17): see PrivacyRepository.eraseContact; the erasure is recorded as
 * an event saying who asked (`by`). Undefined when the tenant has no such contact.
 */
export async function eraseContact(
  storage: AudienceStorage,
  tenantId: number,
  contactId: number,
  by: Record<string, unknown>,
): Promise<{ addressHash: string; deliveries: number; events: number } | undefined> {
  return storage.transaction(async (repos) => {
    const c = await repos.contacts.get(tenantId, contactId);
    if (!c) return undefined;
    const r = await repos.privacy.eraseContact(tenantId, c);
    await repos.events.append(tenantId, { type: 'contact.erased', data: { contact_id: c.id, ...by } });
    return { addressHash: addressHash(c.addressNormalized), ...r };
  });
}
