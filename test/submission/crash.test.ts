// Kill -9 right after the client got 250: `facteur serve` (submission on, delivery off so nothing
// leaves before the kill) accepts messages from nodemailer and is killed with SIGKILL the moment
// the last 250 arrives; `facteur worker` started afterwards delivers every one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import nodemailer from 'nodemailer';
import { Storage } from '../../src/storage/index.ts';
import { spawnCli } from '../helpers/cli.ts';
import { createLogin, seedTenant, sink } from './fixture.ts';

const N = 20;

test('kill -9 right after 250: every accepted message is delivered after restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-subcrash-'));
  const mx = await sink();
  writeFileSync(join(dir, 'zone.json'), JSON.stringify({ 'dest.example': { MX: [{ exchange: 'mx.dest.example', priority: 10 }] } }));
  writeFileSync(
    join(dir, 'facteur.toml'),
    [
      '[platform]', 'domain = "facteur.test"',
      '[server]', 'port = 0',
      '[log]', 'level = "warn"',
      '[dns]', `zone_file = "${join(dir, 'zone.json')}"`,
      '[routes]', `"*" = "127.0.0.1:${mx.port}"`,
      '[delivery]', 'compose_workers = 0',
      '[submission]', 'enabled = true', 'port = 0', 'tls_port = 0',
    ].join('\n'),
  );
  const storage = await Storage.open({ dialect: 'sqlite', path: join(dir, 'data', 'facteur.db') });
  await storage.migrate();
  const { tenant } = await seedTenant(storage, 'crash');
  const login = await createLogin(storage, tenant);

  const serve = spawnCli(['serve', '--no-delivery'], { cwd: dir });
  let stderr = '';
  serve.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = Date.now();
  let port = 0;
  while (!port) {
    assert.ok(Date.now() - started < 30_000, `facteur serve did not start its submission server:\n${stderr}`);
    const m = /SMTP submission on [^:]+:(\d+) \(STARTTLS\)/.exec(stderr);
    if (m) port = Number(m[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  assert.match(stderr, /self-signed certificate .*submission/, 'serve says it generated a self-signed certificate');

  const transport = nodemailer.createTransport({ pool: true, maxConnections: 4, host: '127.0.0.1', port, secure: false, requireTLS: true, tls: { rejectUnauthorized: false }, auth: { user: login.username, pass: login.password } });
  let acked = 0;
  const exited = once(serve, 'exit');
  await new Promise<void>((resolve, reject) => {
    for (let i = 0; i < N; i++) {
      transport.sendMail({ from: 'news@asso.example', to: `m${i}@dest.example`, subject: `crash ${i}`, text: `message ${i}` }).then(
        () => {
          if (++acked === N) {
            serve.kill('SIGKILL'); // at once, in the same tick as the last 250
            resolve();
          }
        },
        reject,
      );
    }
  });
  await exited;
  transport.close();
  assert.equal(mx.messages.length, 0, 'nothing was delivered before the kill (delivery was off)');

  const worker = spawnCli(['worker'], { cwd: dir });
  const deadline = Date.now() + 30_000;
  while (mx.messages.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  worker.kill('SIGTERM');
  await once(worker, 'exit');
  await mx.close();
  const delivered = new Set(mx.messages.flatMap((m) => m.to));
  await storage.close();
  assert.equal(delivered.size, N, `every acknowledged message was delivered after the restart (${delivered.size}/${N})`);
});
