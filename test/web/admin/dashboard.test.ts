// The dashboard's sending standing: the guard's figures and the warnings a volunteer must see
// before the association is paused (rates near the thresholds, warm-up allowance used up, no DKIM).
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, seedCampaign, type AdminFixture } from './fixture.ts';

for (const dialect of testDialects()) {
  describe(`admin dashboard standing (${dialect})`, () => {
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
    const get = (url: string) => f.app.inject({ method: 'GET', url, headers: { cookie } });
    /** Marks every delivery of the tenant as attempted now (the guard counts attempted mail only). */
    const attempted = () => f.db.storage.db.updateTable('deliveries').set({ attempts: 1, updated_at: f.clock.now() }).where('tenant_id', '=', f.tenant.id).execute();

    test('a new association sees its warm-up allowance and that it is too early to judge its rates', async () => {
      const res = await get('/admin');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Réputation d’envoi/);
      assert.match(res.body, /pas encore assez d’envois pour juger/);
      assert.match(res.body, /<dt>Montée en charge<\/dt><dd>200 messages par jour pour l’instant \(0 jour d’envoi sans problème\)/);
      assert.doesNotMatch(res.body, /Attention : taux/);
    });

    test('rates past the warn threshold and an allowance used up are warnings, with the figures', async () => {
      // With the fixture's campaign: 207 delivered, 9 hard bounces (userunknown) and 1 soft of 217
      // sent = 4.1 %: past warn (2 %), below pause (5 %).
      await seedCampaign(f.db, f.tenant.id, 'Lettre de mars', [
        { state: 'delivered', n: 200 },
        { state: 'bounced', reason: 'userunknown', n: 6 },
      ]);
      await attempted();
      const res = await get('/admin');
      assert.match(res.body, /<li class="warn">Attention : taux d’adresses inexistantes 4,1\s%, taux de signalements comme indésirables 0\s%/);
      // 219 started today (deferred ones too) against a first-day allowance of 200; 2 deferred wait.
      assert.match(res.body, /<li class="warn">Limite d’envoi atteinte pour l’instant : 2 messages attendent/);
      assert.match(res.body, /<dt>Messages partis aujourd’hui<\/dt><dd>219<\/dd>/);
      assert.match(res.body, /<dt>Adresses inexistantes<\/dt><dd>4,1\s%<\/dd>/);
    });

    test('a sending domain without DKIM keys is a warning; with keys, none', async () => {
      await f.db.storage.repos.tenants.updateSettings(f.tenant.id, { sending_domain: 'atelier.example' });
      let res = await get('/admin');
      assert.match(res.body, /n’a pas encore de clé DKIM/);
      assert.doesNotMatch(res.body, /Aucun domaine d’envoi/);
      await f.db.storage.repos.tenants.updateSettings(f.tenant.id, { sending_domain: 'atelier.example', dkim: [{ domain: 'atelier.example', selector: 's1', privateKey: 'x' }] });
      res = await get('/admin');
      assert.doesNotMatch(res.body, /clé DKIM/);
    });
  });
}
