// Builds what long-running and database commands share: logger, storage (opened and, for
// serve/migrate, migrated), and the platform secret.
import type { Config } from '../config/index.ts';
import { databaseTarget } from '../config/index.ts';
import { createLogger, silentLogger, type Logger } from '../lib/logger.ts';
import { Storage } from '../storage/index.ts';
import { randomToken } from '../lib/ids.ts';
import type { Command } from 'commander';
import { configFor } from './context.ts';
import type { Tenant } from '../core/model.ts';
import { FacteurError } from '../core/errors.ts';

export interface Runtime {
  config: Config;
  logger: Logger;
  storage: Storage;
  /** HMAC key for VERP and unsubscribe tokens, generated once and stored in the database. */
  secret: string;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, options: { migrate: boolean; quiet?: boolean }): Promise<Runtime> {
  const logger = options.quiet ? silentLogger() : createLogger({ level: config.log.level });
  const storage = await Storage.open(databaseTarget(config), { poolMax: config.db.pool_max });
  try {
    if (options.migrate) {
      const report = await storage.migrate();
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
    } else {
      const pending = await storage.pendingMigrations();
      if (pending.length > 0) {
        const { FacteurError } = await import('../core/errors.ts');
        throw new FacteurError('ERR_DB_MIGRATION', `the database schema is not up to date (${pending.length} migration(s) pending)`, {
          hint: 'run `facteur migrate` (facteur serve does it at start)',
        });
      }
    }
  } catch (e) {
    await storage.close();
    throw e;
  }
  const secret = await storage.repos.platform.getOrCreate('hmac_secret', () => randomToken(32));
  return {
    config,
    logger,
    storage,
    secret,
    close: () => storage.close(),
  };
}

/** Runs a one-shot command against the migrated database, closing it afterwards. */
export async function withRuntime<T>(cmd: Command, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(configFor(cmd), { migrate: true, quiet: true });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

/** A tenant by slug or id as typed on a command line, or a clear error. */
export async function findTenant(rt: Runtime, ref: string): Promise<Tenant> {
  const t = await rt.storage.repos.tenants.find(ref);
  if (!t) throw new FacteurError('ERR_TENANT_NOT_FOUND', `no tenant "${ref}"`, { hint: 'give a slug or id from `facteur tenant list`' });
  return t;
}
