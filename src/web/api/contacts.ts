// /api/v1/contacts: create, read, update (fields merged), delete, search (address, status, list,
// field.NAME=value), bulk upsert of up to 10,000 with a per-address rejection report. Addresses
// are validated and normalised by core/address; suppressed addresses say so on the contact.
import { Type } from '@sinclair/typebox';
import type { ApiContext } from './route.ts';
import { route } from './route.ts';
import { ContactSchema, Consent, Fields, FieldName, IdParams, Id, Page, PageQuery, ContactStatusSchema, contactWire, msOf } from './schemas.ts';
import { FacteurError } from '../../core/errors.ts';
import { contactAddress } from '../../core/import/index.ts';
import { AUDIENCE_LIMITS, createContact, unknownLists } from '../../core/audience.ts';
import type { Contact, ContactFilter } from '../../core/model.ts';
import { addressHash, type ContactInput } from '../../storage/index.ts';

export const BULK_MAX = 10_000;

const ContactBody = Type.Object(
  {
    address: Type.String({ minLength: 1, maxLength: AUDIENCE_LIMITS.address }),
    name: Type.Optional(Type.Union([Type.String({ maxLength: AUDIENCE_LIMITS.contactName }), Type.Null()])),
    fields: Type.Optional(Fields),
    consent: Type.Optional(Consent),
    list_ids: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'lists to subscribe the contact to' })),
  },
  { additionalProperties: false },
);

const ContactPatchBody = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String({ maxLength: AUDIENCE_LIMITS.contactName }), Type.Null()])),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { propertyNames: FieldName, description: 'merged into the stored fields; null removes a field' })),
    consent: Type.Optional(Consent),
  },
  { additionalProperties: false },
);

const SearchQuery = Type.Object(
  {
    ...PageQuery,
    address: Type.Optional(Type.String({ maxLength: 254, description: 'part of the address (case-insensitive)' })),
    status: Type.Optional(ContactStatusSchema),
    list_id: Type.Optional(Id),
  },
  { additionalProperties: false, patternProperties: { '^field\\.[\\p{L}\\p{N}_-]{1,64}$': Type.String({ maxLength: 500 }) } },
);

const BulkBody = Type.Object(
  {
    contacts: Type.Array(ContactBody, { minItems: 1, maxItems: BULK_MAX }),
    list_ids: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'lists every accepted contact is subscribed to' })),
  },
  { additionalProperties: false },
);

const Rejection = Type.Object({
  index: Type.Integer({ description: 'position in the contacts array' }),
  input: Type.String(),
  code: Type.String({ description: 'stable reason code (see docs/addresses.md)' }),
  reason: Type.String(),
  suggestion: Type.Union([Type.String(), Type.Null()]),
});
const BulkResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  duplicates: Type.Integer({ description: 'entries repeating an earlier address of the same request (merged into it)' }),
  rejected: Type.Array(Rejection),
});

export const contactRoutes = [
  route({
    method: 'GET',
    url: '/contacts',
    operationId: 'listContacts',
    summary: 'Search contacts',
    description: 'Filters combine (AND): address substring, status, list membership (subscribed), and field.NAME=value for any field.',
    tags: ['contacts'],
    scope: 'read',
    schema: { querystring: SearchQuery, response: { 200: Page(ContactSchema) } },
    handler: async (req, _reply, ctx) => {
      const q = req.query;
      const filter: ContactFilter = {};
      if (q.address) filter.address = q.address;
      if (q.status) filter.status = [q.status];
      if (q.list_id !== undefined) filter.listId = q.list_id;
      for (const [k, v] of Object.entries(q as Record<string, unknown>)) if (k.startsWith('field.') && typeof v === 'string') (filter.fields ??= {})[k.slice(6)] = [v];
      const page = await ctx.storage.repos.audience.search(ctx.tenantId, filter, { cursor: q.cursor, limit: q.limit });
      return { items: await withSuppressions(ctx, page.items), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST',
    url: '/contacts',
    operationId: 'createContact',
    summary: 'Create a contact',
    tags: ['contacts'],
    scope: 'write',
    schema: { body: ContactBody, response: { 201: ContactSchema } },
    handler: async (req, reply, ctx) => {
      const addr = contactAddress(req.body.address);
      if (!addr.ok) {
        throw new FacteurError('ERR_INVALID_ADDRESS', addr.reason, {
          hint: addr.suggestion ? `did you mean ${addr.suggestion}?` : 'check the address',
          details: { field: 'address', reason_code: addr.code, suggestion: addr.suggestion },
        });
      }
      await checkLists(ctx, req.body.list_ids ?? []);
      const { created, contact } = await createContact(ctx.storage, ctx.tenantId, inputOf(req.body, addr), req.body.list_ids ?? []);
      if (!created) {
        throw new FacteurError('ERR_CONFLICT', `a contact with the address ${addr.address} already exists (id ${contact.id})`, {
          hint: `update it with PATCH /api/v1/contacts/${contact.id}, or use POST /api/v1/contacts/bulk to create or update`,
          details: { contact_id: contact.id },
        });
      }
      reply.code(201);
      return (await withSuppressions(ctx, [contact], true))[0];
    },
  }),
  route({
    method: 'POST',
    url: '/contacts/bulk',
    operationId: 'upsertContacts',
    summary: 'Create or update up to 10,000 contacts',
    description: 'Each valid address is created or merged (fields merged, name and consent replaced when given). Invalid addresses are reported, never abort the batch.',
    tags: ['contacts'],
    scope: 'write',
    schema: { body: BulkBody, response: { 200: BulkResult } },
    handler: async (req, _reply, ctx) => {
      const listIds = req.body.list_ids ?? [];
      await checkLists(ctx, listIds);
      const rejected: { index: number; input: string; code: string; reason: string; suggestion: string | null }[] = [];
      const byAddress = new Map<string, ContactInput>();
      let duplicates = 0;
      req.body.contacts.forEach((c, index) => {
        const addr = contactAddress(c.address);
        if (!addr.ok) return rejected.push({ index, input: c.address, code: addr.code, reason: addr.reason, suggestion: addr.suggestion });
        const input = inputOf(c, addr);
        const prev = byAddress.get(addr.addressNormalized);
        if (prev) {
          duplicates++;
          byAddress.set(addr.addressNormalized, { ...prev, ...input, fields: { ...prev.fields, ...input.fields } });
        } else byAddress.set(addr.addressNormalized, input);
      });
      const inputs = [...byAddress.values()];
      let created = 0;
      let updated = 0;
      for (let i = 0; i < inputs.length; i += 500) {
        const r = await ctx.storage.transaction(async (repos) => {
          const r = await repos.audience.upsertMany(ctx.tenantId, inputs.slice(i, i + 500));
          for (const l of listIds) await repos.audience.addMembers(ctx.tenantId, l, r.ids);
          return r;
        });
        created += r.created;
        updated += r.updated;
      }
      return { created, updated, duplicates, rejected };
    },
  }),
  route({
    method: 'GET',
    url: '/contacts/:id',
    operationId: 'getContact',
    summary: 'Read a contact, with its lists and suppression',
    tags: ['contacts'],
    scope: 'read',
    schema: { params: IdParams, response: { 200: ContactSchema } },
    handler: async (req, _reply, ctx) => (await withSuppressions(ctx, [await mustGet(ctx, req.params.id)], true))[0],
  }),
  route({
    method: 'PATCH',
    url: '/contacts/:id',
    operationId: 'updateContact',
    summary: 'Update a contact (fields merged)',
    description: 'The address cannot change: delete the contact and create the new address.',
    tags: ['contacts'],
    scope: 'write',
    schema: { params: IdParams, body: ContactPatchBody, response: { 200: ContactSchema } },
    handler: async (req, _reply, ctx) => {
      const b = req.body;
      const updated = await ctx.storage.repos.audience.update(ctx.tenantId, req.params.id, {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.fields ? { fields: b.fields } : {}),
        ...consentOf(b.consent),
      });
      if (!updated) throw notFound(req.params.id);
      return (await withSuppressions(ctx, [updated], true))[0];
    },
  }),
  route({
    method: 'DELETE',
    url: '/contacts/:id',
    operationId: 'deleteContact',
    summary: 'Delete a contact and its memberships',
    description: 'A suppression of the address (bounce, complaint, unsubscribe) is kept, so re-creating the contact does not make it mailable again.',
    tags: ['contacts'],
    scope: 'write',
    schema: { params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      if (!(await ctx.storage.repos.contacts.delete(ctx.tenantId, req.params.id))) throw notFound(req.params.id);
      return reply.code(204).send();
    },
  }),
];

function notFound(id: number): FacteurError {
  return new FacteurError('ERR_CONTACT_NOT_FOUND', `no contact ${id}`, { hint: 'list contacts with GET /api/v1/contacts' });
}

async function mustGet(ctx: ApiContext, id: number): Promise<Contact> {
  const c = await ctx.storage.repos.contacts.get(ctx.tenantId, id);
  if (!c) throw notFound(id);
  return c;
}

/** Lists must be the tenant's; another tenant's list is "not found", like a missing one. */
export async function checkLists(ctx: ApiContext, listIds: number[]): Promise<void> {
  const [id] = await unknownLists(ctx.storage.repos, ctx.tenantId, listIds);
  if (id !== undefined) throw new FacteurError('ERR_LIST_NOT_FOUND', `no list ${id}`, { hint: 'list ids come from GET /api/v1/lists', details: { field: 'list_ids' } });
}

type ConsentWire = { source?: string | null; date?: string | null; confirmed_at?: string | null } | undefined;

function consentOf(c: ConsentWire): Pick<ContactInput, 'consentSource' | 'consentAt' | 'confirmedAt'> {
  if (!c) return {};
  const at = msOf(c.date);
  const confirmed = msOf(c.confirmed_at);
  return {
    ...(c.source !== undefined ? { consentSource: c.source } : {}),
    ...(at !== undefined ? { consentAt: at } : {}),
    ...(confirmed !== undefined ? { confirmedAt: confirmed } : {}),
  };
}

function inputOf(b: { name?: string | null; fields?: Record<string, unknown>; consent?: ConsentWire }, addr: { address: string; addressNormalized: string }): ContactInput {
  return {
    address: addr.address,
    addressNormalized: addr.addressNormalized,
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.fields ? { fields: b.fields } : {}),
    ...consentOf(b.consent),
  };
}

/** Wire form of contacts, with the suppressions in force (tenant's and platform's) looked up in one query. */
export async function withSuppressions(ctx: ApiContext, contacts: Contact[], withLists = false) {
  const found = await ctx.storage.repos.suppressions.activeAmong(
    ctx.tenantId,
    contacts.map((c) => addressHash(c.addressNormalized)),
  );
  return Promise.all(
    contacts.map(async (c) =>
      contactWire(c, found.get(addressHash(c.addressNormalized)), withLists ? await ctx.storage.repos.contacts.memberships(ctx.tenantId, c.id) : undefined),
    ),
  );
}
