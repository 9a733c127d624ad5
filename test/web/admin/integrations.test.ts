// Integrations pages: API keys (created in the interface, used on /api/v1, revoked), SMTP
// credentials (password once, host and ports), webhooks (https only, secret once, disable, enable,
// delete); admins only, CSRF, hostile input, other tenants' ids.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { smtpSecretMatches } from '../../../src/core/auth/smtp-credential.ts';
import { secretMatches, parseApiKey } from '../../../src/core/auth/apikey.ts';
import { setUp, type AdminFixture } from './fixture.ts';
import { assertLabelled, assertSafePage, client, editorOf, HOSTILE, HUGE, type Client } from './settings-helpers.ts';

/** The text inside the one-time secret block of a page. */
function secretOf(body: string): string {
  const m = /<code class="secret">([^<]+)<\/code>/.exec(body);
  assert.ok(m, 'the page shows the secret');
  return m[1]!;
}

for (const dialect of testDialects()) {
  describe(`admin integrations (${dialect})`, () => {
    let f: AdminFixture;
    let admin: Client;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
      admin = await client(f.app, 'admin@atelier.example', 'atelier');
    });
    after(async () => {
      await f.close();
    });
    const repos = () => f.db.storage.repos;
    const api = (key: string) => f.app.inject({ method: 'GET', url: '/api/v1/lists', headers: { authorization: `Bearer ${key}` } });

    test('the overview is safe and labelled, and the forms have labels', async () => {
      const res = await admin.get('/admin/integrations');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'integrations');
      assert.match(res.body, /Aucune clé d’API/);
      for (const path of ['/admin/integrations/keys/new', '/admin/integrations/smtp/new', '/admin/integrations/webhooks/new']) {
        const page = await admin.get(path);
        assert.equal(page.statusCode, 200, path);
        assertSafePage(page, path);
        assertLabelled(page.body);
      }
    });

    test('an API key created here works on /api/v1 until it is revoked; the secret is shown once', async () => {
      const res = await admin.post('/admin/integrations/keys/new', { name: 'Paheko sync', scopes: ['read', 'write', 'bogus'] }, { from: '/admin/integrations/keys/new' });
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'key created');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /ne sera plus jamais affiché/);
      const key = secretOf(res.body);
      const [row] = await repos().apiKeys.list(f.tenant.id);
      assert.ok(row);
      assert.deepEqual(row.scopes, ['read', 'write']);
      assert.ok(secretMatches(parseApiKey(key)!.secret, row.secretHash));
      assert.equal((await api(key)).statusCode, 200);

      const list = await admin.get('/admin/integrations');
      assert.match(list.body, /Paheko sync/);
      assert.match(list.body, new RegExp(`fct_${row.prefix}_…`));
      assert.ok(!list.body.includes(key), 'the overview never shows the secret');
      assert.ok(!list.body.includes(parseApiKey(key)!.secret));

      const confirm = await admin.get(`/admin/integrations/keys/${row.id}/revoke`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Révoquer la clé/);
      assert.ok(!confirm.body.includes(parseApiKey(key)!.secret));
      const revoked = await admin.post(`/admin/integrations/keys/${row.id}/revoke`, {});
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, '/admin/integrations?done=keyRevoked');
      assert.equal((await api(key)).statusCode, 401);
      assert.equal((await admin.post(`/admin/integrations/keys/${row.id}/revoke`, {})).statusCode, 404, 'revoking twice');
      assert.equal((await admin.get(`/admin/integrations/keys/${row.id}/revoke`)).statusCode, 404);
    });

    test('key form: no scope, empty, hostile or huge names are refused and kept', async () => {
      const none = await admin.post('/admin/integrations/keys/new', { name: 'x' }, { from: '/admin/integrations/keys/new' });
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /Cochez au moins un droit/);
      assert.match(none.body, /value="x"/);
      const empty = await admin.post('/admin/integrations/keys/new', { name: '   ', scopes: 'read' });
      assert.equal(empty.statusCode, 422);
      const crlf = await admin.post('/admin/integrations/keys/new', { name: 'a\r\nb', scopes: 'read' });
      assert.equal(crlf.statusCode, 422);
      const huge = await admin.post('/admin/integrations/keys/new', { name: HUGE.slice(0, 50_000), scopes: 'read' });
      assert.equal(huge.statusCode, 422);
      assert.ok(huge.body.length < 20_000, 'the huge value is not sent back whole');
      const over = await admin.post('/admin/integrations/keys/new', { name: HUGE, scopes: 'read' });
      assert.ok(over.statusCode === 413 || over.statusCode === 400);
      assert.equal((await repos().apiKeys.list(f.tenant.id)).length, 0);
      const hostile = await admin.post('/admin/integrations/keys/new', { name: HOSTILE, scopes: 'send' });
      assert.equal(hostile.statusCode, 200);
      assert.doesNotMatch(hostile.body, /<script>alert/);
      const list = await admin.get('/admin/integrations');
      assert.doesNotMatch(list.body, /<script>alert/);
      assert.match(list.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    });

    test('SMTP credential: password once with host and ports, senders default to the verified domain, revoke', async () => {
      const noDomain = await admin.post('/admin/integrations/smtp/new', { name: 'Paheko', senders: '' }, { from: '/admin/integrations/smtp/new' });
      assert.equal(noDomain.statusCode, 422);
      assert.match(noDomain.body, /au moins un domaine/);
      const bad = await admin.post('/admin/integrations/smtp/new', { name: 'Paheko', senders: 'asso.example\nnot a domain!' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /« domain! »|« not »/);
      assert.match(bad.body, /asso\.example/, 'typed senders are kept');

      await repos().tenants.updateSettings(f.tenant.id, { sending_domain: 'atelier.example' });
      const ok = await admin.post('/admin/integrations/smtp/new', { name: 'Paheko', senders: '' });
      assert.equal(ok.statusCode, 200);
      assertSafePage(ok, 'smtp created');
      const password = secretOf(ok.body);
      const [c] = await repos().smtpCredentials.list(f.tenant.id);
      assert.ok(c);
      assert.deepEqual(c.allowedSenders, ['atelier.example']);
      assert.ok(smtpSecretMatches(password, c.secretHash));
      assert.match(ok.body, new RegExp(c.username));
      assert.match(ok.body, /port 587 avec STARTTLS, ou port 465 avec TLS/);
      const list = await admin.get('/admin/integrations');
      assert.match(list.body, new RegExp(c.username));
      assert.ok(!list.body.includes(password));

      assert.equal((await admin.get(`/admin/integrations/smtp/${c.id}/revoke`)).statusCode, 200);
      const revoked = await admin.post(`/admin/integrations/smtp/${c.id}/revoke`, {});
      assert.equal(revoked.statusCode, 303);
      assert.equal(await repos().smtpCredentials.findActiveByUsername(c.username), undefined);
    });

    test('webhooks: https only (http to loopback allowed), secret once, disable, enable, delete with confirmation', async () => {
      const from = { from: '/admin/integrations/webhooks/new' };
      for (const [url, msg] of [
        ['http://paheko.example/hook', /doit commencer par https/],
        ['javascript:alert(1)', /n’est pas une URL valide/],
        ['https://user:pw@paheko.example/', /Retirez l’identifiant/],
        ['https://paheko.example/a\r\nb', /n’est pas une URL valide/],
        ['', /Indiquez l’adresse/],
      ] as const) {
        const res = await admin.post('/admin/integrations/webhooks/new', { url, description: 'kept', events: 'bounced' }, from);
        assert.equal(res.statusCode, 422, url);
        assert.match(res.body, msg, url);
        assert.match(res.body, /value="kept"/);
        assert.match(res.body, /value="bounced" checked/);
      }
      const local = await admin.post('/admin/integrations/webhooks/new', { url: 'http://127.0.0.1:8080/hook' });
      assert.equal(local.statusCode, 200);
      const res = await admin.post('/admin/integrations/webhooks/new', { url: `https://paheko.example/hook?x=${encodeURIComponent(HOSTILE)}`, description: HOSTILE, events: ['bounced', 'complained', 'nope'], raw: 'yes' });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /<script>alert/);
      const secret = secretOf(res.body);
      assert.match(secret, /^whsec_/);
      const page = await repos().webhooks.list(f.tenant.id);
      const w = page.items.find((x) => x.url.startsWith('https://'))!;
      assert.equal(w.secret, secret);
      assert.deepEqual(w.eventTypes, ['bounced', 'complained']);
      assert.equal(w.forwardRawBounces, true);
      const list = await admin.get('/admin/integrations');
      assert.ok(!list.body.includes(secret), 'the overview never shows the secret');
      assert.doesNotMatch(list.body, /<script>alert/);

      const off = await admin.post(`/admin/integrations/webhooks/${w.id}/disable`, {});
      assert.equal(off.headers.location, '/admin/integrations?done=webhookDisabled');
      assert.equal((await repos().webhooks.get(f.tenant.id, w.id))?.enabled, false);
      assert.match((await admin.get('/admin/integrations?done=webhookDisabled')).body, /Le webhook est désactivé/);
      await repos().webhooks.disable(w.id, 'HTTP 500 for 24 h', f.clock.now());
      assert.match((await admin.get('/admin/integrations')).body, /désactivé après 24 h d’échecs : HTTP 500 for 24 h/);
      const on = await admin.post(`/admin/integrations/webhooks/${w.id}/enable`, {});
      assert.equal(on.statusCode, 303);
      assert.equal((await repos().webhooks.get(f.tenant.id, w.id))?.enabled, true);

      assert.equal((await admin.get(`/admin/integrations/webhooks/${w.id}/delete`)).statusCode, 200);
      const del = await admin.post(`/admin/integrations/webhooks/${w.id}/delete`, {});
      assert.equal(del.headers.location, '/admin/integrations?done=webhookDeleted');
      assert.equal(await repos().webhooks.get(f.tenant.id, w.id), undefined);
    });

    test('an editor gets 403 on every page and action, and nothing changes', async () => {
      const editor = await editorOf(f);
      const k = await repos().apiKeys.create(f.tenant.id, { name: 'k', prefix: 'abcdefgh', secretHash: 'x', scopes: ['read'] });
      for (const path of ['/admin/integrations', '/admin/integrations/keys/new', '/admin/integrations/smtp/new', '/admin/integrations/webhooks/new', `/admin/integrations/keys/${k.id}/revoke`]) {
        assert.equal((await editor.get(path)).statusCode, 403, path);
      }
      const csrf = /name="csrf" value="([^"]+)"/.exec((await editor.get('/admin')).body)![1]!;
      const posts: [string, Record<string, string>][] = [
        ['/admin/integrations/keys/new', { name: 'x', scopes: 'read' }],
        [`/admin/integrations/keys/${k.id}/revoke`, {}],
        ['/admin/integrations/smtp/new', { name: 'x', senders: 'a.example' }],
        ['/admin/integrations/webhooks/new', { url: 'https://a.example/' }],
      ];
      for (const [path, fields] of posts) assert.equal((await editor.post(path, fields, { csrf })).statusCode, 403, path);
      assert.equal((await repos().apiKeys.list(f.tenant.id)).length, 1);
      assert.equal((await repos().apiKeys.list(f.tenant.id))[0]!.revokedAt, null);
      assert.equal((await repos().smtpCredentials.list(f.tenant.id)).length, 0);
    });

    test('CSRF: without or with a wrong token, 403 and nothing created or revoked', async () => {
      const k = await repos().apiKeys.create(f.tenant.id, { name: 'k', prefix: 'abcdefgh', secretHash: 'x', scopes: ['read'] });
      for (const csrf of ['', 'forged']) {
        assert.equal((await admin.post('/admin/integrations/keys/new', { name: 'x', scopes: 'read' }, { csrf })).statusCode, 403);
        assert.equal((await admin.post(`/admin/integrations/keys/${k.id}/revoke`, {}, { csrf })).statusCode, 403);
        assert.equal((await admin.post('/admin/integrations/webhooks/new', { url: 'https://a.example/' }, { csrf })).statusCode, 403);
      }
      assert.equal((await repos().apiKeys.list(f.tenant.id)).length, 1);
      assert.equal((await repos().apiKeys.list(f.tenant.id))[0]!.revokedAt, null);
      assert.equal((await repos().webhooks.list(f.tenant.id)).items.length, 0);
    });

    test('another tenant’s keys, credentials and webhooks are 404 and untouched', async () => {
      const k = await repos().apiKeys.create(f.other.id, { name: 'theirs', prefix: 'zzzzzzzz', secretHash: 'x', scopes: ['read'] });
      const c = await repos().smtpCredentials.create(f.other.id, { name: 'theirs', username: 'chorale-x', secretHash: 'x', allowedSenders: ['chorale.example'] });
      const w = await repos().webhooks.create(f.other.id, { url: 'https://chorale.example/', secret: 'whsec_x' });
      for (const path of [`/admin/integrations/keys/${k.id}/revoke`, `/admin/integrations/smtp/${c.id}/revoke`, `/admin/integrations/webhooks/${w.id}/delete`, '/admin/integrations/keys/abc/revoke']) {
        assert.equal((await admin.get(path)).statusCode, 404, `GET ${path}`);
        assert.equal((await admin.post(path, {})).statusCode, 404, `POST ${path}`);
      }
      for (const a of ['disable', 'enable']) assert.equal((await admin.post(`/admin/integrations/webhooks/${w.id}/${a}`, {})).statusCode, 404);
      assert.equal((await repos().apiKeys.list(f.other.id))[0]!.revokedAt, null);
      assert.equal((await repos().smtpCredentials.get(f.other.id, c.id))?.revokedAt, null);
      assert.equal((await repos().webhooks.get(f.other.id, w.id))?.enabled, true);
      const list = await admin.get('/admin/integrations');
      assert.doesNotMatch(list.body, /theirs|chorale\.example/);
    });
  });
}
