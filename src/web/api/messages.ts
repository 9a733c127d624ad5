// /api/v1/messages: transactional mail — one message to 1–50 recipients, written in Markdown, HTML
// or text (composed like a campaign, without a list) or given as raw MIME (From on an allowed
// domain). An Idempotency-Key makes retries safe: the same key and body return the first answer
// and never send twice; the same key with another body is a 409.
import { createHash } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { route } from './route.ts';
import type { ApiContext } from './route.ts';
import { Id, IdParams, iso } from './schemas.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Tenant } from '../../core/model.ts';
import { contactAddress } from '../../core/import/index.ts';
import { compileCampaign, escapeHtml, type CampaignInput } from '../../delivery/compose/index.ts';
import { assertFromAllowed, enqueueMessage, knownFields, transactionalContent, type MessageContent } from '../../delivery/queue/index.ts';
import { addressHash } from '../../storage/index.ts';

export const MAX_RECIPIENTS = 50;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const SendBody = Type.Object(
  {
    to: Type.Array(Type.String({ minLength: 1, maxLength: 320 }), { minItems: 1, maxItems: MAX_RECIPIENTS, description: `1–${MAX_RECIPIENTS} addresses; each gets its own copy` }),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'required unless raw is given; may use merge fields' })),
    markdown: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000 })),
    html: Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000, description: 'sanitised; the text part is derived from it' })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000 })),
    raw: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000_000, description: 'a complete RFC 5322 message, sent as is (DKIM-signed); its From must be on an allowed domain' })),
    raw_encoding: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('base64')], { description: 'how raw is given (default text)' })),
    from_address: Type.Optional(Type.String({ maxLength: 320 })),
    from_name: Type.Optional(Type.String({ maxLength: 200 })),
    reply_to: Type.Optional(Type.String({ maxLength: 320 })),
  },
  { additionalProperties: false },
);
const SendHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'a retry with the same key and body returns the first answer' })) });

const DeliverySchema = Type.Object({
  id: Id,
  recipient: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  reason: Nullable(Type.String()),
  last_code: Nullable(Type.Integer()),
  last_response: Nullable(Type.String()),
  updated_at: Type.String({ format: 'date-time' }),
});
const Accepted = Type.Object({
  id: Id,
  delivery_ids: Type.Array(Id, { description: 'in the order of "to"' }),
  suppressed: Type.Array(Type.Object({ address: Type.String(), reason: Type.String() }), { description: 'accepted, but facteur will not mail these (the engine marks them suppressed)' }),
  replayed: Type.Boolean({ description: 'true when this answers an earlier request with the same Idempotency-Key' }),
});
const MessageSchema = Type.Object({
  id: Id,
  kind: Type.String(),
  subject: Type.String(),
  from_address: Type.String(),
  campaign_id: Nullable(Id),
  idempotency_key: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  deliveries: Type.Array(DeliverySchema),
});

type SendBodyT = Static<typeof SendBody>;

export const messageRoutes = [
  route({
    method: 'POST', url: '/messages', operationId: 'sendMessage', summary: 'Send one transactional message to 1–50 recipients',
    description: 'Give exactly one of markdown, html, text or raw. Send an Idempotency-Key header to make retries safe.', tags: ['messages'], scope: 'send',
    schema: { headers: SendHeaders, body: SendBody, response: { 202: Accepted } },
    handler: async (req, reply, ctx) => {
      const b = req.body;
      const key = req.raw.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' ? key : undefined;
      const recipients = await resolveRecipients(ctx, b.to);
      const tenant = (await ctx.storage.repos.tenants.get(ctx.tenantId)) ?? ctx.caller.tenant;
      const { content, subject, fromAddress } = await buildContent(ctx, tenant, b);
      const r = await enqueueMessage(ctx.storage, ctx.tenantId, {
        kind: 'transactional', subject, fromAddress, content, recipients, idempotencyKey: idempotencyKey ?? null, requestHash: requestHash(b),
      });
      const page = await ctx.storage.repos.deliveries.list(ctx.tenantId, { messageId: r.message.id, limit: 500 });
      const found = await ctx.storage.repos.suppressions.activeAmong(ctx.tenantId, page.items.map((d) => addressHash(d.recipient)));
      const suppressed = page.items.flatMap((d) => {
        const s = found.get(addressHash(d.recipient));
        return s ? [{ address: d.recipient, reason: s.reason }] : [];
      });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      reply.code(202);
      return { id: r.message.id, delivery_ids: r.deliveryIds, suppressed, replayed: r.replayed };
    },
  }),
  route({
    method: 'GET', url: '/messages/:id', operationId: 'getMessage', summary: 'A message and the state of each of its deliveries', tags: ['messages'], scope: 'read',
    schema: { params: IdParams, response: { 200: MessageSchema } },
    handler: async (req, _reply, ctx) => {
      const m = await ctx.storage.repos.messages.get(ctx.tenantId, req.params.id);
      if (!m) throw new FacteurError('ERR_MESSAGE_NOT_FOUND', `no message ${req.params.id}`, { hint: 'message ids come from POST /api/v1/messages' });
      const deliveries = [];
      let cursor: string | null = null;
      do {
        const page = await ctx.storage.repos.deliveries.list(ctx.tenantId, { messageId: m.id, cursor, limit: 500 });
        deliveries.push(...page.items);
        cursor = m.kind === 'campaign' ? null : page.nextCursor; // a campaign's deliveries: see its stats
      } while (cursor);
      return {
        id: m.id, kind: m.kind, subject: m.subject, from_address: m.fromAddress, campaign_id: m.campaignId, idempotency_key: m.idempotencyKey, created_at: iso(m.createdAt)!,
        deliveries: deliveries.map((d) => ({ id: d.id, recipient: d.recipient, state: d.state, attempts: d.attempts, reason: d.reason, last_code: d.lastCode, last_response: d.lastResponse, updated_at: iso(d.updatedAt)! })),
      };
    },
  }),
];

/** SHA-256 of the body with object keys sorted: the same request sent again hashes the same. */
export function requestHash(body: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canon) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canon(body))).digest('hex');
}

async function resolveRecipients(ctx: ApiContext, to: string[]) {
  const seen = new Set<string>();
  const out: { address: string; contactId: number | null }[] = [];
  for (const [i, raw] of to.entries()) {
    const a = contactAddress(raw);
    if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', `${raw}: ${a.reason}`, { details: { field: `to.${i}`, reason_code: a.code, suggestion: a.suggestion } });
    if (seen.has(a.addressNormalized)) continue;
    seen.add(a.addressNormalized);
    const contact = await ctx.storage.repos.contacts.getByAddress(ctx.tenantId, a.addressNormalized);
    out.push({ address: a.addressNormalized, contactId: contact?.id ?? null });
  }
  return out;
}

function checkedAddress(v: string, field: string): string {
  const a = contactAddress(v);
  if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', `${field}: ${a.reason}`, { details: { field, reason_code: a.code, suggestion: a.suggestion } });
  return a.address;
}

async function buildContent(ctx: ApiContext, tenant: Tenant, b: SendBodyT): Promise<{ content: MessageContent; subject: string; fromAddress: string }> {
  const bodies = (['markdown', 'html', 'text', 'raw'] as const).filter((k) => b[k] !== undefined);
  if (bodies.length !== 1) {
    throw new FacteurError('ERR_VALIDATION', bodies.length === 0 ? 'no body: give markdown, html, text or raw' : `give only one body, not ${bodies.join(' and ')}`, {
      details: { field: bodies[1] ?? 'markdown' },
      hint: 'exactly one of markdown, html, text (composed by facteur) or raw (a complete MIME message)',
    });
  }
  const platformDomain = ctx.config.platform.domain;
  if (b.raw !== undefined) {
    for (const k of ['subject', 'from_address', 'from_name', 'reply_to'] as const) {
      if (b[k] !== undefined) throw new FacteurError('ERR_VALIDATION', `${k} cannot be combined with raw: the raw message has its own headers`, { details: { field: k } });
    }
    const mime = (b.raw_encoding === 'base64' ? Buffer.from(b.raw, 'base64') : Buffer.from(b.raw, 'utf8')).toString('latin1').replace(/\r?\n/g, '\r\n');
    const head = headerBlock(mime);
    const from = header(head, 'from');
    const fromAddress = from ? /<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /([^\s<>,;"]+@[^\s<>,;"]+)/.exec(from)?.[1] : undefined;
    if (!fromAddress) throw new FacteurError('ERR_VALIDATION', 'the raw message has no From address', { details: { field: 'raw' }, hint: 'a raw message must be a complete RFC 5322 message with a From header' });
    assertFromAllowed(tenant, platformDomain, fromAddress, 'raw');
    // The MIME string holds bytes (latin1); a raw UTF-8 Subject is shown as UTF-8 in the API.
    return { content: { kind: 'raw', mime }, subject: Buffer.from(header(head, 'subject') ?? '', 'latin1').toString('utf8'), fromAddress };
  }
  if (b.subject === undefined) throw new FacteurError('ERR_VALIDATION', 'subject is required', { details: { field: 'subject' } });
  if (b.raw_encoding !== undefined) throw new FacteurError('ERR_VALIDATION', 'raw_encoding only goes with raw', { details: { field: 'raw_encoding' } });
  const fromAddress = b.from_address !== undefined ? checkedAddress(b.from_address, 'from_address') : null;
  if (fromAddress) assertFromAllowed(tenant, platformDomain, fromAddress, 'from_address');
  const replyTo = b.reply_to !== undefined ? checkedAddress(b.reply_to, 'reply_to') : null;
  const base = transactionalContent(
    tenant,
    { subject: b.subject, markdown: b.markdown ?? '', fromName: b.from_name ?? null, fromAddress, replyTo },
    { platformDomain, fields: await knownFields(ctx.storage, tenant.id), now: ctx.storage.clock.now() },
  );
  const { markdown: _markdown, ...rest } = base.input;
  const html = b.html ?? (b.text !== undefined ? textToHtml(b.text) : undefined);
  const input: CampaignInput = html !== undefined ? { ...rest, html } : base.input;
  compileCampaign(input); // an unknown merge field is a 400 now, not a bounce later
  return { content: { kind: 'template', input, listId: 0 }, subject: b.subject, fromAddress: input.from.address };
}

/** Plain text as HTML paragraphs (blank lines) and line breaks. */
function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function headerBlock(mime: string): string {
  const end = mime.indexOf('\r\n\r\n');
  return (end < 0 ? mime : mime.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
}

function header(head: string, name: string): string | undefined {
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === name) return line.slice(i + 1).trim();
  }
  return undefined;
}
