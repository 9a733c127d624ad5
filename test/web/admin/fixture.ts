// Shared set-up for the admin-interface tests: a migrated database, the real app from buildServer,
// two tenants each with an admin and a campaign with deliveries in several states, and helpers to
// sign in and to post forms with the session's CSRF token.
import type { FastifyInstance } from 'fastify';
import { openTestDb, type DialectName, type TestDb } from '../../helpers/db.ts';
import { buildServer } from '../../../src/web/server.ts';
import { validateConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { FakeClock } from '../../../src/lib/clock.ts';
import { hashPassword } from '../../../src/core/auth/password.ts';
import type { Campaign, Tenant } from '../../../src/core/model.ts';

export const PASSWORD = 'correct horse battery staple';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface AdminFixture {
  db: TestDb;
  app: FastifyInstance;
  clock: FakeClock;
  tenant: Tenant;
  other: Tenant;
  campaign: Campaign;
  otherCampaign: Campaign;
  close(): Promise<void>;
}

let hashed: Promise<string> | undefined;

/** A campaign with deliveries: `states` maps a state (and reason) to how many. */
export async function seedCampaign(db: TestDb, tenantId: number, name: string, states: { state: string; reason?: string; n: number }[]): Promise<Campaign> {
  const repos = db.storage.repos;
  const campaign = await repos.campaigns.create(tenantId, { name, subject: `Objet de ${name}`, bodyMarkdown: 'Bonjour' });
  const message = await repos.messages.create(tenantId, { campaignId: campaign.id, kind: 'campaign', subject: campaign.subject, fromAddress: 'asso@example.org', body: 'x' });
  let i = 0;
  for (const s of states) {
    const inputs = Array.from({ length: s.n }, () => ({ messageId: message.id, campaignId: campaign.id, recipient: `m${i++}-${campaign.id}@example.net` }));
    const ids = await repos.deliveries.insertMany(tenantId, inputs);
    if (ids.length) await db.storage.db.updateTable('deliveries').set({ state: s.state, reason: s.reason ?? null }).where('id', 'in', ids).execute();
  }
  return campaign;
}

export async function setUp(dialect: DialectName, options: { publicUrl?: string; campaignName?: string } = {}): Promise<AdminFixture> {
  const clock = new FakeClock();
  const db = await openTestDb(dialect, { clock });
  const repos = db.storage.repos;
  hashed ??= hashPassword(PASSWORD);
  const passwordHash = await hashed;
  const tenant = await repos.tenants.create({ slug: 'atelier', name: 'Atelier Vélo' });
  const other = await repos.tenants.create({ slug: 'chorale', name: 'Chorale' });
  await repos.users.create({ tenantId: tenant.id, email: 'admin@atelier.example', role: 'admin', passwordHash });
  await repos.users.create({ tenantId: other.id, email: 'admin@chorale.example', role: 'admin', passwordHash });
  await repos.users.create({ tenantId: null, email: 'ops@host.example', role: 'operator', passwordHash });
  const campaign = await seedCampaign(db, tenant.id, options.campaignName ?? 'Bourse aux vélos', [
    { state: 'delivered', n: 7 },
    { state: 'deferred', n: 2 },
    { state: 'bounced', reason: 'userunknown', n: 3 },
    { state: 'bounced', reason: 'mailboxfull', n: 1 },
  ]);
  const otherCampaign = await seedCampaign(db, other.id, 'Concert de printemps', [{ state: 'delivered', n: 1 }]);
  const config = validateConfig(options.publicUrl ? { server: { public_url: options.publicUrl } } : {});
  const app = await buildServer({ config, storage: db.storage, logger: silentLogger(), secret: 'test-platform-secret-0123456789abcdef' });
  return {
    db,
    app,
    clock,
    tenant,
    other,
    campaign,
    otherCampaign,
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

/** The value of cookie `name` among a reply's Set-Cookie headers. */
export function setCookie(headers: Record<string, unknown>, name: string): string | undefined {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : raw === undefined ? [] : [String(raw)];
  return list.find((c) => c.startsWith(`${name}=`));
}

export function cookieValue(setCookieLine: string | undefined): string {
  return setCookieLine?.split(';')[0]?.split('=').slice(1).join('=') ?? '';
}

/** The hidden csrf field of the first form in a page. */
export function csrfOf(body: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(body);
  if (!m) throw new Error('no csrf field in the page');
  return m[1]!;
}

export interface Browser {
  /** Cookie header to send. */
  cookie: string;
}

/** Loads the sign-in page and posts it; returns the reply and the cookies a browser would now hold. */
export async function signIn(app: FastifyInstance, fields: { email: string; password?: string; tenant?: string }, query = '') {
  const form = await app.inject({ method: 'GET', url: `/admin/login${query}` });
  const pre = cookieValue(setCookie(form.headers, 'facteur_pre'));
  const res = await app.inject({
    method: 'POST',
    url: `/admin/login${query}`,
    headers: { ...FORM, cookie: `facteur_pre=${pre}` },
    payload: new URLSearchParams({ csrf: csrfOf(form.body), email: fields.email, password: fields.password ?? PASSWORD, tenant: fields.tenant ?? '' }).toString(),
  });
  const session = cookieValue(setCookie(res.headers, 'facteur_session'));
  return { res, pre, cookie: session ? `facteur_session=${session}` : '' };
}
