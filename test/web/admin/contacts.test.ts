// The contacts area of the admin interface: contacts (search, add with the address check, edit,
// memberships, delete and GDPR erase), lists (create, public form and snippet, edit, delete) and
// segments (filter, count, edit, delete), for editors as for admins. Every form: the happy path
// checked in the database, hostile input, CSRF, another tenant's ids.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, csrfOf, FORM, PASSWORD, type AdminFixture } from './fixture.ts';
import { hashPassword } from '../../../src/core/auth/password.ts';
import { addressHash } from '../../../src/storage/index.ts';
import { slugOf } from '../../../src/core/audience.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

function assertSafePage(res: { headers: Record<string, unknown>; body: string }, what: string): void {
  assert.equal(res.headers['content-security-policy'], CSP, what);
  assert.equal(res.headers['cache-control'], 'no-store', what);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, what);
  // The only scripts: our own optional enhancements, from /admin/assets/.
  const body = res.body.replace(/<script src="\/admin\/assets\/[a-z0-9-]+\.js" defer><\/script>/g, '');
  assert.doesNotMatch(body, /<script|<iframe|<img|<svg|<link/i, `${what}: no inline or foreign script, frame, image or stylesheet`);
  // Attribute values emptied first: escaped text inside a value (value="&lt;img onerror=…") is not an attribute.
  assert.doesNotMatch(res.body.replace(/"[^"]*"/g, '""'), /<[a-z][^>]*\son[a-z]+=/i, `${what}: no event handler attribute`);
  assert.doesNotMatch(res.body, /(src|href|action)="(https?:)?\/\//i, `${what}: nothing third-party`);
}

/** Every visible input, select and textarea has a <label for> naming its id. */
function assertLabelled(body: string, what: string): void {
  for (const m of body.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
    const tag = m[0];
    if (/type="hidden"/.test(tag)) continue;
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    assert.ok(id, `${what}: field without id: ${tag}`);
    assert.match(body, new RegExp(`<label (?:[^>]*\\s)?for="${id}"`), `${what}: no label for ${id}`);
  }
}

for (const dialect of testDialects()) {
  describe(`admin contacts, lists and segments (${dialect})`, () => {
    let f: AdminFixture;
    let cookie: string;
    let csrf: string;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect, { publicUrl: 'https://envois.example' });
      // Editors manage contacts too: the tests run as one.
      await f.db.storage.repos.users.create({ tenantId: f.tenant.id, email: 'editor@atelier.example', role: 'editor', passwordHash: await hashPassword(PASSWORD) });
      cookie = (await signIn(f.app, { email: 'editor@atelier.example', tenant: 'atelier' })).cookie;
      assert.ok(cookie, 'the editor is signed in');
      csrf = csrfOf((await get('/admin/contacts')).body);
    });
    after(async () => {
      await f.close();
    });

    const repos = () => f.db.storage.repos;
    const get = (url: string) => f.app.inject({ method: 'GET', url, headers: { cookie } });
    const post = (url: string, fields: Record<string, string | string[]>, token: string | null = csrf) => {
      const body = new URLSearchParams();
      if (token !== null) body.append('csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return f.app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: body.toString() });
    };
    const contactByAddress = (a: string) => repos().contacts.getByAddress(f.tenant.id, a);
    async function seedContact(address: string, opts: { name?: string; fields?: Record<string, unknown>; lists?: number[]; tenantId?: number } = {}) {
      const { contact } = await repos().contacts.upsert(opts.tenantId ?? f.tenant.id, { address, addressNormalized: address.toLowerCase(), name: opts.name ?? null, fields: opts.fields ?? {} });
      for (const l of opts.lists ?? []) await repos().audience.addMembers(opts.tenantId ?? f.tenant.id, l, [contact.id]);
      return contact;
    }

    test('search by address or name, filter by list and status, pages, blocked badge; French and English', async () => {
      const news = await repos().lists.create(f.tenant.id, { slug: 'lettre', name: 'Lettre' });
      const jeanne = await seedContact('jeanne@example.org', { name: 'Jeanne Dupont', lists: [news.id] });
      const bob = await seedContact('bob@orange.fr', { name: 'Bob' });
      await repos().contacts.setStatus(f.tenant.id, bob.id, 'unsubscribed');
      await repos().suppressions.add(f.tenant.id, { address: 'bob@orange.fr', reason: 'userunknown', source: 'bounce' });
      for (let i = 0; i < 55; i++) await seedContact(`membre${String(i).padStart(2, '0')}@example.net`);

      const all = await get('/admin/contacts');
      assert.equal(all.statusCode, 200);
      assertSafePage(all, 'search');
      assertLabelled(all.body, 'search');
      assert.match(all.body, /<html lang="fr">/);
      assert.match(all.body, /57 contacts dans l’association/);
      assert.equal([...all.body.matchAll(/<tr><th scope="row"><a href="\/admin\/contacts\/\d+">/g)].length, 50, 'fifty a page');
      const next = /<a href="(\/admin\/contacts\?cursor=[^"]+)" rel="next">Page suivante<\/a>/.exec(all.body);
      assert.ok(next, 'a next-page link');
      const page2 = await get(next[1]!.replace(/&amp;/g, '&'));
      assert.equal([...page2.body.matchAll(/<tr><th scope="row">/g)].length, 7);
      assert.match(page2.body, /Première page/);

      const byName = await get('/admin/contacts?q=dupont');
      assert.match(byName.body, new RegExp(`<a href="/admin/contacts/${jeanne.id}">jeanne@example.org</a>`));
      assert.match(byName.body, /Contacts trouvés : 1</);
      const byAddress = await get('/admin/contacts?q=%40ORANGE');
      assert.match(byAddress.body, /bob@orange\.fr/);
      assert.match(byAddress.body, /<span class="badge blocked">bloquée<\/span>/);
      assert.doesNotMatch(byAddress.body, /jeanne@/);
      const byStatus = await get('/admin/contacts?status=unsubscribed');
      assert.match(byStatus.body, /Contacts trouvés : 1</);
      assert.match(byStatus.body, /bob@orange\.fr/);
      const byList = await get(`/admin/contacts?list=${news.id}`);
      assert.match(byList.body, /Contacts trouvés : 1</);
      assert.match(byList.body, /jeanne@example\.org/);

      // Bad input: a clear error, a 400; another tenant's list, or a malformed one: 404.
      const badStatus = await get('/admin/contacts?status=%3Cscript%3E');
      assert.equal(badStatus.statusCode, 400);
      assert.match(badStatus.body, /role="alert">Cet état n’existe pas/);
      const long = await get(`/admin/contacts?q=${'a'.repeat(300)}`);
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /Trop long : 254 caractères au plus/);
      const hostile = await get(`/admin/contacts?q=${encodeURIComponent(HOSTILE)}&done=${encodeURIComponent(HOSTILE)}`);
      assertSafePage(hostile, 'hostile search');
      assert.match(hostile.body, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&gt;/);
      const otherList = await repos().lists.create(f.other.id, { slug: 'chorale', name: 'Choristes' });
      assert.equal((await get(`/admin/contacts?list=${otherList.id}`)).statusCode, 404);
      assert.equal((await get('/admin/contacts?list=abc')).statusCode, 404);
      // A forged cursor restarts from the beginning rather than failing.
      assert.equal((await get('/admin/contacts?cursor=!!')).statusCode, 200);

      const lang = await post('/admin/language', { lang: 'en', back: '/admin/contacts' });
      assert.equal(lang.statusCode, 303);
      const en = await get('/admin/contacts?q=dupont');
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Contacts found: 1</);
      assert.match(en.body, /57 contacts in the association/);
    });

    test('add a contact: fields and lists saved; typo suggestion; invalid address reason; duplicates', async () => {
      const news = await repos().lists.create(f.tenant.id, { slug: 'lettre', name: 'Lettre' });
      const form = await get('/admin/contacts/new');
      assert.equal(form.statusCode, 200);
      assertSafePage(form, 'new contact');
      assertLabelled(form.body, 'new contact');
      const ok = await post('/admin/contacts/new', {
        address: ' Jeanne@Example.org ',
        name: 'Jeanne Dupont',
        consent: 'bulletin 2025',
        fname: ['ville', 'numero', ''],
        fvalue: ['Lyon', '1042', ''],
        list: String(news.id),
      });
      assert.equal(ok.statusCode, 303);
      const c = await contactByAddress('jeanne@example.org');
      assert.ok(c);
      assert.equal(ok.headers.location, `/admin/contacts/${c.id}?done=created`);
      assert.equal(c.name, 'Jeanne Dupont');
      assert.deepEqual(c.fields, { ville: 'Lyon', numero: '1042' });
      assert.equal(c.consentSource, 'bulletin 2025');
      assert.deepEqual(await repos().contacts.memberships(f.tenant.id, c.id), [{ listId: news.id, status: 'subscribed' }]);
      const shown = await get(ok.headers.location as string);
      assert.match(shown.body, /role="status">Le contact a été ajouté/);

      // A valid address whose domain looks like a typo: asked, nothing saved until chosen.
      const typo = await post('/admin/contacts/new', { address: 'paul@gmial.com', name: 'Paul' });
      assert.equal(typo.statusCode, 422);
      assert.match(typo.body, /Vouliez-vous dire paul@gmail\.com/);
      assert.match(typo.body, /value="Paul"/, 'the name typed is kept');
      assert.equal(await contactByAddress('paul@gmial.com'), undefined);
      const fixed = await post('/admin/contacts/new', { address: 'paul@gmial.com', name: 'Paul', address_choice: 'suggested' });
      assert.equal(fixed.statusCode, 303);
      assert.ok(await contactByAddress('paul@gmail.com'));
      assert.match(typo.body, /role="alert">Rien n’a été enregistré : vérifiez l’adresse ci-dessous/);
      assert.match(typo.body, /aria-describedby="address-hint address-suggestion"/);
      // The suggestion is worked out again on the server: a forged one is not taken.
      const forged = await post('/admin/contacts/new', { address: 'max@gmial.com', address_choice: 'suggested', suggestion: 'evil@example.org' });
      assert.equal(forged.statusCode, 303);
      assert.ok(await contactByAddress('max@gmail.com'));
      assert.equal(await contactByAddress('evil@example.org'), undefined);
      const kept = await post('/admin/contacts/new', { address: 'luc@gmial.com', address_choice: 'typed' });
      assert.equal(kept.statusCode, 303);
      assert.ok(await contactByAddress('luc@gmial.com'));

      // Invalid: the reason in French, with what to do.
      const bad = await post('/admin/contacts/new', { address: 'jeanne.example.org' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="address-error" role="alert">L’adresse n’a pas de « @ »/);
      assert.match(bad.body, /aria-describedby="address-hint address-error"/);
      const noTld = await post('/admin/contacts/new', { address: 'zoe@gmail', name: 'Zoé' });
      assert.equal(noTld.statusCode, 422);
      assert.match(noTld.body, /Le domaine n’a pas de terminaison comme \.fr ou \.com/);
      assert.match(noTld.body, /value="suggested">Utiliser zoe@gmail\.com</);
      assert.doesNotMatch(noTld.body, /value="typed"/, 'an invalid address cannot be kept');
      const noTldFixed = await post('/admin/contacts/new', { address: 'zoe@gmail', name: 'Zoé', address_choice: 'suggested' });
      assert.equal(noTldFixed.statusCode, 303);
      assert.equal((await contactByAddress('zoe@gmail.com'))?.name, 'Zoé');
      const empty = await post('/admin/contacts/new', { address: '' });
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /Saisissez l’adresse e-mail/);

      // Already there: says so and links to it.
      const dup = await post('/admin/contacts/new', { address: 'JEANNE@example.org' });
      assert.equal(dup.statusCode, 422);
      assert.match(dup.body, /Un contact a déjà cette adresse/);
      assert.match(dup.body, new RegExp(`href="/admin/contacts/${c.id}"`));
    });

    test('add a contact: hostile input refused or escaped, CSRF, another tenant’s list', async () => {
      const before = await repos().contacts.count(f.tenant.id);
      const crlf = await post('/admin/contacts/new', { address: 'x@example.org', name: 'Eve\r\nBcc: victim@example.com' });
      assert.equal(crlf.statusCode, 422);
      assert.match(crlf.body, /id="name-error" role="alert">Contient un saut de ligne/);
      const crlfField = await post('/admin/contacts/new', { address: 'x@example.org', fname: 'ville', fvalue: 'Lyon\nBcc: x' });
      assert.equal(crlfField.statusCode, 422);
      assert.match(crlfField.body, /id="fvalue-1-error"/);
      const badName = await post('/admin/contacts/new', { address: 'x@example.org', fname: 'ville de', fvalue: 'Lyon' });
      assert.equal(badName.statusCode, 422);
      assert.match(badName.body, /Nom de champ invalide/);
      assert.match(badName.body, /value="ville de"/, 'the row is kept as typed');
      const twice = await post('/admin/contacts/new', { address: 'x@example.org', fname: ['ville', 'ville'], fvalue: ['Lyon', 'Paris'] });
      assert.equal(twice.statusCode, 422);
      assert.match(twice.body, /Le champ « ville » apparaît deux fois/);
      const long = await post('/admin/contacts/new', { address: 'x@example.org', fname: 'note', fvalue: 'a'.repeat(10_000) });
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /Trop long : 1000 caractères au plus/);
      const huge = await post('/admin/contacts/new', { address: 'x@example.org', name: 'a'.repeat(100_000) });
      assert.equal(huge.statusCode, 413);
      const longAddress = await post('/admin/contacts/new', { address: `${'a'.repeat(400)}@example.org` });
      assert.equal(longAddress.statusCode, 422);
      assert.equal(await repos().contacts.count(f.tenant.id), before, 'nothing was created');

      const noCsrf = await post('/admin/contacts/new', { address: 'x@example.org' }, null);
      assert.equal(noCsrf.statusCode, 403);
      const wrongCsrf = await post('/admin/contacts/new', { address: 'x@example.org' }, 'forged');
      assert.equal(wrongCsrf.statusCode, 403);
      const otherList = await repos().lists.create(f.other.id, { slug: 'chorale', name: 'Choristes' });
      const foreign = await post('/admin/contacts/new', { address: 'x@example.org', list: String(otherList.id) });
      assert.equal(foreign.statusCode, 404);
      assert.equal(await repos().contacts.count(f.tenant.id), before, 'nothing was created');

      // Markup is stored as text and shown escaped.
      const ok = await post('/admin/contacts/new', { address: 'x@example.org', name: HOSTILE, fname: 'note', fvalue: HOSTILE });
      assert.equal(ok.statusCode, 303);
      const page = await get(ok.headers.location as string);
      assertSafePage(page, 'hostile contact');
      assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      const list = await get('/admin/contacts?q=x%40example');
      assertSafePage(list, 'hostile row');
    });

    test('contact page: blocked address with why, edit name, status and fields, memberships', async () => {
      const news = await repos().lists.create(f.tenant.id, { slug: 'lettre', name: 'Lettre' });
      const agm = await repos().lists.create(f.tenant.id, { slug: 'ag', name: 'Assemblée' });
      const gone = await repos().lists.create(f.tenant.id, { slug: 'ancien', name: 'Ancien' });
      const c = await seedContact('jeanne@example.org', { name: 'Jeanne', fields: { ville: 'Lyon', numero: 1042, vieux: 'x' }, lists: [news.id] });
      await repos().audience.addMembers(f.tenant.id, gone.id, [c.id]);
      await repos().contacts.setMembership(f.tenant.id, gone.id, c.id, 'unsubscribed');
      await repos().suppressions.add(f.tenant.id, { address: 'jeanne@example.org', reason: 'mailboxfull', source: 'bounce' });

      const page = await get(`/admin/contacts/${c.id}`);
      assert.equal(page.statusCode, 200);
      assertSafePage(page, 'contact');
      assertLabelled(page.body, 'contact');
      assert.match(page.body, /Adresse bloquée/);
      assert.match(page.body, /<dd>mailboxfull<\/dd>/);
      assert.match(page.body, /<dd>retour en erreur<\/dd>/);
      const block = await repos().suppressions.find(f.tenant.id, 'jeanne@example.org');
      assert.match(page.body, new RegExp(`href="/admin/suppressions/${block!.id}"`), 'links to the block, to lift it');
      assert.match(page.body, /value="1042"/);
      assert.match(page.body, /seule la personne peut se réabonner/);

      const saved = await post(`/admin/contacts/${c.id}`, { name: 'Jeanne D.', status: 'unsubscribed', fname: ['ville', 'numero', 'pays'], fvalue: ['Villeurbanne', '1042', 'France'] });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/admin/contacts/${c.id}?done=updated`);
      const after = (await repos().contacts.get(f.tenant.id, c.id))!;
      assert.equal(after.name, 'Jeanne D.');
      assert.equal(after.status, 'unsubscribed');
      assert.deepEqual(after.fields, { ville: 'Villeurbanne', numero: 1042, pays: 'France' }, 'removed field gone, unchanged number kept as a number');

      // Fields the API or an import stored, that a form would refuse, pass when left as they are.
      const odd = await seedContact('odd@example.org', { fields: { 'Code postal': '69001', note: 'n'.repeat(2000) } });
      const kept = await post(`/admin/contacts/${odd.id}`, { name: 'Odile', status: 'active', fname: ['Code postal', 'note'], fvalue: ['69001', 'n'.repeat(2000)] });
      assert.equal(kept.statusCode, 303);
      assert.deepEqual((await repos().contacts.get(f.tenant.id, odd.id))!.fields, { 'Code postal': '69001', note: 'n'.repeat(2000) });
      const changed = await post(`/admin/contacts/${odd.id}`, { name: 'Odile', status: 'active', fname: ['Code postal', 'note'], fvalue: ['69002', 'n'.repeat(2000)] });
      assert.equal(changed.statusCode, 422, 'a changed value must then follow the rules');
      assert.match(changed.body, /Nom de champ invalide/);

      const badStatus = await post(`/admin/contacts/${c.id}`, { name: 'Autre', status: 'vip' });
      assert.equal(badStatus.statusCode, 422);
      assert.match(badStatus.body, /value="Autre"/);
      assert.equal((await repos().contacts.get(f.tenant.id, c.id))!.name, 'Jeanne D.');

      // Memberships: subscribe, remove; a person's own unsubscribe is not undone.
      assert.equal((await post(`/admin/contacts/${c.id}/lists`, { list: String(agm.id), action: 'subscribe' })).statusCode, 303);
      assert.equal((await post(`/admin/contacts/${c.id}/lists`, { list: String(news.id), action: 'remove' })).statusCode, 303);
      assert.equal((await post(`/admin/contacts/${c.id}/lists`, { list: String(gone.id), action: 'remove' })).statusCode, 303);
      assert.equal((await post(`/admin/contacts/${c.id}/lists`, { list: String(gone.id), action: 'subscribe' })).statusCode, 303);
      const ms = await repos().contacts.memberships(f.tenant.id, c.id);
      assert.deepEqual(ms, [
        { listId: agm.id, status: 'subscribed' },
        { listId: gone.id, status: 'unsubscribed' },
      ]);
      assert.equal((await post(`/admin/contacts/${c.id}/lists`, { list: String(agm.id), action: 'subscribe' }, null)).statusCode, 403);
    });

    test('another tenant’s contact, list and segment, and malformed ids, are 404 on every page and form', async () => {
      const theirs = await seedContact('choriste@example.org', { tenantId: f.other.id });
      const theirList = await repos().lists.create(f.other.id, { slug: 'chorale', name: 'Choristes' });
      const theirSegment = await repos().segments.create(f.other.id, { name: 'Sopranos', filter: {} });
      const mine = await seedContact('jeanne@example.org');
      for (const url of [`/admin/contacts/${theirs.id}`, `/admin/contacts/${theirs.id}/delete`, '/admin/contacts/12abc', '/admin/contacts/0', `/admin/lists/${theirList.id}`, `/admin/lists/${theirList.id}/delete`, `/admin/segments/${theirSegment.id}`, `/admin/segments/${theirSegment.id}/delete`, '/admin/segments/x']) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
        assertSafePage(res, url);
      }
      const posts: [string, Record<string, string>][] = [
        [`/admin/contacts/${theirs.id}`, { name: 'x', status: 'active' }],
        [`/admin/contacts/${theirs.id}/lists`, { list: String(theirList.id), action: 'subscribe' }],
        [`/admin/contacts/${mine.id}/lists`, { list: String(theirList.id), action: 'subscribe' }],
        [`/admin/contacts/${theirs.id}/delete`, { confirm: 'yes' }],
        [`/admin/contacts/${theirs.id}/erase`, { confirm: 'yes' }],
        [`/admin/lists/${theirList.id}`, { name: 'x' }],
        [`/admin/lists/${theirList.id}/delete`, { confirm: 'yes' }],
        [`/admin/segments/${theirSegment.id}`, { name: 'x', action: 'save' }],
        [`/admin/segments/${theirSegment.id}/delete`, { confirm: 'yes' }],
        ['/admin/segments/new', { name: 'x', list: String(theirList.id), action: 'save' }],
      ];
      for (const [url, fields] of posts) assert.equal((await post(url, fields)).statusCode, 404, url);
      assert.ok(await repos().contacts.get(f.other.id, theirs.id));
      assert.equal((await repos().lists.get(f.other.id, theirList.id))?.name, 'Choristes');
      assert.equal((await repos().segments.get(f.other.id, theirSegment.id))?.name, 'Sopranos');
      assert.deepEqual(await repos().contacts.memberships(f.tenant.id, mine.id), []);

      // A platform operator has no association: 404 too.
      const ops = (await signIn(f.app, { email: 'ops@host.example' })).cookie;
      assert.equal((await f.app.inject({ method: 'GET', url: '/admin/contacts', headers: { cookie: ops } })).statusCode, 404);
    });

    test('delete and erase ask for confirmation and do what they say', async () => {
      const news = await repos().lists.create(f.tenant.id, { slug: 'lettre', name: 'Lettre' });
      const a = await seedContact('a@example.org', { lists: [news.id] });
      const b = await seedContact('b@example.org', { lists: [news.id] });
      const confirm = await get(`/admin/contacts/${a.id}/delete`);
      assert.equal(confirm.statusCode, 200);
      assertSafePage(confirm, 'delete');
      assertLabelled(confirm.body, 'delete');
      assert.match(confirm.body, /Effacer \(droit à l’effacement, RGPD\)/);

      const page = await get(`/admin/contacts/${a.id}`);
      assert.match(page.body, new RegExp(`href="/admin/contacts/${a.id}/export.json" download`));
      const exported = await get(`/admin/contacts/${a.id}/export.json`);
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-type']), /^application\/json/);
      assert.equal(exported.headers['content-disposition'], `attachment; filename="contact-${a.id}.json"`);
      const doc = JSON.parse(exported.body) as { contact: { address: string }; memberships: { list_slug: string }[]; tenant: { slug: string } };
      assert.equal(doc.contact.address, 'a@example.org');
      assert.deepEqual(doc.memberships.map((x) => x.list_slug), ['lettre']);
      assert.equal(doc.tenant.slug, 'atelier');
      const theirs = await seedContact('z@example.org', { tenantId: f.other.id });
      assert.equal((await get(`/admin/contacts/${theirs.id}/export.json`)).statusCode, 404);

      const unconfirmed = await post(`/admin/contacts/${a.id}/delete`, {});
      assert.equal(unconfirmed.statusCode, 422);
      assert.match(unconfirmed.body, /id="confirm-delete-error" role="alert">Cochez la case/);
      assert.ok(await repos().contacts.get(f.tenant.id, a.id));
      assert.equal((await post(`/admin/contacts/${a.id}/delete`, { confirm: 'yes' }, null)).statusCode, 403);
      assert.ok(await repos().contacts.get(f.tenant.id, a.id));

      const deleted = await post(`/admin/contacts/${a.id}/delete`, { confirm: 'yes' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, '/admin/contacts?done=deleted');
      assert.equal(await repos().contacts.get(f.tenant.id, a.id), undefined);
      assert.equal(await repos().suppressions.find(f.tenant.id, 'a@example.org'), undefined, 'deleting does not block the address');
      assert.match((await get('/admin/contacts?done=deleted')).body, /Le contact a été supprimé/);

      assert.equal((await post(`/admin/contacts/${b.id}/erase`, {})).statusCode, 422);
      const erased = await post(`/admin/contacts/${b.id}/erase`, { confirm: 'yes' });
      assert.equal(erased.statusCode, 303);
      assert.equal(erased.headers.location, '/admin/contacts?done=erased');
      assert.equal(await repos().contacts.get(f.tenant.id, b.id), undefined);
      const s = await repos().suppressions.find(f.tenant.id, 'b@example.org');
      assert.equal(s?.source, 'erasure');
      assert.equal(s?.address, null, 'only the hash is kept');
      assert.equal(s?.addressHash, addressHash('b@example.org'));
      const events = await f.db.storage.db.selectFrom('events').select(['type', 'data']).where('tenant_id', '=', f.tenant.id).where('type', '=', 'contact.erased').execute();
      assert.equal(events.length, 1);
      assert.match(events[0]!.data ?? '', /"by":"admin"/);
    });

    test('lists: create with a derived slug, public form address and snippet, rename, delete', async () => {
      const page = await get('/admin/lists');
      assert.equal(page.statusCode, 200);
      assertSafePage(page, 'lists');
      assertLabelled(page.body, 'lists');
      assert.match(page.body, /href="\/admin\/segments"/);
      assert.match(page.body, /<script src="\/admin\/assets\/list-slug\.js" defer><\/script>/);
      const script = await get('/admin/assets/list-slug.js');
      assert.equal(script.statusCode, 200);
      // The script derives the same slug as the server.
      const fn = /function slugOf\(s\) \{([\s\S]*?)\n {2}\}/.exec(script.body);
      assert.ok(fn, 'slugOf in the script');
      const browserSlug = new Function('s', fn[1]!) as (s: string) => string;
      for (const name of ['Lettre d’info été', '  Ça  --  marche !', 'Œuvres & co', 'x'.repeat(80), '★']) assert.equal(browserSlug(name), slugOf(name), name);

      const created = await post('/admin/lists', { name: 'Lettre d’info été', slug: '', description: 'Une fois par mois.\nPas plus.' });
      assert.equal(created.statusCode, 303);
      const list = await repos().lists.getBySlug(f.tenant.id, 'lettre-d-info-ete');
      assert.ok(list, 'slug derived from the name');
      assert.equal(list.description, 'Une fois par mois.\nPas plus.');
      assert.equal(created.headers.location, `/admin/lists/${list.id}?done=created`);
      const c = await seedContact('jeanne@example.org', { lists: [list.id] });
      assert.ok(c);

      const shown = await get(`/admin/lists/${list.id}`);
      assertSafePage(shown, 'list');
      assertLabelled(shown.body, 'list');
      assert.match(shown.body, /<code id="form-url">https:\/\/envois\.example\/s\/atelier\/lettre-d-info-ete<\/code>/);
      assert.match(shown.body, /<pre [^>]*>&lt;form method=&quot;post&quot; action=&quot;https:\/\/envois\.example\/s\/atelier\/lettre-d-info-ete/);
      assert.match(shown.body, /<dt>Abonnés<\/dt><dd>1<\/dd>/);
      const listed = await get('/admin/lists');
      assert.match(listed.body, new RegExp(`<a href="/admin/lists/${list.id}">Lettre d’info été</a></th><td><code>lettre-d-info-ete</code></td><td class="n">1</td>`));

      const taken = await post('/admin/lists', { name: 'Lettre d’info été' });
      assert.equal(taken.statusCode, 422);
      assert.match(taken.body, /Une liste a déjà ce nom court/);
      assert.match(taken.body, /id="slug" name="slug" value="lettre-d-info-ete"/);
      const badSlug = await post('/admin/lists', { name: 'Autre', slug: 'Été!' });
      assert.equal(badSlug.statusCode, 422);
      assert.match(badSlug.body, /Nom court invalide/);
      const noName = await post('/admin/lists', { name: '  ', slug: 'x' });
      assert.equal(noName.statusCode, 422);
      assert.match(noName.body, /Donnez un nom à la liste/);
      const crlf = await post('/admin/lists', { name: 'A\r\nB', slug: 'ab' });
      assert.equal(crlf.statusCode, 422);
      assert.equal((await post('/admin/lists', { name: 'Sans jeton', slug: 'sans' }, null)).statusCode, 403);
      assert.equal((await post('/admin/lists', { name: 'Faux jeton', slug: 'faux' }, 'nope')).statusCode, 403);
      assert.equal((await repos().lists.list(f.tenant.id)).length, 1);

      const hostile = await post('/admin/lists', { name: HOSTILE, slug: 'hostile', description: HOSTILE });
      assert.equal(hostile.statusCode, 303);
      const hostilePage = await get(hostile.headers.location as string);
      assertSafePage(hostilePage, 'hostile list');
      assertSafePage(await get('/admin/lists'), 'hostile lists');

      const renamed = await post(`/admin/lists/${list.id}`, { name: 'Nouvelles', description: '' });
      assert.equal(renamed.statusCode, 303);
      const after = (await repos().lists.get(f.tenant.id, list.id))!;
      assert.equal(after.name, 'Nouvelles');
      assert.equal(after.description, null);
      assert.equal(after.slug, 'lettre-d-info-ete', 'the slug does not change');
      assert.equal((await post(`/admin/lists/${list.id}`, { name: 'x'.repeat(201) })).statusCode, 422);

      await repos().segments.create(f.tenant.id, { name: 'Abonnés de Nouvelles', filter: { listId: list.id } });
      const confirm = await get(`/admin/lists/${list.id}/delete`);
      assert.match(confirm.body, /Abonnés de Nouvelles/);
      assertLabelled(confirm.body, 'delete list');
      assert.equal((await post(`/admin/lists/${list.id}/delete`, {})).statusCode, 422);
      assert.ok(await repos().lists.get(f.tenant.id, list.id));
      const deleted = await post(`/admin/lists/${list.id}/delete`, { confirm: 'yes' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(await repos().lists.get(f.tenant.id, list.id), undefined);
      assert.ok(await repos().contacts.get(f.tenant.id, c.id), 'its contacts stay');
    });

    test('segments: count without saving, save, show, edit, delete; hostile input', async () => {
      const news = await repos().lists.create(f.tenant.id, { slug: 'lettre', name: 'Lettre' });
      await seedContact('a@example.org', { fields: { ville: 'Lyon' }, lists: [news.id] });
      await seedContact('b@example.org', { fields: { ville: 'Villeurbanne' }, lists: [news.id] });
      await seedContact('c@example.org', { fields: { ville: 'Paris' }, lists: [news.id] });
      await seedContact('d@example.org', { fields: { ville: 'Lyon' } });

      const form = await get('/admin/segments/new');
      assert.equal(form.statusCode, 200);
      assertSafePage(form, 'new segment');
      assertLabelled(form.body, 'new segment');
      const fields = { name: 'Lyonnais', status: 'active', list: String(news.id), fname: ['ville', 'ville'], fvalue: ['Lyon', 'Villeurbanne'] };
      const counted = await post('/admin/segments/new', { ...fields, action: 'count' });
      assert.equal(counted.statusCode, 200);
      assert.match(counted.body, /2 contacts correspondent aujourd’hui/);
      assert.match(counted.body, /value="Villeurbanne"/);
      assert.equal((await repos().segments.list(f.tenant.id)).items.length, 0, 'counting saves nothing');

      const saved = await post('/admin/segments/new', { ...fields, action: 'save' });
      assert.equal(saved.statusCode, 303);
      const [segment] = (await repos().segments.list(f.tenant.id)).items;
      assert.ok(segment);
      assert.deepEqual(segment.filter, { status: ['active'], listId: news.id, fields: { ville: ['Lyon', 'Villeurbanne'] } });
      const shown = await get(saved.headers.location as string);
      assertSafePage(shown, 'segment');
      assert.match(shown.body, /Le segment a été créé/);
      assert.match(shown.body, /2 contacts correspondent aujourd’hui/);
      assert.match(shown.body, /a@example\.org/);
      const listing = await get('/admin/segments');
      assert.match(listing.body, new RegExp(`<a href="/admin/segments/${segment.id}">Lyonnais</a></th><td class="n">2</td>`));

      const edited = await post(`/admin/segments/${segment.id}`, { name: 'Parisiens', address: '@example', fname: 'ville', fvalue: 'Paris', action: 'save' });
      assert.equal(edited.statusCode, 303);
      const after = (await repos().segments.get(f.tenant.id, segment.id))!;
      assert.equal(after.name, 'Parisiens');
      assert.deepEqual(after.filter, { address: '@example', fields: { ville: ['Paris'] } });

      const noName = await post('/admin/segments/new', { name: '', action: 'save' });
      assert.equal(noName.statusCode, 422);
      assert.match(noName.body, /Donnez un nom au segment/);
      const noValue = await post('/admin/segments/new', { name: 'x', fname: 'ville', fvalue: '', action: 'save' });
      assert.equal(noValue.statusCode, 422);
      assert.match(noValue.body, /Une condition sans valeur/);
      const badStatus = await post('/admin/segments/new', { name: 'x', status: 'vip', action: 'save' });
      assert.equal(badStatus.statusCode, 422);
      const crlf = await post('/admin/segments/new', { name: 'x\r\ny', action: 'save' });
      assert.equal(crlf.statusCode, 422);
      assert.equal((await post('/admin/segments/new', { name: 'x', action: 'save' }, null)).statusCode, 403);
      assert.equal((await repos().segments.list(f.tenant.id)).items.length, 1);

      const hostile = await post('/admin/segments/new', { name: HOSTILE, description: HOSTILE, address: HOSTILE, fname: 'ville', fvalue: HOSTILE, action: 'save' });
      assert.equal(hostile.statusCode, 303);
      assertSafePage(await get(hostile.headers.location as string), 'hostile segment');
      assertSafePage(await get('/admin/segments'), 'hostile segments');

      assert.equal((await post(`/admin/segments/${segment.id}/delete`, {})).statusCode, 422);
      const deleted = await post(`/admin/segments/${segment.id}/delete`, { confirm: 'yes' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(await repos().segments.get(f.tenant.id, segment.id), undefined);
      assert.equal(await repos().contacts.count(f.tenant.id), 4, 'contacts untouched');
    });
  });
}
