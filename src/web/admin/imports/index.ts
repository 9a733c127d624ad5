// The imports area of the admin interface: CSV import: upload, preview of the first rows, column mapping, report.
// Issue 9: its routes land here; until then the catch-all answers 404.
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';

export function importsArea(_app: FastifyInstance, _kit: AdminKit): void {}
