// Test databases: SQLite always (a temporary file per test), PostgreSQL when FACTEUR_TEST_PG
// holds an admin URL (CI sets it): each call creates a fresh database and drops it afterwards,
// so runs and test files never see each other's data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Storage } from '../../src/storage/index.ts';
import type { Clock } from '../../src/lib/clock.ts';

export interface TestDb {
  storage: Storage;
  dispose(): Promise<void>;
}

export type DialectName = 'sqlite' | 'postgres';

/**
 * The dialects this run covers: sqlite, plus postgres when FACTEUR_TEST_PG is set;
 * FACTEUR_TEST_DIALECTS=postgres narrows it (npm run test:pg, after npm test covered SQLite).
 */
export function testDialects(): DialectName[] {
  const only = process.env.FACTEUR_TEST_DIALECTS;
  if (only) return only.split(',').map((d) => d.trim()).filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
  return process.env.FACTEUR_TEST_PG ? ['sqlite', 'postgres'] : ['sqlite'];
}

export async function openTestDb(dialect: DialectName, options: { clock?: Clock; migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'facteur-test-'));
    const storage = await Storage.open({ dialect: 'sqlite', path: join(dir, 'facteur.db') }, { clock: options.clock, sqliteSynchronous: 'normal' });
    if (migrate) await storage.migrate();
    return {
      storage,
      async dispose() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.FACTEUR_TEST_PG;
  if (!adminUrl) throw new Error('PostgreSQL tests need FACTEUR_TEST_PG=postgres://user@host:port/db (an admin URL; a fresh database is created per suite)');
  const name = `facteur_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const storage = await Storage.open({ dialect: 'postgres', url: url.toString() }, { clock: options.clock, poolMax: 5 });
  if (migrate) await storage.migrate();
  return {
    storage,
    async dispose() {
      await storage.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
