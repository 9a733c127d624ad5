// /api/v1/segments: saved filters over contacts (status, list, address, fields), with the number
// of contacts they select now, and a page of those contacts.
import { Type } from '@sinclair/typebox';
import type { ApiContext } from './route.ts';
import { route } from './route.ts';
import { IdParams, Page, PageQuery, ContactSchema, FilterSchema, SegmentSchema, filterFromWire, segmentWire } from './schemas.ts';
import { withSuppressions } from './contacts.ts';
import { mustGetList } from './lists.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Segment } from '../../core/model.ts';
import { AUDIENCE_LIMITS as L } from '../../core/audience.ts';

const SegmentBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: L.segmentName }), description: Type.Optional(Type.Union([Type.String({ maxLength: L.description }), Type.Null()])), filter: FilterSchema },
  { additionalProperties: false },
);
const SegmentPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: L.segmentName })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: L.description }), Type.Null()])),
    filter: Type.Optional(FilterSchema),
  },
  { additionalProperties: false },
);

export const segmentRoutes = [
  route({
    method: 'GET',
    url: '/segments',
    operationId: 'listSegments',
    summary: 'List segments, with their current contact counts',
    tags: ['segments'],
    scope: 'read',
    schema: { querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(SegmentSchema) } },
    handler: async (req, _reply, ctx) => {
      const page = await ctx.storage.repos.segments.list(ctx.tenantId, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: await Promise.all(page.items.map((s) => withCount(ctx, s))), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST',
    url: '/segments',
    operationId: 'createSegment',
    summary: 'Save a filter as a segment',
    tags: ['segments'],
    scope: 'write',
    schema: { body: SegmentBody, response: { 201: SegmentSchema } },
    handler: async (req, reply, ctx) => {
      const filter = filterFromWire(req.body.filter);
      if (filter.listId !== undefined) await mustGetList(ctx, filter.listId);
      const s = await ctx.storage.repos.segments.create(ctx.tenantId, { name: req.body.name, description: req.body.description ?? null, filter });
      reply.code(201);
      return withCount(ctx, s);
    },
  }),
  route({
    method: 'GET',
    url: '/segments/:id',
    operationId: 'getSegment',
    summary: 'Read a segment and its contact count',
    tags: ['segments'],
    scope: 'read',
    schema: { params: IdParams, response: { 200: SegmentSchema } },
    handler: async (req, _reply, ctx) => withCount(ctx, await mustGet(ctx, req.params.id)),
  }),
  route({
    method: 'PATCH',
    url: '/segments/:id',
    operationId: 'updateSegment',
    summary: 'Change a segment (the filter is replaced as a whole)',
    tags: ['segments'],
    scope: 'write',
    schema: { params: IdParams, body: SegmentPatch, response: { 200: SegmentSchema } },
    handler: async (req, _reply, ctx) => {
      const filter = req.body.filter ? filterFromWire(req.body.filter) : undefined;
      if (filter?.listId !== undefined) await mustGetList(ctx, filter.listId);
      const s = await ctx.storage.repos.segments.update(ctx.tenantId, req.params.id, {
        ...(req.body.name !== undefined ? { name: req.body.name } : {}),
        ...(req.body.description !== undefined ? { description: req.body.description } : {}),
        ...(filter ? { filter } : {}),
      });
      if (!s) throw notFound(req.params.id);
      return withCount(ctx, s);
    },
  }),
  route({
    method: 'DELETE',
    url: '/segments/:id',
    operationId: 'deleteSegment',
    summary: 'Delete a segment (contacts are untouched)',
    tags: ['segments'],
    scope: 'write',
    schema: { params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      if (!(await ctx.storage.repos.segments.delete(ctx.tenantId, req.params.id))) throw notFound(req.params.id);
      return reply.code(204).send();
    },
  }),
  route({
    method: 'GET',
    url: '/segments/:id/contacts',
    operationId: 'listSegmentContacts',
    summary: 'Page through the contacts a segment selects now',
    tags: ['segments'],
    scope: 'read',
    schema: { params: IdParams, querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(ContactSchema) } },
    handler: async (req, _reply, ctx) => {
      const s = await mustGet(ctx, req.params.id);
      const page = await ctx.storage.repos.audience.search(ctx.tenantId, s.filter, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: await withSuppressions(ctx, page.items), next_cursor: page.nextCursor };
    },
  }),
];

function notFound(id: number): FacteurError {
  return new FacteurError('ERR_SEGMENT_NOT_FOUND', `no segment ${id}`, { hint: 'segment ids come from GET /api/v1/segments' });
}

async function mustGet(ctx: ApiContext, id: number): Promise<Segment> {
  const s = await ctx.storage.repos.segments.get(ctx.tenantId, id);
  if (!s) throw notFound(id);
  return s;
}

async function withCount(ctx: ApiContext, s: Segment) {
  return segmentWire(s, await ctx.storage.repos.audience.count(ctx.tenantId, s.filter));
}
