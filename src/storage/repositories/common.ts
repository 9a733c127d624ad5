// Shared helpers for repositories: the executor type (database or open transaction), JSON
// columns and id cursors.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../tables.ts';
import type { Dialect } from '../dialect.ts';
import type { Clock } from '../../lib/clock.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Page } from '../../core/model.ts';

export interface RepoContext {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): number {
  if (!cursor) return 0;
  const id = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(id) || id < 0) {
    throw new FacteurError('ERR_VALIDATION', 'the cursor is not one this server returned', {
      hint: 'pass the nextCursor value of the previous page unchanged, or omit it to start from the beginning',
      details: { field: 'cursor' },
    });
  }
  return id;
}

export function clampLimit(limit: number | undefined, max = 500, dflt = 50): number {
  if (limit === undefined) return dflt;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

/** Builds a page from rows fetched with limit + 1. */
export function toPage<R extends { id: number }, T>(rows: R[], limit: number, map: (r: R) => T) {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return { items: slice.map(map), nextCursor: more ? encodeCursor(slice[slice.length - 1]!.id) : null };
}

/** Unique-constraint violation on either database. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Tables with an id and a tenant_id column: the ones listed page by page per tenant. */
type TenantTable = { [K in keyof Database]: Database[K] extends { id: unknown; tenant_id: unknown } ? K : never }[keyof Database];

/**
 * One page of a tenant's rows of `table`, oldest first, after the cursor. The shared shape of
 * every repository's plain `list`; queries with joins or extra filters write their own.
 */
export async function listByTenant<T extends TenantTable, R>(
  ctx: RepoContext,
  table: T,
  tenantId: number,
  query: { cursor?: string | null; limit?: number },
  map: (row: Selectable<Database[T]>) => R,
): Promise<Page<R>> {
  const limit = clampLimit(query.limit);
  // Kysely cannot resolve column names on a generic table; every TenantTable has these two.
  const db = ctx.db as unknown as Kysely<{ t: { id: number; tenant_id: number | null } }>;
  const rows = await db
    .selectFrom(table as unknown as 't')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '>', decodeCursor(query.cursor))
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  return toPage(rows as unknown as (Selectable<Database[T]> & { id: number })[], limit, map);
}
