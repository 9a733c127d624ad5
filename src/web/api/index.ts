// The tenant API under /api/v1: authentication, per-key rate limit and scopes (auth.ts), one file
// per resource (contacts, lists, segments, imports — campaigns, messages and webhooks slot in the
// same way), and the OpenAPI document generated from the registered routes.
import type { FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { authHook } from './auth.ts';
import { TokenBuckets } from './rate-limit.ts';
import { registerRoutes, type ApiDeps, type ApiRoute } from './route.ts';
import { buildOpenApi, type CollectedRoute } from './openapi.ts';
import { contactRoutes } from './contacts.ts';
import { listRoutes } from './lists.ts';
import { segmentRoutes } from './segments.ts';
import { importRoutes, CSV_TYPES } from './imports.ts';
import { campaignRoutes } from './campaigns.ts';
import { messageRoutes } from './messages.ts';
import { eventRoutes } from './events.ts';
import { webhookRoutes } from './webhooks.ts';
import { privacyRoutes } from './privacy.ts';
import { smtpCredentialRoutes } from './smtp-credentials.ts';

export const API_PREFIX = '/api/v1';

/** Every resource's route table; add a resource by appending its table here. */
export const RESOURCES: ApiRoute[][] = [contactRoutes, listRoutes, segmentRoutes, importRoutes, campaignRoutes, messageRoutes, eventRoutes, webhookRoutes, privacyRoutes, smtpCredentialRoutes];

export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const collected: CollectedRoute[] = [];
  app.addHook('onRoute', (r) => {
    const meta = r.config?.api;
    if (!meta) return;
    for (const method of [r.method].flat()) if (method !== 'HEAD') collected.push({ method, url: r.url, schema: r.schema, meta });
  });
  // Unlike Fastify's default (which silently drops unknown properties), an unknown field is a 400
  // naming it: a typo in "fields" or "list_ids" must not be lost quietly. Bodies are not coerced
  // ("5" is not a number there); query strings and paths are.
  const addFormats = formatsPlugin.default; // CommonJS module: the function is also its own .default
  const strict = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes: false, allErrors: false, strict: false });
  const coercing = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes: 'array', allErrors: false, strict: false });
  addFormats(strict);
  addFormats(coercing);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
  const buckets = new TokenBuckets(deps.config.api.rate_per_second, deps.config.api.burst, deps.storage.clock);
  app.addHook('onRequest', authHook(deps.storage, buckets));
  // CSV bodies are handed over as a stream: the importer reads them row by row.
  app.addContentTypeParser(CSV_TYPES, (_req, payload, done) => done(null, payload));

  for (const routes of RESOURCES) registerRoutes(app, deps, routes);

  let doc: unknown;
  app.get(
    '/openapi.json',
    { config: { api: { operationId: 'getOpenApi', summary: 'This OpenAPI 3.1 document', tags: ['meta'], public: true } } },
    async () => (doc ??= buildOpenApi(collected, { title: `${deps.config.platform.name} API`, version: '1', serverUrl: API_PREFIX })),
  );
}
