// The domain area of the admin interface: the sending domain assistant: DNS records to copy, check again.
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function domainArea(_app: FastifyInstance, _kit: AdminKit): void {}
