// /api/v1/campaigns: drafts (create, change, read, list), preview for one contact, test sends,
// and the life of a campaign — schedule, send now, pause, resume, cancel — with its statistics and
// the addresses that bounced or complained (JSON or CSV, to fix in the member file).
// Transitions that the campaign's state forbids are 409 ERR_CAMPAIGN_STATE with a hint.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { ApiContext } from './route.ts';
import { route } from './route.ts';
import { Id, IdParams, Page, PageQuery, iso } from './schemas.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Campaign, Tenant } from '../../core/model.ts';
import type { CampaignFailure } from '../../storage/index.ts';
import { guardSettings } from '../../delivery/guard/index.ts';
import {
  DRAFT_LIMITS as L, MAX_TEST_RECIPIENTS, cancelCampaign, changeDraft, draftInput as checkDraft, pauseOrResume, previewCampaign, scheduleCampaign, sendTest, startCampaign,
} from '../../delivery/campaigns/index.ts';
import { toCsv } from './csv.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const StatusSchema = Type.Union(['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'].map((s) => Type.Literal(s)));

export const CampaignSchema = Type.Object({
  id: Id,
  name: Type.String(),
  subject: Type.String(),
  markdown: Type.String(),
  from_name: Nullable(Type.String()),
  from_address: Nullable(Type.String()),
  reply_to: Nullable(Type.String()),
  list_ids: Type.Array(Id),
  status: StatusSchema,
  scheduled_at: Nullable(DateTime),
  started_at: Nullable(DateTime),
  finished_at: Nullable(DateTime),
  created_at: DateTime,
  updated_at: DateTime,
});

const draftFields = {
  name: Type.String({ minLength: 1, maxLength: L.name, description: 'for the admins; members never see it' }),
  subject: Type.String({ minLength: 1, maxLength: L.subject, description: 'may use merge fields: {{ first_name }}' }),
  markdown: Type.String({ minLength: 1, maxLength: L.markdown, description: 'the body in Markdown, with merge fields' }),
  list_ids: Type.Array(Id, { maxItems: L.lists, uniqueItems: true, description: 'target lists: every subscribed, active member once' }),
  from_name: Nullable(Type.String({ maxLength: L.fromName })),
  from_address: Nullable(Type.String({ maxLength: L.address, description: "on the tenant's sending domain or the platform's; null: the default" })),
  reply_to: Nullable(Type.String({ maxLength: L.address })),
};
const CreateBody = Type.Object(
  { ...draftFields, list_ids: Type.Optional(draftFields.list_ids), from_name: Type.Optional(draftFields.from_name), from_address: Type.Optional(draftFields.from_address), reply_to: Type.Optional(draftFields.reply_to) },
  { additionalProperties: false },
);
const PatchBody = Type.Partial(Type.Object(draftFields), { additionalProperties: false });
const PreviewBody = Type.Object(
  {
    contact_id: Type.Optional(Id),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: "a contact's address; another address previews with no fields" })),
    lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
const Preview = Type.Object({ subject: Type.String(), html: Type.String(), text: Type.String() });
const TestBody = Type.Object({ to: Type.Array(Type.String({ minLength: 1, maxLength: 320 }), { minItems: 1, maxItems: MAX_TEST_RECIPIENTS, description: 'where to send the test (not the lists)' }) }, { additionalProperties: false });
const Queued = Type.Object({ message_id: Id, delivery_ids: Type.Array(Id) });
const ScheduleBody = Type.Object({ at: Type.String({ format: 'date-time', description: 'when to start (RFC 3339); must be in the future' }) }, { additionalProperties: false });
const Started = Type.Object({ campaign: CampaignSchema, message_id: Id, deliveries: Type.Integer({ description: 'recipients queued' }) });
const Stats = Type.Object({
  status: StatusSchema,
  total: Type.Integer(),
  by_state: Type.Record(Type.String(), Type.Integer(), { description: 'queued, sending, delivered, deferred, bounced, suppressed, expired, cancelled' }),
  by_reason: Type.Array(Type.Object({ state: Type.String(), reason: Type.String(), count: Type.Integer() }), { description: 'bounced, expired and suppressed deliveries by reason (userunknown, mailboxfull…)' }),
  complaints: Type.Integer(),
  unsubscribes: Type.Integer(),
});
const Failure = Type.Object({
  delivery_id: Id,
  contact_id: Nullable(Id),
  address: Type.String(),
  name: Nullable(Type.String()),
  kind: Type.Union([Type.Literal('bounced'), Type.Literal('complained')]),
  reason: Nullable(Type.String()),
  code: Nullable(Type.Integer()),
  response: Nullable(Type.String()),
  at: DateTime,
});
const FailuresQuery = Type.Object(
  {
    ...PageQuery,
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the whole list as a file (or send Accept: text/csv)' })),
    separator: Type.Optional(Type.Union([Type.Literal('comma'), Type.Literal('semicolon'), Type.Literal('tab')], { description: 'CSV separator; semicolon for French spreadsheets' })),
    lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')], { description: 'language of the CSV headers' })),
  },
  { additionalProperties: false },
);

export function campaignWire(c: Campaign): Static<typeof CampaignSchema> {
  return {
    id: c.id,
    name: c.name,
    subject: c.subject,
    markdown: c.bodyMarkdown,
    from_name: c.fromName,
    from_address: c.fromAddress,
    reply_to: c.replyTo,
    list_ids: c.listIds,
    status: c.status,
    scheduled_at: iso(c.scheduledAt),
    started_at: iso(c.startedAt),
    finished_at: iso(c.finishedAt),
    created_at: iso(c.createdAt)!,
    updated_at: iso(c.updatedAt)!,
  };
}

const tags = ['campaigns'];

export const campaignRoutes = [
  route({
    method: 'GET', url: '/campaigns', operationId: 'listCampaigns', summary: 'List campaigns', tags, scope: 'read',
    schema: { querystring: Type.Object(PageQuery, { additionalProperties: false }), response: { 200: Page(CampaignSchema) } },
    handler: async (req, _reply, ctx) => {
      const page = await ctx.storage.repos.campaigns.list(ctx.tenantId, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: page.items.map(campaignWire), next_cursor: page.nextCursor };
    },
  }),
  route({
    method: 'POST', url: '/campaigns', operationId: 'createCampaign', summary: 'Create a draft campaign', tags, scope: 'write',
    schema: { body: CreateBody, response: { 201: CampaignSchema } },
    handler: async (req, reply, ctx) => {
      const input = await draftInput(ctx, req.body);
      const c = await ctx.storage.repos.campaigns.create(ctx.tenantId, { name: req.body.name, subject: req.body.subject, bodyMarkdown: req.body.markdown, ...input });
      reply.code(201);
      return campaignWire(c);
    },
  }),
  route({
    method: 'GET', url: '/campaigns/:id', operationId: 'getCampaign', summary: 'Read a campaign', tags, scope: 'read',
    schema: { params: IdParams, response: { 200: CampaignSchema } },
    handler: async (req, _reply, ctx) => campaignWire(await mustGetCampaign(ctx, req.params.id)),
  }),
  route({
    method: 'PATCH', url: '/campaigns/:id', operationId: 'updateCampaign', summary: 'Change a draft (or a scheduled campaign)', tags, scope: 'write',
    schema: { params: IdParams, body: PatchBody, response: { 200: CampaignSchema } },
    handler: async (req, _reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      return campaignWire(await changeDraft(ctx.storage, c, await draftInput(ctx, req.body)));
    },
  }),
  route({
    method: 'POST', url: '/campaigns/:id/preview', operationId: 'previewCampaign', summary: 'Render the campaign for one contact',
    description: 'Give contact_id or address. An unknown merge field is a 400 naming it.', tags, scope: 'read',
    schema: { params: IdParams, body: PreviewBody, response: { 200: Preview } },
    handler: async (req, _reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      if ((req.body.contact_id === undefined) === (req.body.address === undefined)) {
        throw new FacteurError('ERR_VALIDATION', 'give either contact_id or address', { details: { field: 'contact_id' }, hint: 'preview for one contact: {"contact_id": 12} or {"address": "marie@example.org"}' });
      }
      const p = await previewCampaign(ctx.storage, await tenantOf(ctx), c, {
        ...(req.body.contact_id !== undefined ? { contactId: req.body.contact_id } : {}),
        ...(req.body.address !== undefined ? { address: req.body.address } : {}),
        ...(req.body.lang ? { lang: req.body.lang } : {}),
        platformDomain: ctx.config.platform.domain,
        publicUrl: ctx.config.server.public_url,
      });
      return { subject: p.subject, html: p.html, text: p.text };
    },
  }),
  route({
    method: 'POST', url: '/campaigns/:id/test', operationId: 'testCampaign', summary: 'Send a test of the campaign to a few addresses',
    description: 'Queued as a test message (kind "test") to the given addresses only; the lists are not mailed. The subject is prefixed with [TEST].', tags, scope: 'send',
    schema: { params: IdParams, body: TestBody, response: { 202: Queued } },
    handler: async (req, reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      const r = await sendTest(ctx.storage, await tenantOf(ctx), c, req.body.to, ctx.config.platform.domain);
      reply.code(202);
      return { message_id: r.messageId, delivery_ids: r.deliveryIds };
    },
  }),
  route({
    method: 'POST', url: '/campaigns/:id/schedule', operationId: 'scheduleCampaign', summary: 'Send the campaign at a given time',
    description: 'The template and lists are checked now. A scheduled campaign can be rescheduled, changed, sent now or cancelled.', tags, scope: 'send',
    schema: { params: IdParams, body: ScheduleBody, response: { 200: CampaignSchema } },
    handler: async (req, _reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      return campaignWire(await scheduleCampaign(ctx.storage, await tenantOf(ctx), c, Date.parse(req.body.at), ctx.config.platform.domain));
    },
  }),
  route({
    method: 'POST', url: '/campaigns/:id/send', operationId: 'sendCampaign', summary: 'Send the campaign now',
    description: 'Queues one delivery per subscribed, active member of the target lists (each address once).', tags, scope: 'send',
    schema: { params: IdParams, response: { 202: Started } },
    handler: async (req, reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      const r = await startCampaign(ctx.storage, await tenantOf(ctx), c, { platformDomain: ctx.config.platform.domain, canary: guardSettings(ctx.config.guard).canary });
      reply.code(202);
      return { campaign: campaignWire(await mustGetCampaign(ctx, c.id)), message_id: r.messageId, deliveries: r.deliveries };
    },
  }),
  route({
    method: 'POST', url: '/campaigns/:id/pause', operationId: 'pauseCampaign', summary: 'Pause a campaign that is sending', tags, scope: 'send',
    schema: { params: IdParams, response: { 200: CampaignSchema } },
    handler: async (req, _reply, ctx) => campaignWire(await pauseOrResume(ctx.storage, await mustGetCampaign(ctx, req.params.id), 'pause', { by: 'api', key: ctx.caller.key.id })),
  }),
  route({
    method: 'POST', url: '/campaigns/:id/resume', operationId: 'resumeCampaign', summary: 'Resume a paused campaign', tags, scope: 'send',
    schema: { params: IdParams, response: { 200: CampaignSchema } },
    handler: async (req, _reply, ctx) => campaignWire(await pauseOrResume(ctx.storage, await mustGetCampaign(ctx, req.params.id), 'resume', { by: 'api', key: ctx.caller.key.id })),
  }),
  route({
    method: 'POST', url: '/campaigns/:id/cancel', operationId: 'cancelCampaign', summary: 'Cancel a campaign',
    description: 'Deliveries not yet sent are cancelled; those already in flight finish. Cannot be undone.', tags, scope: 'send',
    schema: { params: IdParams, response: { 200: Type.Object({ campaign: CampaignSchema, cancelled: Type.Integer({ description: 'deliveries cancelled' }) }) } },
    handler: async (req, _reply, ctx) => {
      const r = await cancelCampaign(ctx.storage, await mustGetCampaign(ctx, req.params.id));
      return { campaign: campaignWire(r.campaign), cancelled: r.cancelled };
    },
  }),
  route({
    method: 'GET', url: '/campaigns/:id/stats', operationId: 'campaignStats', summary: 'Deliveries by state and by failure reason', tags, scope: 'read',
    schema: { params: IdParams, response: { 200: Stats } },
    handler: async (req, _reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      const s = await ctx.storage.repos.campaignReports.counts(ctx.tenantId, c.id);
      return { status: c.status, total: Object.values(s.byState).reduce((a, b) => a + b, 0), by_state: s.byState, by_reason: s.byReason, complaints: s.complaints, unsubscribes: s.unsubscribes };
    },
  }),
  route({
    method: 'GET', url: '/campaigns/:id/failures', operationId: 'campaignFailures', summary: 'Addresses that bounced or complained',
    description: 'JSON pages, or the whole list as CSV (Accept: text/csv or ?format=csv): UTF-8 with a BOM, separator comma, semicolon or tab.', tags, scope: 'read',
    schema: { params: IdParams, querystring: FailuresQuery, response: { 200: Page(Failure) } },
    handler: async (req, reply, ctx) => {
      const c = await mustGetCampaign(ctx, req.params.id);
      const csv = req.query.format === 'csv' || (req.query.format === undefined && /\btext\/csv\b/i.test(req.raw.headers.accept ?? ''));
      if (csv) return sendCsv(ctx, reply, c, req.query.separator ?? 'comma', req.query.lang ?? 'en');
      const page = await ctx.storage.repos.campaignReports.failures(ctx.tenantId, c.id, { cursor: req.query.cursor, limit: req.query.limit });
      return { items: page.items.map(failureWire), next_cursor: page.nextCursor };
    },
  }),
];

function failureWire(f: CampaignFailure): Static<typeof Failure> {
  return { delivery_id: f.deliveryId, contact_id: f.contactId, address: f.address, name: f.name, kind: f.kind, reason: f.reason, code: f.code, response: f.response, at: iso(f.at)! };
}

const CSV_HEADERS = {
  en: ['address', 'name', 'problem', 'reason', 'code', 'response', 'date'],
  fr: ['Adresse e-mail', 'Nom', 'Problème', 'Raison', 'Code', 'Réponse du serveur', 'Date'],
};
const KIND_FR = { bounced: 'adresse en échec', complained: 'plainte pour spam' };

async function sendCsv(ctx: ApiContext, reply: FastifyReply, c: Campaign, separator: 'comma' | 'semicolon' | 'tab', lang: 'fr' | 'en'): Promise<FastifyReply> {
  const sep = separator === 'semicolon' ? ';' : separator === 'tab' ? '\t' : ',';
  const rows: string[][] = [CSV_HEADERS[lang]];
  let cursor: string | null = null;
  do {
    const page = await ctx.storage.repos.campaignReports.failures(ctx.tenantId, c.id, { cursor, limit: 10_000 });
    for (const f of page.items) {
      rows.push([f.address, f.name ?? '', lang === 'fr' ? KIND_FR[f.kind] : f.kind, f.reason ?? '', f.code === null ? '' : String(f.code), f.response ?? '', iso(f.at)!]);
    }
    cursor = page.nextCursor;
  } while (cursor);
  const name = `campaign-${c.id}-failures.csv`;
  return reply
    .type(`text/csv; charset=utf-8${sep === ';' ? '; header=present' : ''}`)
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(toCsv(rows, sep));
}

export function campaignNotFound(id: number): FacteurError {
  return new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `no campaign ${id}`, { hint: 'campaign ids come from GET /api/v1/campaigns' });
}

export async function mustGetCampaign(ctx: ApiContext, id: number): Promise<Campaign> {
  const c = await ctx.storage.repos.campaigns.get(ctx.tenantId, id);
  if (!c) throw campaignNotFound(id);
  return c;
}

async function tenantOf(ctx: ApiContext): Promise<Tenant> {
  return (await ctx.storage.repos.tenants.get(ctx.tenantId)) ?? ctx.caller.tenant;
}

/** Checks lists, addresses, the From domain and one-line headers of a draft body; returns the repository's input. */
async function draftInput(ctx: ApiContext, b: Partial<Static<typeof PatchBody>>) {
  return checkDraft(ctx.storage, await tenantOf(ctx), ctx.config.platform.domain, {
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.subject !== undefined ? { subject: b.subject } : {}),
    ...(b.markdown !== undefined ? { markdown: b.markdown } : {}),
    ...(b.list_ids !== undefined ? { listIds: b.list_ids } : {}),
    ...(b.from_name !== undefined ? { fromName: b.from_name } : {}),
    ...(b.from_address !== undefined ? { fromAddress: b.from_address } : {}),
    ...(b.reply_to !== undefined ? { replyTo: b.reply_to } : {}),
  });
}
