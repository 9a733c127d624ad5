// Wire schemas shared by the API resources (TypeBox: they validate requests, shape responses and
// become the OpenAPI components), and the converters from domain records to snake_case JSON.
import { Type, type TSchema, type Static } from '@sinclair/typebox';
import type { Contact, MailingList, Segment, ContactFilter, Suppression, MembershipStatus } from '../../core/model.ts';
import { AUDIENCE_LIMITS as L } from '../../core/audience.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'RFC 3339 date and time (UTC)' });

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'next_cursor of the previous page; omit for the first page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'items per page (1–500, default 50)' })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), next_cursor: Nullable(Type.String({ description: 'pass as ?cursor= to get the next page; null on the last page' })) });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'stable error code, e.g. ERR_VALIDATION, ERR_LIST_NOT_FOUND' }),
    hint: Type.Optional(Type.String({ description: 'what to do about it' })),
    field: Type.Optional(Nullable(Type.String({ description: 'the offending field, for validation errors' }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

export const ContactStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('unsubscribed'), Type.Literal('bounced'), Type.Literal('complained')]);
export const MembershipStatusSchema = Type.Union([Type.Literal('subscribed'), Type.Literal('unconfirmed'), Type.Literal('unsubscribed')]);
/** Field names: letters, digits, _ and - (checked with propertyNames: patternProperties would drop unicode keys when serialising). */
export const FieldName = { pattern: '^[\\p{L}\\p{N}_-]{1,64}$' };
export const Fields = Type.Record(Type.String(), Type.Unknown(), {
  propertyNames: FieldName,
  description: 'free-form member fields (city, phone, member_number…), usable in templates and filters',
});

export const Consent = Type.Object(
  {
    source: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'where consent was given: "web form", "AG 2024", "import"…' }))),
    date: Type.Optional(Nullable(DateTime)),
    confirmed_at: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'when the address was confirmed (double opt-in); null if never' }))),
  },
  { additionalProperties: false },
);

export const ContactSchema = Type.Object({
  id: Id,
  address: Type.String(),
  name: Nullable(Type.String()),
  status: ContactStatusSchema,
  fields: Fields,
  consent: Type.Object({ source: Nullable(Type.String()), date: Nullable(DateTime), confirmed_at: Nullable(DateTime) }),
  suppressed: Nullable(
    Type.Object({ reason: Type.String(), source: Type.String(), since: DateTime }, { description: 'present when facteur will not mail this address, and why' }),
  ),
  lists: Type.Optional(Type.Array(Type.Object({ id: Id, status: MembershipStatusSchema }))),
  created_at: DateTime,
  updated_at: DateTime,
});

export const ListSchema = Type.Object({
  id: Id,
  slug: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  member_count: Type.Integer({ description: 'subscribed members' }),
  created_at: DateTime,
});

export const FilterSchema = Type.Object(
  {
    status: Type.Optional(Type.Array(ContactStatusSchema, { minItems: 1, maxItems: 4 })),
    list_id: Type.Optional(Id),
    address: Type.Optional(Type.String({ maxLength: L.filterAddress, description: 'substring of the address' })),
    fields: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String({ maxLength: L.filterValue }), Type.Array(Type.String({ maxLength: L.filterValue }), { minItems: 1, maxItems: L.filterValues })]), {
        propertyNames: FieldName,
        description: 'field name → value, or list of accepted values (compared as text)',
      }),
    ),
  },
  { additionalProperties: false, description: 'all criteria must hold' },
);

export const SegmentSchema = Type.Object({
  id: Id,
  name: Type.String(),
  description: Nullable(Type.String()),
  filter: FilterSchema,
  contact_count: Type.Integer(),
  created_at: DateTime,
  updated_at: DateTime,
});

/** Named schemas: the OpenAPI generator replaces these objects by $refs to components. */
export const COMPONENTS: Record<string, TSchema> = {
  Problem,
  Contact: ContactSchema,
  List: ListSchema,
  Segment: SegmentSchema,
  Filter: FilterSchema,
  Consent,
};

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const msOf = (s: string | null | undefined): number | null | undefined => (s === undefined ? undefined : s === null ? null : Date.parse(s));

export function contactWire(c: Contact, suppression?: Suppression, lists?: { listId: number; status: MembershipStatus }[]): Static<typeof ContactSchema> {
  return {
    id: c.id,
    address: c.address,
    name: c.name,
    status: c.status,
    fields: c.fields,
    consent: { source: c.consentSource, date: iso(c.consentAt), confirmed_at: iso(c.confirmedAt) },
    suppressed: suppression ? { reason: suppression.reason, source: suppression.source, since: iso(suppression.createdAt)! } : null,
    ...(lists ? { lists: lists.map((l) => ({ id: l.listId, status: l.status })) } : {}),
    created_at: iso(c.createdAt)!,
    updated_at: iso(c.updatedAt)!,
  };
}

export function listWire(l: MailingList, memberCount: number): Static<typeof ListSchema> {
  return { id: l.id, slug: l.slug, name: l.name, description: l.description, member_count: memberCount, created_at: iso(l.createdAt)! };
}

export function filterFromWire(f: Static<typeof FilterSchema>): ContactFilter {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.list_id !== undefined ? { listId: f.list_id } : {}),
    ...(f.address ? { address: f.address } : {}),
    ...(f.fields ? { fields: Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])) } : {}),
  };
}

export function filterToWire(f: ContactFilter): Static<typeof FilterSchema> {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.listId !== undefined ? { list_id: f.listId } : {}),
    ...(f.address ? { address: f.address } : {}),
    ...(f.fields ? { fields: f.fields } : {}),
  };
}

export function segmentWire(s: Segment, count: number): Static<typeof SegmentSchema> {
  return { id: s.id, name: s.name, description: s.description, filter: filterToWire(s.filter), contact_count: count, created_at: iso(s.createdAt)!, updated_at: iso(s.updatedAt)! };
}
