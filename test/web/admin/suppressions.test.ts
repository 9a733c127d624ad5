// The suppression list pages: plain-words reasons, search (exact, part, platform rows), adding by
// hand, unblocking with confirmation (complaints need the member's request ticked, platform rows
// cannot be removed), CSRF, hostile input and tenant isolation.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, type AdminFixture } from './fixture.ts';
import { assertLabelled, assertSafePage, client, editorOf, HOSTILE, HUGE, type Client } from './settings-helpers.ts';

for (const dialect of testDialects()) {
  describe(`admin suppressions (${dialect})`, () => {
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

    async function seed() {
      const r = repos().suppressions;
      await r.add(f.tenant.id, { address: 'dead@example.net', reason: 'userunknown', source: 'bounce', details: '5.1.1 no such user' });
      await r.add(f.tenant.id, { address: 'angry@example.net', reason: 'complaint:abuse', source: 'complaint' });
      await r.add(f.tenant.id, { address: 'gone@example.net', reason: 'unsubscribed from every list by the member', source: 'unsubscribe' });
      await r.add(null, { address: 'ghost@example.org', reason: 'userunknown', source: 'bounce' });
      await r.add(f.other.id, { address: 'secret@chorale.example', reason: 'userunknown', source: 'bounce' });
    }

    test('the list explains each reason in plain words, never shows other tenants or platform rows, and is safe', async () => {
      await seed();
      const res = await admin.get('/admin/suppressions');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'suppressions');
      assertLabelled(res.body);
      assert.match(res.body, /dead@example\.net/);
      assert.match(res.body, /L’adresse n’existe pas/);
      assert.match(res.body, /a signalé un de vos messages comme indésirable/);
      assert.match(res.body, /s’est désabonnée de toutes vos listes/);
      assert.doesNotMatch(res.body, /secret@chorale/);
      assert.doesNotMatch(res.body, /ghost@example\.org/);
      assert.match(res.body, /<caption>/);
      assert.equal((await admin.post('/admin/language', { lang: 'en', back: '/admin/suppressions' })).statusCode, 303);
      const en = await admin.get('/admin/suppressions');
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /The address does not exist/);
      assert.match(en.body, /reported one of your messages as spam/);
    });

    test('search by part of an address, by exact address, and an exact address on the platform list', async () => {
      await seed();
      const part = await admin.get('/admin/suppressions?q=ANGRY');
      assert.match(part.body, /angry@example\.net/);
      assert.doesNotMatch(part.body, /dead@example\.net/);
      const like = await admin.get(`/admin/suppressions?q=${encodeURIComponent('%')}`);
      assert.match(like.body, /Aucune adresse bloquée ne contient/, 'a % is a plain character, not a wildcard');
      const platform = await admin.get('/admin/suppressions?q=Ghost@Example.org');
      assert.match(platform.body, /liste commune de la plateforme/);
      assert.match(platform.body, /vous ne pouvez pas en retirer/);
      const hostile = await admin.get(`/admin/suppressions?q=${encodeURIComponent(HOSTILE)}`);
      assert.equal(hostile.statusCode, 200);
      assert.doesNotMatch(hostile.body, /<script>alert/);
      const crlf = await admin.get(`/admin/suppressions?q=${encodeURIComponent('a\r\nb')}`);
      assert.equal(crlf.statusCode, 400);
      const huge = await admin.get(`/admin/suppressions?q=${'a'.repeat(5000)}`);
      assert.equal(huge.statusCode, 400);
      assert.ok(huge.body.length < 20_000);
      const badCursor = await admin.get('/admin/suppressions?cursor=zzzz');
      assert.equal(badCursor.statusCode, 200);
    });

    test('pages of 50, newest first', async () => {
      for (let i = 0; i < 55; i++) await repos().suppressions.add(f.tenant.id, { address: `m${String(i).padStart(2, '0')}@example.net`, reason: 'manual', source: 'manual' });
      const first = await admin.get('/admin/suppressions');
      assert.match(first.body, /m54@example\.net/);
      assert.doesNotMatch(first.body, /m04@example\.net/);
      const next = /href="(\/admin\/suppressions\?cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
      assert.ok(next);
      const second = await admin.get(next.replace(/&amp;/g, '&'));
      assert.match(second.body, /m04@example\.net/);
      assert.match(second.body, /m00@example\.net/);
      assert.doesNotMatch(second.body, /rel="next"/);
    });

    test('an editor adds an address by hand with a note; hostile and bad input is refused and kept', async () => {
      const editor = await editorOf(f);
      const form = await editor.get('/admin/suppressions/new');
      assert.equal(form.statusCode, 200);
      assertSafePage(form, 'add');
      assertLabelled(form.body);
      const ok = await editor.post('/admin/suppressions/new', { address: ' Jeanne@Example.ORG ', note: `${HOSTILE} par téléphone` }, { from: '/admin/suppressions/new' });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/admin/suppressions?done=added');
      const s = await repos().suppressions.find(f.tenant.id, 'Jeanne@example.org');
      assert.equal(s?.source, 'manual');
      assert.equal(s?.details, `${HOSTILE} par téléphone`);
      const list = await editor.get('/admin/suppressions?done=added');
      assert.match(list.body, /L’adresse est bloquée/);
      assert.doesNotMatch(list.body, /<script>alert/);
      assert.match(list.body, /&lt;script&gt;alert/);

      const again = await editor.post('/admin/suppressions/new', { address: 'jeanne@example.org', note: '' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /déjà bloquée/);

      const bad = await editor.post('/admin/suppressions/new', { address: HOSTILE, note: 'keep me' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /role="alert"/);
      assert.match(bad.body, /aria-describedby="address-hint address-error"/);
      assert.match(bad.body, />keep me</, 'the note is kept');
      assert.doesNotMatch(bad.body, /<script>alert/);
      const crlf = await editor.post('/admin/suppressions/new', { address: 'x@example.org\r\nBcc: y@example.org', note: '' });
      assert.equal(crlf.statusCode, 422);
      const huge = await editor.post('/admin/suppressions/new', { address: 'big@example.org', note: HUGE.slice(0, 60_000) });
      assert.equal(huge.statusCode, 422);
      assert.match(huge.body, /500 caractères au plus/);
      const tooBig = await editor.post('/admin/suppressions/new', { address: 'big@example.org', note: HUGE });
      assert.ok(tooBig.statusCode === 413 || tooBig.statusCode === 400, `body over the form limit: ${tooBig.statusCode}`);
      assert.equal(await repos().suppressions.find(f.tenant.id, 'big@example.org'), undefined);
    });

    test('a POST without or with a wrong CSRF token changes nothing', async () => {
      const none = await admin.post('/admin/suppressions/new', { address: 'x@example.org' }, { csrf: '' });
      assert.equal(none.statusCode, 403);
      const wrong = await admin.post('/admin/suppressions/new', { address: 'x@example.org' }, { csrf: 'forged' });
      assert.equal(wrong.statusCode, 403);
      assert.equal(await repos().suppressions.find(f.tenant.id, 'x@example.org'), undefined);
      await seed();
      const dead = (await repos().suppressions.find(f.tenant.id, 'dead@example.net'))!;
      const rm = await admin.post(`/admin/suppressions/${dead.id}/remove`, {}, { csrf: '' });
      assert.equal(rm.statusCode, 403);
      assert.ok(await repos().suppressions.find(f.tenant.id, 'dead@example.net'));
    });

    test('unblocking a bounce: confirmation page with a warning, then the contact is active again', async () => {
      await seed();
      const { contact } = await repos().contacts.upsert(f.tenant.id, { address: 'dead@example.net', addressNormalized: 'dead@example.net' });
      await repos().contacts.setStatus(f.tenant.id, contact.id, 'bounced');
      const dead = (await repos().suppressions.find(f.tenant.id, 'dead@example.net'))!;
      const page = await admin.get(`/admin/suppressions/${dead.id}`);
      assert.equal(page.statusCode, 200);
      assertSafePage(page, 'remove');
      assert.match(page.body, /Ne la débloquez que si elle a été corrigée/);
      assert.match(page.body, /5\.1\.1|userunknown/);
      const res = await admin.post(`/admin/suppressions/${dead.id}/remove`, {}, { from: `/admin/suppressions/${dead.id}` });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin/suppressions?done=removed');
      assert.equal(await repos().suppressions.find(f.tenant.id, 'dead@example.net'), undefined);
      assert.equal((await repos().contacts.get(f.tenant.id, contact.id))?.status, 'active');
    });

    test('unblocking a complaint needs the member-asked box', async () => {
      await seed();
      const angry = (await repos().suppressions.find(f.tenant.id, 'angry@example.net'))!;
      const page = await admin.get(`/admin/suppressions/${angry.id}`);
      assert.match(page.body, /signalé vos messages comme indésirables/);
      assertLabelled(page.body);
      const refused = await admin.post(`/admin/suppressions/${angry.id}/remove`, {});
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /Cochez la case/);
      assert.ok(await repos().suppressions.find(f.tenant.id, 'angry@example.net'));
      const ok = await admin.post(`/admin/suppressions/${angry.id}/remove`, { member_asked: 'yes' });
      assert.equal(ok.statusCode, 303);
      assert.equal(await repos().suppressions.find(f.tenant.id, 'angry@example.net'), undefined);
    });

    test('a member’s own unsubscribe cannot be undone by the team', async () => {
      await seed();
      const gone = (await repos().suppressions.find(f.tenant.id, 'gone@example.net'))!;
      const page = await admin.get(`/admin/suppressions/${gone.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /seule elle peut revenir/);
      assert.doesNotMatch(page.body, /\/remove"/);
      const res = await admin.post(`/admin/suppressions/${gone.id}/remove`, { member_asked: 'yes' });
      assert.equal(res.statusCode, 409);
      assert.ok(await repos().suppressions.find(f.tenant.id, 'gone@example.net'));
    });

    test('a tenant row over a platform row: removed, and the notice says the platform still blocks it', async () => {
      await repos().suppressions.add(f.tenant.id, { address: 'ghost@example.org', reason: 'userunknown', source: 'bounce' });
      await repos().suppressions.add(null, { address: 'ghost@example.org', reason: 'userunknown', source: 'bounce' });
      const own = (await repos().suppressions.search(f.tenant.id, { contains: 'ghost' })).items[0]!;
      const res = await admin.post(`/admin/suppressions/${own.id}/remove`, {});
      assert.equal(res.headers.location, '/admin/suppressions?done=removedPlatform');
      assert.ok(await repos().suppressions.find(f.tenant.id, 'ghost@example.org'), 'still blocked by the platform');
    });

    test('platform rows, other tenants’ rows and malformed ids are 404', async () => {
      await seed();
      const platform = await repos().suppressions.find(f.tenant.id, 'ghost@example.org');
      const theirs = await repos().suppressions.find(f.other.id, 'secret@chorale.example');
      for (const id of [platform!.id, theirs!.id, 'abc', '0', '99999999999999999999']) {
        assert.equal((await admin.get(`/admin/suppressions/${id}`)).statusCode, 404, `GET ${id}`);
        assert.equal((await admin.post(`/admin/suppressions/${id}/remove`, { member_asked: 'yes' })).statusCode, 404, `POST ${id}`);
      }
      assert.ok(await repos().suppressions.find(f.other.id, 'secret@chorale.example'));
      assert.ok(await repos().suppressions.find(f.tenant.id, 'ghost@example.org'));
    });
  });
}
