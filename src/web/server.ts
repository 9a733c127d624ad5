// Builds the HTTP application (Fastify): health checks now; API, admin UI and public pages are
// registered here as they land. No I/O at import time; the caller listens and closes.
import Fastify, { type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import type { Logger } from '../lib/logger.ts';
import type { Storage } from '../storage/index.ts';
import { publicUrl, type Config } from '../config/index.ts';
import { errorHandler, problem, sendProblem } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { apiRoutes, API_PREFIX } from './api/index.ts';
import { publicRoutes } from './public/index.ts';
import { adminRoutes } from './admin/index.ts';
import { guardSettings } from '../delivery/guard/index.ts';
import { platformResolver, type Resolver } from '../lib/dns.ts';

export interface WebDeps {
  config: Config;
  storage: Storage;
  logger: Logger;
  /** Platform HMAC secret (unsubscribe tokens); without it the member pages other than /privacy are off. */
  secret?: string;
  /** DNS of the admin's sending-domain check (default: [dns] as configured, never cached). */
  resolver?: Resolver;
}

export async function buildServer(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger,
    trustProxy: deps.config.server.trust_proxy,
    bodyLimit: 30 * 1024 * 1024,
  }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendProblem(reply, problem(404, 'ERR_NOT_FOUND', 'Not found', `no route for ${req.method} ${req.url.split('?')[0]}`)));
  await app.register(healthRoutes, { storage: deps.storage });
  await app.register(apiRoutes, { prefix: API_PREFIX, storage: deps.storage, config: deps.config });
  await app.register(publicRoutes, {
    storage: deps.storage, secret: deps.secret, platformName: deps.config.platform.name, publicUrl: publicUrl(deps.config), platformDomain: deps.config.platform.domain,
  });
  await app.register(adminRoutes, {
    storage: deps.storage,
    publicUrl: publicUrl(deps.config),
    platformDomain: deps.config.platform.domain,
    platformName: deps.config.platform.name,
    guard: guardSettings(deps.config.guard),
    resolver: deps.resolver ?? platformResolver({ zoneFile: deps.config.dns.zone_file, servers: deps.config.dns.servers }),
    submission: { enabled: deps.config.submission.enabled, hostname: deps.config.submission.hostname, port: deps.config.submission.port, tlsPort: deps.config.submission.tls_port },
    secret: deps.secret,
  });
  return app;
}
