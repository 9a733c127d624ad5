// How an API resource declares its routes: a table of { method, url, operationId, scope, schema,
// handler } (permissions on the route, as listmonk's pm()), registered by registerRoutes. Handlers
// receive typed params/query/body from the same TypeBox schemas that validate them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import type { ApiKey, ApiScope, Tenant } from '../../core/model.ts';
import type { Storage } from '../../storage/index.ts';
import type { Config } from '../../config/index.ts';

export interface ApiDeps {
  storage: Storage;
  config: Config;
}

/** Who is calling: set by the authentication hook before any handler runs. */
export interface ApiCaller {
  tenant: Tenant;
  key: ApiKey;
}

export interface RouteSchema {
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response: Record<number, TSchema>;
}

type S<T> = T extends TSchema ? Static<T> : undefined;

export interface ApiRequest<R extends RouteSchema> {
  params: S<R['params']>;
  query: S<R['querystring']>;
  body: S<R['body']>;
  raw: FastifyRequest;
}

export interface ApiContext extends ApiDeps {
  tenantId: number;
  caller: ApiCaller;
}

export interface ApiRoute<R extends RouteSchema = RouteSchema> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  scope: ApiScope;
  /** Request media type when the body is not JSON (e.g. text/csv). */
  consumes?: string[];
  schema: R;
  handler: (req: ApiRequest<R>, reply: FastifyReply, ctx: ApiContext) => Promise<unknown>;
}

/** Identity function that infers the handler's types from the schema. */
export function route<R extends RouteSchema>(r: ApiRoute<R>): ApiRoute {
  return r as unknown as ApiRoute;
}

export interface RouteMeta {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  scope?: ApiScope;
  consumes?: string[];
  /** No authentication (the OpenAPI document). */
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller?: ApiCaller;
  }
  interface FastifyContextConfig {
    api?: RouteMeta;
  }
}

export function registerRoutes(app: FastifyInstance, deps: ApiDeps, routes: ApiRoute[]): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      schema: r.schema,
      config: { api: { operationId: r.operationId, summary: r.summary, description: r.description, tags: r.tags, scope: r.scope, consumes: r.consumes } },
      handler: (req, reply) => {
        const caller = req.apiCaller!;
        return r.handler({ params: req.params, query: req.query, body: req.body, raw: req } as ApiRequest<RouteSchema>, reply, { ...deps, tenantId: caller.tenant.id, caller });
      },
    });
  }
}
