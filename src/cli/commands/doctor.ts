// facteur doctor: checks the installation and prints, for each problem, what is wrong and how to
// fix it. Exits non-zero when a check fails.
import type { Command } from 'commander';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { stdio, globalsOf, parseOverrides } from '../context.ts';
import { loadConfig, databaseTarget, type Config } from '../../config/index.ts';
import { Storage, checkDataDir } from '../../storage/index.ts';
import { isFacteurError } from '../../core/errors.ts';

interface Check {
  name: string;
  ok: boolean;
  warn?: boolean;
  detail: string;
  hint?: string;
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(port, host, () => srv.close(() => done(true)));
  });
}

function fail(name: string, e: unknown): Check {
  return isFacteurError(e) ? { name, ok: false, detail: e.message, ...(e.hint ? { hint: e.hint } : {}) } : { name, ok: false, detail: String((e as Error)?.message ?? e) };
}

export async function runChecks(file: string | undefined, overrides: Record<string, string>): Promise<Check[]> {
  const checks: Check[] = [];
  let config: Config;
  try {
    const loaded = loadConfig({ file, overrides });
    config = loaded.config;
    checks.push({ name: 'configuration', ok: true, detail: loaded.file ? `read ${loaded.file}` : 'no file: defaults and environment' });
  } catch (e) {
    checks.push(fail('configuration', e));
    return checks;
  }
  try {
    checkDataDir(resolve(config.data.dir));
    checks.push({ name: 'data directory', ok: true, detail: `${resolve(config.data.dir)} is writable` });
  } catch (e) {
    checks.push(fail('data directory', e));
  }
  let storage: Storage | undefined;
  try {
    storage = await Storage.open(databaseTarget(config), { poolMax: 2 });
    await storage.db.selectFrom('kysely_migration' as never).selectAll().limit(1).execute().catch(() => undefined);
    checks.push({ name: 'database', ok: true, detail: `reachable: ${storage.describe}` });
    const pending = await storage.pendingMigrations();
    checks.push(
      pending.length === 0
        ? { name: 'schema', ok: true, detail: 'all migrations applied' }
        : { name: 'schema', ok: false, detail: `${pending.length} migration(s) pending: ${pending.join(', ')}`, hint: 'run `facteur migrate` (facteur serve does it at start)' },
    );
  } catch (e) {
    checks.push(fail('database', e));
  } finally {
    await storage?.close();
  }
  if (config.platform.domain === 'localhost') {
    checks.push({
      name: 'platform domain',
      ok: true,
      warn: true,
      detail: 'platform.domain is "localhost": fine for trying facteur, not for sending real mail',
      hint: 'set platform.domain (FACTEUR_PLATFORM__DOMAIN) to the domain this host sends from',
    });
  }
  if (!/^https:\/\//i.test(config.server.public_url)) {
    checks.push({
      name: 'public url',
      ok: true,
      warn: true,
      detail: config.server.public_url ? `server.public_url ${config.server.public_url} is not https` : 'server.public_url is not set: unsubscribe links use http://HOST:PORT',
      hint: 'one-click unsubscribe links must be https (RFC 8058): set server.public_url to the https:// address members reach facteur at; until then only loopback test sinks get mail',
    });
  }
  const free = await portFree(config.server.host, config.server.port);
  checks.push(
    free
      ? { name: 'http port', ok: true, detail: `${config.server.host}:${config.server.port} is free` }
      : { name: 'http port', ok: true, warn: true, detail: `${config.server.host}:${config.server.port} is in use (facteur may already be running)`, hint: 'stop the other process or set server.port' },
  );
  return checks;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('Check configuration, data directory, database and schema; print what is wrong and how to fix it')
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const g = globalsOf(cmd);
      const checks = await runChecks(g.config, parseOverrides(g.set));
      if (opts.json) stdio.out(JSON.stringify(checks));
      else {
        for (const c of checks) {
          stdio.out(`${c.ok ? (c.warn ? 'warn' : 'ok  ') : 'FAIL'}  ${c.name}: ${c.detail}`);
          if (c.hint && (!c.ok || c.warn)) stdio.out(`      fix: ${c.hint}`);
        }
      }
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
