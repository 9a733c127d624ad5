// /api/v1/smtp-credentials: the tenant's SMTP submission credentials (for Paheko, Nextcloud…).
// The password is in the creation answer only; afterwards only the user name is shown. DELETE
// revokes at once (new logins get 535); connections already logged in finish their session.
import { Type } from '@sinclair/typebox';
import type { ApiContext } from './route.ts';
import { route } from './route.ts';
import { Id, IdParams } from './schemas.ts';
import { FacteurError } from '../../core/errors.ts';
import { issueSmtpCredential, normaliseAllowedSenders, type SmtpCredential } from '../../core/auth/smtp-credential.ts';

const Senders = Type.Array(Type.String({ minLength: 1, maxLength: 254 }), {
  minItems: 1,
  maxItems: 100,
  description: 'domains (any address there) or full addresses the application may send from',
});
const Limits = {
  max_message_bytes: Type.Optional(Type.Union([Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024 }), Type.Null()], { description: 'null: the server limit (25 MB by default)' })),
  rate_per_minute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], { description: 'recipients per minute; null: no limit' })),
  list_id: Type.Optional(Type.Union([Id, Type.Null()], { description: 'list whose List-Id and List-Unsubscribe headers are added (bulk mail)' })),
};
const CreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), allowed_senders: Type.Optional(Senders), ...Limits }, { additionalProperties: false });
const PatchBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), allowed_senders: Type.Optional(Senders), ...Limits }, { additionalProperties: false });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CredentialSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  username: Type.String(),
  allowed_senders: Type.Array(Type.String()),
  max_message_bytes: Nullable(Type.Integer()),
  rate_per_minute: Nullable(Type.Integer()),
  list_id: Nullable(Type.Integer()),
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
  revoked_at: Nullable(Type.String()),
});
const Created = Type.Object({ ...CredentialSchema.properties, password: Type.String({ description: 'shown once: store it in the application now' }) });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
function wire(c: SmtpCredential) {
  return {
    id: c.id,
    name: c.name,
    username: c.username,
    allowed_senders: c.allowedSenders,
    max_message_bytes: c.maxMessageBytes,
    rate_per_minute: c.ratePerMinute,
    list_id: c.listId,
    created_at: iso(c.createdAt)!,
    last_used_at: iso(c.lastUsedAt),
    revoked_at: iso(c.revokedAt),
  };
}

const notFound = (id: number) => new FacteurError('ERR_NOT_FOUND', `no SMTP credential ${id}`, { hint: 'ids come from GET /api/v1/smtp-credentials' });

async function checkList(ctx: ApiContext, listId: number | null | undefined): Promise<void> {
  if (listId == null) return;
  if (!(await ctx.storage.repos.lists.get(ctx.tenantId, listId))) {
    throw new FacteurError('ERR_LIST_NOT_FOUND', `no list ${listId}`, { hint: 'list ids come from GET /api/v1/lists', details: { field: 'list_id' } });
  }
}

export const smtpCredentialRoutes = [
  route({
    method: 'GET',
    url: '/smtp-credentials',
    operationId: 'listSmtpCredentials',
    summary: 'List the SMTP submission credentials (never the passwords)',
    tags: ['smtp'],
    scope: 'read',
    schema: { response: { 200: Type.Object({ items: Type.Array(CredentialSchema) }) } },
    handler: async (_req, _reply, ctx) => ({ items: (await ctx.storage.repos.smtpCredentials.list(ctx.tenantId)).map(wire) }),
  }),
  route({
    method: 'POST',
    url: '/smtp-credentials',
    operationId: 'createSmtpCredential',
    summary: 'Create an SMTP credential; the answer holds its password, shown this once',
    description: "Without allowed_senders the tenant's sending domain is allowed. Log in with AUTH PLAIN or LOGIN on port 587 (STARTTLS) or 465 (TLS).",
    tags: ['smtp'],
    scope: 'write',
    schema: { body: CreateBody, response: { 201: Created } },
    handler: async (req, reply, ctx) => {
      const b = req.body;
      await checkList(ctx, b.list_id);
      const { credential, password } = await issueSmtpCredential(ctx.storage.repos.smtpCredentials, ctx.caller.tenant, {
        name: b.name,
        allowedSenders: b.allowed_senders,
        maxMessageBytes: b.max_message_bytes ?? null,
        ratePerMinute: b.rate_per_minute ?? null,
        listId: b.list_id ?? null,
      });
      reply.code(201);
      return { ...wire(credential), password };
    },
  }),
  route({
    method: 'GET',
    url: '/smtp-credentials/:id',
    operationId: 'getSmtpCredential',
    summary: 'Read an SMTP credential',
    tags: ['smtp'],
    scope: 'read',
    schema: { params: IdParams, response: { 200: CredentialSchema } },
    handler: async (req, _reply, ctx) => {
      const c = await ctx.storage.repos.smtpCredentials.get(ctx.tenantId, req.params.id);
      if (!c) throw notFound(req.params.id);
      return wire(c);
    },
  }),
  route({
    method: 'PATCH',
    url: '/smtp-credentials/:id',
    operationId: 'updateSmtpCredential',
    summary: 'Change the name, allowed senders or limits of an active SMTP credential',
    tags: ['smtp'],
    scope: 'write',
    schema: { params: IdParams, body: PatchBody, response: { 200: CredentialSchema } },
    handler: async (req, _reply, ctx) => {
      const b = req.body;
      await checkList(ctx, b.list_id);
      const ok = await ctx.storage.repos.smtpCredentials.update(ctx.tenantId, req.params.id, {
        ...(b.name !== undefined ? { name: b.name.trim() } : {}),
        ...(b.allowed_senders !== undefined ? { allowedSenders: normaliseAllowedSenders(b.allowed_senders) } : {}),
        ...(b.max_message_bytes !== undefined ? { maxMessageBytes: b.max_message_bytes } : {}),
        ...(b.rate_per_minute !== undefined ? { ratePerMinute: b.rate_per_minute } : {}),
        ...(b.list_id !== undefined ? { listId: b.list_id } : {}),
      });
      if (!ok) throw notFound(req.params.id);
      return wire((await ctx.storage.repos.smtpCredentials.get(ctx.tenantId, req.params.id))!);
    },
  }),
  route({
    method: 'DELETE',
    url: '/smtp-credentials/:id',
    operationId: 'revokeSmtpCredential',
    summary: 'Revoke an SMTP credential at once',
    tags: ['smtp'],
    scope: 'write',
    schema: { params: IdParams, response: { 204: Type.Null() } },
    handler: async (req, reply, ctx) => {
      if (!(await ctx.storage.repos.smtpCredentials.revoke(ctx.tenantId, req.params.id))) throw notFound(req.params.id);
      return reply.code(204).send();
    },
  }),
];
