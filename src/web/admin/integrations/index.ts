// The integrations area of the admin interface: API keys, SMTP credentials, webhooks.
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function integrationsArea(_app: FastifyInstance, _kit: AdminKit): void {}
