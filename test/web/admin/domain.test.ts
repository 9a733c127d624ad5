// The sending-domain assistant: keys made when a domain is chosen, the records to copy, "check
// again" through an injected resolver (missing, wrong, good records), the domain usable as From
// only once verified, changing and abandoning; admins only, CSRF, hostile input.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { testDialects } from '../../helpers/db.ts';
import { adminRoutes } from '../../../src/web/admin/index.ts';
import { StaticResolver, type Zone } from '../../../src/lib/dns.ts';
import { dnsTxtValue, generateDkimKey, loadPrivateKey } from '../../../src/delivery/dkim/index.ts';
import { allowedFromDomains, assertFromAllowed } from '../../../src/delivery/queue/index.ts';
import { tenantSigning } from '../../../src/delivery/queue/content.ts';
import type { Tenant } from '../../../src/core/model.ts';
import { setUp, type AdminFixture } from './fixture.ts';
import { assertLabelled, assertSafePage, client, HOSTILE, HUGE, type Client } from './settings-helpers.ts';
import { hashPassword } from '../../../src/core/auth/password.ts';
import { PASSWORD } from './fixture.ts';

const PLATFORM = 'facteur.example';
const DOMAIN = 'velo-solidaire.example';

for (const dialect of testDialects()) {
  describe(`admin domain assistant (${dialect})`, () => {
    let f: AdminFixture;
    let app: FastifyInstance;
    let zone: Zone;
    let admin: Client;
    beforeEach(async () => {
      if (app) await app.close();
      if (f) await f.close();
      f = await setUp(dialect);
      zone = {};
      // The admin plugin alone, with the platform domain and a resolver answering from `zone`.
      app = Fastify();
      await app.register(adminRoutes, { storage: f.db.storage, publicUrl: 'http://localhost:8080', platformDomain: PLATFORM, resolver: new StaticResolver(zone), secret: 'test-secret-0123456789abcdef0123' });
      admin = await client(app, 'admin@atelier.example', 'atelier');
    });
    after(async () => {
      await app.close();
      await f.close();
    });
    const tenant = async (): Promise<Tenant> => (await f.db.storage.repos.tenants.get(f.tenant.id))!;
    const setZone = (z: Zone) => {
      for (const k of Object.keys(zone)) delete zone[k];
      Object.assign(zone, z);
    };
    async function pendingKeys() {
      const keys = (await tenant()).settings.dkim_pending as { selector: string; privateKey: string }[];
      return keys.map((k) => ({ name: `${k.selector}._domainkey.${DOMAIN}`, txt: dnsTxtValue(loadPrivateKey(k.privateKey)) }));
    }
    const goodZone = async (): Promise<Zone> => ({
      ...Object.fromEntries((await pendingKeys()).map((k) => [k.name, { TXT: [k.txt] }])),
      [DOMAIN]: { TXT: [`v=spf1 mx include:_spf.${PLATFORM} ~all`] },
      [`_dmarc.${DOMAIN}`]: { TXT: ['v=DMARC1; p=none'] },
    });

    test('choosing a domain makes rsa + ed25519 keys and shows the records; it is not a From domain yet', async () => {
      const empty = await admin.get('/admin/domain');
      assert.equal(empty.statusCode, 200);
      assertSafePage(empty, 'domain');
      assertLabelled(empty.body);
      assert.match(empty.body, /atelier@facteur\.example/);
      const res = await admin.post('/admin/domain', { domain: ' Velo-Solidaire.Example. ' }, { from: '/admin/domain' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/domain?done=started');
      const t = await tenant();
      assert.equal(t.settings.sending_domain_pending, DOMAIN);
      assert.equal(t.settings.sending_domain, undefined);
      const keys = t.settings.dkim_pending as { domain: string; selector: string; privateKey: string }[];
      assert.deepEqual(keys.map((k) => loadPrivateKey(k.privateKey).asymmetricKeyType), ['rsa', 'ed25519']);
      assert.ok(keys.every((k) => k.domain === DOMAIN));
      assert.deepEqual(allowedFromDomains(t, PLATFORM), [PLATFORM]);
      assert.throws(() => assertFromAllowed(t, PLATFORM, `info@${DOMAIN}`, 'from'));
      assert.deepEqual(tenantSigning(t), [], 'pending keys do not sign');

      const page = await admin.get('/admin/domain?done=started');
      assertSafePage(page, 'domain pending');
      assert.match(page.body, /n’est pas encore vérifié/);
      for (const k of await pendingKeys()) {
        assert.ok(page.body.includes(`<code>${k.name}</code>`), `DKIM name ${k.name}`);
        assert.ok(page.body.includes(k.txt.replace(/\+/g, '+')), 'DKIM value');
      }
      assert.match(page.body, /<code>_dmarc\.velo-solidaire\.example<\/code>/);
      assert.match(page.body, /v=spf1 include:_spf\.facteur\.example ~all/);
      assert.match(page.body, /v=DMARC1; p=none; rua=mailto:dmarc@velo-solidaire\.example/);
      assert.match(page.body, /<code>_dmarc<\/code>/, 'the host part is given too');
      assert.doesNotMatch(page.body, /PRIVATE KEY/);
    });

    test('check again: missing, then wrong (what was found is shown, escaped), then good records verify the domain', async () => {
      await admin.post('/admin/domain', { domain: DOMAIN }, { from: '/admin/domain' });
      const missing = await admin.post('/admin/domain/check', {});
      assert.equal(missing.headers.location, '/admin/domain?done=checked');
      let page = await admin.get('/admin/domain');
      assert.equal((page.body.match(/Absent : ajoutez cet enregistrement/g) ?? []).length, 4);
      assert.equal((await tenant()).settings.sending_domain, undefined);

      const keys = await pendingKeys();
      const other = generateDkimKey('rsa', 1024);
      setZone({
        [keys[0]!.name]: { TXT: [other.txt] },
        [keys[1]!.name]: { TXT: [keys[1]!.txt] },
        [DOMAIN]: { TXT: [`v=spf1 mx ~all`, HOSTILE] },
        [`_dmarc.${DOMAIN}`]: { TXT: ['v=DMARC1; p=none'] },
      });
      assert.equal((await admin.post('/admin/domain/check', {})).headers.location, '/admin/domain?done=checked');
      page = await admin.get('/admin/domain');
      assertSafePage(page, 'domain wrong');
      assert.match(page.body, /la valeur ne convient pas/);
      assert.ok(page.body.includes(other.txt), 'the wrong key found is shown');
      assert.match(page.body, /v=spf1 mx ~all/);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /&lt;script&gt;alert/);
      assert.equal((await tenant()).settings.sending_domain, undefined, 'one wrong DKIM key: not verified');

      setZone(await goodZone());
      const ok = await admin.post('/admin/domain/check', {});
      assert.equal(ok.headers.location, '/admin/domain?done=verified');
      const t = await tenant();
      assert.equal(t.settings.sending_domain, DOMAIN);
      assert.equal(t.settings.sending_domain_pending, null);
      assert.deepEqual(allowedFromDomains(t, PLATFORM), [PLATFORM, DOMAIN]);
      assert.doesNotThrow(() => assertFromAllowed(t, PLATFORM, `info@${DOMAIN}`, 'from'));
      assert.deepEqual(tenantSigning(t).map((s) => s.domain), [DOMAIN, DOMAIN]);
      page = await admin.get('/admin/domain?done=verified');
      assert.match(page.body, /est vérifié/);
      assert.equal((page.body.match(/Trouvé et correct/g) ?? []).length, 4);
    });

    test('changing a verified domain keeps the old one until the new one checks out; abandoning keeps it', async () => {
      await admin.post('/admin/domain', { domain: DOMAIN }, { from: '/admin/domain' });
      setZone(await goodZone());
      await admin.post('/admin/domain/check', {});
      const again = await admin.post('/admin/domain', { domain: DOMAIN });
      assert.equal(again.headers.location, '/admin/domain?done=unchanged');
      await admin.post('/admin/domain', { domain: 'nouveau.example' });
      let t = await tenant();
      assert.equal(t.settings.sending_domain, DOMAIN);
      assert.equal(t.settings.sending_domain_pending, 'nouveau.example');
      assert.deepEqual(allowedFromDomains(t, PLATFORM), [PLATFORM, DOMAIN]);
      const page = await admin.get('/admin/domain');
      assert.match(page.body, /nouveau\.example n’est pas encore vérifié/);
      assert.match(page.body, /continuent de partir depuis @velo-solidaire\.example/);
      const cancel = await admin.post('/admin/domain/cancel', {});
      assert.equal(cancel.headers.location, '/admin/domain?done=cancelled');
      t = await tenant();
      assert.equal(t.settings.sending_domain, DOMAIN);
      assert.equal(t.settings.sending_domain_pending, null);
      assert.equal(tenantSigning(t).length, 2);
    });

    test('a domain set by the operator without keys gets them from the page', async () => {
      await f.db.storage.repos.tenants.updateSettings(f.tenant.id, { sending_domain: DOMAIN });
      const page = await admin.get('/admin/domain');
      assert.match(page.body, /n’a pas encore de clé DKIM/);
      await admin.post('/admin/domain', { domain: DOMAIN });
      const t = await tenant();
      assert.equal(t.settings.sending_domain_pending, DOMAIN);
      assert.equal((t.settings.dkim_pending as unknown[]).length, 2);
      setZone(await goodZone());
      assert.equal((await admin.post('/admin/domain/check', {})).headers.location, '/admin/domain?done=verified');
      assert.equal(tenantSigning(await tenant()).length, 2);
    });

    test('bad and hostile domains are refused with the value kept; CSRF; editors get 403', async () => {
      for (const [value, msg] of [
        ['', /Saisissez votre nom de domaine/],
        ['http://asso.example', /pas un nom de domaine valide/],
        ['asso', /pas un nom de domaine valide/],
        [HOSTILE, /pas un nom de domaine valide/],
        ['asso.example\r\nX: y', /pas un nom de domaine valide/],
        [PLATFORM, /domaine de la plateforme/],
        ['a'.repeat(300) + '.example', /253 caractères au plus/],
      ] as const) {
        const res = await admin.post('/admin/domain', { domain: value }, { from: '/admin/domain' });
        assert.equal(res.statusCode, 422, JSON.stringify(value));
        assert.match(res.body, msg, JSON.stringify(value));
        assert.doesNotMatch(res.body, /<script>alert/);
      }
      const huge = await admin.post('/admin/domain', { domain: HUGE });
      assert.ok(huge.statusCode === 413 || huge.statusCode === 400);
      assert.equal((await tenant()).settings.sending_domain_pending, undefined);

      for (const csrf of ['', 'forged']) {
        assert.equal((await admin.post('/admin/domain', { domain: DOMAIN }, { csrf })).statusCode, 403);
        assert.equal((await admin.post('/admin/domain/check', {}, { csrf })).statusCode, 403);
      }
      assert.equal((await tenant()).settings.sending_domain_pending, undefined);

      await f.db.storage.repos.users.create({ tenantId: f.tenant.id, email: 'editor@atelier.example', role: 'editor', passwordHash: await hashPassword(PASSWORD) });
      const editor = await client(app, 'editor@atelier.example', 'atelier');
      assert.equal((await editor.get('/admin/domain')).statusCode, 403);
      const csrf = /name="csrf" value="([^"]+)"/.exec((await editor.get('/admin')).body)![1]!;
      for (const path of ['/admin/domain', '/admin/domain/check', '/admin/domain/cancel']) {
        assert.equal((await editor.post(path, { domain: DOMAIN }, { csrf })).statusCode, 403, path);
      }
      assert.equal((await tenant()).settings.sending_domain_pending, undefined);
    });

    test('another association sees only its own domain', async () => {
      await admin.post('/admin/domain', { domain: DOMAIN }, { from: '/admin/domain' });
      const other = await client(app, 'admin@chorale.example', 'chorale');
      const page = await other.get('/admin/domain');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /velo-solidaire\.example/);
      await other.post('/admin/domain/check', {}, { from: '/admin/domain' });
      assert.equal((await tenant()).settings.domain_check, null);
    });
  });
}
