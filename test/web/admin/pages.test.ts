// Dashboard, campaign report and failures CSV of the admin interface: the figures, the warnings,
// tenant isolation, escaping of hostile names, languages, and the headers every page carries.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, seedCampaign, csrfOf, FORM, type AdminFixture } from './fixture.ts';
import { assertLabelled, assertSafePage, HOSTILE } from './page-checks.ts';

for (const dialect of testDialects()) {
  describe(`admin pages (${dialect})`, () => {
    let f: AdminFixture;
    let cookie: string;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
      cookie = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie;
    });
    after(async () => {
      await f.close();
    });

    const get = (url: string, extra: Record<string, string> = {}) => f.app.inject({ method: 'GET', url, headers: { cookie, ...extra } });

    test('the sign-in page is French by default, English on request, labelled, and safe', async () => {
      const fr = await f.app.inject({ method: 'GET', url: '/admin/login' });
      assert.equal(fr.statusCode, 200);
      assertSafePage(fr, 'login');
      assertLabelled(fr.body);
      assert.match(fr.body, /<html lang="fr">/);
      assert.match(fr.body, /Se connecter/);
      assert.match(fr.body, /href="\/admin\/login\?lang=en"/);
      const en = await f.app.inject({ method: 'GET', url: '/admin/login?lang=en' });
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Sign in/);
    });

    test('the dashboard shows the latest campaigns with their delivery figures', async () => {
      const events = await f.db.storage.repos.deliveries.list(f.tenant.id, { campaignId: f.campaign.id, state: 'delivered' });
      const [d1, d2] = events.items;
      await f.db.storage.repos.events.append(f.tenant.id, [
        { type: 'complained', deliveryId: d1!.id, campaignId: f.campaign.id },
        { type: 'unsubscribed', deliveryId: d2!.id, campaignId: f.campaign.id },
      ]);
      const res = await get('/admin');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'dashboard');
      assert.match(res.body, /<html lang="fr">/);
      const row = /<tr>\s*<th scope="row"><a href="\/admin\/campaigns\/(\d+)">Bourse aux vélos<\/a><\/th>([\s\S]*?)<\/tr>/.exec(res.body);
      assert.ok(row, 'the campaign has a row linking to its report');
      assert.equal(Number(row[1]), f.campaign.id);
      const cells = [...row[2]!.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((c) => c[1]);
      assert.deepEqual(cells, ['7', '2', '4', '1', '1'], 'delivered, deferred, bounced, complained, unsubscribed');
      assert.doesNotMatch(res.body, /Concert de printemps/, 'nothing of another tenant');
    });

    test('the dashboard lists newest campaigns first', async () => {
      await seedCampaign(f.db, f.tenant.id, 'Assemblée générale', []);
      const res = await get('/admin');
      assert.ok(res.body.indexOf('Assemblée générale') < res.body.indexOf('Bourse aux vélos'));
    });

    test('warnings: tenant paused by the guard, campaign paused, no sending domain', async () => {
      let res = await get('/admin');
      assert.match(res.body, /Aucun domaine d’envoi n’est configuré/);
      assert.doesNotMatch(res.body, /en pause/);
      await f.db.storage.repos.tenants.setStatus(f.tenant.id, 'paused', 'taux de rejet 12 % sur 24 h');
      await f.db.storage.repos.campaigns.transition(f.tenant.id, f.campaign.id, ['draft'], 'paused');
      await f.db.storage.repos.tenants.updateSettings(f.tenant.id, { sending_domain: 'atelier-velo.example' });
      res = await get('/admin');
      assert.match(res.body, /<li class="warn">Les envois de l’association sont en pause \(protection de la réputation\) : taux de rejet 12 % sur 24 h<\/li>/);
      assert.match(res.body, /<li class="warn">L’envoi « Bourse aux vélos » est en pause.<\/li>/);
      assert.doesNotMatch(res.body, /Aucun domaine d’envoi/);
    });

    test('the campaign report: counts per state and per reason, and the failures CSV', async () => {
      const res = await get(`/admin/campaigns/${f.campaign.id}`);
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'report');
      assert.match(res.body, /<tr><th scope="row">Remis<\/th><td class="n">7<\/td><\/tr>/);
      assert.match(res.body, /<tr><td>Rejeté<\/td><td>userunknown<\/td><td class="n">3<\/td><\/tr>/);
      assert.match(res.body, /<tr><td>Rejeté<\/td><td>mailboxfull<\/td><td class="n">1<\/td><\/tr>/);
      assert.match(res.body, new RegExp(`href="/admin/campaigns/${f.campaign.id}/failures.csv"`));
      const csv = await get(`/admin/campaigns/${f.campaign.id}/failures.csv`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /^attachment; filename="campaign-\d+-failures.csv"$/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'adresse;nom;type;raison;code;réponse;date');
      assert.equal(lines.length, 1 + 4, 'four bounced addresses');
      assert.ok(lines.slice(1).every((l) => /@example\.net;;bounced;(userunknown|mailboxfull);/.test(l)));
    });

    test('another tenant’s campaign, or a nonsense id, is a 404', async () => {
      for (const url of [`/admin/campaigns/${f.otherCampaign.id}`, `/admin/campaigns/${f.otherCampaign.id}/failures.csv`, '/admin/campaigns/999999', '/admin/campaigns/1e3', '/admin/campaigns/-1']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assert.doesNotMatch(res.body, /Concert de printemps/);
      }
    });

    test('an unknown admin address is the interface’s own 404 page, after sign-in', async () => {
      const res = await get('/admin/nothing/here');
      assert.equal(res.statusCode, 404);
      assertSafePage(res, '404');
      assert.match(res.body, /Page introuvable/);
      const anon = await f.app.inject({ method: 'GET', url: '/admin/nothing/here' });
      assert.equal(anon.statusCode, 303);
    });

    test('hostile campaign names, subjects and tenant names are escaped everywhere', async () => {
      const evil = await seedCampaign(f.db, f.tenant.id, HOSTILE, [{ state: 'bounced', reason: '<b>x</b>', n: 1 }]);
      await f.db.storage.db.updateTable('campaigns').set({ subject: HOSTILE }).where('id', '=', evil.id).execute();
      await f.db.storage.db.updateTable('tenants').set({ name: HOSTILE }).where('id', '=', f.tenant.id).execute();
      await f.db.storage.repos.tenants.setStatus(f.tenant.id, 'paused', HOSTILE);
      for (const url of ['/admin', `/admin/campaigns/${evil.id}`]) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assertSafePage(res, url);
        assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/, url);
      }
      assert.match((await get(`/admin/campaigns/${evil.id}`)).body, /&lt;b&gt;x&lt;\/b&gt;/);
    });

    test('the language switch is kept in the session (and needs the CSRF token)', async () => {
      const fr = await get('/admin');
      assert.match(fr.body, /<html lang="fr">/);
      const csrf = csrfOf(fr.body);
      const refused = await f.app.inject({ method: 'POST', url: '/admin/language', headers: { ...FORM, cookie }, payload: 'lang=en&back=/admin' });
      assert.equal(refused.statusCode, 403);
      const res = await f.app.inject({
        method: 'POST',
        url: '/admin/language',
        headers: { ...FORM, cookie },
        payload: new URLSearchParams({ csrf, lang: 'en', back: `/admin/campaigns/${f.campaign.id}` }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/admin/campaigns/${f.campaign.id}`);
      const en = await get('/admin', { 'accept-language': 'fr' });
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Latest mailings/);
      assert.match(en.body, /Delivered/);
      const csv = await get(`/admin/campaigns/${f.campaign.id}/failures.csv`);
      assert.match(csv.body, /^\uFEFFaddress,name,kind,reason,code,response,date\r\n/);
    });

    test('the language switch only goes back to an admin page', async () => {
      const csrf = csrfOf((await get('/admin')).body);
      for (const back of ['https://evil.example/', '//evil.example', '/admin/../x', '/admin\\evil', 'javascript:alert(1)']) {
        const res = await f.app.inject({ method: 'POST', url: '/admin/language', headers: { ...FORM, cookie }, payload: new URLSearchParams({ csrf, lang: 'en', back }).toString() });
        assert.equal(res.headers.location, '/admin', back);
      }
    });
  });
}
