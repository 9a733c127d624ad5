// The campaign workflow of the admin interface: list, editor (hostile input, limits, merge-field
// errors), the sandboxed preview, test send, send and schedule with their confirmation, pause,
// resume and cancel, progress.json, CSRF and tenant isolation, for editors as for admins.
import { describe, test, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../helpers/db.ts';
import { setUp, signIn, csrfOf, FORM, PASSWORD, type AdminFixture } from './fixture.ts';
import { hashPassword } from '../../../src/core/auth/password.ts';
import type { Campaign } from '../../../src/core/model.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

/** The admin pages' headers, no inline script, no event handler, nothing third-party; scripts from /admin/assets/ only. */
function assertSafePage(res: { headers: Record<string, unknown>; body: string }, what: string): void {
  assert.equal(res.headers['content-security-policy'], CSP, what);
  assert.equal(res.headers['x-frame-options'], 'DENY', what);
  assert.equal(res.headers['cache-control'], 'no-store', what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/, what);
  for (const s of res.body.matchAll(/<script\b[^>]*>/gi)) assert.match(s[0], /^<script src="\/admin\/assets\/[a-z-]+\.js" defer>$/, `${what}: ${s[0]}`);
  assert.doesNotMatch(res.body, /<script>|<img|<svg|<link/i, `${what}: no inline script, image or stylesheet`);
  // Attribute values are escaped text (they may quote a hostile name): look at the markup around them.
  assert.doesNotMatch(res.body.replace(/="[^"]*"/g, '=""'), /<[a-z][^>]*\son[a-z]+=/i, `${what}: no event handler attribute`);
  assert.doesNotMatch(res.body, /(src|href|action)="(https?:)?\/\//i, `${what}: nothing third-party`);
  for (const f of res.body.matchAll(/<iframe\b[^>]*>/g)) assert.match(f[0], /^<iframe sandbox="" /, `${what}: frames are sandboxed`);
}

/** Every <input>/<textarea> other than hidden has a <label for> naming its id. */
function assertLabelled(body: string): void {
  for (const m of body.matchAll(/<(?:input|textarea)\b[^>]*>/g)) {
    const tag = m[0];
    if (/type="hidden"/.test(tag)) continue;
    const id = /\sid="([^"]+)"/.exec(tag)?.[1];
    assert.ok(id, `field without id: ${tag}`);
    assert.match(body, new RegExp(`<label[^>]* for="${id}"`), `no label for ${id}`);
  }
}

for (const dialect of testDialects()) {
  describe(`admin campaigns (${dialect})`, () => {
    let f: AdminFixture;
    let cookie: string;
    let listId: number;
    beforeEach(async () => {
      if (f) await f.close();
      f = await setUp(dialect);
      cookie = (await signIn(f.app, { email: 'admin@atelier.example', tenant: 'atelier' })).cookie;
      const repos = f.db.storage.repos;
      // The test platform's domain is "localhost": the association sends from its own domain.
      await repos.tenants.updateSettings(f.tenant.id, { sending_domain: 'atelier.example' });
      const list = await repos.lists.create(f.tenant.id, { slug: 'membres', name: 'Membres' });
      listId = list.id;
      for (const [i, a] of ['marie@velo.example', 'paul@velo.example', 'inconnu@velo.example'].entries()) {
        const { contact } = await repos.contacts.upsert(f.tenant.id, { address: a, addressNormalized: a, name: `Membre ${i}`, fields: { first_name: ['Marie', 'Paul', 'Inconnu'][i] } });
        await repos.contacts.subscribe(f.tenant.id, list.id, contact.id);
      }
      await repos.suppressions.add(f.tenant.id, { address: 'inconnu@velo.example', reason: 'userunknown', source: 'bounce' });
    });
    after(async () => {
      await f.close();
    });

    const get = (url: string, c = cookie) => f.app.inject({ method: 'GET', url, headers: { cookie: c } });
    const csrf = async (url = '/admin/campaigns/new', c = cookie) => csrfOf((await get(url, c)).body);
    const post = async (url: string, fields: Record<string, string | string[]>, opts: { csrf?: string | null; cookie?: string } = {}) => {
      const c = opts.cookie ?? cookie;
      const token = opts.csrf === undefined ? await csrf('/admin/campaigns/new', c) : opts.csrf;
      const body = new URLSearchParams();
      if (token !== null) body.append('csrf', token);
      for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      return f.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: c }, payload: body.toString() });
    };
    const draft = (over: Record<string, string | string[]> = {}) => ({ name: 'Lettre de mars', subject: 'Bourse aux vélos samedi', from_name: '', reply_to: '', list: String(listId), markdown: 'Bonjour {{ first_name }},\n\nLa **bourse** a lieu samedi.', action: 'save', ...over });
    const create = async (over: Record<string, string | string[]> = {}): Promise<Campaign> => {
      const res = await post('/admin/campaigns/new', draft(over));
      assert.equal(res.statusCode, 303, res.body.slice(0, 3000));
      const id = Number(/\/admin\/campaigns\/(\d+)\/edit\?done=created/.exec(String(res.headers.location))?.[1]);
      return (await f.db.storage.repos.campaigns.get(f.tenant.id, id))!;
    };
    const campaignCount = async () => (await f.db.storage.repos.campaigns.list(f.tenant.id, { limit: 500 })).items.length;

    test('the list shows the tenant’s campaigns with their status and figures, and a new-campaign button', async () => {
      const res = await get('/admin/campaigns');
      assert.equal(res.statusCode, 200);
      assertSafePage(res, 'list');
      assert.match(res.body, /href="\/admin\/campaigns\/new"/);
      const row = /<a href="\/admin\/campaigns\/(\d+)\/edit">Bourse aux vélos<\/a><\/th>([\s\S]*?)<\/tr>/.exec(res.body);
      assert.ok(row, "the fixture campaign (a draft) is listed, linking to its editor");
      assert.deepEqual([...row[2]!.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((c) => c[1]), ['7', '2', '4', '0']);
      assert.doesNotMatch(res.body, /Concert de printemps/, 'another tenant’s campaign is not listed');
      // Paginated: 25 more campaigns make a second page, newest first.
      for (let i = 0; i < 25; i++) await f.db.storage.repos.campaigns.create(f.tenant.id, { name: `Envoi ${i}`, subject: 's', bodyMarkdown: 'b' });
      const first = await get('/admin/campaigns');
      assert.match(first.body, /Envoi 24/);
      assert.doesNotMatch(first.body, /Bourse aux vélos/);
      const next = /href="(\/admin\/campaigns\?cursor=[^"]+)"/.exec(first.body)?.[1];
      assert.ok(next);
      const second = await get(next.replace(/&amp;/g, '&'));
      assert.match(second.body, /Bourse aux vélos/);
      assert.equal((await get('/admin/campaigns?cursor=%%%')).statusCode, 200, 'a broken cursor shows the first page');
    });

    test('a new draft is saved (303) with its lists, and the editor shows it, labelled, with the preview frames and merge fields', async () => {
      const page = await get('/admin/campaigns/new');
      assert.equal(page.statusCode, 200);
      assertSafePage(page, 'new');
      assertLabelled(page.body);
      assert.match(page.body, /<script src="\/admin\/assets\/editor.js" defer><\/script>/);
      assert.match(page.body, /<code data-field="first_name">\{\{ first_name \}\}<\/code>/, 'merge fields listed as text with their syntax');
      const c = await create({ reply_to: 'bureau@velo.example', from_name: 'Atelier' });
      assert.equal(c.name, 'Lettre de mars');
      assert.deepEqual(c.listIds, [listId]);
      assert.equal(c.replyTo, 'bureau@velo.example');
      assert.equal(c.fromName, 'Atelier');
      assert.equal(c.status, 'draft');
      const edit = await get(`/admin/campaigns/${c.id}/edit?done=created`);
      assert.equal(edit.statusCode, 200);
      assertSafePage(edit, 'edit');
      assertLabelled(edit.body);
      assert.match(edit.body, /Brouillon créé/);
      assert.match(edit.body, new RegExp(`<iframe sandbox="" class="pv pv-desktop" data-view="desktop" title="[^"]+" src="/admin/campaigns/${c.id}/preview\\?view=desktop">`));
      assert.match(edit.body, /pv-mobile[^>]*src="\/admin\/campaigns\/\d+\/preview\?view=mobile"/);
      assert.match(edit.body, /pv-text[^>]*src="\/admin\/campaigns\/\d+\/preview\?view=text"/);
      assert.match(edit.body, /Objet : Bourse aux vélos samedi/);
      assert.match(edit.body, /Tel que le recevra marie@velo\.example/, 'previewed as the first member of the list');
      assert.match(edit.body, /id="list-\d+" name="list" value="\d+" checked/);
      // Hygiene: three members, one suppressed.
      assert.match(edit.body, /3 membre\(s\) dans les listes choisies/);
      assert.match(edit.body, /2 recevront le message/);
      assert.match(edit.body, /1 adresse\(s\) bloquée\(s\)/);
      // Edit and save.
      const saved = await post(`/admin/campaigns/${c.id}/edit`, draft({ subject: 'Nouvel objet', list: [] }));
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/admin/campaigns/${c.id}/edit?done=saved`);
      const after = (await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!;
      assert.equal(after.subject, 'Nouvel objet');
      assert.deepEqual(after.listIds, []);
    });

    test('hostile values are escaped on every page; line breaks in subject or sender name are refused with a clear message; a 1 MB body is refused with the limit stated', async () => {
      const c = await create({ name: HOSTILE, subject: `Objet ${HOSTILE}`, markdown: `Texte ${HOSTILE}\n\n<script>alert(3)</script>` });
      assert.equal(c.name, HOSTILE);
      for (const url of ['/admin/campaigns', `/admin/campaigns/${c.id}/edit`, `/admin/campaigns/${c.id}`, `/admin/campaigns/${c.id}/send`, `/admin/campaigns/${c.id}/cancel`, '/admin']) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assertSafePage(res, url);
        assert.doesNotMatch(res.body, /<script>alert/, url);
      }
      const edit = await get(`/admin/campaigns/${c.id}/edit`);
      assert.match(edit.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);

      const before = await campaignCount();
      for (const [field, value] of [['subject', 'Objet\r\nBcc: victime@example.org'], ['from_name', 'Atelier\nBcc: x@example.org'], ['name', 'a\rb']] as const) {
        const res = await post('/admin/campaigns/new', draft({ [field]: value }));
        assert.equal(res.statusCode, 422, field);
        assertSafePage(res, field);
        assert.match(res.body, /role="alert" id="[a-zA-Z]+-error">Pas de retour à la ligne/, field);
        assert.match(res.body, /value="Lettre de mars"|value="a\s?b"/, `${field}: what was typed is kept`);
      }
      const crlf = await post(`/admin/campaigns/${c.id}/edit`, draft({ subject: 'x\r\ny' }));
      assert.equal(crlf.statusCode, 422);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.subject, `Objet ${HOSTILE}`, 'nothing changed');

      const huge = await post('/admin/campaigns/new', draft({ markdown: 'a'.repeat(1024 * 1024) }));
      assert.equal(huge.statusCode, 422);
      assert.match(huge.body, /id="markdown-error">Le texte est trop long : 1\s000\s000 caractères au plus/);
      const long = await post('/admin/campaigns/new', draft({ name: 'n'.repeat(100_000) }));
      assert.equal(long.statusCode, 422);
      assert.match(long.body, /id="name-error">Trop long : 200 caractères au plus/);
      const bad = await post('/admin/campaigns/new', draft({ reply_to: 'pas une adresse' }));
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="replyTo-error">« pas une adresse » n’est pas une adresse e-mail valide/);
      const tooBig = await post('/admin/campaigns/new', draft({ markdown: 'é'.repeat(1_000_000) }));
      assert.equal(tooBig.statusCode, 413);
      assert.match(tooBig.body, /4 Mo au plus/);
      assert.equal(await campaignCount(), before, 'nothing created');
    });

    test('the preview route sends the composed message with its own sandboxing headers, without the script of the Markdown', async () => {
      const c = await create({ markdown: 'Bonjour {{ first_name }}\n\n<script>alert(1)</script><img src="https://tracker.example/p.gif" onerror="x()">\n\n[lien](javascript:alert(2))' });
      for (const view of ['desktop', 'mobile', 'text']) {
        const res = await get(`/admin/campaigns/${c.id}/preview?view=${view}`);
        assert.equal(res.statusCode, 200, view);
        assert.equal(res.headers['content-security-policy'], PREVIEW_CSP, view);
        assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', view);
        assert.equal(res.headers['cache-control'], 'no-store', view);
        assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
        assert.doesNotMatch(res.body, view === 'text' ? /<script|<a |<img/i : /<script|onerror=|javascript:/i, view);
        assert.match(res.body, /Bonjour Marie/, `${view}: as the first member gets it`);
      }
      assert.match((await get(`/admin/campaigns/${c.id}/preview?view=text`)).body, /<pre [^>]*>Bonjour Marie/);
      // The live preview (editor.js): JSON of what is typed, CSRF-checked.
      const live = await post(`/admin/campaigns/${c.id}/preview`, draft({ markdown: 'Salut {{ first_name }} <script>alert(1)</script>' }));
      assert.equal(live.statusCode, 200);
      const data = JSON.parse(live.body) as { ok: boolean; html: string; text: string; subject: string };
      assert.equal(data.ok, true);
      assert.match(data.html, /Salut Marie/);
      assert.doesNotMatch(data.html, /<script/);
      assert.equal((await post(`/admin/campaigns/${c.id}/preview`, draft(), { csrf: null })).statusCode, 403);
      // Without JavaScript: "Preview" re-renders the page with what was typed, saving nothing.
      const typed = await post(`/admin/campaigns/${c.id}/edit`, draft({ action: 'preview', subject: 'Objet tapé', markdown: 'Texte tapé pour {{ first_name }}' }));
      assert.equal(typed.statusCode, 200);
      assertSafePage(typed, 'typed preview');
      assert.match(typed.body, /rien n’est encore enregistré/);
      assert.match(typed.body, /srcdoc="[^"]*Texte tapé pour Marie/);
      assert.doesNotMatch(typed.body, /srcdoc="[^"]*<script/);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.subject, 'Bourse aux vélos samedi', 'not saved');
      const count = await campaignCount();
      const fresh = await post('/admin/campaigns/new', draft({ action: 'preview' }));
      assert.equal(fresh.statusCode, 200);
      assert.match(fresh.body, /srcdoc=/);
      assert.equal(await campaignCount(), count, 'previewing a new draft creates nothing');
    });

    test('an unknown merge field is shown next to the body with its name', async () => {
      const c = await create({ markdown: 'Bonjour {{ prenom }}' });
      const edit = await get(`/admin/campaigns/${c.id}/edit`);
      assert.match(edit.body, /<p class="error" role="alert" id="markdown-error">Champ inconnu « prenom » dans le texte/);
      assert.match(edit.body, /id="markdown"[^>]*aria-describedby="markdown-hint merge-h markdown-error"/);
      const preview = await get(`/admin/campaigns/${c.id}/preview?view=desktop`);
      assert.equal(preview.statusCode, 422);
      assert.equal(preview.headers['content-security-policy'], PREVIEW_CSP);
      assert.match(preview.body, /prenom/);
      const live = JSON.parse((await post(`/admin/campaigns/${c.id}/preview`, draft({ subject: 'Salut {{ nom_de_famille }}' }))).body) as { ok: boolean; error: { field: string; message: string } };
      assert.equal(live.ok, false);
      assert.equal(live.error.field, 'subject');
      assert.match(live.error.message, /nom_de_famille/);
      const send = await get(`/admin/campaigns/${c.id}/send`);
      assert.match(send.body, /Champ inconnu « prenom »/, 'the send page says what to fix');
      assert.doesNotMatch(send.body, /name="when"/, 'and offers no send button');
    });

    test('a test goes as a test message to the given addresses only (at most 5)', async () => {
      const c = await create();
      const res = await post(`/admin/campaigns/${c.id}/test`, { to: 'essai@velo.example, marie@velo.example' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/admin/campaigns/${c.id}/edit?done=tested`);
      const messages = await f.db.storage.db.selectFrom('messages').selectAll().where('tenant_id', '=', f.tenant.id).where('kind', '=', 'test').execute();
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.subject, '[TEST] Bourse aux vélos samedi');
      const deliveries = await f.db.storage.db.selectFrom('deliveries').select(['recipient', 'campaign_id']).where('message_id', '=', messages[0]!.id).orderBy('recipient').execute();
      assert.deepEqual(deliveries.map((d) => d.recipient), ['essai@velo.example', 'marie@velo.example']);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'draft', 'a test does not send the campaign');
      const six = await post(`/admin/campaigns/${c.id}/test`, { to: 'a@x.example b@x.example c@x.example d@x.example e@x.example f@x.example' });
      assert.equal(six.statusCode, 422);
      assert.match(six.body, /5 adresses au plus/);
      const bad = await post(`/admin/campaigns/${c.id}/test`, { to: 'marie@velo' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /id="test-to-error">« marie@velo » n’est pas une adresse e-mail valide/);
      const crlf = await post(`/admin/campaigns/${c.id}/test`, { to: 'a@x.example\r\nBcc: b@x.example' });
      assert.equal(crlf.statusCode, 422);
      assert.equal((await f.db.storage.db.selectFrom('messages').select('id').where('kind', '=', 'test').execute()).length, 1, 'nothing more queued');
    });

    test('send now: a confirmation with the count, then one delivery per member; pause, resume and cancel move the state', async () => {
      const c = await create();
      const confirm = await get(`/admin/campaigns/${c.id}/send`);
      assert.equal(confirm.statusCode, 200);
      assertSafePage(confirm, 'send');
      assertLabelled(confirm.body);
      assert.match(confirm.body, /<strong>2 personne\(s\) vont recevoir ce message\.<\/strong>/);
      assert.match(confirm.body, /1 adresse\(s\) seront laissées de côté/);
      assert.match(confirm.body, /Heure de Europe\/Paris/);
      const res = await post(`/admin/campaigns/${c.id}/send`, { when: 'now' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/admin/campaigns/${c.id}?done=started`);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'sending');
      const rows = await f.db.storage.db.selectFrom('deliveries').select(['recipient', 'state']).where('campaign_id', '=', c.id).orderBy('recipient').execute();
      assert.deepEqual(rows.map((r) => [r.recipient, r.state]), [['inconnu@velo.example', 'suppressed'], ['marie@velo.example', 'queued'], ['paul@velo.example', 'queued']]);

      const report = await get(`/admin/campaigns/${c.id}?done=started`);
      assertSafePage(report, 'report while sending');
      assert.match(report.body, /<noscript><meta http-equiv="refresh" content="5"><\/noscript>/);
      assert.match(report.body, /<script src="\/admin\/assets\/campaign-progress.js" defer><\/script>/);
      assert.match(report.body, /<progress id="progress-bar" max="3" value="1">/);
      assert.match(report.body, /aria-live="polite" id="progress-live"/);
      assert.match(report.body, /action="\/admin\/campaigns\/\d+\/pause"/);
      assert.equal((await post(`/admin/campaigns/${c.id}/send`, { when: 'now' })).statusCode, 409, 'not twice');
      assert.equal((await get(`/admin/campaigns/${c.id}/edit`)).statusCode, 303, 'no editing while sending');

      assert.equal((await post(`/admin/campaigns/${c.id}/pause`, {})).headers.location, `/admin/campaigns/${c.id}?done=paused`);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'paused');
      const paused = await get(`/admin/campaigns/${c.id}`);
      assert.doesNotMatch(paused.body, /http-equiv="refresh"/);
      assert.match(paused.body, /action="\/admin\/campaigns\/\d+\/resume"/);
      assert.equal((await post(`/admin/campaigns/${c.id}/pause`, {})).statusCode, 409);
      await post(`/admin/campaigns/${c.id}/resume`, {});
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'sending');

      const unchecked = await post(`/admin/campaigns/${c.id}/cancel`, {});
      assert.equal(unchecked.statusCode, 422);
      assert.match(unchecked.body, /Cochez la case/);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'sending');
      const cancel = await post(`/admin/campaigns/${c.id}/cancel`, { confirm: 'yes' });
      assert.equal(cancel.statusCode, 303);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!.status, 'cancelled');
      const states = await f.db.storage.db.selectFrom('deliveries').select('state').where('campaign_id', '=', c.id).where('state', '=', 'cancelled').execute();
      assert.equal(states.length, 2);
    });

    test('schedule: the datetime-local is read in Paris time; a past or unreadable time is refused next to the field', async () => {
      const c = await create();
      const past = await post(`/admin/campaigns/${c.id}/send`, { when: 'later', at: '2025-12-31T10:00' });
      assert.equal(past.statusCode, 422);
      assert.match(past.body, /id="at-error">Cette date est passée/);
      const unreadable = await post(`/admin/campaigns/${c.id}/send`, { when: 'later', at: '2026-02-30T10:00' });
      assert.equal(unreadable.statusCode, 422);
      assert.match(unreadable.body, /id="at-error">Date ou heure illisible/);
      const res = await post(`/admin/campaigns/${c.id}/send`, { when: 'later', at: '2026-03-14T09:30' });
      assert.equal(res.statusCode, 303);
      let saved = (await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!;
      assert.equal(saved.status, 'scheduled');
      assert.equal(saved.scheduledAt, Date.UTC(2026, 2, 14, 8, 30), 'CET is UTC+1');
      await post(`/admin/campaigns/${c.id}/send`, { when: 'later', at: '2026-07-01T10:00' });
      saved = (await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!;
      assert.equal(saved.scheduledAt, Date.UTC(2026, 6, 1, 8, 0), 'CEST is UTC+2');
      const report = await get(`/admin/campaigns/${c.id}`);
      assert.match(report.body, /Programmé pour le 1 juillet 2026 à 10:00 \(heure de Europe\/Paris\)/);
      assert.equal((await get(`/admin/campaigns/${c.id}/edit`)).statusCode, 200, 'a scheduled campaign can still be changed');
      assert.equal((await f.db.storage.db.selectFrom('deliveries').select('id').where('campaign_id', '=', c.id).execute()).length, 0, 'nothing queued before the time');
    });

    test('without the CSRF token, or with a wrong one: 403 and nothing changed', async () => {
      const c = await create();
      const before = await campaignCount();
      const cases: [string, Record<string, string>][] = [
        ['/admin/campaigns/new', draft()],
        [`/admin/campaigns/${c.id}/edit`, draft({ subject: 'changé' })],
        [`/admin/campaigns/${c.id}/test`, { to: 'a@velo.example' }],
        [`/admin/campaigns/${c.id}/send`, { when: 'now' }],
        [`/admin/campaigns/${c.id}/cancel`, { confirm: 'yes' }],
        [`/admin/campaigns/${c.id}/preview`, draft()],
        ['/admin/campaigns/new/preview', draft()],
      ];
      for (const [url, fields] of cases) {
        for (const token of [null, 'wrong-token']) {
          const res = await post(url, fields, { csrf: token });
          assert.equal(res.statusCode, 403, `${url} ${token}`);
        }
      }
      const after = (await f.db.storage.repos.campaigns.get(f.tenant.id, c.id))!;
      assert.equal(after.subject, c.subject);
      assert.equal(after.status, 'draft');
      assert.equal(await campaignCount(), before);
      assert.equal((await f.db.storage.db.selectFrom('messages').select('id').where('kind', '=', 'test').execute()).length, 0);
      assert.equal((await f.db.storage.db.selectFrom('deliveries').select('id').where('campaign_id', '=', c.id).execute()).length, 0);
    });

    test('another tenant’s campaign, or a malformed id, is a 404 on every route', async () => {
      const id = f.otherCampaign.id;
      for (const url of ['', '/edit', '/preview?view=desktop', '/send', '/cancel', '/progress.json', '/failures.csv']) {
        assert.equal((await get(`/admin/campaigns/${id}${url}`)).statusCode, 404, url);
        assert.equal((await get(`/admin/campaigns/abc${url}`)).statusCode, 404, `abc${url}`);
      }
      for (const url of ['/edit', '/preview', '/test', '/send', '/pause', '/resume', '/cancel']) {
        const res = await post(`/admin/campaigns/${id}${url}`, { ...draft(), to: 'a@velo.example', when: 'now', confirm: 'yes' });
        assert.equal(res.statusCode, 404, url);
      }
      const other = (await f.db.storage.repos.campaigns.get(f.other.id, id))!;
      assert.equal(other.status, 'draft');
      assert.equal(other.subject, f.otherCampaign.subject);
      // A list of the other tenant cannot be chosen.
      const theirs = await f.db.storage.repos.lists.create(f.other.id, { slug: 'choristes', name: 'Choristes' });
      const res = await post('/admin/campaigns/new', draft({ list: String(theirs.id) }));
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /id="listIds-error">Une des listes choisies n’existe plus/);
      assert.doesNotMatch(res.body, /Choristes/);
    });

    test('progress.json gives the figures of the report', async () => {
      const res = await get(`/admin/campaigns/${f.campaign.id}/progress.json`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const p = JSON.parse(res.body) as Record<string, unknown>;
      assert.equal(p.status, 'draft');
      assert.equal(p.total, 13);
      assert.equal(p.done, 11);
      assert.equal(p.delivered, 7);
      assert.equal(p.deferred, 2);
      assert.equal(p.bounced, 4);
      assert.equal(p.queued, 0);
      assert.equal(p.text, '11 sur 13 traités');
      const report = await get(`/admin/campaigns/${f.campaign.id}`);
      assertSafePage(report, 'report');
      assert.match(report.body, /<progress id="progress-bar" max="13" value="11">/);
      assert.match(report.body, /href="\/admin\/campaigns\/\d+\/failures.csv" download/);
      assert.doesNotMatch(report.body, /<script/, 'no poll for a campaign that is not sending');
    });

    test('an editor can write, test and send; the scripts are served', async () => {
      await f.db.storage.repos.users.create({ tenantId: f.tenant.id, email: 'editrice@atelier.example', role: 'editor', passwordHash: await hashPassword(PASSWORD) });
      const editor = (await signIn(f.app, { email: 'editrice@atelier.example', tenant: 'atelier' })).cookie;
      const res = await post('/admin/campaigns/new', draft(), { cookie: editor });
      assert.equal(res.statusCode, 303);
      const id = Number(/campaigns\/(\d+)\//.exec(String(res.headers.location))?.[1]);
      assert.equal((await post(`/admin/campaigns/${id}/test`, { to: 'editrice@atelier.example' }, { cookie: editor })).statusCode, 303);
      assert.equal((await post(`/admin/campaigns/${id}/send`, { when: 'now' }, { cookie: editor })).statusCode, 303);
      assert.equal((await f.db.storage.repos.campaigns.get(f.tenant.id, id))!.status, 'sending');
      for (const js of ['editor.js', 'campaign-progress.js']) {
        const a = await get(`/admin/assets/${js}`);
        assert.equal(a.statusCode, 200, js);
        assert.match(String(a.headers['content-type']), /^text\/javascript/);
      }
    });

    test('English pages', async () => {
      const token = await csrf('/admin/campaigns');
      await f.app.inject({ method: 'POST', url: '/admin/language', headers: { ...FORM, cookie }, payload: new URLSearchParams({ csrf: token, lang: 'en', back: '/admin/campaigns' }).toString() });
      const list = await get('/admin/campaigns');
      assert.match(list.body, /<html lang="en">/);
      assert.match(list.body, /New mailing/);
      const res = await post('/admin/campaigns/new', draft({ subject: 'a\nb' }));
      assert.match(res.body, /No line break or invisible character here/);
    });
  });
}
