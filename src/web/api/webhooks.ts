// /api/v1/webhooks: a tenant's webhook endpoints. The signing secret (whsec_…, Standard Webhooks)
// is returned once, at creation; afterwards only whether the endpoint works: failing_since,
// last_status, last_error, and disabled_at/disabled_reason once 24 h of failures disabled it.
import { Type, type Static } from '@sinclair/typebox';
import { route } from './route.ts';
import type { ApiContext } from './route.ts';
import { Id, IdParams, Page, PageQuery, iso } from './schemas.ts';
import { FacteurError } from '../../core/errors.ts';
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint } from '../../core/model.ts';
import { newWebhookSecret } from '../../delivery/webhooks/index.ts';
import { webhookUrlProblem } from '../../delivery/webhooks/url.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const EventTypes = Type.Array(Type.Union(WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t))), { uniqueItems: true, description: `any of ${WEBHOOK_EVENT_TYPES.join(', ')}; empty or absent: all` });
const Url = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'https URL that receives POSTs (plain http only to localhost / 127.0.0.0/8 / [::1], for a local test receiver)' });

const URL_PROBLEMS = {
  invalid: 'is not a valid http(s) URL',
  'not-https': 'must use https: events carry members\' addresses and a signature that must stay private (plain http is allowed to localhost only)',
  credentials: 'must not hold a user name or password (it would be shown in every list of endpoints); authenticate with the signature instead',
} as const;

/** The same rule as the admin page: https, or http to this machine; no credentials in the URL. */
function checkedUrl(url: string): string {
  const problem = webhookUrlProblem(url);
  if (problem) throw new FacteurError('ERR_VALIDATION', `url ${URL_PROBLEMS[problem]}`, { details: { field: 'url', reason_code: problem } });
  return url;
}

const WebhookSchema = Type.Object({
  id: Id,
  url: Type.String(),
  description: Nullable(Type.String()),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  forward_raw_bounces: Type.Boolean({ description: 'bounced/complained payloads include the raw DSN/ARF message (for software that parses bounces itself, e.g. Paheko)' }),
  failing_since: Nullable(DateTime),
  last_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  last_success_at: Nullable(DateTime),
  disabled_at: Nullable(DateTime),
  disabled_reason: Nullable(Type.String()),
  created_at: DateTime,
  secret: Type.Optional(Type.String({ description: 'only in the creation answer: store it now' })),
});
const CreateBody = Type.Object(
  { url: Url, description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))), event_types: Type.Optional(EventTypes), forward_raw_bounces: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    url: Type.Optional(Url),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    event_types: Type.Optional(EventTypes),
    forward_raw_bounces: Type.Optional(Type.Boolean()),
    enabled: Type.Optional(Type.Boolean({ description: 'true re-enables a disabled endpoint (it resumes where it stopped)' })),
  },
  { additionalProperties: false },
);

function webhookWire(w: WebhookEndpoint, withSecret = false): Static<typeof WebhookSchema> {
  return {
    id: w.id, url: w.url, description: w.description, event_types: w.eventTypes, enabled: w.enabled, forward_raw_bounces: w.forwardRawBounces,
    failing_since: iso(w.failingSince), last_status: w.lastStatus, last_error: w.lastError, last_success_at: iso(w.lastSuccessAt),
    disabled_at: iso(w.disabledAt), disabled_reason: w.disabledReason, created_at: iso(w.createdAt)!, ...(withSecret ? { secret: w.secret } : {}),
  };
}

async function mustGet(ctx: ApiContext, id: number): Promise<WebhookEndpoint> {
  const w = await ctx.storage.repos.webhooks.get(ctx.tenantId, id);
  if (!w) throw new FacteurError('ERR_WEBHOOK_NOT_FOUND', `no webhook endpoint ${id}`, { hint: 'ids come from GET /api/v1/webhooks' });
  return w;
}

const tags = ['webhooks'];

export const webhookRoutes = [
  route({
    method: 'GET', url: '/webhooks', operationId: 'listWebhooks', summary: 'List webhook endpoints', tags, scope: 'read',
    schema: { querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(WebhookSchema) } },
    handler: async (req, _reply, ctx) => {
      const page = await ctx.storage.repos.webhooks.list(ctx.tenantId, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: page.items.map((w) => webhookWire(w)), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST', url: '/webhooks', operationId: 'createWebhook', summary: 'Add a webhook endpoint (the answer holds its secret, once)',
    description: 'The endpoint receives events that happen from now on, signed per Standard Webhooks.', tags, scope: 'write',
    schema: { body: CreateBody, response: { 201: WebhookSchema } },
    handler: async (req, reply, ctx) => {
      const w = await ctx.storage.repos.webhooks.create(ctx.tenantId, {
        url: checkedUrl(req.body.url), description: req.body.description ?? null, secret: newWebhookSecret(), eventTypes: req.body.event_types ?? [], forwardRawBounces: req.body.forward_raw_bounces ?? false,
      });
      reply.code(201);
      return webhookWire(w, true);
    },
  }),
  route({
    method: 'GET', url: '/webhooks/:id', operationId: 'getWebhook', summary: 'Read a webhook endpoint and its health', tags, scope: 'read',
    schema: { params: IdParams, response: { 200: WebhookSchema } },
    handler: async (req, _reply, ctx) => webhookWire(await mustGet(ctx, req.params.id)),
  }),
  route({
    method: 'PATCH', url: '/webhooks/:id', operationId: 'updateWebhook', summary: 'Change, disable or re-enable a webhook endpoint', tags, scope: 'write',
    schema: { params: IdParams, body: PatchBody, response: { 200: WebhookSchema } },
    handler: async (req, _reply, ctx) => {
      const b = req.body;
      const w = await ctx.storage.repos.webhooks.update(ctx.tenantId, req.params.id, {
        ...(b.url !== undefined ? { url: checkedUrl(b.url) } : {}), ...(b.description !== undefined ? { description: b.description } : {}), ...(b.event_types !== undefined ? { eventTypes: b.event_types } : {}),
        ...(b.forward_raw_bounces !== undefined ? { forwardRawBounces: b.forward_raw_bounces } : {}), ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      });
      if (!w) return mustGet(ctx, req.params.id).then(webhookWire);
      return webhookWire(w);
    },
  }),
  route({
    method: 'DELETE', url: '/webhooks/:id', operationId: 'deleteWebhook', summary: 'Delete a webhook endpoint', tags, scope: 'write',
    schema: { params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      if (!(await ctx.storage.repos.webhooks.delete(ctx.tenantId, req.params.id))) await mustGet(ctx, req.params.id);
      return reply.code(204).send();
    },
  }),
];
