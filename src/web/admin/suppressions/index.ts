// The suppressions area of the admin interface: the suppression list: search, why, remove with confirmation.
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function suppressionsArea(_app: FastifyInstance, _kit: AdminKit): void {}
