// OpenAPI 3.1 document built from the routes Fastify actually registered (collected by an onRoute
// hook), with the very TypeBox schemas that validate requests. Named schemas become components;
// every operation gets the bearer security scheme and its problem+json error responses.
import type { RouteOptions } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { COMPONENTS } from './schemas.ts';

export interface CollectedRoute {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
  meta: NonNullable<NonNullable<RouteOptions['config']>['api']>;
}

type Json = Record<string, unknown>;

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'The request is invalid: the problem names the field (`field`, `in`).',
  '401': 'Missing or invalid API key (the same answer for a wrong, unknown or revoked key).',
  '403': 'The key lacks the scope this operation needs, or the tenant is suspended.',
  '404': 'Not found — including ids that belong to another tenant.',
  '413': 'The request body is too large.',
  '429': 'Too many requests for this key; retry after the `Retry-After` header.',
};

/** Deep copy of a TypeBox schema as plain JSON Schema, replacing named sub-schemas with $refs. */
function toJson(schema: unknown, names: Map<unknown, string>, root = true): unknown {
  if (!root && names.has(schema)) return { $ref: `#/components/schemas/${names.get(schema)}` };
  if (Array.isArray(schema)) return schema.map((s) => toJson(s, names, false));
  if (schema && typeof schema === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(schema)) out[k] = toJson(v, names, false);
    return out;
  }
  return schema;
}

function parameters(schema: TSchema | undefined, where: 'path' | 'query', names: Map<unknown, string>): Json[] {
  if (!schema?.properties) return [];
  const required = new Set<string>(schema.required ?? []);
  const params: Json[] = Object.entries(schema.properties as Record<string, TSchema>).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(s.description ? { description: s.description } : {}),
    schema: toJson(s, names, false),
  }));
  if (where === 'query' && schema.patternProperties) {
    // Free-form parameters (field.NAME=value): an exploded form object.
    params.push({
      name: 'field',
      in: 'query',
      style: 'form',
      explode: true,
      description: 'filter on a contact field: field.NAME=value (e.g. field.city=Lyon); repeat for several fields (all must match)',
      schema: { type: 'object', patternProperties: toJson(schema.patternProperties, names, false) },
    });
  }
  return params;
}

export function buildOpenApi(routes: CollectedRoute[], info: { title: string; version: string; serverUrl: string }): Json {
  const names = new Map<unknown, string>(Object.entries(COMPONENTS).map(([n, s]) => [s, n]));
  const schemas: Json = {};
  for (const [n, s] of Object.entries(COMPONENTS)) schemas[n] = toJson(s, names, true);
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();
  for (const r of routes) {
    const s = (r.schema ?? {}) as { params?: TSchema; querystring?: TSchema; body?: TSchema; response?: Record<string, TSchema> };
    const path = r.url.replace(/^\/api\/v1/, '').replace(/:([A-Za-z_]+)/g, '{$1}') || '/';
    const op: Json = {
      operationId: r.meta.operationId,
      summary: r.meta.summary,
      ...(r.meta.description ? { description: r.meta.description } : {}),
      tags: r.meta.tags,
    };
    r.meta.tags.forEach((t) => tags.add(t));
    const params = [...parameters(s.params, 'path', names), ...parameters(s.querystring, 'query', names)];
    if (params.length) op.parameters = params;
    if (r.meta.consumes) {
      op.requestBody = { required: true, content: Object.fromEntries(r.meta.consumes.map((c) => [c, { schema: { type: 'string', contentMediaType: c } }])) };
    } else if (s.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toJson(s.body, names, false) } } };
    }
    const responses: Json = {};
    for (const [code, schema] of Object.entries(s.response ?? {})) {
      responses[code] =
        code === '204' ? { description: 'Done, no content.' } : { description: schema.description ?? 'Success.', content: { 'application/json': { schema: toJson(schema, names, false) } } };
    }
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'Success.', content: { 'application/json': { schema: { type: 'object' } } } };
    if (!r.meta.public) {
      op.security = [{ apiKey: [] }];
      const errors = ['400', '401', '403', '429'];
      if (path.includes('{')) errors.push('404');
      if (r.meta.consumes) errors.push('413');
      for (const e of errors) responses[e] = { $ref: `#/components/responses/E${e}` };
      if (r.meta.scope) op['x-facteur-scope'] = r.meta.scope;
    }
    op.responses = responses;
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: 'Tenant API of facteur: contacts, lists, segments, imports. snake_case JSON; errors are application/problem+json (RFC 9457).' },
    servers: [{ url: info.serverUrl }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'fct_<prefix>_<secret>', description: 'A tenant API key with the scopes read, write and/or send.' } },
      schemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `E${code}`,
          {
            description,
            ...(code === '429' ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } } : {}),
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}
