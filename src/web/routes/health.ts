// /healthz: the process answers. /readyz: the database is reachable and fully migrated — what a
// load balancer should wait for before sending traffic.
import type { FastifyInstance } from 'fastify';
import type { Storage } from '../../storage/index.ts';

export async function healthRoutes(app: FastifyInstance, opts: { storage: Storage }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    try {
      await opts.storage.ping();
      const pending = await opts.storage.pendingMigrations();
      if (pending.length > 0) return reply.code(503).send({ status: 'unready', reason: `migrations pending: ${pending.join(', ')}` });
      return { status: 'ready', database: opts.storage.dialect };
    } catch (e) {
      return reply.code(503).send({ status: 'unready', reason: `database unreachable: ${(e as Error).message}` });
    }
  });
}
