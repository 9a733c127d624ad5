// /api/v1/lists: lists with subscribed-member counts, and their members (add by contact id,
// remove, page through). Adding never re-subscribes a member who unsubscribed.
import { Type } from '@sinclair/typebox';
import type { ApiContext } from './route.ts';
import { route } from './route.ts';
import { IdParams, Id, ListSchema, Page, PageQuery, ContactSchema, MembershipStatusSchema, listWire } from './schemas.ts';
import { withSuppressions } from './contacts.ts';
import { FacteurError } from '../../core/errors.ts';
import type { MailingList } from '../../core/model.ts';
import { AUDIENCE_LIMITS as L, LIST_SLUG_PATTERN } from '../../core/audience.ts';

const ListBody = Type.Object(
  {
    slug: Type.String({ pattern: LIST_SLUG_PATTERN, description: 'short unique name: lower-case letters, digits, dashes' }),
    name: Type.String({ minLength: 1, maxLength: L.listName }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: L.description }), Type.Null()])),
  },
  { additionalProperties: false },
);
const ListPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: L.listName })), description: Type.Optional(Type.Union([Type.String({ maxLength: L.description }), Type.Null()])) },
  { additionalProperties: false },
);
const MemberParams = Type.Object({ id: Id, contact_id: Id }, { additionalProperties: false });
const MembersBody = Type.Object({ contact_ids: Type.Array(Id, { minItems: 1, maxItems: 10_000 }) }, { additionalProperties: false });
const Member = Type.Object({ membership: MembershipStatusSchema, contact: ContactSchema });

export const listRoutes = [
  route({
    method: 'GET',
    url: '/lists',
    operationId: 'listLists',
    summary: 'List the lists, with member counts',
    tags: ['lists'],
    scope: 'read',
    schema: { querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(ListSchema) } },
    handler: async (req, _reply, ctx) => {
      const page = await ctx.storage.repos.audience.listPage(ctx.tenantId, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: page.items.map((l) => listWire(l, l.memberCount)), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST',
    url: '/lists',
    operationId: 'createList',
    summary: 'Create a list',
    tags: ['lists'],
    scope: 'write',
    schema: { body: ListBody, response: { 201: ListSchema } },
    handler: async (req, reply, ctx) => {
      const l = await ctx.storage.repos.lists.create(ctx.tenantId, { slug: req.body.slug, name: req.body.name, description: req.body.description ?? null });
      reply.code(201);
      return listWire(l, 0);
    },
  }),
  route({
    method: 'GET',
    url: '/lists/:id',
    operationId: 'getList',
    summary: 'Read a list',
    tags: ['lists'],
    scope: 'read',
    schema: { params: IdParams, response: { 200: ListSchema } },
    handler: async (req, _reply, ctx) => withCount(ctx, await mustGetList(ctx, req.params.id)),
  }),
  route({
    method: 'PATCH',
    url: '/lists/:id',
    operationId: 'updateList',
    summary: 'Rename or describe a list',
    tags: ['lists'],
    scope: 'write',
    schema: { params: IdParams, body: ListPatch, response: { 200: ListSchema } },
    handler: async (req, _reply, ctx) => {
      if (!(await ctx.storage.repos.audience.updateList(ctx.tenantId, req.params.id, req.body))) throw listNotFound(req.params.id);
      return withCount(ctx, await mustGetList(ctx, req.params.id));
    },
  }),
  route({
    method: 'DELETE',
    url: '/lists/:id',
    operationId: 'deleteList',
    summary: 'Delete a list (its contacts stay)',
    tags: ['lists'],
    scope: 'write',
    schema: { params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      if (!(await ctx.storage.repos.lists.delete(ctx.tenantId, req.params.id))) throw listNotFound(req.params.id);
      return reply.code(204).send();
    },
  }),
  route({
    method: 'GET',
    url: '/lists/:id/members',
    operationId: 'listMembers',
    summary: 'Page through the members of a list',
    tags: ['lists'],
    scope: 'read',
    schema: {
      params: IdParams,
      querystring: Type.Object({ ...PageQuery, status: Type.Optional(MembershipStatusSchema) }, { additionalProperties: false }),
      response: { 200: Page(Member) },
    },
    handler: async (req, _reply, ctx) => {
      await mustGetList(ctx, req.params.id);
      const page = await ctx.storage.repos.audience.members(ctx.tenantId, req.params.id, { cursor: req.query.cursor, limit: req.query.limit, status: req.query.status });
      const contacts = await withSuppressions(
        ctx,
        page.items.map((m) => m.contact),
      );
      return { items: page.items.map((m, i) => ({ membership: m.membership, contact: contacts[i]! })), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST',
    url: '/lists/:id/members',
    operationId: 'addMembers',
    summary: 'Subscribe contacts to a list',
    description: 'Contacts already on the list keep their membership status (an unsubscribed member stays unsubscribed).',
    tags: ['lists'],
    scope: 'write',
    schema: { params: IdParams, body: MembersBody, response: { 200: Type.Object({ added: Type.Integer(), already: Type.Integer() }) } },
    handler: async (req, _reply, ctx) => {
      await mustGetList(ctx, req.params.id);
      const ids = [...new Set(req.body.contact_ids)];
      const mine = await ctx.storage.repos.audience.contactIdsOf(ctx.tenantId, ids);
      const missing = ids.filter((id) => !mine.has(id));
      if (missing.length > 0) {
        throw new FacteurError('ERR_CONTACT_NOT_FOUND', `no contact ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`, {
          hint: 'nothing was added; remove the unknown ids and try again',
          details: { field: 'contact_ids', missing: missing.slice(0, 100) },
        });
      }
      const added = await ctx.storage.transaction((repos) => repos.audience.addMembers(ctx.tenantId, req.params.id, ids));
      return { added, already: ids.length - added };
    },
  }),
  route({
    method: 'DELETE',
    url: '/lists/:id/members/:contact_id',
    operationId: 'removeMember',
    summary: 'Remove a contact from a list',
    tags: ['lists'],
    scope: 'write',
    schema: { params: MemberParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      await mustGetList(ctx, req.params.id);
      if (!(await ctx.storage.repos.audience.removeMember(ctx.tenantId, req.params.id, req.params.contact_id))) {
        throw new FacteurError('ERR_CONTACT_NOT_FOUND', `contact ${req.params.contact_id} is not on list ${req.params.id}`, { hint: 'see GET /api/v1/lists/{id}/members' });
      }
      return reply.code(204).send();
    },
  }),
];

export function listNotFound(id: number): FacteurError {
  return new FacteurError('ERR_LIST_NOT_FOUND', `no list ${id}`, { hint: 'list ids come from GET /api/v1/lists' });
}

export async function mustGetList(ctx: ApiContext, id: number): Promise<MailingList> {
  const l = await ctx.storage.repos.lists.get(ctx.tenantId, id);
  if (!l) throw listNotFound(id);
  return l;
}

async function withCount(ctx: ApiContext, l: MailingList) {
  const counts = await ctx.storage.repos.audience.memberCounts(ctx.tenantId, [l.id]);
  return listWire(l, counts.get(l.id) ?? 0);
}
