// Numbered, forward-only migrations, tracked by Kysely's Migrator in `kysely_migration`.
// Run by `facteur migrate` and at the start of `facteur serve`.
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './dialect.ts';
import { migration001 } from './migrations/001_core.ts';
import { migration002 } from './migrations/002_inbound.ts';
import { migration003 } from './migrations/003_api.ts';
import { migration004 } from './migrations/004_webhooks.ts';
import { migration005 } from './migrations/005_submission.ts';
import { migration006 } from './migrations/006_guard.ts';
import { migration007 } from './migrations/007_sessions.ts';
import { FacteurError } from '../core/errors.ts';

/** Every migration, in order. Names sort lexically: keep the three-digit prefix. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001_core': migration001(dialect),
    '002_inbound': migration002(dialect),
    '003_api': migration003(dialect),
    '004_webhooks': migration004(dialect),
    '005_submission': migration005(dialect),
    '006_guard': migration006(dialect),
    '007_sessions': migration007(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

export interface MigrationReport {
  applied: string[];
  latest: string | undefined;
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new FacteurError('ERR_DB_MIGRATION', `migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`, {
      hint: 'the database is unchanged past the last applied migration; fix the cause (permissions, disk space) and run `facteur migrate` again',
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, latest: Object.keys(migrations(dialect)).sort().at(-1) };
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(dialect) });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
