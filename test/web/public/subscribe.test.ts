// /s/{tenant}/{list} and /s/confirm/{token}: the public subscription with double opt-in. The form
// (honeypot, signed timing stamp, rate limits), the confirmation mail queued through sendNotice,
// the confirmation (GET shows, POST subscribes), hostile input, 404s, the embeddable snippet, and
// the engine letting a confirmation through the member's own earlier unsubscribe only.
import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openTestDb, testDialects, type DialectName, type TestDb } from '../../helpers/db.ts';
import { buildServer } from '../../../src/web/server.ts';
import { validateConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { FakeClock } from '../../../src/lib/clock.ts';
import { unsubscribeToken } from '../../../src/core/tokens.ts';
import type { MailingList, Tenant } from '../../../src/core/model.ts';
import { parseContent, sendNotice } from '../../../src/delivery/queue/index.ts';
import { DeliveryEngine } from '../../../src/delivery/engine/index.ts';
import { StaticResolver } from '../../../src/lib/dns.ts';
import { recordingServer, testDispatcher } from '../../delivery/dispatcher/servers.ts';
import { subscribeSnippet } from '../../../src/web/public/subscribe/snippet.ts';
import { confirmToken } from '../../../src/web/public/subscribe/tokens.ts';

const SECRET = 'test-platform-secret-0123456789abcdef';
const PUBLIC_URL = 'https://facteur.test';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const CONFIRM_LINK = /https:\/\/facteur\.test\/s\/confirm\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\?lang=(fr|en)/;

interface F {
  db: TestDb;
  app: FastifyInstance;
  clock: FakeClock;
  tenant: Tenant;
  news: MailingList;
  events: MailingList;
  /** Another tenant and its list. */
  jardin: Tenant;
  potager: MailingList;
}

async function setUp(dialect: DialectName): Promise<F> {
  const clock = new FakeClock();
  const db = await openTestDb(dialect, { clock });
  const repos = db.storage.repos;
  const tenant = await repos.tenants.create({ slug: 'atelier', name: 'Atelier Vélo' });
  const news = await repos.lists.create(tenant.id, { slug: 'news', name: 'Lettre mensuelle', description: 'Les nouvelles de l’atelier, une fois par mois.' });
  const events = await repos.lists.create(tenant.id, { slug: 'events', name: 'Sorties' });
  const jardin = await repos.tenants.create({ slug: 'jardin', name: 'Jardin partagé' });
  const potager = await repos.lists.create(jardin.id, { slug: 'potager', name: 'Potager' });
  const ferme = await repos.tenants.create({ slug: 'ferme', name: 'Ferme' });
  await repos.lists.create(ferme.id, { slug: 'news', name: 'Nouvelles de la ferme' });
  await repos.tenants.setStatus(ferme.id, 'suspended', 'test');
  const config = validateConfig({ platform: { domain: 'facteur.test' }, server: { public_url: PUBLIC_URL } });
  const app = await buildServer({ config, storage: db.storage, logger: silentLogger(), secret: SECRET });
  return { db, app, clock, tenant, news, events, jardin, potager };
}

function stampOf(body: string): string {
  const m = /name="ts" value="([^"]+)"/.exec(body);
  assert.ok(m, 'the form carries a stamp');
  return m[1]!;
}

/** What a page must never contain (the CSP forbids it anyway). */
function assertSafe(body: string): void {
  assert.doesNotMatch(body, /<script/i);
  assert.doesNotMatch(body, /\son[a-z]+\s*=/i);
  assert.doesNotMatch(body, /(src|href)="https?:\/\/(?!facteur\.test)/i, 'no third-party resource');
}

function mainOf(body: string): string {
  return body.slice(body.indexOf('<div class="card">'), body.indexOf('</div>\n<footer>'));
}

for (const dialect of testDialects()) {
  describe(`public subscription (${dialect})`, () => {
    let f: F;
    beforeEach(async () => {
      f = await setUp(dialect);
    });
    afterEach(async () => {
      await f.app.close();
      await f.db.dispose();
    });

    const repos = () => f.db.storage.repos;
    const post = (url: string, fields: Record<string, string>, opts: { ip?: string; headers?: Record<string, string> } = {}) =>
      f.app.inject({ method: 'POST', url, headers: { ...FORM, ...opts.headers }, payload: new URLSearchParams(fields).toString(), remoteAddress: opts.ip ?? '192.0.2.1' });
    /** Loads the form, waits like a person, submits it. */
    const subscribe = async (email: string, more: Record<string, string> = {}, opts: { ip?: string; url?: string; wait?: number } = {}) => {
      const url = opts.url ?? '/s/atelier/news';
      const form = await f.app.inject({ method: 'GET', url });
      assert.equal(form.statusCode, 200);
      f.clock.advance(opts.wait ?? 5000);
      return post(url, { email, name: '', website: '', ts: stampOf(form.body), ...more }, opts);
    };
    const queued = async (tenantId = f.tenant.id) => {
      const items = (await repos().deliveries.list(tenantId, { limit: 500 })).items;
      return Promise.all(
        items.map(async (d) => {
          const message = (await repos().messages.get(tenantId, d.messageId))!;
          return { delivery: d, message, content: parseContent(message.body) };
        }),
      );
    };
    /** The only queued message. */
    const only = async (tenantId = f.tenant.id) => {
      const all = await queued(tenantId);
      assert.equal(all.length, 1);
      return all[0]!;
    };
    const contactCount = async () => (await repos().contacts.list(f.tenant.id, { limit: 500 })).items.length;
    const confirmPath = async () => {
      const all = await queued();
      const last = all[all.length - 1]!;
      const m = CONFIRM_LINK.exec(last.message.body);
      assert.ok(m, 'the stored content holds the confirmation link');
      return `/s/confirm/${m[1]}?lang=${m[2]}`;
    };

    test('the form: list and association named, labelled fields, honeypot hidden from people, consent with the privacy link, safe headers', async () => {
      const res = await f.app.inject({ method: 'GET', url: '/s/atelier/news' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['set-cookie'], undefined);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /<html lang="fr">/);
      assert.match(res.body, /Lettre mensuelle/);
      assert.match(res.body, /Atelier Vélo/);
      assert.match(res.body, /Les nouvelles de l’atelier, une fois par mois\./);
      assert.match(res.body, /<form method="post" action="\/s\/atelier\/news\?lang=fr">/);
      assert.match(res.body, /<label for="sub-email">/);
      assert.match(res.body, /<input id="sub-email" name="email" type="email" autocomplete="email" required maxlength="320"/);
      assert.match(res.body, /<label for="sub-name">/);
      assert.match(res.body, /<div class="hp" aria-hidden="true">\n<label for="sub-website">[^<]+<\/label>\n<input id="sub-website" name="website" type="text" tabindex="-1" autocomplete="off" value="">/);
      assert.match(res.body, /recevoir « Lettre mensuelle » de la part de Atelier Vélo/);
      assert.match(res.body, /<a href="\/privacy\?lang=fr">/);
      assertSafe(res.body);
      const en = await f.app.inject({ method: 'GET', url: '/s/atelier/news', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Subscribe to “Lettre mensuelle”/);
    });

    test('subscribing queues one confirmation mail to the address with a signed link, stores no contact, and says "check your inbox"', async () => {
      const res = await subscribe('Nouvelle@Example.org', { name: 'Camille' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Vérifiez votre boîte de réception/);
      const { delivery, message, content } = await only();
      assert.equal(delivery.recipient, 'Nouvelle@example.org');
      assert.equal(delivery.contactId, null);
      assert.equal(message.kind, 'transactional');
      assert.match(message.subject, /Confirmez votre abonnement à « Lettre mensuelle »/);
      assert.ok(content.kind === 'template' && content.optIn === true, 'marked as an opt-in confirmation');
      assert.match(message.body, CONFIRM_LINK);
      assert.doesNotMatch(message.body, /Camille/, 'the name typed in the form is not written into the mail');
      assert.equal(await contactCount(), 0, 'nothing stored before the member confirms');
    });

    test('a double-submitted form queues one mail', async () => {
      const form = await f.app.inject({ method: 'GET', url: '/s/atelier/news' });
      f.clock.advance(5000);
      const fields = { email: 'double@example.org', name: '', website: '', ts: stampOf(form.body) };
      await post('/s/atelier/news', fields);
      await post('/s/atelier/news', fields);
      assert.equal((await queued()).length, 1);
    });

    test('GET of the confirmation link changes nothing; POST subscribes, records consent, links to preferences; a repeat is harmless', async () => {
      await subscribe('camille@example.org', { name: 'Camille' });
      const path = await confirmPath();
      for (let i = 0; i < 3; i++) {
        const page = await f.app.inject({ method: 'GET', url: path });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Confirmer mon abonnement/);
        assert.match(page.body, /c…@example\.org/);
        assert.match(page.body, /<form method="post" action="\/s\/confirm\/[A-Za-z0-9_.-]+\?lang=fr">/);
        assertSafe(page.body);
      }
      assert.equal(await contactCount(), 0, 'a GET (link scanner) subscribes no one');

      const askedAt = f.clock.now() - 0;
      f.clock.advance(60_000);
      const done = await post(path, {});
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Abonnement confirmé/);
      assert.match(done.body, /vous recevrez « Lettre mensuelle » de Atelier Vélo/);
      const contact = (await repos().contacts.getByAddress(f.tenant.id, 'camille@example.org'))!;
      assert.equal(contact.name, 'Camille');
      assert.equal(contact.status, 'active');
      assert.equal(contact.consentSource, 'double opt-in');
      assert.equal(contact.confirmedAt, f.clock.now());
      assert.ok(contact.consentAt !== null && contact.consentAt <= askedAt, 'consent dated when it was asked');
      assert.deepEqual(await repos().contacts.memberships(f.tenant.id, contact.id), [{ listId: f.news.id, status: 'subscribed' }]);
      const prefs = unsubscribeToken(SECRET, { tenantId: f.tenant.id, contactId: contact.id, listId: f.news.id });
      assert.ok(done.body.includes(`href="/p/${prefs}?lang=fr"`), 'links to the preferences page');
      assert.match(done.body, /href="\/privacy\?lang=fr"/);
      const prefsPage = await f.app.inject({ method: 'GET', url: `/p/${prefs}` });
      assert.equal(prefsPage.statusCode, 200);
      assert.match(prefsPage.body, /Lettre mensuelle/);

      const again = await post(path, {});
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /déjà abonné·e à « Lettre mensuelle »/);
      assert.equal(await contactCount(), 1);

      // Already subscribed: the form sends nothing more, and says the same as always.
      const before = (await queued()).length;
      const res = await subscribe('camille@example.org');
      assert.match(res.body, /Vérifiez votre boîte de réception/);
      assert.equal((await queued()).length, before);
    });

    test('a tampered or expired confirmation link gets the same error page and changes nothing', async () => {
      await subscribe('camille@example.org');
      const path = await confirmPath();
      const token = path.slice('/s/confirm/'.length, path.indexOf('?'));
      const [payload, mac] = token.split('.') as [string, string];
      const forged = confirmToken('another-secret-0123456789abcdef', { tenantId: f.tenant.id, listId: f.news.id, address: 'x@example.org', name: null, lang: 'fr', issuedAt: f.clock.now() });
      const other = Buffer.from(JSON.stringify({ t: f.tenant.id, l: f.events.id, a: 'camille@example.org', g: 'fr', i: f.clock.now() })).toString('base64url');
      const bad = [`${payload.slice(0, -2)}${payload.endsWith('A') ? 'B' : 'A'}${payload.slice(-1)}.${mac}`, `${payload}.${mac.slice(0, -1)}x`, `${other}.${mac}`, forged, 'x'.repeat(5000), 'nonsense'];
      const pages = new Set<string>();
      for (const t of bad) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await f.app.inject({ method, url: `/s/confirm/${t}`, ...(method === 'POST' ? { headers: FORM, payload: '' } : {}) });
          assert.equal(res.statusCode, 404, t.slice(0, 40));
          pages.add(mainOf(res.body));
        }
      }
      f.clock.advance(7 * 24 * 60 * 60_000 + 1);
      for (const method of ['GET', 'POST'] as const) {
        const res = await f.app.inject({ method, url: path, ...(method === 'POST' ? { headers: FORM, payload: '' } : {}) });
        assert.equal(res.statusCode, 404, 'expired after 7 days');
        pages.add(mainOf(res.body));
      }
      assert.equal(pages.size, 1, 'one page whatever was wrong');
      assert.match([...pages][0]!, /Lien de confirmation non valide/);
      assert.equal(await contactCount(), 0);
    });

    test('bots: a filled honeypot, a post faster than a person, a forged stamp — nothing sent, the same page', async () => {
      const human = mainOf((await subscribe('human@example.org')).body);
      const sent = (await queued()).length;
      const honeypot = await subscribe('bot1@example.org', { website: 'https://spam.example' });
      const tooFast = await subscribe('bot2@example.org', {}, { wait: 500 });
      const forged = await post('/s/atelier/news', { email: 'bot3@example.org', website: '', ts: 'mjuohs00.AAAAAAAAAAAAAAAA' });
      const otherList = await f.app.inject({ method: 'GET', url: '/s/atelier/events' });
      f.clock.advance(5000);
      const moved = await post('/s/atelier/news', { email: 'bot4@example.org', website: '', ts: stampOf(otherList.body) });
      for (const res of [honeypot, tooFast, forged, moved]) {
        assert.equal(res.statusCode, 200);
        assert.equal(mainOf(res.body), human);
      }
      assert.equal((await queued()).length, sent, 'nothing more queued');
    });

    test('a post from the embedded snippet (no stamp) shows our form pre-filled; one more click sends', async () => {
      const res = await post('/s/atelier/news?lang=fr', { email: 'embed@example.org', name: 'Dominique', website: '' }, { headers: { origin: 'https://asso.example' } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Presque fini/);
      assert.match(res.body, /name="email"[^>]*value="embed@example\.org"/);
      assert.match(res.body, /name="name"[^>]*value="Dominique"/);
      assert.equal((await queued()).length, 0);
      f.clock.advance(700);
      const sent = await post('/s/atelier/news', { email: 'embed@example.org', name: 'Dominique', website: '', ts: stampOf(res.body) });
      assert.match(sent.body, /Vérifiez votre boîte de réception/);
      assert.equal((await queued()).length, 1);
    });

    test('a form left open more than a day asks to submit again, values kept, nothing sent', async () => {
      const res = await subscribe('late@example.org', { name: 'Sam' }, { wait: 25 * 60 * 60_000 });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /restée ouverte longtemps/);
      assert.match(res.body, /value="late@example\.org"/);
      assert.match(res.body, /value="Sam"/);
      assert.equal((await queued()).length, 0);
    });

    test('rate limits: 5 requests per address and 30 per IP per hour, then 429 with Retry-After', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await subscribe('limit@example.org', {}, { ip: `198.51.100.${i}` })).statusCode, 200);
      const over = await subscribe('limit@example.org', {}, { ip: '198.51.100.99' });
      assert.equal(over.statusCode, 429);
      assert.ok(Number(over.headers['retry-after']) > 0);
      assert.match(over.body, /Trop de demandes/);
      assertSafe(over.body);

      for (let i = 0; i < 30; i++) assert.equal((await subscribe(`m${i}@example.org`, {}, { ip: '203.0.113.7' })).statusCode, 200, `request ${i}`);
      const ip = await subscribe('m31@example.org', {}, { ip: '203.0.113.7' });
      assert.equal(ip.statusCode, 429);
      f.clock.advance(61 * 60_000);
      assert.equal((await subscribe('m32@example.org', {}, { ip: '203.0.113.7' })).statusCode, 200, 'the window passes');
    });

    test('an invalid address: the form again with the error, the suggestion and every value kept', async () => {
      const res = await subscribe('jeanne@gmail', { name: 'Jeanne' });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /<p class="error" id="sub-email-error" role="alert">[^<]*domaine/);
      assert.match(res.body, /Vouliez-vous dire jeanne@gmail\.com/);
      assert.match(res.body, /id="sub-email" [^>]*value="jeanne@gmail" aria-describedby="sub-email-hint sub-email-error" aria-invalid="true"/);
      assert.match(res.body, /value="Jeanne"/);
      assert.equal((await queued()).length, 0);
      const empty = await subscribe('');
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Indiquez votre adresse/);
      // A valid address that looks mistyped: asked once, kept when submitted again unchanged.
      const typo = await subscribe('jeanne@gmial.com');
      assert.equal(typo.statusCode, 200);
      assert.match(typo.body, /Vouliez-vous dire jeanne@gmail\.com/);
      assert.equal((await queued()).length, 0);
      f.clock.advance(3000);
      await post('/s/atelier/news', { email: 'jeanne@gmial.com', name: '', website: '', ts: stampOf(typo.body), checked: 'jeanne@gmial.com' });
      assert.equal((await queued()).length, 1);
    });

    test('hostile values: markup escaped, CR/LF never reach a header, huge values refused', async () => {
      const hostile = '<script>alert(1)</script>\r\nBcc: victim@example.net';
      const bad = await subscribe(`a@example.org${hostile}`, { name: hostile });
      assert.equal(bad.statusCode, 422);
      assert.doesNotMatch(bad.body, /<script>alert/);
      assert.match(bad.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assertSafe(bad.body);

      await subscribe('hostile@example.org', { name: hostile });
      const { message } = await only();
      assert.doesNotMatch(message.body, /victim|script/);
      await post(await confirmPath(), {});
      const contact = (await repos().contacts.getByAddress(f.tenant.id, 'hostile@example.org'))!;
      assert.equal(contact.name, '<script>alert(1)</script> Bcc: victim@example.net', 'control characters replaced by a space');

      const long = await subscribe('long@example.org', { name: 'n'.repeat(10_000) });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /Ce nom est trop long \(200 caractères au plus\)/);
      assert.ok(long.body.length < 12_000, 'the value is not echoed in full');
      const huge = await subscribe('huge@example.org', { name: 'x'.repeat(100 * 1024) });
      assert.equal(huge.statusCode, 413);
      const hugeAddress = await subscribe(`${'a'.repeat(1000)}@example.org`);
      assert.equal(hugeAddress.statusCode, 422);
      assert.equal((await queued()).length, 1);
    });

    test('markup and template tags in the association’s own names are escaped in the page and the mail', async () => {
      const t = await repos().tenants.create({ slug: 'bizarre', name: 'Asso "<b>gras</b>"' });
      await repos().lists.create(t.id, { slug: 'liste', name: 'Liste {{ secret }} <i>x</i>' });
      const res = await subscribe('curious@example.org', {}, { url: '/s/bizarre/liste' });
      assert.equal(res.statusCode, 200);
      const form = await f.app.inject({ method: 'GET', url: '/s/bizarre/liste' });
      assert.doesNotMatch(form.body, /<b>gras|<i>x/);
      const { message } = await only(t.id);
      assert.match(message.subject, /Liste \{ \{ secret \}\} <i>x<\/i>/, 'a "{{" in a list name is not a merge tag');
    });

    test('unknown tenant, unknown list, another tenant’s list, a suspended tenant: the same 404', async () => {
      const urls = ['/s/nobody/news', '/s/atelier/nothing', '/s/atelier/potager', '/s/jardin/news', '/s/ferme/news', '/s/ATELIER/news', `/s/atelier/${'x'.repeat(99)}`];
      const bodies = new Set<string>();
      for (const url of urls) {
        const get = await f.app.inject({ method: 'GET', url });
        assert.equal(get.statusCode, 404, url);
        bodies.add(mainOf(get.body));
        const p = await post(url, { email: 'x@example.org', website: '', ts: 'a.b' });
        assert.equal(p.statusCode, 404, url);
      }
      assert.equal(bodies.size, 1);
      assert.equal((await f.app.inject({ method: 'GET', url: '/s/jardin/potager' })).statusCode, 200, 'each tenant’s own list works');
    });

    test('English: the page, the mail and the confirmation link follow the language', async () => {
      await subscribe('en@example.org', {}, { url: '/s/atelier/news?lang=en' });
      const { message } = await only();
      assert.match(message.subject, /Confirm your subscription to “Lettre mensuelle”/);
      const path = await confirmPath();
      assert.ok(path.endsWith('?lang=en'));
      const page = await f.app.inject({ method: 'GET', url: path });
      assert.match(page.body, /Confirm my subscription/);
    });

    test('a member who unsubscribed from everything comes back to one list: mail sent, unsubscribe lifted, other lists stay left', async () => {
      const { contact } = await repos().contacts.upsert(f.tenant.id, { address: 'back@example.org', addressNormalized: 'back@example.org', name: 'Back' });
      await repos().contacts.subscribe(f.tenant.id, f.news.id, contact.id);
      await repos().contacts.subscribe(f.tenant.id, f.events.id, contact.id);
      const u = unsubscribeToken(SECRET, { tenantId: f.tenant.id, contactId: contact.id, listId: 0 });
      assert.equal((await post(`/u/${u}`, { 'List-Unsubscribe': 'One-Click' })).statusCode, 200);
      assert.equal((await repos().suppressions.find(f.tenant.id, 'back@example.org'))?.source, 'unsubscribe');

      await subscribe('back@example.org');
      assert.equal((await queued()).length, 1, 'the confirmation is queued despite the unsubscribe');
      await post(await confirmPath(), {});
      const after = (await repos().contacts.get(f.tenant.id, contact.id))!;
      assert.equal(after.status, 'active');
      assert.equal(after.consentSource, 'double opt-in');
      assert.equal(await repos().suppressions.find(f.tenant.id, 'back@example.org'), undefined, 'the member’s own unsubscribe is lifted');
      const ms = new Map((await repos().contacts.memberships(f.tenant.id, contact.id)).map((m) => [m.listId, m.status]));
      assert.equal(ms.get(f.news.id), 'subscribed');
      assert.equal(ms.get(f.events.id), 'unsubscribed', 'consent for one list does not bring the others back');
    });

    test('complaints, bounces and platform suppressions are never lifted: no mail, and the confirmation says why', async () => {
      await repos().suppressions.add(f.tenant.id, { address: 'plaint@example.org', reason: 'spam report', source: 'complaint' });
      await repos().suppressions.add(null, { address: 'platform@example.org', reason: 'hard bounce', source: 'bounce' });
      await subscribe('plaint@example.org');
      await subscribe('platform@example.org');
      assert.equal((await queued()).length, 0, 'nothing queued for a blocked address');

      // Blocked after the mail left: the confirmation explains, and changes nothing.
      await subscribe('later@example.org');
      const path = await confirmPath();
      await repos().suppressions.add(f.tenant.id, { address: 'later@example.org', reason: 'mailbox gone', source: 'bounce' });
      const res = await post(path, {});
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Abonnement impossible/);
      assert.match(res.body, /refusés par son serveur/);
      assert.equal(await contactCount(), 0);
      assert.equal((await repos().suppressions.find(f.tenant.id, 'later@example.org'))?.source, 'bounce');

      await repos().suppressions.remove(f.tenant.id, 'later@example.org');
      await repos().suppressions.add(f.tenant.id, { address: 'later@example.org', reason: 'unsubscribed', source: 'unsubscribe' });
      await repos().suppressions.add(null, { address: 'later@example.org', reason: 'platform block', source: 'manual' });
      const res2 = await post(path, {});
      assert.match(res2.body, /bloquée pour l’ensemble du service/);
      assert.equal((await repos().suppressions.find(f.tenant.id, 'later@example.org'))?.source, 'unsubscribe', 'left as it was');
    });

    test('the snippet: self-contained HTML, absolute action, labelled inputs, the honeypot, no script', () => {
      const html = subscribeSnippet('https://facteur.test/', { slug: 'atelier', name: 'Atelier "Vélo" <b>' }, { slug: 'news', name: 'Lettre' }, 'fr');
      assert.match(html, /^<form method="post" action="https:\/\/facteur\.test\/s\/atelier\/news\?lang=fr"/);
      for (const id of ['email', 'name', 'website']) assert.match(html, new RegExp(`<label for="facteur-atelier-news-${id}">[\\s\\S]*<input id="facteur-atelier-news-${id}" name="${id}"`));
      assert.match(html, /aria-hidden="true" style="position:absolute;left:-10000px/);
      assert.match(html, /name="website" type="text" tabindex="-1" autocomplete="off"/);
      assert.doesNotMatch(html, /name="ts"/);
      assert.doesNotMatch(html, /<b>/);
      assert.match(html, /Atelier &quot;Vélo&quot; &lt;b&gt;/);
      assert.match(html, /href="https:\/\/facteur\.test\/privacy\?lang=fr"/);
      assertSafe(html);
      assert.doesNotMatch(html, /<(script|img|link|iframe|style)/i);
      assert.match(subscribeSnippet(PUBLIC_URL, f.tenant, f.news, 'en'), />Subscribe</);
    });

    test('the engine lets a confirmation through the member’s own unsubscribe only (recording SMTP server)', async () => {
      const s = f.db.storage;
      const zone = new StaticResolver({ 'example.org': { MX: [{ exchange: 'mx.example.org', priority: 10 }] } });
      await s.repos.suppressions.add(f.tenant.id, { address: 'back@example.org', reason: 'unsubscribed', source: 'unsubscribe' });
      await s.repos.suppressions.add(f.tenant.id, { address: 'plaint@example.org', reason: 'spam report', source: 'complaint' });
      await s.repos.suppressions.add(f.tenant.id, { address: 'both@example.org', reason: 'unsubscribed', source: 'unsubscribe' });
      await s.repos.suppressions.add(null, { address: 'both@example.org', reason: 'platform block', source: 'manual' });
      const notice = (to: string, optIn: boolean) => sendNotice(s, 'facteur.test', f.tenant, { to, subject: 'Confirmez', markdown: 'Bonjour', optIn });
      // The confirmation as the form queues it, to someone who had unsubscribed from everything.
      await subscribe('back@example.org');
      const fromForm = await only();
      const ids = {
        confirm: fromForm.delivery.id,
        ordinary: (await notice('back@example.org', false)).deliveryId,
        complaint: (await notice('plaint@example.org', true)).deliveryId,
        platform: (await notice('both@example.org', true)).deliveryId,
      };
      const server = await recordingServer();
      const engine = new DeliveryEngine({
        storage: s,
        dispatcher: testDispatcher({ routes: { '*': `127.0.0.1:${server.port}` }, resolver: zone, clock: f.clock }),
        clock: f.clock,
        logger: silentLogger(),
        secret: SECRET,
        publicUrl: PUBLIC_URL,
        bounceDomain: 'bounces.facteur.test',
        retry: { scheduleMinutes: [5], maxAgeMs: 60 * 60_000 },
        leaseMs: 30_000,
        claimBatch: 50,
        maxInFlight: 50,
        composeWorkers: 0,
      });
      const state = async (id: number) => (await s.repos.deliveries.get(f.tenant.id, id))?.state;
      try {
        engine.start();
        const end = Date.now() + 20_000;
        for (;;) {
          const states = await Promise.all(Object.values(ids).map(state));
          if (states.every((x) => x === 'delivered' || x === 'suppressed')) break;
          if (Date.now() > end) throw new Error(`timed out: ${states.join(', ')}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await engine.stop();
        await server.close();
      }
      assert.equal(await state(ids.confirm), 'delivered', 'the confirmation goes through the unsubscribe');
      assert.equal(await state(ids.ordinary), 'suppressed', 'any other mail is still held');
      assert.equal(await state(ids.complaint), 'suppressed', 'a complaint still blocks');
      assert.equal(await state(ids.platform), 'suppressed', 'a platform suppression behind the tenant’s unsubscribe still blocks');
      assert.deepEqual(server.recipients, ['back@example.org']);
    });
  });
}
