// Delivery benchmark: a campaign of N personalised ~10 KB messages, DKIM-signed (rsa-sha256
// 2048), queued in SQLite and delivered end to end to Postfix's smtp-sink on loopback through
// synthetic domains (several sites), next to the physical baseline measured in the same run:
// smtp-source → smtp-sink with the same message size.
//   npm run bench -- [--recipients N] [--size BYTES] [--compose-workers K] [--baseline N] [--db postgres://…]
// The last line on stdout is JSON (messages_per_second, peak_rss_mb, enqueue_seconds,
// baseline_messages_per_second, ratio_to_baseline, …).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { Storage } from '../src/storage/index.ts';
import { validateConfig } from '../src/config/index.ts';
import { createDispatcher } from '../src/delivery/dispatcher/index.ts';
import { DeliveryEngine } from '../src/delivery/engine/index.ts';
import { enqueueCampaign } from '../src/delivery/queue/index.ts';
import { generateDkimKey } from '../src/delivery/dkim/index.ts';
import { StaticResolver, type Zone } from '../src/lib/dns.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';

const { values: args } = parseArgs({
  options: {
    recipients: { type: 'string', default: '100000' },
    size: { type: 'string', default: '10240' },
    'compose-workers': { type: 'string', default: '1' },
    baseline: { type: 'string', default: '20000' },
    sites: { type: 'string', default: '8' },
    db: { type: 'string', default: '' },
    'in-flight': { type: 'string', default: '1000' },
  },
});
const N = Number(args.recipients);
const SIZE = Number(args.size);
const SITES = Number(args.sites);
const SINK = '/usr/sbin/smtp-sink';
const SOURCE = '/usr/sbin/smtp-source';

function log(line: string): void {
  process.stderr.write(line + '\n');
}

if (!existsSync(SINK) || !existsSync(SOURCE)) {
  log(`bench: ${SINK} and ${SOURCE} are needed: apt-get install postfix (answer "No configuration")`);
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startSink(): Promise<{ port: number; proc: ChildProcess }> {
  const port = await freePort();
  const user = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const proc = spawn(SINK, [...user, `127.0.0.1:${port}`, '1000'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createServer().listen(0); // keep the event loop busy-free
      sock.close();
      import('node:net').then(({ connect }) => {
        const c = connect(port, '127.0.0.1', () => {
          c.destroy();
          resolve(true);
        });
        c.on('error', () => resolve(false));
      });
    });
    if (ok) return { port, proc };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('smtp-sink did not start');
}

function baseline(port: number, count: number): number {
  // 10 parallel sessions, connections reused (-d), same payload size.
  const t0 = performance.now();
  const r = spawnSync(SOURCE, ['-s', '10', '-d', '-l', String(SIZE), '-m', String(count), '-f', 'bench@facteur.bench', '-t', 'sink@site0.bench', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`smtp-source failed (${r.status})`);
  return count / seconds;
}

function bodyMarkdown(target: number): string {
  const para =
    'La **bourse aux vélos** de l’atelier revient samedi : venez vendre, acheter ou faire réviser votre vélo, {{ first_name | default: "ami·e" }}. ' +
    'Les bénévoles seront là dès 9 h ; apportez vos pièces détachées, on trouvera à qui elles servent. [Programme](https://asso.example/bourse)\n\n';
  // The rendered message carries the text twice (plain + HTML, quoted-printable) plus headers and
  // a DKIM signature: about 2.3× the Markdown.
  return '# Bonjour {{ first_name | default: "ami·e" }} !\n\n' + para.repeat(Math.max(1, Math.round(target / 2.3 / para.length)));
}

async function main(): Promise<void> {
  const sink = await startSink();
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(process.memoryUsage().rss), 100);
  const dir = mkdtempSync(join(tmpdir(), 'facteur-bench-'));
  try {
    log(`bench: baseline smtp-source → smtp-sink, ${args.baseline} × ${SIZE} B …`);
    const baselineRate = baseline(sink.port, Number(args.baseline));
    log(`bench: baseline ${baselineRate.toFixed(0)} msg/s`);

    const storage = await Storage.open(args.db ? { dialect: 'postgres', url: args.db } : { dialect: 'sqlite', path: join(dir, 'facteur.db') });
    await storage.migrate();
    const key = generateDkimKey('rsa');
    const tenant = await storage.repos.tenants.create({ slug: 'bench', name: 'Atelier Vélo Solidaire' });
    await storage.repos.tenants.updateSettings(tenant.id, {
      sending_domain: 'asso.bench',
      postal_address: '12 rue des Lilas, 69001 Lyon',
      dkim: [{ domain: 'asso.bench', selector: 's1', privateKey: key.privateKeyPem }],
    });
    const list = await storage.repos.lists.create(tenant.id, { slug: 'nouvelles', name: 'Nouvelles' });

    log(`bench: creating ${N} contacts …`);
    const now = Date.now();
    for (let i = 0; i < N; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
        const n = i + k;
        const address = `membre${n}@d${n % 200}.site${n % SITES}.bench`;
        return { tenant_id: tenant.id, address, address_normalized: address, name: `Membre ${n}`, fields: JSON.stringify({ first_name: `Prénom${n}` }), status: 'active', created_at: now, updated_at: now };
      });
      await storage.db.transaction().execute(async (trx) => {
        for (let j = 0; j < rows.length; j += 500) {
          const ids = await trx.insertInto('contacts').values(rows.slice(j, j + 500)).returning('id').execute();
          await trx.insertInto('list_memberships').values(ids.map((r) => ({ tenant_id: tenant.id, list_id: list.id, contact_id: r.id, status: 'subscribed', created_at: now, updated_at: now }))).execute();
        }
      });
    }
    const campaign = await storage.repos.campaigns.create(tenant.id, { name: 'Bourse', subject: '{{ first_name }}, la bourse aux vélos arrive 🚲', bodyMarkdown: bodyMarkdown(SIZE), listIds: [list.id] });

    // 200 synthetic domains per site, each site one MX host: SITES independent sites.
    const zone: Zone = {};
    for (let n = 0; n < Math.min(N, 200 * SITES); n++) zone[`d${n % 200}.site${n % SITES}.bench`] = { MX: [{ exchange: `mx.site${n % SITES}.bench`, priority: 10 }] };
    const config = validateConfig({ platform: { domain: 'facteur.bench' }, routes: { '*': `127.0.0.1:${sink.port}` }, log: { level: 'warn' } });
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const dispatcher = createDispatcher(config, { clock: systemClock, logger, resolver: new StaticResolver(zone) });
    const engine = new DeliveryEngine({
      storage,
      dispatcher,
      clock: systemClock,
      logger,
      secret: 'bench-secret-0123456789abcdef0123',
      publicUrl: 'https://facteur.bench',
      bounceDomain: 'bounces.asso.bench',
      retry: { scheduleMinutes: [5], maxAgeMs: 72 * 3600_000 },
      leaseMs: 60_000,
      claimBatch: 250,
      maxInFlight: Number(args['in-flight']),
      composeWorkers: Number(args['compose-workers']),
    });

    log('bench: enqueueing …');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const queued = await enqueueCampaign(storage, tenant.id, campaign.id, { platformDomain: 'facteur.bench' });
    const enqueueSeconds = (performance.now() - t0) / 1000;
    log(`bench: ${queued.deliveries} deliveries queued in ${enqueueSeconds.toFixed(2)} s; sending …`);
    const t1 = performance.now();
    engine.start();
    let last = 0;
    while (engine.stats.completed < queued.deliveries) {
      await new Promise((r) => setTimeout(r, 250));
      if (performance.now() - last > 5000) {
        last = performance.now();
        log(`bench: ${engine.stats.completed}/${queued.deliveries} (${JSON.stringify(engine.stats.byState)}), rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
      }
    }
    const sendSeconds = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await engine.stop();
    const counts = await storage.repos.deliveries.countByState(tenant.id, campaign.id);
    // Percentiles computed in the database: loading a million latencies would itself move the RSS peak.
    const delivered = counts.delivered ?? 0;
    const pct = async (p: number): Promise<number | null> => {
      if (delivered === 0) return null;
      const r = await sql<{ ms: number }>`
        SELECT e.created_at - d.created_at AS ms FROM events e JOIN deliveries d ON d.id = e.delivery_id
        WHERE e.type = 'delivered' AND d.campaign_id = ${campaign.id} ORDER BY ms LIMIT 1 OFFSET ${Math.min(delivered - 1, Math.floor(p * delivered))}`.execute(storage.db);
      return r.rows[0] ? Number(r.rows[0].ms) : null;
    };
    const [p50, p99] = [await pct(0.5), await pct(0.99)];
    await storage.close();
    clearInterval(sampler);

    const rate = queued.deliveries / sendSeconds;
    const result = {
      recipients: N,
      message_bytes_target: SIZE,
      compose_workers: Number(args['compose-workers']),
      database: args.db ? 'postgres' : 'sqlite',
      delivered: counts.delivered ?? 0,
      states: counts,
      enqueue_seconds: Number(enqueueSeconds.toFixed(3)),
      send_seconds: Number(sendSeconds.toFixed(3)),
      messages_per_second: Math.round(rate),
      end_to_end_messages_per_second: Math.round(queued.deliveries / (sendSeconds + enqueueSeconds)),
      main_thread_cpu_ms_per_message: Number(((cpu.user + cpu.system) / 1000 / queued.deliveries).toFixed(3)),
      p50_enqueue_to_accept_ms: p50,
      p99_enqueue_to_accept_ms: p99,
      peak_rss_mb: Math.round(Math.max(...rssSamples) / 1048576),
      baseline_messages_per_second: Math.round(baselineRate),
      ratio_to_baseline: Number((rate / baselineRate).toFixed(3)),
    };
    process.stdout.write(
      [
        `facteur delivery bench: ${N} recipients, ~${SIZE} B, DKIM rsa-sha256, ${result.database}`,
        `  enqueue            ${result.enqueue_seconds} s`,
        `  delivery           ${result.messages_per_second} msg/s (${result.send_seconds} s; ${result.end_to_end_messages_per_second} msg/s including enqueue)`,
        `  enqueue→accept     p50 ${result.p50_enqueue_to_accept_ms} ms, p99 ${result.p99_enqueue_to_accept_ms} ms`,
        `  peak RSS           ${result.peak_rss_mb} MB`,
        `  baseline           smtp-source → smtp-sink ${result.baseline_messages_per_second} msg/s; ratio ${result.ratio_to_baseline}`,
        '',
      ].join('\n'),
    );
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    clearInterval(sampler);
    sink.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
