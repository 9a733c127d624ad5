// The contacts area of the admin interface: contacts, lists and segments.
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function contactsArea(_app: FastifyInstance, _kit: AdminKit): void {}
