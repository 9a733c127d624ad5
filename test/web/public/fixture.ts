// Shared set-up for the public-page tests: a migrated database per dialect, the real app from
// buildServer, one tenant with two lists and a contact on both, and helpers to mint tokens.
import type { FastifyInstance } from 'fastify';
import { openTestDb, type DialectName, type TestDb } from '../../helpers/db.ts';
import { buildServer } from '../../../src/web/server.ts';
import { validateConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { FakeClock } from '../../../src/lib/clock.ts';
import { unsubscribeToken } from '../../../src/core/tokens.ts';
import type { Contact, MailingList, Tenant } from '../../../src/core/model.ts';

export const SECRET = 'test-platform-secret-0123456789abcdef';

export interface Fixture {
  db: TestDb;
  app: FastifyInstance;
  clock: FakeClock;
  tenant: Tenant;
  news: MailingList;
  events: MailingList;
  /** A list of the same tenant the contact is not on. */
  other: MailingList;
  contact: Contact;
  token(listId: number, contactId?: number, tenantId?: number): string;
  close(): Promise<void>;
}

export async function setUp(dialect: DialectName, names: { tenant?: string; list?: string; description?: string } = {}): Promise<Fixture> {
  const clock = new FakeClock();
  const db = await openTestDb(dialect, { clock });
  const repos = db.storage.repos;
  const tenant = await repos.tenants.create({ slug: 'atelier', name: names.tenant ?? 'Atelier Vélo' });
  const news = await repos.lists.create(tenant.id, { slug: 'news', name: names.list ?? 'Lettre mensuelle', description: names.description ?? null });
  const events = await repos.lists.create(tenant.id, { slug: 'events', name: 'Sorties' });
  const other = await repos.lists.create(tenant.id, { slug: 'board', name: 'Conseil d’administration' });
  const { contact } = await repos.contacts.upsert(tenant.id, { address: 'Jeanne@Example.org', addressNormalized: 'jeanne@example.org', name: 'Jeanne' });
  await repos.contacts.subscribe(tenant.id, news.id, contact.id);
  await repos.contacts.subscribe(tenant.id, events.id, contact.id);
  const app = await buildServer({ config: validateConfig({}), storage: db.storage, logger: silentLogger(), secret: SECRET });
  return {
    db,
    app,
    clock,
    tenant,
    news,
    events,
    other,
    contact,
    token: (listId, contactId = contact.id, tenantId = tenant.id) => unsubscribeToken(SECRET, { tenantId, contactId, listId }),
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export const ONE_CLICK = { 'content-type': 'application/x-www-form-urlencoded' };

/** A multipart/form-data body as a mail client would send it (RFC 7578). */
export function multipart(fields: Record<string, string>, boundary = '----facteurBoundary7MA4YWxk'): { body: string; headers: Record<string, string> } {
  let body = '';
  for (const [name, value] of Object.entries(fields)) body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  body += `--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function membership(f: Fixture, listId: number, contactId = f.contact.id) {
  return (await f.db.storage.repos.contacts.memberships(f.tenant.id, contactId)).find((m) => m.listId === listId)?.status;
}

export async function eventsOf(f: Fixture) {
  return (await f.db.storage.repos.events.list(f.tenant.id, { type: 'unsubscribed' })).items;
}
