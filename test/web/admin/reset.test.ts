// Password reset by e-mail: the forgot form (same answer whether the account exists, throttled,
// CSRF-bound to the pre-session cookie), the mail queued through facteur itself, and the one-time
// link (1 hour, dies with the password, forged or tampered links refused with one page).
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, testDialects } from '../../helpers/db.ts';
import { buildServer } from '../../../src/web/server.ts';
import { validateConfig } from '../../../src/config/index.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { setUp, signIn, FORM, PASSWORD, type AdminFixture } from './fixture.ts';
import { Anonymous, assertLabelled, assertSafePage, giveSendingDomain, HOSTILE, linkOf, queuedMail, waitForMail } from './team-helpers.ts';

const PUBLIC = 'https://facteur.example.org';
const NEW_PASSWORD = 'un vélo rouge sous la pluie';
const FORGOT = '/admin/password/forgot';

for (const dialect of testDialects()) {
  describe(`admin password reset (${dialect})`, () => {
    let f: AdminFixture;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect, { publicUrl: PUBLIC });
      await giveSendingDomain(f.db, f.tenant.id, 'atelier.example');
    });
    after(async () => {
      await f.close();
    });

    const admin = () => f.db.storage.repos.users.findByEmail(f.tenant.id, 'admin@atelier.example');
    /** Asks for a link for the atelier admin and returns the link's path. */
    async function askLink(lang = 'fr'): Promise<string> {
      const before = (await queuedMail(f.db, f.tenant.id)).length;
      const res = await new Anonymous(f.app).submit(`${FORGOT}?lang=${lang}`, { email: 'Admin@Atelier.example', tenant: 'atelier' });
      assert.equal(res.statusCode, 303);
      const mail = await waitForMail(f.db, f.tenant.id, before + 1);
      assert.equal(mail.length, before + 1);
      return linkOf(mail.at(-1)!.markdown, PUBLIC);
    }

    test('the sign-in page links to the forgot form, which is labelled, safe, French and English', async () => {
      const login = await f.app.inject({ method: 'GET', url: '/admin/login' });
      assert.match(login.body, /<a href="\/admin\/password\/forgot\?lang=fr">Mot de passe oublié \?<\/a>/);
      const fr = await f.app.inject({ method: 'GET', url: FORGOT });
      assert.equal(fr.statusCode, 200);
      assertSafePage(fr, 'forgot');
      assertLabelled(fr.body);
      assert.match(fr.body, /<html lang="fr">/);
      assert.match(fr.body, /facteur user reset-password/, 'operators are told what to do');
      const en = await f.app.inject({ method: 'GET', url: `${FORGOT}?lang=en` });
      assert.match(en.body, /Forgot your password/);
    });

    test('an existing and an unknown account get the same answer; only the existing one gets a mail', async () => {
      const unknown = await new Anonymous(f.app).submit(FORGOT, { email: 'nobody@atelier.example', tenant: 'atelier' });
      const noTenant = await new Anonymous(f.app).submit(FORGOT, { email: 'admin@atelier.example', tenant: 'no-such-association' });
      const known = await new Anonymous(f.app).submit(FORGOT, { email: 'admin@atelier.example', tenant: 'atelier' });
      for (const r of [unknown, noTenant, known]) {
        assert.equal(r.statusCode, 303);
        assert.equal(r.headers.location, `${FORGOT}?sent=1&lang=fr`);
        assert.equal(r.body, known.body);
      }
      const mail = await waitForMail(f.db, f.tenant.id, 1);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual((await queuedMail(f.db, f.tenant.id)).length, 1, 'one message, for the existing account');
      assert.equal((await queuedMail(f.db, f.other.id)).length, 0);
      assert.equal(mail[0]!.recipient, 'admin@atelier.example');
      assert.match(mail[0]!.subject, /Atelier Vélo : choisir un nouveau mot de passe/);
      const link = linkOf(mail[0]!.markdown, PUBLIC);
      assert.match(link, /^\/admin\/password\/reset\/\d+\.[0-9a-z]+\.r\.[A-Za-z0-9_-]{43}\?lang=fr$/);
      assert.match(mail[0]!.markdown, /1 heure/);
      assert.match(mail[0]!.markdown, /atelier/, 'the association identifier to sign in with');
      const sent = await f.app.inject({ method: 'GET', url: String(known.headers.location) });
      assert.equal(sent.statusCode, 200);
      assertSafePage(sent, 'sent');
      assert.match(sent.body, /Si un compte correspond/);
    });

    test('the mail is in the language of the request', async () => {
      await askLink('en');
      const [mail] = await queuedMail(f.db, f.tenant.id);
      assert.match(mail!.subject, /Atelier Vélo: choose a new password/);
      assert.match(mail!.markdown, /valid for 1 hour/);
      assert.match(linkOf(mail!.markdown, PUBLIC), /\?lang=en$/);
    });

    test('the link sets a new password once: the old one fails, the new one signs in, sessions end', async () => {
      const s1 = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      const s2 = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      const link = await askLink();
      const hashBefore = (await admin())!.passwordHash;

      const form = await f.app.inject({ method: 'GET', url: link });
      assert.equal(form.statusCode, 200);
      assertSafePage(form, 'reset form');
      assertLabelled(form.body);
      assert.match(form.body, /admin@atelier\.example/);
      assert.match(form.body, /autocomplete="new-password"/);
      await f.app.inject({ method: 'GET', url: link });
      assert.equal((await admin())!.passwordHash, hashBefore, 'GET changes nothing');

      const browser = new Anonymous(f.app);
      const bad = [
        [{ password: 'short', confirm: 'short' }, /trop court/],
        [{ password: NEW_PASSWORD, confirm: NEW_PASSWORD + 'x' }, /pas identiques/],
        [{ password: 'admin@atelier.example', confirm: 'admin@atelier.example' }, /votre adresse e-mail/],
        [{ password: 'x'.repeat(1025), confirm: 'x'.repeat(1025) }, /trop long/],
      ] as const;
      for (const [fields, error] of bad) {
        const r = await browser.submit(link, { ...fields });
        assert.equal(r.statusCode, 422, JSON.stringify(fields).slice(0, 60));
        assert.match(r.body, error);
        assert.match(r.body, /role="alert" id="reset-error"/);
        assert.match(r.body, /aria-describedby="reset-error password-hint"/);
        assert.doesNotMatch(r.body, /value="short"/, 'passwords are never sent back');
      }
      assert.equal((await admin())!.passwordHash, hashBefore);

      const ok = await browser.submit(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/admin/login?lang=fr&password=set&tenant=atelier');
      const login = await f.app.inject({ method: 'GET', url: String(ok.headers.location) });
      assert.match(login.body, /Votre mot de passe est enregistré/);
      assert.match(login.body, /id="tenant"[^>]*value="atelier"/, 'the association is filled in');

      for (const s of [s1, s2]) {
        const dash = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie: s.cookie } });
        assert.equal(dash.statusCode, 303, 'every session of the user ended');
        assert.match(String(dash.headers.location), /^\/admin\/login/);
      }
      assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier', password: PASSWORD })).res.statusCode, 401, 'old password fails');
      assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier', password: NEW_PASSWORD })).res.statusCode, 303, 'new password signs in');

      const again = await f.app.inject({ method: 'GET', url: link });
      assert.equal(again.statusCode, 400, 'the link works once');
      assert.match(again.body, /Lien invalide ou expiré/);
      const replay = await browser.submit(FORGOT, { password: 'another long password', confirm: 'another long password' }, link);
      assert.equal(replay.statusCode, 400);
      assert.ok(await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier', password: NEW_PASSWORD }).then((s) => s.res.statusCode === 303));
    });

    test('expired, tampered, forged and malformed links all get the same page', async () => {
      const link = await askLink();
      const [path, query] = link.split('?') as [string, string];
      const token = path.split('/').at(-1)!;
      const [id, exp, purpose, sig] = token.split('.') as [string, string, string, string];
      const chorale = await f.db.storage.repos.users.findByEmail(f.other.id, 'admin@chorale.example');
      const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      const variants = [
        `${id}.${exp}.${purpose}.${flip(sig)}`, // signature changed
        `${chorale!.id}.${exp}.${purpose}.${sig}`, // another user
        `${id}.${(parseInt(exp, 36) + 86400_000).toString(36)}.${purpose}.${sig}`, // expiry pushed back
        `${id}.${exp}.i.${sig}`, // reset link made an invitation (7 days)
        'not-a-token',
        `${id}.${exp}.${purpose}`,
      ];
      const bodies = new Set<string>();
      for (const v of variants) {
        const r = await f.app.inject({ method: 'GET', url: `/admin/password/reset/${v}?${query}` });
        assert.equal(r.statusCode, 400, v);
        assertSafePage(r, v);
        bodies.add(r.body);
        const post = await new Anonymous(f.app).submit(FORGOT, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, `/admin/password/reset/${v}?${query}`);
        assert.equal(post.statusCode, 400, `POST ${v}`);
      }
      assert.equal((await f.app.inject({ method: 'GET', url: link })).statusCode, 200, 'the real link still works');
      f.clock.advance(3600_000);
      const expired = await f.app.inject({ method: 'GET', url: link });
      assert.equal(expired.statusCode, 400, 'expired after 1 hour');
      bodies.add(expired.body);
      assert.equal(bodies.size, 1, 'one page for every reason');
      assert.ok((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie, 'the password did not change');
    });

    test('the forgot form is throttled per account and per IP (429 with Retry-After)', async () => {
      const ask = (email: string, ip: string) => new Anonymous(f.app).submit(FORGOT, { email, tenant: 'atelier' }, FORGOT, { ip });
      for (let i = 0; i < 3; i++) assert.equal((await ask('admin@atelier.example', `10.0.0.${i + 1}`)).statusCode, 303);
      const limited = await ask('ADMIN@atelier.example', '10.0.0.9');
      assert.equal(limited.statusCode, 429, 'per account, whatever the IP');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.match(limited.body, /Trop de tentatives/);
      assert.match(limited.body, /value="ADMIN@atelier.example"/, 'typed values kept');
      // Per IP: 10 requests for various accounts, then a wait.
      for (let i = 0; i < 10; i++) assert.equal((await ask(`someone${i}@atelier.example`, '10.0.1.1')).statusCode, 303);
      assert.equal((await ask('someone-else@atelier.example', '10.0.1.1')).statusCode, 429, 'per IP');
      assert.equal((await ask('someone-else@atelier.example', '10.0.1.2')).statusCode, 303, 'another IP is not held');
      await waitForMail(f.db, f.tenant.id, 3);
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 3, 'no mail for throttled requests');
    });

    test('forms without or with a wrong CSRF token get 403 and change nothing', async () => {
      for (const csrf of [null, 'forged-token']) {
        const r = await new Anonymous(f.app).submit(FORGOT, { email: 'admin@atelier.example', tenant: 'atelier' }, FORGOT, { csrf });
        assert.equal(r.statusCode, 403);
      }
      const noCookie = await f.app.inject({ method: 'POST', url: FORGOT, headers: FORM, payload: 'email=admin%40atelier.example&tenant=atelier&csrf=x' });
      assert.equal(noCookie.statusCode, 403);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 0);

      const link = await askLink();
      const hash = (await admin())!.passwordHash;
      for (const csrf of [null, 'forged-token']) {
        const r = await new Anonymous(f.app).submit(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, link, { csrf });
        assert.equal(r.statusCode, 403);
      }
      assert.equal((await admin())!.passwordHash, hash);
    });

    test('hostile input is escaped, and missing fields are asked for again', async () => {
      const browser = new Anonymous(f.app);
      const missing = await browser.submit(FORGOT, { email: HOSTILE, tenant: '' });
      assert.equal(missing.statusCode, 422);
      assertSafePage(missing, 'missing');
      assert.match(missing.body, /role="alert" id="forgot-error"/);
      assert.ok(missing.body.includes('value="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"'));
      for (const fields of [
        { email: 'admin@atelier.example\r\nBcc: victim@example.net', tenant: 'atelier' },
        { email: HOSTILE, tenant: `atelier\r\n${HOSTILE}` },
        { email: 'a'.repeat(30_000) + '@example.net', tenant: 'b'.repeat(30_000) },
      ]) {
        const r = await browser.submit(FORGOT, fields);
        assert.equal(r.statusCode, 303);
      }
      const huge = await browser.submit(FORGOT, { email: 'a'.repeat(100_000), tenant: 'atelier' });
      assert.equal(huge.statusCode, 413, 'a 100 KB form is refused whole');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 0, 'no account matched');
    });

    test('a hostile association name is escaped in the mail (Markdown); a line break never reaches a header', async () => {
      await f.db.storage.db.updateTable('tenants').set({ name: 'Vélo [clic](https://evil.example) <b>x</b>' }).where('id', '=', f.tenant.id).execute();
      await askLink();
      const [mail] = await queuedMail(f.db, f.tenant.id);
      assert.equal(mail!.subject, 'Vélo [clic](https://evil.example) <b>x</b> : choisir un nouveau mot de passe', 'the subject is plain text');
      assert.ok(mail!.markdown.includes('Vélo \\[clic\\]\\(https\\://evil\\.example\\) \\<b\\>x\\</b\\>'), mail!.markdown);
      assert.doesNotMatch(mail!.markdown, /\]\(https:\/\/evil/, 'no link but ours');
      // A name with CR/LF (only the CLI can set one) is refused by the composer: nothing is queued.
      await f.db.storage.db.updateTable('tenants').set({ name: 'Vélo\r\nBcc: x@evil.example' }).where('id', '=', f.tenant.id).execute();
      const res = await new Anonymous(f.app).submit(FORGOT, { email: 'admin@atelier.example', tenant: 'atelier' });
      assert.equal(res.statusCode, 303, 'the same answer');
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 1);
    });

    test('without a platform secret the feature says it is unavailable', async () => {
      const db = await openTestDb(dialect);
      const app = await buildServer({ config: validateConfig({ server: { public_url: PUBLIC } }), storage: db.storage, logger: silentLogger(), secret: undefined });
      try {
        const page = await app.inject({ method: 'GET', url: FORGOT });
        assert.equal(page.statusCode, 503);
        assert.match(page.body, /Fonction indisponible/);
        assert.equal((await app.inject({ method: 'GET', url: '/admin/password/reset/1.abc.r.' + 'A'.repeat(43) })).statusCode, 503);
      } finally {
        await app.close();
        await db.dispose();
      }
    });
  });
}
