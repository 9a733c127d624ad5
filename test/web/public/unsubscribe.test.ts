// /u/{token}: RFC 8058 one-click, the page, list-level vs global, re-subscribe, forged tokens.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, ONE_CLICK, multipart, membership, eventsOf, type Fixture } from './fixture.ts';
import { unsubscribeToken } from '../../../src/core/tokens.ts';

for (const dialect of testDialects()) {
  describe(`unsubscribe (${dialect})`, () => {
    let f: Fixture;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
    });
    after(async () => {
      await f.close();
    });

    test('one-click POST unsubscribes from the list at once, with no cookie, and is idempotent', async () => {
      const url = `/u/${f.token(f.news.id)}`;
      const first = await f.app.inject({ method: 'POST', url, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(first.statusCode, 200);
      assert.match(String(first.headers['content-type']), /^text\/plain/);
      assert.ok(first.body.length < 100, 'a tiny body');
      assert.equal(first.headers['set-cookie'], undefined);
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
      assert.equal(await membership(f, f.events.id), 'subscribed', 'other lists untouched');
      const again = await f.app.inject({ method: 'POST', url, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(again.statusCode, 200);
      const events = await eventsOf(f);
      assert.equal(events.length, 1, 'a repeated POST records nothing new');
      assert.deepEqual(events[0]!.data, { contactId: f.contact.id, listId: f.news.id, scope: 'list', via: 'one-click' });
    });

    test('one-click POST as multipart/form-data (RFC 8058 §3.2)', async () => {
      const { body, headers } = multipart({ 'List-Unsubscribe': 'One-Click' });
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}`, headers, payload: body });
      assert.equal(res.statusCode, 200);
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
    });

    test('a token upper-cased by some client still works', async () => {
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id).toUpperCase()}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
    });

    test('GET never unsubscribes (mail scanners prefetch links); it shows the button', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await f.app.inject({ method: 'GET', url: `/u/${f.token(f.news.id)}` });
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Lettre mensuelle/);
        assert.match(res.body, /Atelier Vélo/);
        assert.match(res.body, /<form method="post" action="\/u\/[0-9a-z-]+\?lang=fr">/);
        assert.match(res.body, /name="List-Unsubscribe" value="One-Click"/);
        assert.match(res.body, /name="from" value="page"/);
        assert.match(res.body, /J…@Example\.org/, 'the address is shown masked');
        assert.doesNotMatch(res.body, /Jeanne@Example/);
      }
      const head = await f.app.inject({ method: 'HEAD', url: `/u/${f.token(0)}` });
      assert.equal(head.statusCode, 200);
      assert.equal(await membership(f, f.news.id), 'subscribed');
      assert.equal((await f.db.storage.repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'active');
      assert.equal((await eventsOf(f)).length, 0);
    });

    test('the page button: confirmation page offering to re-subscribe and preferences', async () => {
      const token = f.token(f.news.id);
      const res = await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click&from=page' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /vous ne recevrez plus « Lettre mensuelle »/);
      assert.ok(res.body.includes(`action="/u/${token}/resubscribe?lang=fr"`));
      assert.ok(res.body.includes(`href="/p/${token}?lang=fr"`));
      assert.equal((await eventsOf(f))[0]!.data.via, 'page');
    });

    test('a POST without List-Unsubscribe=One-Click changes nothing (400 page)', async () => {
      for (const payload of ['', 'from=page', 'List-Unsubscribe=Yes']) {
        const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}`, headers: ONE_CLICK, payload });
        assert.equal(res.statusCode, 400);
        assert.match(String(res.headers['content-type']), /^text\/html/);
      }
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}`, headers: { 'content-type': 'application/json' }, payload: '{"List-Unsubscribe":"One-Click"}' });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(await membership(f, f.news.id), 'subscribed');
    });

    test('forged, truncated, foreign or garbage tokens: the same 404 page, nothing changed', async () => {
      const good = f.token(f.news.id);
      const forged = [
        good.slice(0, -1) + (good.endsWith('a') ? 'b' : 'a'),
        good.slice(0, -4),
        unsubscribeToken('another-secret-of-sufficient-length', { tenantId: f.tenant.id, contactId: f.contact.id, listId: f.news.id }),
        // Same MAC moved onto another list id.
        good.replace(/^([^-]+-[^-]+-)[^-]+/, `$1${f.events.id.toString(36)}`),
        'nothing-to-see-here',
        '%3Cscript%3E',
        'a'.repeat(99),
      ];
      const bodies = new Set<string>();
      for (const token of forged) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await f.app.inject({ method, url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
          assert.equal(res.statusCode, 404, `${method} ${token.slice(0, 40)}`);
          assert.match(String(res.headers['content-type']), /^text\/html/);
          assert.equal(res.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
          bodies.add(res.body);
        }
        const resub = await f.app.inject({ method: 'POST', url: `/u/${token}/resubscribe` });
        assert.equal(resub.statusCode, 404);
      }
      assert.equal(bodies.size, 1, 'the 404 page says nothing about what was wrong');
      // Beyond the router's parameter limit Fastify answers 414 itself: still nothing done.
      const huge = await f.app.inject({ method: 'POST', url: `/u/${'a'.repeat(5000)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.ok(huge.statusCode === 404 || huge.statusCode === 414);
      assert.doesNotMatch([...bodies][0]!, /script|Atelier|Lettre/i);
      assert.equal(await membership(f, f.news.id), 'subscribed');
      assert.equal((await eventsOf(f)).length, 0);
    });

    test('list-level keeps the contact active and writes no suppression; global unsubscribes and suppresses', async () => {
      const repos = f.db.storage.repos;
      await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal((await repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'active');
      assert.equal(await repos.suppressions.find(f.tenant.id, 'jeanne@example.org'), undefined);

      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
      assert.equal((await repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'unsubscribed');
      const s = await repos.suppressions.find(f.tenant.id, 'jeanne@example.org');
      assert.equal(s?.source, 'unsubscribe');
      assert.equal(s?.tenantId, f.tenant.id);
      // Memberships are kept as they were, so that undoing restores them exactly.
      assert.equal(await membership(f, f.events.id), 'subscribed');
      const events = await eventsOf(f);
      assert.equal(events.length, 2);
      assert.deepEqual(events[1]!.data, { contactId: f.contact.id, listId: 0, scope: 'all', via: 'one-click' });
      await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal((await eventsOf(f)).length, 2, 'idempotent');
    });

    test('a global unsubscribe never overwrites a bounce suppression', async () => {
      const repos = f.db.storage.repos;
      await repos.suppressions.add(f.tenant.id, { address: 'jeanne@example.org', reason: 'userunknown', source: 'bounce' });
      await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal((await repos.suppressions.find(f.tenant.id, 'jeanne@example.org'))?.source, 'bounce');
      // …and undoing it does not lift the bounce either.
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}/resubscribe` });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /n’est pas possible/);
      assert.equal((await repos.suppressions.find(f.tenant.id, 'jeanne@example.org'))?.source, 'bounce');
    });

    test('re-subscribe undoes a list-level unsubscribe', async () => {
      const token = f.token(f.news.id);
      await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click&from=page' });
      const res = await f.app.inject({ method: 'POST', url: `/u/${token}/resubscribe` });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /de nouveau abonné·e à « Lettre mensuelle »/);
      assert.equal(await membership(f, f.news.id), 'subscribed');
      const c = await f.db.storage.repos.contacts.get(f.tenant.id, f.contact.id);
      assert.equal(c!.consentSource, 'resubscribe');
      assert.equal(c!.consentAt, f.clock.now());
      // GET on an unsubscribed list shows the undo button, not the unsubscribe one.
      await f.app.inject({ method: 'POST', url: `/u/${token}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      const page = await f.app.inject({ method: 'GET', url: `/u/${token}` });
      assert.match(page.body, /déjà désabonné·e de « Lettre mensuelle »/);
      assert.ok(page.body.includes('/resubscribe'));
    });

    test('re-subscribe undoes a global unsubscribe: status active, our suppression lifted', async () => {
      const repos = f.db.storage.repos;
      await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}/resubscribe` });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Vous recevrez de nouveau les messages de Atelier Vélo/);
      assert.equal((await repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'active');
      assert.equal(await repos.suppressions.find(f.tenant.id, 'jeanne@example.org'), undefined);
      assert.equal(await membership(f, f.news.id), 'subscribed');
    });

    test('a list re-subscribe while globally unsubscribed points to the preferences page', async () => {
      await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.news.id)}/resubscribe` });
      assert.match(res.body, /désabonné·e de tous les envois/);
      assert.equal(await membership(f, f.news.id), 'unsubscribed');
    });

    test('bounced contacts cannot be revived from the page', async () => {
      await f.db.storage.repos.contacts.setStatus(f.tenant.id, f.contact.id, 'bounced');
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(0)}/resubscribe` });
      assert.match(res.body, /n’est pas possible/);
      assert.equal((await f.db.storage.repos.contacts.get(f.tenant.id, f.contact.id))!.status, 'bounced');
    });

    test('erased contacts, deleted lists, deleted tenants: 200, nothing to do', async () => {
      const repos = f.db.storage.repos;
      await repos.lists.delete(f.tenant.id, f.events.id);
      const list = await f.app.inject({ method: 'POST', url: `/u/${f.token(f.events.id)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(list.statusCode, 200);
      await repos.contacts.delete(f.tenant.id, f.contact.id);
      for (const listId of [0, f.news.id]) {
        const post = await f.app.inject({ method: 'POST', url: `/u/${f.token(listId)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
        assert.equal(post.statusCode, 200);
        const page = await f.app.inject({ method: 'POST', url: `/u/${f.token(listId)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click&from=page' });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /ne figure plus parmi les destinataires/);
        const get = await f.app.inject({ method: 'GET', url: `/u/${f.token(listId)}` });
        assert.equal(get.statusCode, 200);
        assert.match(get.body, /ne figure plus parmi les destinataires/);
        const resub = await f.app.inject({ method: 'POST', url: `/u/${f.token(listId)}/resubscribe` });
        assert.equal(resub.statusCode, 200);
      }
      const noTenant = await f.app.inject({ method: 'POST', url: `/u/${f.token(0, 1, 999)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(noTenant.statusCode, 200);
      assert.equal((await eventsOf(f)).length, 0);
    });

    test('a token is bound to its tenant: another tenant’s contact with the same id is untouched', async () => {
      const repos = f.db.storage.repos;
      const t2 = await repos.tenants.create({ slug: 'chorale', name: 'Chorale' });
      const l2 = await repos.lists.create(t2.id, { slug: 'news', name: 'News' });
      const { contact: c2 } = await repos.contacts.upsert(t2.id, { address: 'paul@example.org', addressNormalized: 'paul@example.org' });
      await repos.contacts.subscribe(t2.id, l2.id, c2.id);
      // Valid MAC, first tenant, but the other tenant's contact and list ids.
      const res = await f.app.inject({ method: 'POST', url: `/u/${f.token(l2.id, c2.id)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(res.statusCode, 200);
      assert.equal((await repos.contacts.memberships(t2.id, c2.id))[0]!.status, 'subscribed');
      const all = await f.app.inject({ method: 'POST', url: `/u/${f.token(0, c2.id)}`, headers: ONE_CLICK, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(all.statusCode, 200);
      assert.equal((await repos.contacts.get(t2.id, c2.id))!.status, 'active');
    });
  });
}
