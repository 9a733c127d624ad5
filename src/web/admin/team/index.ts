// The team area of the admin interface: team members and their roles (admin, editor).
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function teamArea(_app: FastifyInstance, _kit: AdminKit): void {}
