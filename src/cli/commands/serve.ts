// facteur serve: migrate, then run the HTTP server (and, as they land, the delivery engine and
// SMTP listeners) until SIGTERM/SIGINT, which closes everything gracefully.
import type { Command } from 'commander';
import { configFor, stdio } from '../context.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { buildServer } from '../../web/server.ts';
import { publicUrl } from '../../config/index.ts';
import { hashPassword } from '../../core/auth/password.ts';
import { randomToken } from '../../lib/ids.ts';
import { createEngine, bounceDomain } from '../engine.ts';
import type { DeliveryEngine } from '../../delivery/engine/index.ts';
import { startSubmissionFromConfig } from '../../submission/index.ts';
import { startInbound } from '../../inbound/service.ts';
import { sesRoutes } from '../../web/routes/ses.ts';
import { untilSignal } from '../signals.ts';

/** On an empty database, creates the first operator and returns its one-time password. */
async function ensureOperator(rt: Runtime): Promise<{ email: string; password: string } | undefined> {
  if ((await rt.storage.repos.users.countOperators()) > 0) return undefined;
  const email = `admin@${rt.config.platform.domain}`;
  const password = randomToken(18);
  await rt.storage.repos.users.create({ tenantId: null, email, name: 'Operator', role: 'operator', passwordHash: await hashPassword(password) });
  return { email, password };
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run facteur: migrate the database, then serve HTTP (API, admin, public pages) and deliver mail until stopped')
    .option('-p, --port <port>', 'HTTP port (overrides server.port)')
    .option('-H, --host <address>', 'HTTP listen address (overrides server.host)')
    .option('--no-delivery', 'do not run the delivery engine here (run `facteur worker` elsewhere)')
    .action(async (opts: { port?: string; host?: string; delivery: boolean }, cmd: Command) => {
      const overrides: Record<string, string> = {};
      if (opts.port !== undefined) overrides['server.port'] = opts.port;
      if (opts.host !== undefined) overrides['server.host'] = opts.host;
      const config = configFor(cmd, overrides);
      const rt = await openRuntime(config, { migrate: true });
      const app = await buildServer({ config, storage: rt.storage, logger: rt.logger, secret: rt.secret });
      // Assigned once the HTTP port is known (unsubscribe links carry it); the inbound hook reads it late.
      let engine: DeliveryEngine | undefined;
      const inbound = await startInbound({
        config,
        storage: rt.storage,
        secret: rt.secret,
        logger: rt.logger.child({ component: 'inbound' }),
        onSenderReputationProblem: (domain, reason) => {
          rt.logger.warn({ domain, reason }, 'a receiver reported a sender problem (not the member)');
          void engine?.reportSenderProblem(domain, reason).catch(() => undefined);
        },
      });
      await app.register(sesRoutes, { handler: inbound.sesHandler });
      await app.listen({ host: config.server.host, port: config.server.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      const url = publicUrl(config, port);
      engine = opts.delivery ? createEngine(rt, { port }) : undefined;
      engine?.start();
      const submission = config.submission.enabled
        ? await startSubmissionFromConfig({ config, storage: rt.storage, logger: rt.logger, secret: rt.secret, publicUrl: url, bounceDomain: bounceDomain(rt), onAccepted: () => engine?.notify() })
        : undefined;
      if (submission) {
        const a = submission.server.addresses();
        stdio.err(`SMTP submission on ${a.starttls.host}:${a.starttls.port} (STARTTLS) and ${a.tls.host}:${a.tls.port} (TLS)${submission.tls.selfSigned ? `, self-signed certificate ${submission.tls.certFile}` : ''}`);
      }
      const operator = await ensureOperator(rt);
      rt.logger.info({ url, database: rt.storage.describe }, 'facteur is running');
      stdio.err(`facteur is running at ${url} (database: ${rt.storage.describe})`);
      if (operator) {
        // Printed once on the terminal, never logged: it is the only copy of this password.
        stdio.err('');
        stdio.err('First start: an operator account was created. Keep these credentials, they are shown only once:');
        stdio.err(`  e-mail:   ${operator.email}`);
        stdio.err(`  password: ${operator.password}`);
        stdio.err('');
      }
      stdio.err(`Next: create a tenant with \`npx facteur tenant create --slug my-asso --name "My association"\`; health at ${url}/healthz`);

      const signal = await untilSignal();
      rt.logger.info({ signal }, 'shutting down');
      try {
        await submission?.server.close();
        await app.close();
        await inbound.close();
        await engine?.stop();
      } finally {
        await rt.close();
      }
    });
}
