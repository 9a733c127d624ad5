// Maps errors to application/problem+json (RFC 9457). FacteurErrors keep their code and status;
// schema validation failures name the field; anything else is a 500 without internals.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isFacteurError } from '../core/errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  hint?: string;
  [extra: string]: unknown;
}

export function problem(status: number, code: string, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://facteur.invalid/problems/${code}`, title, status, detail, code, ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isFacteurError(error)) {
    return sendProblem(reply, problem(error.status, error.code, error.message, error.message, { ...(error.hint ? { hint: error.hint } : {}), ...(error.details ?? {}) }));
  }
  if (error.validation) {
    const first = error.validation[0];
    const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
    const field = first ? [(first.instancePath || '').replace(/^\//, '').replaceAll('/', '.'), params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') : '';
    const where = error.validationContext ?? 'body';
    return sendProblem(
      reply,
      problem(400, 'ERR_VALIDATION', 'The request is invalid', `${where}${field ? `.${field}` : ''} ${first?.message ?? 'is invalid'}`, {
        field: field || null,
        in: where,
        hint: 'fix the named field; the OpenAPI document at /api/v1/openapi.json describes every field',
      }),
    );
  }
  if (error.statusCode && error.statusCode < 500) {
    return sendProblem(reply, problem(error.statusCode, error.code ?? 'ERR_HTTP', error.message, error.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem(500, 'ERR_INTERNAL', 'Internal error', 'something went wrong on our side; it has been logged'));
}
