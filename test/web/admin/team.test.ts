// The team page: members, invitations (a mailed 7-day link that sets the password), role changes,
// removal with confirmation, the last admin kept, editors read-only, CSRF, tenant isolation and
// hostile names.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { hashPassword } from '../../../src/core/auth/password.ts';
import { setUp, signIn, csrfOf, FORM, PASSWORD, type AdminFixture } from './fixture.ts';
import { Anonymous, assertLabelled, assertSafePage, giveSendingDomain, HOSTILE, linkOf, queuedMail } from './team-helpers.ts';

const PUBLIC = 'https://facteur.example.org';
const DAY = 24 * 3600_000;

for (const dialect of testDialects()) {
  describe(`admin team (${dialect})`, () => {
    let f: AdminFixture;
    let cookie: string;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect, { publicUrl: PUBLIC });
      await giveSendingDomain(f.db, f.tenant.id, 'atelier.example');
      cookie = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie;
    });
    after(async () => {
      await f.close();
    });

    const users = () => f.db.storage.repos.users;
    const me = async () => (await users().findByEmail(f.tenant.id, 'admin@atelier.example'))!;
    const get = (url: string, as = cookie) => f.app.inject({ method: 'GET', url, headers: { cookie: as } });
    /** Posts a form with the session's token (read from `from`), or with `csrf` when given (null: none). */
    async function post(url: string, fields: Record<string, string>, opts: { as?: string; from?: string; csrf?: string | null } = {}) {
      const as = opts.as ?? cookie;
      const csrf = opts.csrf === undefined ? csrfOf((await get(opts.from ?? '/admin', as)).body) : opts.csrf;
      const payload = new URLSearchParams(csrf === null ? fields : { csrf, ...fields }).toString();
      return f.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: as }, payload });
    }
    const invite = (fields: Partial<Record<'email' | 'name' | 'role' | 'lang', string>>, opts: { as?: string; csrf?: string | null } = {}) =>
      post('/admin/team/invite', { email: '', name: '', role: 'editor', lang: 'fr', ...fields }, { from: '/admin/team', ...opts });
    async function addEditor(email = 'redac@atelier.example') {
      const user = await users().create({ tenantId: f.tenant.id, email, name: 'Rédac', role: 'editor', passwordHash: await hashPassword(PASSWORD) });
      const session = await signIn(f.app, { email, tenant: 'atelier' });
      return { user, cookie: session.cookie };
    }

    test('the team page lists the members with role and last sign-in, and is labelled and safe', async () => {
      const res = await get('/admin/team');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'team');
      assertLabelled(res.body);
      assert.match(res.body, /<caption>Membres de l’équipe<\/caption>/);
      assert.match(res.body, /<td class="wrap">admin@atelier\.example<\/td>\s*<td>Administrateur·rice<\/td>/);
      assert.match(res.body, /\(vous\)/);
      assert.doesNotMatch(res.body, /admin@chorale\.example/, 'only this association');
      assert.doesNotMatch(res.body, /ops@host\.example/);
      assert.match(res.body, /<form method="post" action="\/admin\/team\/invite"/);
      assert.match(res.body, /<a href="\/admin\/team">Équipe<\/a>|aria-current="page">Équipe/);
      assert.match((await get('/admin/team?done=<script>')).body, /Équipe/, 'unknown notices are ignored');
      assert.doesNotMatch((await get('/admin/team?done=<script>')).body, /&lt;script/);
    });

    test('an invitation creates the account and queues a mail whose link sets the password (7 days)', async () => {
      const res = await invite({ email: 'Nouvelle@Atelier.example', name: 'Nouvelle Bénévole', role: 'editor' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/team?done=invited');
      assert.match((await get('/admin/team?done=invited')).body, /role="status">Invitation envoyée\./);
      const user = await users().findByEmail(f.tenant.id, 'nouvelle@atelier.example');
      assert.ok(user);
      assert.equal(user.role, 'editor');
      assert.equal(user.name, 'Nouvelle Bénévole');
      assert.equal((await signIn(f.app, { email: 'nouvelle@atelier.example', tenant: 'atelier', password: '' })).res.statusCode, 401, 'no usable password yet');

      const [mail] = await queuedMail(f.db, f.tenant.id);
      assert.equal(mail!.recipient, 'nouvelle@atelier.example');
      assert.match(mail!.subject, /Invitation à rejoindre l’équipe de Atelier Vélo/);
      assert.match(mail!.markdown, /admin\\@atelier\\\.example vous invite/);
      assert.match(mail!.markdown, /7 jours/);
      const link = linkOf(mail!.markdown, PUBLIC);
      assert.match(link, /\.i\.[A-Za-z0-9_-]{43}\?lang=fr$/);

      f.clock.advance(6 * DAY);
      const page = await f.app.inject({ method: 'GET', url: link });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Bienvenue : choisissez votre mot de passe/);
      const set = await new Anonymous(f.app).submit(link, { password: 'une phrase assez longue', confirm: 'une phrase assez longue' });
      assert.equal(set.statusCode, 303);
      const s = await signIn(f.app, { email: 'nouvelle@atelier.example', tenant: 'atelier', password: 'une phrase assez longue' });
      assert.equal(s.res.statusCode, 303, 'the invited person signs in');
      assert.equal((await f.app.inject({ method: 'GET', url: link })).statusCode, 400, 'once');
    });

    test('an invitation link expires after 7 days; a new link can be sent', async () => {
      await invite({ email: 'tard@atelier.example', role: 'admin', lang: 'en' });
      const [mail] = await queuedMail(f.db, f.tenant.id);
      assert.match(mail!.subject, /Invitation to join the team of Atelier Vélo/);
      const link = linkOf(mail!.markdown, PUBLIC);
      assert.match(link, /\?lang=en$/);
      f.clock.advance(7 * DAY);
      assert.equal((await f.app.inject({ method: 'GET', url: link })).statusCode, 400);
      cookie = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie; // the session expired meanwhile
      const user = (await users().findByEmail(f.tenant.id, 'tard@atelier.example'))!;
      const resend = await post(`/admin/team/${user.id}/invite`, {}, { from: `/admin/team/${user.id}` });
      assert.equal(resend.statusCode, 303);
      assert.equal(resend.headers.location, `/admin/team/${user.id}?done=resent`);
      const all = await queuedMail(f.db, f.tenant.id);
      assert.equal(all.length, 2);
      assert.equal((await f.app.inject({ method: 'GET', url: linkOf(all[1]!.markdown, PUBLIC) })).statusCode, 200);
    });

    test('invitation errors: shown next to the field, typed values kept, nothing created', async () => {
      const bad = await invite({ email: 'pas-une-adresse', name: 'Quelqu’un', role: 'admin' });
      assert.equal(bad.statusCode, 422);
      assertSafePage(bad, 'invite error');
      assert.match(bad.body, /<p class="error" role="alert" id="invite-email-error">Cette adresse e-mail n’est pas valide/);
      assert.match(bad.body, /id="invite-email"[^>]*value="pas-une-adresse" aria-describedby="invite-email-error" aria-invalid="true"/);
      assert.match(bad.body, /value="Quelqu’un"/);
      assert.match(bad.body, /id="invite-role-admin" name="role" value="admin" checked/);
      assert.equal((await invite({ email: '' })).statusCode, 422);
      const dup = await invite({ email: 'ADMIN@atelier.example' });
      assert.equal(dup.statusCode, 422);
      assert.match(dup.body, /déjà partie de l’équipe/);
      const long = await invite({ email: 'long@atelier.example', name: 'n'.repeat(50_000) });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /Le nom est trop long/);
      assert.ok(long.body.length < 40_000, 'a huge value is not sent back whole');
      const huge = await invite({ email: 'x'.repeat(100_000) });
      assert.equal(huge.statusCode, 413);
      assert.equal((await users().listForTenant(f.tenant.id)).length, 1);
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 0);
    });

    test('hostile names are escaped on the pages and in the mail; CR/LF in a name becomes a space', async () => {
      assert.equal((await invite({ email: 'hostile@atelier.example', name: `${HOSTILE}\r\nBcc: x@evil.example` })).statusCode, 303);
      const user = (await users().findByEmail(f.tenant.id, 'hostile@atelier.example'))!;
      assert.equal(user.name, `${HOSTILE} Bcc: x@evil.example`);
      for (const url of ['/admin/team', `/admin/team/${user.id}`]) {
        const res = await get(url);
        assertSafePage(res, url);
        assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'), url);
      }
      const [mail] = await queuedMail(f.db, f.tenant.id);
      assert.ok(mail!.markdown.includes('\\<script\\>alert\\(1\\)\\</script\\>'), mail!.markdown);
      assert.doesNotMatch(mail!.markdown, /\r|\n.*Bcc/);
    });

    test('an admin changes a role; the last admin cannot demote or remove themselves', async () => {
      const self = await me();
      const demote = await post(`/admin/team/${self.id}/role`, { role: 'editor' }, { from: `/admin/team/${self.id}` });
      assert.equal(demote.statusCode, 409);
      assert.match(demote.body, /seule personne administratrice/);
      assert.match(demote.body, /role="alert" id="role-error"/);
      assert.equal((await me()).role, 'admin');
      const leave = await post(`/admin/team/${self.id}/remove`, { confirm: 'yes' }, { from: `/admin/team/${self.id}` });
      assert.equal(leave.statusCode, 409);
      assert.match(leave.body, /vous pourrez quitter l’équipe/);
      assert.ok(await users().get(self.id));

      const { user: editor } = await addEditor();
      const promote = await post(`/admin/team/${editor.id}/role`, { role: 'admin' }, { from: `/admin/team/${editor.id}` });
      assert.equal(promote.statusCode, 303);
      assert.equal(promote.headers.location, `/admin/team/${editor.id}?done=role`);
      assert.equal((await users().get(editor.id))!.role, 'admin');
      assert.equal((await post(`/admin/team/${editor.id}/role`, { role: 'owner' }, { from: `/admin/team/${editor.id}` })).statusCode, 422, 'unknown role');
      // With a second admin, stepping down is allowed; the page then is read-only.
      const down = await post(`/admin/team/${self.id}/role`, { role: 'editor' }, { from: `/admin/team/${self.id}` });
      assert.equal(down.statusCode, 303);
      assert.equal(down.headers.location, '/admin/team?done=role');
      assert.equal((await me()).role, 'editor');
      assert.equal((await get(`/admin/team/${self.id}`)).statusCode, 403, 'the change applies to the open session at once');
    });

    test('removal needs the confirmation box, ends the member’s sessions, and can be one’s own when another admin remains', async () => {
      const { user: editor, cookie: editorCookie } = await addEditor();
      const page = await get(`/admin/team/${editor.id}`);
      assert.equal(page.statusCode, 200);
      assertSafePage(page, 'member');
      assertLabelled(page.body);
      const unconfirmed = await post(`/admin/team/${editor.id}/remove`, {}, { from: `/admin/team/${editor.id}` });
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /Cochez la case/);
      assert.ok(await users().get(editor.id));
      const removed = await post(`/admin/team/${editor.id}/remove`, { confirm: 'yes' }, { from: `/admin/team/${editor.id}` });
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, '/admin/team?done=removed');
      assert.equal(await users().get(editor.id), undefined);
      assert.equal((await get('/admin', editorCookie)).statusCode, 303, 'their session ended');

      const other = await users().create({ tenantId: f.tenant.id, email: 'autre-admin@atelier.example', role: 'admin', passwordHash: 'x' });
      const self = await me();
      const leave = await post(`/admin/team/${self.id}/remove`, { confirm: 'yes' }, { from: `/admin/team/${self.id}` });
      assert.equal(leave.statusCode, 303);
      assert.match(String(leave.headers.location), /^\/admin\/login\?bye=1/);
      assert.equal(await users().get(self.id), undefined);
      assert.ok(await users().get(other.id));
      assert.equal((await get('/admin')).statusCode, 303, 'signed out');
    });

    test('editors see the list read-only and get 403 on every change', async () => {
      const { user: editor, cookie: ed } = await addEditor();
      const list = await get('/admin/team', ed);
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Seul·es les administrateur·rices/);
      assert.doesNotMatch(list.body, /action="\/admin\/team\/invite"/);
      assert.doesNotMatch(list.body, /href="\/admin\/team\/\d+"/);
      const self = await me();
      assert.equal((await get(`/admin/team/${self.id}`, ed)).statusCode, 403);
      const attempts = [
        post('/admin/team/invite', { email: 'x@atelier.example', role: 'admin' }, { as: ed }),
        post(`/admin/team/${editor.id}/role`, { role: 'admin' }, { as: ed }),
        post(`/admin/team/${self.id}/role`, { role: 'editor' }, { as: ed }),
        post(`/admin/team/${self.id}/remove`, { confirm: 'yes' }, { as: ed }),
        post(`/admin/team/${self.id}/invite`, {}, { as: ed }),
      ];
      for (const r of await Promise.all(attempts)) {
        assert.equal(r.statusCode, 403);
        assert.match(r.body, /Réservé aux administrateur·rices/);
      }
      assert.equal((await users().get(editor.id))!.role, 'editor');
      assert.equal((await me()).role, 'admin');
      assert.equal((await users().listForTenant(f.tenant.id)).length, 2);
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 0);
    });

    test('a POST without or with a wrong CSRF token gets 403 and changes nothing', async () => {
      const { user: editor } = await addEditor();
      for (const csrf of [null, 'forged']) {
        assert.equal((await invite({ email: 'csrf@atelier.example' }, { csrf })).statusCode, 403);
        assert.equal((await post(`/admin/team/${editor.id}/role`, { role: 'admin' }, { csrf })).statusCode, 403);
        assert.equal((await post(`/admin/team/${editor.id}/remove`, { confirm: 'yes' }, { csrf })).statusCode, 403);
        assert.equal((await post(`/admin/team/${editor.id}/invite`, {}, { csrf })).statusCode, 403);
      }
      assert.equal((await users().get(editor.id))!.role, 'editor');
      assert.equal(await users().findByEmail(f.tenant.id, 'csrf@atelier.example'), undefined);
      assert.equal((await queuedMail(f.db, f.tenant.id)).length, 0);
    });

    test('another association’s member or a malformed id is a 404; operators get 404', async () => {
      const theirs = (await users().findByEmail(f.other.id, 'admin@chorale.example'))!;
      for (const id of [String(theirs.id), 'abc', '0', '99999']) {
        assert.equal((await get(`/admin/team/${id}`)).statusCode, 404, id);
        assert.equal((await post(`/admin/team/${id}/role`, { role: 'editor' })).statusCode, 404, id);
        assert.equal((await post(`/admin/team/${id}/remove`, { confirm: 'yes' })).statusCode, 404, id);
        assert.equal((await post(`/admin/team/${id}/invite`, {})).statusCode, 404, id);
      }
      assert.equal((await users().get(theirs.id))!.role, 'admin');
      const ops = await signIn(f.app, { email: 'ops@host.example' });
      assert.equal((await get('/admin/team', ops.cookie)).statusCode, 404);
    });
  });
}
