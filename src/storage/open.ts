// Opens the configured database (SQLite by default, PostgreSQL to scale out) behind one Kysely
// instance. Failures become FacteurErrors that say what to fix.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, CompiledQuery } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from './tables.ts';
import type { Dialect } from './dialect.ts';
import type { DatabaseTarget } from '../config/index.ts';
import { FacteurError } from '../core/errors.ts';
import { redactUrl } from '../lib/logger.ts';

// int8 (bigint: ids, millisecond timestamps) as JS numbers: exact up to 2^53, far beyond any
// id or date we store.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenOptions {
  poolMax?: number;
  /** SQLite `synchronous`: FULL (default) fsyncs every commit, so an accepted message survives power loss. */
  sqliteSynchronous?: 'full' | 'normal';
}

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Human description without secrets, for logs and `doctor`. */
  describe: string;
}

export async function openConnection(target: DatabaseTarget, options: OpenOptions = {}): Promise<Connection> {
  if (target.dialect === 'sqlite') return openSqlite(target.path, options);
  return openPostgres(target.url, options);
}

export function checkDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new FacteurError('ERR_DATA_DIR', `data directory ${dir} is not writable (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {
      hint: 'create it and give the user running facteur write access, or set data.dir (FACTEUR_DATA__DIR) to a writable directory',
    });
  }
}

function openSqlite(path: string, options: OpenOptions): Connection {
  if (path !== ':memory:') checkDataDir(dirname(path));
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'full'}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (e) {
    throw new FacteurError('ERR_DB_UNREACHABLE', `cannot open SQLite database ${path}: ${(e as Error).message}`, {
      hint: 'check that the file is a facteur database and that its directory is writable',
    });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', describe: `sqlite:${path}` };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Connection> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await db.executeQuery(CompiledQuery.raw('SELECT 1'));
  } catch (e) {
    await db.destroy().catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw new FacteurError('ERR_DB_UNREACHABLE', `cannot reach PostgreSQL at ${redactUrl(url)}: ${err.code ?? ''} ${err.message}`.trim(), {
      hint: 'check that PostgreSQL is running and that db.url (FACTEUR_DB__URL or DATABASE_URL) has the right host, port, user and database',
    });
  }
  return { db, dialect: 'postgres', describe: redactUrl(url) };
}
