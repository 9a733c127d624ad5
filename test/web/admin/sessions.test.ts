// Sign-in, sessions, CSRF and the sign-in throttle of the admin interface, through the real app.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, setCookie, cookieValue, csrfOf, FORM, type AdminFixture } from './fixture.ts';
import { hashToken } from '../../../src/web/admin/security.ts';

for (const dialect of testDialects()) {
  describe(`admin sessions (${dialect})`, () => {
    let f: AdminFixture;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
    });
    after(async () => {
      await f.close();
    });

    test('signing in with the right password opens a session: hardened cookie, redirect to the dashboard', async () => {
      const { res, cookie } = await signIn(f.app, { email: 'Admin@Atelier.example', tenant: 'atelier' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin');
      const line = setCookie(res.headers, 'facteur_session')!;
      assert.match(line, /; Path=\/admin(;|$)/);
      assert.match(line, /; HttpOnly(;|$)/);
      assert.match(line, /; SameSite=Lax(;|$)/);
      assert.doesNotMatch(line, /Secure/, 'no Secure flag over plain http');
      const dash = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
      assert.equal(dash.statusCode, 200);
      assert.match(dash.body, /Atelier Vélo/);
      assert.equal((await f.db.storage.repos.users.findByEmail(f.tenant.id, 'admin@atelier.example'))?.lastLoginAt, f.clock.now());
    });

    test('only a hash of the session token is stored', async () => {
      const { cookie } = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      const token = cookie.split('=')[1]!;
      const rows = await (f.db.storage.db as unknown as { selectFrom(t: string): { selectAll(): { execute(): Promise<{ token_hash: string }[]> } } })
        .selectFrom('admin_sessions')
        .selectAll()
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.token_hash, hashToken(token));
      assert.ok(!JSON.stringify(rows).includes(token));
    });

    test('the cookie is Secure when public_url is https', async () => {
      await f.close();
      f = await setUp(dialect, { publicUrl: 'https://facteur.example.org' });
      const { res } = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      assert.match(setCookie(res.headers, 'facteur_session')!, /; Secure(;|$)/);
    });

    test('wrong password, unknown user, wrong tenant: the same message and status', async () => {
      const attempts = [
        { email: 'admin@atelier.example', tenant: 'atelier', password: 'wrong' },
        { email: 'nobody@atelier.example', tenant: 'atelier' },
        { email: 'admin@atelier.example', tenant: 'chorale' },
        { email: 'admin@atelier.example', tenant: 'no-such-tenant' },
        { email: 'admin@atelier.example', tenant: '' },
      ];
      const bodies = new Set<string>();
      for (const a of attempts) {
        const { res, cookie } = await signIn(f.app, a);
        assert.equal(res.statusCode, 401, JSON.stringify(a));
        assert.equal(cookie, '', 'no session cookie');
        const msg = /<p class="error" role="alert"[^>]*>([^<]*)<\/p>/.exec(res.body)?.[1];
        assert.ok(msg, 'an error is shown');
        bodies.add(msg);
      }
      assert.deepEqual([...bodies], ['Adresse e-mail, mot de passe ou association incorrects.']);
    });

    test('hostile sign-in input (markup, CR/LF, huge values) is echoed escaped and fails like any other', async () => {
      const { res } = await signIn(f.app, { email: '"><script>alert(1)</script>\r\nSet-Cookie: x=1', tenant: '<b>atelier</b>\r\n' + 'x'.repeat(5000), password: 'p'.repeat(50_000) });
      assert.equal(res.statusCode, 401);
      assert.doesNotMatch(res.body, /<script|<b>/);
      assert.match(res.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.equal(setCookie(res.headers, 'x'), undefined);
      const tooBig = await f.app.inject({ method: 'POST', url: '/admin/login', headers: FORM, payload: 'email=' + 'a'.repeat(100_000) });
      assert.equal(tooBig.statusCode, 413);
      assert.doesNotMatch(tooBig.body, /aaaa/);
      assert.match(tooBig.body, /<h1>Formulaire trop long<\/h1><p>Ce formulaire contient plus de texte que facteur n’en accepte \(64 Ko\)/, 'says what was wrong and what to do');
    });

    test('an operator signs in with no tenant and sees the tenants', async () => {
      const { res, cookie } = await signIn(f.app, { email: 'ops@host.example' });
      assert.equal(res.statusCode, 303);
      const dash = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
      assert.match(dash.body, /Chorale/);
      assert.match(dash.body, /opérateur de la plateforme/);
      const report = await f.app.inject({ method: 'GET', url: `/admin/campaigns/${f.campaign.id}`, headers: { cookie } });
      assert.equal(report.statusCode, 404, 'no tenant pages for operators yet');
    });

    test('without a session, pages redirect to sign-in', async () => {
      for (const url of ['/admin', `/admin/campaigns/${f.campaign.id}`, `/admin/campaigns/${f.campaign.id}/failures.csv`]) {
        const res = await f.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 303, url);
        assert.equal(res.headers.location, '/admin/login');
      }
      const bogus = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie: 'facteur_session=forged' } });
      assert.equal(bogus.headers.location, '/admin/login?expired=1');
    });

    test('sign-in is refused without the form token, or with one from another browser', async () => {
      const noToken = await f.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: FORM,
        payload: new URLSearchParams({ email: 'admin@atelier.example', password: 'x', tenant: 'atelier' }).toString(),
      });
      assert.equal(noToken.statusCode, 403);
      const page = await f.app.inject({ method: 'GET', url: '/admin/login' });
      const other = await f.app.inject({ method: 'GET', url: '/admin/login' });
      const res = await f.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { ...FORM, cookie: `facteur_pre=${cookieValue(setCookie(other.headers, 'facteur_pre'))}` },
        payload: new URLSearchParams({ csrf: csrfOf(page.body), email: 'admin@atelier.example', password: 'correct horse battery staple', tenant: 'atelier' }).toString(),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(setCookie(res.headers, 'facteur_session'), undefined);
    });

    test('logout needs the session CSRF token: refused without it or with a wrong one, then works', async () => {
      const { cookie } = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      const dash = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
      const csrf = csrfOf(dash.body);
      for (const payload of ['', 'csrf=', `csrf=${csrf.slice(0, -2)}xx`]) {
        const res = await f.app.inject({ method: 'POST', url: '/admin/logout', headers: { ...FORM, cookie }, payload });
        assert.equal(res.statusCode, 403, `payload ${payload}`);
        assert.match(res.body, /Ce formulaire a expiré/);
      }
      assert.equal((await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } })).statusCode, 200, 'still signed in');
      const out = await f.app.inject({ method: 'POST', url: '/admin/logout', headers: { ...FORM, cookie }, payload: `csrf=${encodeURIComponent(csrf)}` });
      assert.equal(out.statusCode, 303);
      assert.match(setCookie(out.headers, 'facteur_session')!, /Max-Age=0/);
      const after = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
      assert.equal(after.statusCode, 303, 'the old cookie no longer works');
    });

    test('sessions end after two idle hours, and after twelve hours whatever happens', async () => {
      const { cookie } = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      f.clock.advance(2 * 3600_000 - 1000);
      assert.equal((await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } })).statusCode, 200);
      // Used every hour: still alive up to 11 h 59 min 59 s, gone at 12 h 59 min 59 s.
      for (let i = 0; i < 11; i++) {
        f.clock.advance(3600_000);
        const res = await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
        if (i < 10) assert.equal(res.statusCode, 200, `hour ${i}`);
        else assert.equal(res.headers.location, '/admin/login?expired=1', 'past 12 hours');
      }
      const idle = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      f.clock.advance(2 * 3600_000);
      assert.equal((await f.app.inject({ method: 'GET', url: '/admin', headers: { cookie: idle.cookie } })).statusCode, 303);
    });

    test('repeated failures slow the account down, even with the right password', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier', password: 'nope' })).res.statusCode, 401);
      // Five free failures, then a wait of 1 s, doubling with each further failure.
      const right = await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' });
      assert.equal(right.res.statusCode, 429);
      assert.ok(Number(right.res.headers['retry-after']) >= 1);
      assert.match(right.res.body, /Trop de tentatives/);
      f.clock.advance(1000);
      assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier', password: 'nope' })).res.statusCode, 401);
      f.clock.advance(1000);
      assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).res.statusCode, 429, 'now 2 s');
      f.clock.advance(1000);
      assert.equal((await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).res.statusCode, 303);
      // Another account from the same address is not held back by this one's failures.
      assert.equal((await signIn(f.app, { email: 'admin@chorale.example', tenant: 'chorale' })).res.statusCode, 303);
    });
  });
}
