// Crash safety with a real process: `facteur worker` is killed with SIGKILL in the middle of a
// campaign and started again. Every delivery must end in exactly one final state, every member
// must get the mail, and the only members who get it twice are those whose delivery was in
// flight (state `sending`) at the kill — the test counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { Storage } from '../../../src/storage/index.ts';
import { enqueueCampaign } from '../../../src/delivery/queue/index.ts';
import { spawnCli } from '../../helpers/cli.ts';

const N = 600;

test('kill -9 mid-campaign, then restart: nothing lost, duplicates only for in-flight deliveries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-crash-'));
  const received = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        // A little latency so the kill lands while messages are in flight.
        setTimeout(() => {
          for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
          cb();
        }, 3);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;

  writeFileSync(join(dir, 'zone.json'), JSON.stringify({ 'crash.example': { MX: [{ exchange: 'mx.crash.example', priority: 10 }] } }));
  writeFileSync(
    join(dir, 'facteur.toml'),
    [
      '[platform]', 'domain = "facteur.test"',
      '[log]', `level = "${process.env.DEBUG_CRASH ? 'debug' : 'warn'}"`,
      '[dns]', `zone_file = "${join(dir, 'zone.json')}"`,
      '[routes]', `"*" = "127.0.0.1:${port}"`,
      '[delivery]', 'lease_seconds = 2', 'compose_workers = 0', 'claim_batch = 50', 'max_in_flight = 100',
      '[guard]', 'warmup = false', // a brand-new tenant would otherwise be held to 200 the first day
    ].join('\n'),
  );

  const storage = await Storage.open({ dialect: 'sqlite', path: join(dir, 'data', 'facteur.db') });
  await storage.migrate();
  const tenant = await storage.repos.tenants.create({ slug: 'crash', name: 'Crash test' });
  const list = await storage.repos.lists.create(tenant.id, { slug: 'news', name: 'News' });
  for (let i = 0; i < N; i++) {
    const address = `m${i}@crash.example`;
    const { contact } = await storage.repos.contacts.upsert(tenant.id, { address, addressNormalized: address });
    await storage.repos.contacts.subscribe(tenant.id, list.id, contact.id);
  }
  const campaign = await storage.repos.campaigns.create(tenant.id, { name: 'c', subject: 'Hello', bodyMarkdown: 'Hello **members**', listIds: [list.id] });
  await enqueueCampaign(storage, tenant.id, campaign.id, { platformDomain: 'facteur.test' });

  const start = () => {
    const child = spawnCli(['worker'], { cwd: dir });
    child.stderr!.on('data', (d) => process.env.DEBUG_CRASH && process.stderr.write(d));
    child.stdout!.on('data', (d) => process.env.DEBUG_CRASH && process.stderr.write(d));
    return child;
  };

  const first = start();
  const startedAt = Date.now();
  while (received.size < N / 4) {
    assert.ok(Date.now() - startedAt < 30_000, `the worker delivered only ${received.size} messages in 30 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  first.kill('SIGKILL');
  await once(first, 'exit');
  const inFlight = new Set(
    (await storage.db.selectFrom('deliveries').select('recipient').where('campaign_id', '=', campaign.id).where('state', '=', 'sending').execute()).map((r) => r.recipient),
  );
  const receivedAtKill = received.size;
  assert.ok(receivedAtKill < N, 'killed mid-campaign');

  const second = start();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const open = await storage.db.selectFrom('deliveries').select('id').where('campaign_id', '=', campaign.id).where('state', 'in', ['queued', 'deferred', 'sending']).execute();
    if (open.length === 0) break;
    assert.ok(Date.now() < deadline, `still ${open.length} deliveries open after restart`);
    await new Promise((r) => setTimeout(r, 100));
  }
  second.kill('SIGTERM');
  const [code] = await once(second, 'exit');
  await new Promise<void>((r) => server.close(() => r()));

  const states = await storage.repos.deliveries.countByState(tenant.id, campaign.id);
  await storage.close();
  assert.deepEqual(states, { delivered: N }, 'every delivery ends delivered, exactly once in the table');
  assert.equal(received.size, N, 'every member got the mail');
  const twice = [...received].filter(([, n]) => n > 1).map(([a]) => a);
  for (const a of twice) assert.ok(inFlight.has(a), `${a} got two copies but was not in flight at the kill`);
  assert.ok(twice.length <= inFlight.size);
  assert.equal(code, 0, 'the second worker stops cleanly on SIGTERM');
  console.log(`# killed after ${receivedAtKill}/${N} received; ${inFlight.size} in flight at the kill; ${twice.length} received twice`);
});
