// facteur user reset-password as an operator runs it, on a SQLite data directory.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.ts';
import { Storage } from '../../../src/storage/index.ts';
import { hashPassword, verifyPassword } from '../../../src/core/auth/password.ts';

it('gives an operator or a team member a new password, printed once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-user-'));
  try {
    const path = join(dir, 'facteur.db');
    const env = { FACTEUR_DB__URL: `sqlite:${path}`, FACTEUR_LOG__LEVEL: 'silent' };
    const run = (...args: string[]) => runCli(args, { cwd: dir, env });
    assert.equal(run('tenant', 'create', '--slug', 'velo', '--name', 'Atelier vélo').code, 0);
    const storage = await Storage.open({ dialect: 'sqlite', path });
    try {
      const tenant = (await storage.repos.tenants.getBySlug('velo'))!;
      const old = await hashPassword('old password here');
      await storage.repos.users.create({ tenantId: null, email: 'ops@example.org', role: 'operator', passwordHash: old });
      await storage.repos.users.create({ tenantId: tenant.id, email: 'anne@example.org', role: 'admin', passwordHash: old });
    } finally {
      await storage.close();
    }
    const ops = run('user', 'reset-password', '--email', 'OPS@example.org');
    assert.equal(ops.code, 0, ops.stderr);
    const password = ops.stdout.trim();
    assert.match(password, /^[A-Za-z0-9_-]{24}$/);
    assert.match(ops.stderr, /operator/);
    const member = run('user', 'reset-password', '--email', 'anne@example.org', '--tenant', 'velo');
    assert.equal(member.code, 0, member.stderr);
    const missing = run('user', 'reset-password', '--email', 'anne@example.org');
    assert.notEqual(missing.code, 0, 'anne is not an operator');
    assert.match(missing.stderr, /--tenant/);

    const check = await Storage.open({ dialect: 'sqlite', path });
    try {
      const op = (await check.repos.users.findByEmail(null, 'ops@example.org'))!;
      assert.ok(await verifyPassword(password, op.passwordHash));
      const anne = (await check.repos.users.findByEmail((await check.repos.tenants.getBySlug('velo'))!.id, 'anne@example.org'))!;
      assert.ok(await verifyPassword(member.stdout.trim(), anne.passwordHash));
    } finally {
      await check.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
