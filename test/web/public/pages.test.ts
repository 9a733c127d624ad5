// Preferences (/p/{token}), privacy, and what every public page must be: escaped, French by
// default, English on request, with the security headers and nothing third-party.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects } from '../../helpers/db.ts';
import { setUp, ONE_CLICK, membership, eventsOf, type Fixture } from './fixture.ts';
import { buildServer } from '../../../src/web/server.ts';
import { validateConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { negotiateLang } from '../../../src/web/i18n/index.ts';
import { parseMultipart } from '../../../src/web/public/form.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function assertSafePage(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): void {
  assert.equal(res.headers['content-security-policy'], CSP, what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['set-cookie'], undefined, what);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, what);
  assert.doesNotMatch(res.body, /<script|<iframe|<img|<svg|<link/i, `${what}: no script, frame, image or stylesheet`);
  assert.doesNotMatch(res.body, /<[a-z][^>]*\son[a-z]+=/i, `${what}: no event handler attribute in any tag`);
  assert.doesNotMatch(res.body, /(src|href|action)="(https?:)?\/\//i, `${what}: nothing third-party`);
  assert.match(res.body, /<meta name="viewport" content="width=device-width, initial-scale=1">/, what);
}

for (const dialect of testDialects()) {
  describe(`preferences (${dialect})`, () => {
    let f: Fixture;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect, { description: 'Une fois par mois, pas plus.' });
    });
    after(async () => {
      await f.close();
    });

    test('shows only the lists the contact is on, with their state, as labelled checkboxes', async () => {
      await f.db.storage.repos.contacts.setMembership(f.tenant.id, f.events.id, f.contact.id, 'unsubscribed');
      const res = await f.app.inject({ method: 'GET', url: `/p/${f.token(f.news.id)}` });
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'preferences');
      assert.match(res.body, /<label><input type="checkbox" name="list" value="\d+" checked><span>Lettre mensuelle<br><span class="small">Une fois par mois, pas plus\.<\/span>/);
      assert.match(res.body, /<label><input type="checkbox" name="list" value="\d+"><span>Sorties/);
      assert.doesNotMatch(res.body, /Conseil/, 'lists the contact is not on are never shown');
      assert.match(res.body, /<fieldset>\s*<legend>Listes<\/legend>/);
      assert.match(res.body, /Me désabonner de tout/);
    });

    test('saving updates memberships and records the unsubscriptions; foreign list ids are ignored', async () => {
      const token = f.token(f.news.id);
      const payload = `list=${f.events.id}&list=${f.other.id}&list=abc`;
      const res = await f.app.inject({ method: 'POST', url: `/p/${token}`, headers: FORM, payload });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Vos choix sont enregistrés/);
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
      assert.equal(await membership(f, f.events.id), 'subscribed');
      assert.equal(await membership(f, f.other.id), undefined, 'a member cannot join a list they were not on');
      const events = await eventsOf(f);
      assert.deepEqual(
        events.map((e) => e.data),
        [{ contactId: f.contact.id, listId: f.news.id, scope: 'list', via: 'preferences' }],
      );
      // Saving the same choice again records nothing new; ticking a list back re-subscribes it.
      await f.app.inject({ method: 'POST', url: `/p/${token}`, headers: FORM, payload });
      assert.equal((await eventsOf(f)).length, 1);
      await f.app.inject({ method: 'POST', url: `/p/${token}`, headers: FORM, payload: `list=${f.events.id}&list=${f.news.id}` });
      assert.equal(await membership(f, f.news.id), 'subscribed');
      assert.equal((await f.db.storage.repos.contacts.get(f.tenant.id, f.contact.id))!.consentSource, 'preferences');
      // Unticking everything (no field at all) unsubscribes from every list, contact still active.
      await f.app.inject({ method: 'POST', url: `/p/${token}`, headers: FORM, payload: '' });
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
      assert.equal(await membership(f, f.events.id), 'unsubscribed');
    });

    test('globally unsubscribed: lists shown unticked; ticking one lifts the global unsubscribe', async () => {
      const repos = f.db.storage.repos;
      await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      const page = await f.app.inject({ method: 'GET', url: `/p/${f.token(0)}` });
      assert.match(page.body, /désabonné·e de tout/);
      assert.doesNotMatch(page.body, / checked/);
      await f.app.inject({ method: 'POST', url: `/p/${f.token(0)}`, headers: FORM, payload: `list=${f.events.id}` });
      assert.equal((await repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'active');
      assert.equal(await repos.suppressions.find(f.tenant.id, 'jeanne@example.org'), undefined);
      assert.equal(await membership(f, f.events.id), 'subscribed');
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
    });

    test('the "unsubscribe from everything" button carries an all-lists token', async () => {
      const res = await f.app.inject({ method: 'GET', url: `/p/${f.token(f.news.id)}` });
      assert.ok(res.body.includes(`action="/u/${f.token(0)}?lang=fr"`));
    });

    test('forged token: 404; erased contact: nothing to do', async () => {
      const bad = await f.app.inject({ method: 'POST', url: `/p/${f.token(f.news.id).slice(0, -2)}xx`, headers: FORM, payload: '' });
      assert.equal(bad.statusCode, 404);
      assert.equal(await membership(f, f.news.id), 'subscribed');
      await f.db.storage.repos.contacts.delete(f.tenant.id, f.contact.id);
      const gone = await f.app.inject({ method: 'GET', url: `/p/${f.token(f.news.id)}` });
      assert.equal(gone.statusCode, 200);
      assert.match(gone.body, /ne figure plus/);
    });
  });

  describe(`hostile names, languages, headers (${dialect})`, () => {
    const hostileTenant = `<script>alert("asso")</script> & Cie's "club"`;
    const hostileList = `<img src=x onerror=alert(1)>Liste</textarea><a href="javascript:alert(2)">`;
    let f: Fixture;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect, { tenant: hostileTenant, list: hostileList, description: '"><svg onload=alert(3)>' });
    });
    after(async () => {
      await f.close();
    });

    test('every association and list name is HTML-escaped on every page', async () => {
      const token = f.token(f.news.id);
      const pages = [
        await f.app.inject({ method: 'GET', url: `/u/${token}` }),
        await f.app.inject({ method: 'GET', url: `/u/${f.token(0)}` }),
        await f.app.inject({ method: 'GET', url: `/p/${token}` }),
        await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click&from=page' }),
        await f.app.inject({ method: 'POST', url: `/u/${token}/resubscribe` }),
        await f.app.inject({ method: 'POST', url: `/p/${token}`, headers: FORM, payload: `list=${f.news.id}` }),
      ];
      for (const res of pages) {
        assert.equal(res.statusCode, 200);
        assertSafePage(res, 'hostile page');
        assert.ok(!res.body.includes('<script>alert'), 'tenant name escaped');
        assert.ok(!res.body.includes('<img src=x'), 'list name escaped');
        assert.ok(!res.body.includes('<svg'), 'description escaped');
        assert.ok(!res.body.includes('href="javascript:'), 'no injected attribute');
      }
      assert.ok(pages[0]!.body.includes('&lt;img src=x onerror=alert(1)&gt;Liste&lt;/textarea&gt;&lt;a href=&quot;javascript:alert(2)&quot;&gt;'));
      assert.ok(pages[1]!.body.includes('&lt;script&gt;alert(&quot;asso&quot;)&lt;/script&gt; &amp; Cie&#39;s &quot;club&quot;'));
    });

    test('French by default; English via ?lang=en or Accept-Language; forms keep the language', async () => {
      const url = `/u/${f.token(f.news.id)}`;
      const fr = await f.app.inject({ method: 'GET', url });
      assert.match(fr.body, /<html lang="fr">/);
      assert.match(fr.body, />Se désabonner</);
      assert.match(fr.body, /<a href="\/u\/[0-9a-z-]+\?lang=en" hreflang="en" lang="en">English<\/a>/);
      const en = await f.app.inject({ method: 'GET', url: `${url}?lang=en` });
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, />Unsubscribe</);
      assert.match(en.body, /action="\/u\/[0-9a-z-]+\?lang=en"/);
      const accept = await f.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' } });
      assert.match(accept.body, /<html lang="en">/);
      assert.equal(accept.headers.vary, 'Accept-Language');
      const explicit = await f.app.inject({ method: 'GET', url: `${url}?lang=fr`, headers: { 'accept-language': 'en' } });
      assert.match(explicit.body, /<html lang="fr">/);
      const done = await f.app.inject({ method: 'POST', url: `${url}?lang=en`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click&from=page' });
      assert.match(done.body, /Done: you will no longer receive/);
      const notFound = await f.app.inject({ method: 'GET', url: '/u/forged-token-here-x?lang=en' });
      assert.equal(notFound.statusCode, 404);
      assert.match(notFound.body, /Invalid link/);
    });

    test('security headers on every page, including errors; no caching of personal pages', async () => {
      const token = f.token(f.news.id);
      const all = [
        await f.app.inject({ method: 'GET', url: '/privacy' }),
        await f.app.inject({ method: 'GET', url: `/u/${token}` }),
        await f.app.inject({ method: 'GET', url: `/u/not-a-token` }),
        await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'nothing=here' }),
        await f.app.inject({ method: 'GET', url: `/p/${token}` }),
      ];
      for (const res of all) {
        assertSafePage(res, `${res.statusCode}`);
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      const oneClick = await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(oneClick.headers['content-security-policy'], CSP);
      assert.equal(oneClick.headers['referrer-policy'], 'no-referrer');
      assert.equal(oneClick.headers['x-content-type-options'], 'nosniff');
    });
  });
}

describe('privacy page', () => {
  test('FR by default and EN, says what is kept, what is never done, and how to be erased; works without the secret', async () => {
    const db = await openTestDb('sqlite');
    const app = await buildServer({ config: validateConfig({ platform: { name: 'Facteur <Chatons>' } }), storage: db.storage, logger: silentLogger() });
    try {
      const fr = await app.inject({ method: 'GET', url: '/privacy' });
      assert.equal(fr.statusCode, 200);
      assertSafePage(fr, 'privacy fr');
      assert.match(fr.body, /<html lang="fr">/);
      assert.match(fr.body, /Facteur &lt;Chatons&gt;/);
      for (const words of [/adresse électronique/, /Aucun pixel espion/, /Aucune redirection des liens/, /Aucun cookie/, /adressez-vous à l’association/, /journal des envois est effacé/]) {
        assert.match(fr.body, words);
      }
      const en = await app.inject({ method: 'GET', url: '/privacy?lang=en' });
      assert.match(en.body, /<html lang="en">/);
      for (const words of [/No tracking pixel/, /No link redirection/, /ask the association/]) assert.match(en.body, words);
      // Without the secret the token pages are simply absent.
      const u = await app.inject({ method: 'GET', url: '/u/a-b-c-d' });
      assert.equal(u.statusCode, 404);
    } finally {
      await app.close();
      await db.dispose();
    }
  });
});

describe('language negotiation and multipart parsing', () => {
  test('negotiateLang honours ?lang, then q-values, then French', () => {
    assert.equal(negotiateLang(undefined, undefined), 'fr');
    assert.equal(negotiateLang('en', 'fr'), 'en');
    assert.equal(negotiateLang('de', 'en'), 'en');
    assert.equal(negotiateLang(undefined, 'de-DE, en;q=0.3, fr;q=0.7'), 'fr');
    assert.equal(negotiateLang(undefined, 'de, en;q=0'), 'fr');
    assert.equal(negotiateLang(undefined, 'EN-us'), 'en');
    assert.equal(negotiateLang(['en'], undefined), 'fr');
  });

  test('parseMultipart reads text fields, skips files, tolerates a preamble and quoted boundaries', () => {
    const b = 'xYz';
    const body = Buffer.from(
      `preamble\r\n--${b}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n` +
        `--${b}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n` +
        `--${b}\r\ncontent-disposition: form-data; name="emoji"\r\n\r\né✓\r\n--${b}--\r\n`,
    );
    const fields = parseMultipart(body, b);
    assert.equal(fields.get('List-Unsubscribe'), 'One-Click');
    assert.equal(fields.get('f'), null);
    assert.equal(fields.get('emoji'), 'é✓');
    assert.throws(() => parseMultipart(Buffer.from('no boundary here'), b));
    assert.throws(() => parseMultipart(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated`), b));
  });
});
