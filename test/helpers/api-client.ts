// A small typed client for /api/v1 over Fastify's inject (no socket), and a fixture: a migrated
// test database, the app, two tenants and keys with chosen scopes.
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/web/server.ts';
import { validateConfig, type Config } from '../../src/config/index.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { generateApiKey } from '../../src/core/auth/apikey.ts';
import type { ApiScope } from '../../src/core/model.ts';
import type { Storage } from '../../src/storage/index.ts';
import { openTestDb, type DialectName } from './db.ts';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
  text: string;
}

export interface WireContact {
  id: number;
  address: string;
  name: string | null;
  status: string;
  fields: Record<string, unknown>;
  consent: { source: string | null; date: string | null; confirmed_at: string | null };
  suppressed: { reason: string; source: string; since: string } | null;
  lists?: { id: number; status: string }[];
}
export interface WireList {
  id: number;
  slug: string;
  name: string;
  member_count: number;
}
export interface WirePage<T> {
  items: T[];
  next_cursor: string | null;
}
export interface WireProblem {
  status: number;
  code: string;
  detail: string;
  field?: string | null;
  hint?: string;
}

export class ApiClient {
  constructor(
    readonly app: FastifyInstance,
    readonly key?: string,
  ) {}

  as(key: string | undefined): ApiClient {
    return new ApiClient(this.app, key);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: { body?: unknown; csv?: string | Buffer; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(this.key ? { authorization: `Bearer ${this.key}` } : {}), ...options.headers };
    let payload: string | Buffer | undefined;
    if (options.csv !== undefined) {
      headers['content-type'] ??= 'text/csv';
      payload = options.csv;
    } else if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = JSON.stringify(options.body);
    }
    const res = await this.app.inject({ method: method as 'GET', url: `/api/v1${path}`, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body: body as T, text: res.body };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.call<T>('POST', path, { body: body ?? {} });
  }
  patch<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, { body });
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.call<T>('DELETE', path);
  }

  createContact(body: { address: string; name?: string | null; fields?: Record<string, unknown>; consent?: Record<string, unknown>; list_ids?: number[] }) {
    return this.post<WireContact>('/contacts', body);
  }
  createList(slug: string, name = slug) {
    return this.post<WireList>('/lists', { slug, name });
  }
  importCsv(listId: number, csv: string | Buffer, query = '') {
    return this.call<Record<string, unknown>>('POST', `/lists/${listId}/imports${query}`, { csv });
  }
}

export interface ApiFixture {
  storage: Storage;
  app: FastifyInstance;
  tenantA: number;
  tenantB: number;
  /** Tenant A keys: all scopes, read only, and one revoked. */
  keys: { all: string; read: string; revoked: string; otherTenant: string };
  client: ApiClient;
  dispose(): Promise<void>;
}

export async function createKey(storage: Storage, tenantId: number, scopes: ApiScope[], name = 'test'): Promise<{ key: string; id: number }> {
  const k = generateApiKey();
  const row = await storage.repos.apiKeys.create(tenantId, { name, prefix: k.prefix, secretHash: k.secretHash, scopes });
  return { key: k.key, id: row.id };
}

export async function apiFixture(dialect: DialectName, config: Record<string, unknown> = {}): Promise<ApiFixture> {
  const db = await openTestDb(dialect);
  const storage = db.storage;
  const cfg: Config = validateConfig({ log: { level: 'silent' }, ...config });
  const app = await buildServer({ config: cfg, storage, logger: silentLogger() });
  await app.ready();
  const a = await storage.repos.tenants.create({ slug: 'velo', name: 'Atelier vélo' });
  const b = await storage.repos.tenants.create({ slug: 'chorale', name: 'Chorale' });
  const all = await createKey(storage, a.id, ['read', 'write', 'send']);
  const read = await createKey(storage, a.id, ['read']);
  const revoked = await createKey(storage, a.id, ['read', 'write']);
  await storage.repos.apiKeys.revoke(a.id, revoked.id);
  const other = await createKey(storage, b.id, ['read', 'write', 'send']);
  return {
    storage,
    app,
    tenantA: a.id,
    tenantB: b.id,
    keys: { all: all.key, read: read.key, revoked: revoked.key, otherTenant: other.key },
    client: new ApiClient(app, all.key),
    async dispose() {
      await app.close();
      await db.dispose();
    },
  };
}
