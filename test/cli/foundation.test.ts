// The foundation as an operator meets it: serve on an empty directory, health checks, graceful
// stop, the first operator's one-time credentials, config and database errors as one line +
// hint (never a stack trace), doctor, tenant commands, and --help on every command.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { buildProgram } from '../../src/cli/main.ts';
import type { Command } from 'commander';

const tmp = () => mkdtempSync(join(tmpdir(), 'facteur-cli-'));

function assertOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp) {
  assert.notEqual(r.code, 0, 'exits non-zero');
  assert.match(r.stderr, pattern);
  assert.match(r.stderr, /hint: /, 'gives a hint');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('facteur serve', () => {
  it('starts on an empty directory with SQLite, serves /healthz and /readyz, prints one-time credentials, stops on SIGTERM', async () => {
    const cwd = tmp();
    const child = spawnCli(['serve', '--port', '0'], { cwd, env: { FACTEUR_LOG__LEVEL: 'warn' } });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start banner: ${stderr}`)), 30_000);
      child.stderr!.on('data', () => {
        const m = /running at (http:\/\/\S+)/.exec(stderr);
        if (m && /password: /.test(stderr)) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { database: string }).database, 'sqlite');
    const password = /password: (\S+)/.exec(stderr)![1]!;
    assert.ok(password.length >= 20, 'a long random password');
    assert.doesNotMatch(stderr, /Kysely|at Object/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.ok(readFileSync(join(cwd, 'data', 'facteur.db')).length > 0, 'database file under ./data');

    // Second start: no new operator, no password printed.
    const again = spawnCli(['serve', '--port', '0'], { cwd, env: { FACTEUR_LOG__LEVEL: 'warn' } });
    let err2 = '';
    again.stderr!.on('data', (d) => (err2 += d));
    await new Promise<void>((resolve) => again.stderr!.on('data', () => /running at/.test(err2) && resolve()));
    await new Promise((r) => setTimeout(r, 300));
    again.kill('SIGINT');
    await once(again, 'exit');
    assert.doesNotMatch(err2, /password:/);
  });
});

describe('configuration errors', () => {
  it('unknown key in the file names the key', () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'facteur.toml'), '[server]\nprot = 8080\n');
    const doctor = runCli(['doctor'], { cwd });
    assert.equal(doctor.code, 1);
    assert.match(doctor.stdout, /FAIL {2}configuration: unknown setting server\.prot\n\s+fix: known settings here/);
    assertOneLineError(runCli(['migrate'], { cwd }), /unknown setting server\.prot/);
  });
  it('wrong type from the environment names the key and the expected form', () => {
    const r = runCli(['migrate'], { cwd: tmp(), env: { FACTEUR_SERVER__PORT: 'eighty' } });
    assertOneLineError(r, /setting server\.port is invalid/);
    assert.match(r.stderr, /whole number between 0 and 65535/);
    assert.equal(r.code, 2);
  });
  it('unreadable and invalid TOML files', () => {
    const cwd = tmp();
    assertOneLineError(runCli(['--config', 'missing.toml', 'migrate'], { cwd }), /cannot read config file/);
    writeFileSync(join(cwd, 'bad.toml'), '[server\nport = 1');
    assertOneLineError(runCli(['--config', 'bad.toml', 'migrate'], { cwd }), /not valid TOML/);
  });
  it('unreachable PostgreSQL', () => {
    assertOneLineError(runCli(['migrate'], { cwd: tmp(), env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } }), /cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });
  it('unsupported database URL', () => {
    assertOneLineError(runCli(['migrate'], { cwd: tmp(), env: { FACTEUR_DB__URL: 'mysql://root@localhost/x' } }), /unsupported database: mysql/);
  });
  it('unwritable data directory', () => {
    // As root every directory is writable, so use a path whose parent is a file.
    assertOneLineError(runCli(['migrate'], { cwd: tmp(), env: { FACTEUR_DATA__DIR: '/dev/null/data' } }), /data directory \/dev\/null\/data is not writable/);
  });
  it('config init writes a sample that loads back unchanged', () => {
    const cwd = tmp();
    assert.equal(runCli(['config', 'init'], { cwd }).code, 0);
    const check = runCli(['config', 'check'], { cwd });
    assert.equal(check.code, 0, check.stderr);
    assert.equal(JSON.parse(check.stdout).server.port, 8080);
    assertOneLineError(runCli(['config', 'init'], { cwd }), /already exists/);
  });
});

describe('doctor and tenants', () => {
  it('doctor reports pending migrations, then all good after migrate', () => {
    const cwd = tmp();
    const before = runCli(['doctor', '--json'], { cwd });
    assert.equal(before.code, 1);
    const checks = JSON.parse(before.stdout) as { name: string; ok: boolean; hint?: string }[];
    const schema = checks.find((c) => c.name === 'schema');
    assert.equal(schema?.ok, false);
    assert.match(schema?.hint ?? '', /facteur migrate/);
    assert.equal(runCli(['migrate'], { cwd }).code, 0);
    const after = runCli(['doctor'], { cwd });
    assert.equal(after.code, 0, after.stdout);
    assert.doesNotMatch(after.stdout, /FAIL/);
  });
  it('tenant create, list, suspend, resume; bad input is refused clearly', () => {
    const cwd = tmp();
    const created = runCli(['tenant', 'create', '--slug', 'atelier-velo', '--name', 'Atelier Vélo', '--quota-daily', '5000', '--json'], { cwd });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).quotaDaily, 5000);
    assertOneLineError(runCli(['tenant', 'create', '--slug', 'atelier-velo', '--name', 'x'], { cwd }), /already exists/);
    assertOneLineError(runCli(['tenant', 'create', '--slug', 'Bad Slug', '--name', 'x'], { cwd }), /invalid slug/);
    assertOneLineError(runCli(['tenant', 'create', '--slug', 'ok', '--name', 'x', '--quota-daily', 'lots'], { cwd }), /whole number/);
    assert.match(runCli(['tenant', 'suspend', 'atelier-velo', '--reason', 'unpaid'], { cwd }).stdout, /suspended.*unpaid/);
    assert.match(runCli(['tenant', 'list'], { cwd }).stdout, /atelier-velo\tsuspended \(unpaid\)/);
    assert.match(runCli(['tenant', 'resume', '1'], { cwd }).stdout, /resumed 1\tatelier-velo\tactive/);
    assertOneLineError(runCli(['tenant', 'suspend', 'nope'], { cwd }), /no tenant "nope"/);
  });
});

describe('--help', () => {
  it('every command and subcommand describes itself and every option', () => {
    const walk = (cmd: Command, path: string[]): void => {
      const name = [...path, cmd.name()].join(' ');
      assert.ok(cmd.description(), `${name} has a description`);
      for (const opt of cmd.options) assert.ok(opt.description, `${name} ${opt.flags} has a description`);
      for (const sub of cmd.commands) walk(sub, [...path, cmd.name()]);
    };
    walk(buildProgram(), []);
    const r = runCli(['tenant', 'create', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--slug <slug>/);
    assert.match(r.stdout, /--quota-daily <n>/);
  });
});
