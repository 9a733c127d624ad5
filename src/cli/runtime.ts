// Builds what long-running and database commands share: logger, storage (opened and, for
// serve/migrate, migrated), and the platform secret.
import type { Config } from '../config/index.ts';
import { databaseTarget } from '../config/index.ts';
import { createLogger, silentLogger, type Logger } from '../lib/logger.ts';
import { Storage } from '../storage/index.ts';
import { randomToken } from '../lib/ids.ts';

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
