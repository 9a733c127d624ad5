// POST /inbound/ses: Amazon SES bounce, complaint and delivery notifications pushed by SNS.
// No credentials: the SNS signature is the authentication (inbound/ses.ts verifies it).
import type { FastifyInstance } from 'fastify';
import { createSesHandler, type SesHandlerOptions } from '../../inbound/ses.ts';
import { problem, sendProblem } from '../errors.ts';

export interface SesRouteOptions {
  /** A handler built by createSesHandler, or the options to build one. */
  handler?: ReturnType<typeof createSesHandler>;
  ses?: SesHandlerOptions;
}

const CODES: Record<number, string> = { 400: 'ERR_VALIDATION', 403: 'ERR_FORBIDDEN', 502: 'ERR_INTERNAL', 503: 'ERR_DB_UNREACHABLE' };

export async function sesRoutes(app: FastifyInstance, opts: SesRouteOptions): Promise<void> {
  const handle = opts.handler ?? (opts.ses ? createSesHandler(opts.ses) : null);
  if (!handle) throw new Error('sesRoutes needs a handler or ses options');

  // SNS posts JSON labelled text/plain; Fastify already reads text/plain as a string and
  // application/json as an object: the handler takes either.
  app.post('/inbound/ses', { bodyLimit: 1024 * 1024 }, async (req, reply) => {
    const res = await handle(req.body);
    if (res.status >= 400) {
      const detail = typeof res.body.error === 'string' ? res.body.error : 'refused';
      return sendProblem(reply, problem(res.status, CODES[res.status] ?? 'ERR_INTERNAL', 'SNS notification refused', detail));
    }
    return reply.code(res.status).send(res.body);
  });
}
