// Issue 9 acceptance, in a real browser: Chromium (Debian's, driven by playwright-core) against
// the real facteur on a loopback port, delivering to an SMTP sink. Each main page is also checked
// with axe-core (no serious or critical violation), at 360 px (no horizontal scrolling), and
// photographed at both widths into test-output/screenshots/. See test/browser/README.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminMessages } from '../../src/web/admin/messages.ts';
import { messagesFor } from '../../src/web/i18n/index.ts';
import { enqueueCampaign } from '../../src/delivery/queue/index.ts';
import { teamMessages } from '../../src/web/admin/team/messages.ts';
import { importMessages } from '../../src/web/admin/imports/messages.ts';
import { domainMessages } from '../../src/web/admin/domain/messages.ts';
import { campaignMessages } from '../../src/web/admin/campaigns/messages.ts';
import type { Campaign } from '../../src/core/model.ts';
import { ADMIN_EMAIL, PASSWORD, TENANT_SLUG, SCREENSHOTS, audit, auditStats, isDead, launchBrowser, newContext, startFacteur, until, type Facteur, type SunkMail } from './harness.ts';

const fr = adminMessages('fr');
const en = adminMessages('en');
const pub = messagesFor('fr');

const LIVE = ['ana@example.org', 'bruno@example.org', 'chloe@example.net'];
const DEAD = ['dead.denis@example.org', 'dead-eve@example.net'];
/** The CSV import: its list, and its valid rows (two dead addresses among them, for the campaign). */
const IMPORT_LIST = 'Adhérents 2026';
const IMPORTED = ['lea@example.org', 'marc@example.net', 'nina@example.com', 'dead.omar@example.org', 'dead.paula@example.net'];

/** Fails listing every problem found (axe violations, horizontal scroll), one per line. */
function noProblems(problems: string[]): void {
  assert.equal(problems.length, 0, `problems found:\n  ${problems.join('\n  ')}`);
}

/** The http(s) link of the List-Unsubscribe header of a received mail. */
function unsubscribeLink(mail: SunkMail): string {
  const header = mail.parsed.headers.get('list-unsubscribe');
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const m = /<(https?:\/\/[^>]+)>/.exec(text) ?? /(https?:\/\/[^\s"<>]+\/u\/[A-Za-z0-9_.-]+)/.exec(mail.raw);
  if (!m) throw new Error(`no unsubscribe link in the mail to ${mail.to.join(', ')}:\n${mail.raw.slice(0, 2000)}`);
  return m[1]!;
}

/** The first link of a received mail (text part, else raw) that starts with `prefix` (an absolute URL start). */
function linkIn(mail: SunkMail, prefix: string): string {
  const text = `${mail.parsed.text ?? ''}\n${mail.raw}`;
  const i = text.indexOf(prefix);
  if (i < 0) throw new Error(`no link starting ${prefix} in the mail "${mail.parsed.subject}" to ${mail.to.join(', ')}:\n${(mail.parsed.text ?? mail.raw).slice(0, 2000)}`);
  return /^[^\s<>()[\]"]+/.exec(text.slice(i))![0];
}

/**
 * Does `action` (a click) and waits for the page at `path`; on a timeout, fails saying where the
 * browser is instead, with a screenshot of it in test-output/screenshots/FAILED-*.png.
 */
async function arrive(page: Page, path: string, action: () => Promise<unknown>): Promise<void> {
  const events: string[] = [];
  const log = (what: string) => (f: { url(): string }) => events.push(`${what} ${f.url()}`);
  const onNav = log('navigated');
  const onReq = (r: { url(): string; method(): string }) => events.push(`request ${r.method()} ${r.url()}`);
  page.on('framenavigated', onNav);
  page.on('request', onReq);
  try {
    await action();
    await page.waitForURL((u) => u.pathname === path, { timeout: 30_000 });
  } catch (e) {
    const shot = join(SCREENSHOTS, `FAILED-${path.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(`expected the page ${path}, the browser is at ${page.url()} (screenshot ${shot}); events: ${events.slice(-15).join(' | ')}; ${(e as Error).message}`, { cause: e });
  } finally {
    page.off('framenavigated', onNav);
    page.off('request', onReq);
  }
}

async function signInByKeyboard(page: Page): Promise<void> {
  await page.goto('/admin/login');
  // From the top of the page, Tab reaches the e-mail field first among the form fields.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'email')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'Tab reaches the e-mail field');
  await page.keyboard.type(ADMIN_EMAIL);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'then the password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'tenant', 'then the association');
  await page.keyboard.type(TENANT_SLUG);
  await Promise.all([page.waitForURL((u) => u.pathname === '/admin'), page.keyboard.press('Enter')]);
}

describe('browser: admin interface and member pages, end to end (Chromium)', { timeout: 600_000 }, () => {
  let f: Facteur;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let campaign: Campaign;
  /** Public subscription form addresses read from the list pages. */
  const formUrls = new Map<string, string>();

  before(async () => {
    // The browser first: a missing Chromium fails here, with how to install it.
    browser = await launchBrowser();
    f = await startFacteur();
    admin = await newContext(browser, f.url);
    page = await admin.newPage();
  });

  after(async () => {
    console.log(`# browser: ${auditStats.pages} pages checked (axe-core, 360 px, screenshots in ${SCREENSHOTS}) in ${(auditStats.ms / 1000).toFixed(1)} s, axe-core ${(auditStats.axeMs / 1000).toFixed(1)} s`);
    await browser?.close();
    await f?.close();
  });

  it('sign-in page: a wrong password says so and keeps the typed values; accessible, fits 360 px', async () => {
    await page.goto('/admin/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    const problems = await audit(page, 'admin-login');
    await page.getByLabel(fr.login.email).fill(ADMIN_EMAIL);
    await page.getByLabel(fr.login.password).fill('not the password');
    await page.getByLabel(fr.login.tenant).fill(TENANT_SLUG);
    await page.getByRole('button', { name: fr.login.submit }).click();
    await page.getByRole('alert').waitFor();
    assert.equal((await page.getByRole('alert').textContent())?.trim(), fr.login.failed);
    assert.equal(await page.getByLabel(fr.login.email).inputValue(), ADMIN_EMAIL);
    assert.equal(await page.getByLabel(fr.login.tenant).inputValue(), TENANT_SLUG);
    problems.push(...(await audit(page, 'admin-login-error')));
    noProblems(problems);
  });

  it('signs in with the keyboard only (Tab, type, Enter) and lands on the dashboard', async () => {
    await signInByKeyboard(page);
    await page.getByRole('heading', { level: 1, name: fr.dashboard.title('Atelier Vélo') }).waitFor();
  });

  it('a campaign queued through the core and delivered to the SMTP sink: dashboard figures, report, dead addresses downloaded as CSV', async () => {
    const repos = f.rt.storage.repos;
    const tid = f.tenant.id;
    const news = await repos.lists.create(tid, { slug: 'nouvelles', name: 'Nouvelles de l’atelier' });
    const workshops = await repos.lists.create(tid, { slug: 'ateliers', name: 'Ateliers du samedi' });
    for (const address of [...LIVE, ...DEAD]) {
      const { contact } = await repos.contacts.upsert(tid, { address, addressNormalized: address });
      await repos.contacts.subscribe(tid, news.id, contact.id);
      if (address === LIVE[0]) await repos.contacts.subscribe(tid, workshops.id, contact.id);
    }
    campaign = await repos.campaigns.create(tid, { name: 'Bourse aux vélos', subject: 'La bourse aux vélos, samedi', bodyMarkdown: '# Bonjour {{ first_name }}\n\nLa **bourse aux vélos** a lieu samedi.', listIds: [news.id] });
    await enqueueCampaign(f.rt.storage, tid, campaign.id, { platformDomain: 'facteur.test' });
    await until('the campaign to settle', async () => {
      const c = await repos.deliveries.countByState(tid, campaign.id);
      return (c.queued ?? 0) + (c.sending ?? 0) + (c.deferred ?? 0) === 0;
    });
    for (const a of LIVE) await f.sink.waitFor((m) => m.to.includes(a), `campaign mail to ${a}`);
    assert.deepEqual([...f.sink.refused].sort(), [...DEAD].sort(), 'the sink refused exactly the dead addresses');

    await page.goto('/admin');
    const row = page.getByRole('row', { name: new RegExp(campaign.name) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    // status, delivered, deferred, bounced, complained, unsubscribed
    assert.equal(cells[1], '3', `delivered in ${JSON.stringify(cells)}`);
    assert.equal(cells[3], '2', `bounced in ${JSON.stringify(cells)}`);
    const problems = await audit(page, 'admin-dashboard');

    await row.getByRole('link', { name: campaign.name }).click();
    await page.waitForURL(`**/admin/campaigns/${campaign.id}`);
    await page.getByRole('heading', { level: 1, name: fr.campaign.reportTitle(campaign.name) }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /userunknown/);
    problems.push(...(await audit(page, 'admin-campaign-report')));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: fr.campaign.downloadFailures }).click()]);
    assert.equal(download.suggestedFilename(), `campaign-${campaign.id}-failures.csv`);
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    for (const a of DEAD) assert.ok(csv.includes(a), `${a} in the downloaded CSV:\n${csv}`);
    for (const a of LIVE) assert.ok(!csv.includes(a), `${a} (delivered) is not in the CSV`);
    assert.ok(csv.split('\n')[0]!.includes(fr.campaign.csvHeader[0]!), 'French header row');
    noProblems(problems);
  });

  it('switches to English and back; the choice follows to the next pages', async () => {
    await page.goto(`/admin/campaigns/${campaign.id}`);
    await page.getByRole('button', { name: new RegExp(en.languageName) }).click();
    // Same address before and after: wait for the English page itself.
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    assert.equal(new URL(page.url()).pathname, `/admin/campaigns/${campaign.id}`, 'back on the same page');
    await page.getByRole('heading', { level: 1, name: en.campaign.reportTitle(campaign.name) }).waitFor();
    await page.goto('/admin');
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the language is kept in the session');
    await page.getByRole('button', { name: new RegExp(fr.languageName) }).click();
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    assert.equal(new URL(page.url()).pathname, '/admin');
  });

  it('an unknown admin address shows the 404 page', async () => {
    const res = await page.goto('/admin/nowhere');
    assert.equal(res?.status(), 404);
    await page.getByRole('heading', { level: 1, name: fr.errors.notFoundTitle }).waitFor();
    noProblems(await audit(page, 'admin-404'));
  });

  it('a member follows the link of the received mail: unsubscribe page, preferences, unsubscribe, privacy', async () => {
    const mail = await f.sink.waitFor((m) => m.to.includes(LIVE[0]!), `campaign mail to ${LIVE[0]}`);
    const link = unsubscribeLink(mail);
    assert.ok(link.startsWith(`${f.url}/u/`), `the link points at this facteur: ${link}`);
    // A member has no session: a fresh context, no cookie.
    const member = await newContext(browser, f.url);
    try {
      const p = await member.newPage();
      await p.goto(link);
      await p.getByRole('heading', { level: 1 }).waitFor();
      const problems = await audit(p, 'public-unsubscribe');

      // Preferences: leave the workshops list, keep the news.
      await p.getByRole('link', { name: pub.common.preferencesLink }).click();
      await p.waitForURL('**/p/**');
      await p.getByRole('heading', { level: 1 }).waitFor();
      problems.push(...(await audit(p, 'public-preferences')));
      const workshops = p.getByRole('checkbox', { name: /Ateliers du samedi/ });
      const newsBox = p.getByRole('checkbox', { name: /Nouvelles de l’atelier/ });
      assert.equal(await workshops.isChecked(), true);
      assert.equal(await newsBox.isChecked(), true);
      // By keyboard: focus the checkbox, Space unticks it.
      await workshops.focus();
      await p.keyboard.press('Space');
      assert.equal(await workshops.isChecked(), false);
      await p.getByRole('button', { name: pub.preferences.save }).click();
      await p.getByText(pub.preferences.saved).waitFor();
      const contact = await f.rt.storage.repos.contacts.getByAddress(f.tenant.id, LIVE[0]!);
      assert.ok(contact);
      const subscribed = async (slug: string) => {
        const list = await f.rt.storage.repos.lists.getBySlug(f.tenant.id, slug);
        const memberships = await f.rt.storage.repos.contacts.memberships(f.tenant.id, contact.id);
        return memberships.some((m) => m.listId === list?.id && m.status === 'subscribed');
      };
      assert.equal(await subscribed('ateliers'), false, 'left the workshops list');
      assert.equal(await subscribed('nouvelles'), true, 'still on the news');

      // Unsubscribe from the page of the mail's link.
      await p.goto(link);
      await p.getByRole('button', { name: pub.unsubscribe.button }).click();
      await p.getByRole('heading', { level: 1, name: pub.done.title }).waitFor();
      problems.push(...(await audit(p, 'public-unsubscribed')));

      await p.getByRole('link', { name: pub.common.privacyLink }).click();
      await p.waitForURL('**/privacy**');
      await p.getByRole('heading', { level: 1, name: pub.privacy.title }).waitFor();
      problems.push(...(await audit(p, 'public-privacy')));
      noProblems(problems);
    } finally {
      await member.close();
    }
  });

  it('lists and contacts (admin): creates a list, its page gives the public form address; contacts pages', async () => {
    await page.goto('/admin/lists');
    const problems = await audit(page, 'admin-lists');
    const create = page.locator('form[action="/admin/lists"]');
    await create.locator('#name').fill('Fête du vélo');
    await create.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/lists\/[0-9]+\?done=created/);
    await page.getByRole('heading', { level: 1, name: 'Fête du vélo' }).waitFor();
    const formUrl = (await page.locator('#form-url').textContent())?.trim() ?? '';
    assert.match(formUrl, new RegExp(`^${f.url}/s/${TENANT_SLUG}/[a-z0-9-]+$`), 'the list page shows its public form address');
    formUrls.set('fete', formUrl);
    problems.push(...(await audit(page, 'admin-list')));

    await page.goto('/admin/contacts');
    for (const a of [...LIVE, ...DEAD]) await page.getByText(a).first().waitFor();
    problems.push(...(await audit(page, 'admin-contacts')));
    await page.goto('/admin/contacts/new');
    problems.push(...(await audit(page, 'admin-contact-new')));
    const ana = await f.rt.storage.repos.contacts.getByAddress(f.tenant.id, LIVE[0]!);
    await page.goto(`/admin/contacts/${ana!.id}`);
    await page.getByText(LIVE[0]!).first().waitFor();
    problems.push(...(await audit(page, 'admin-contact')));
    await page.goto('/admin/segments');
    problems.push(...(await audit(page, 'admin-segments')));

    noProblems(problems);
  });

  it('a member subscribes with the public form, confirms by the link in the received mail, changes preferences, unsubscribes', async () => {
    const sub = messagesFor('fr').subscribe;
    const address = 'zoe.martin@example.org';
    const news = await f.rt.storage.repos.lists.getBySlug(f.tenant.id, 'nouvelles');
    const fete = formUrls.get('fete');
    assert.ok(fete && news, 'the list created by the previous test');
    const member = await newContext(browser, f.url);
    const problems: string[] = [];
    try {
      const p = await member.newPage();
      for (const [n, url, listName] of [[0, fete, 'Fête du vélo'], [1, `${f.url}/s/${TENANT_SLUG}/nouvelles`, news.name]] as const) {
        await p.goto(url);
        const shown = Date.now();
        await p.getByRole('heading', { level: 1, name: sub.heading(listName) }).waitFor();
        if (n === 0) problems.push(...(await audit(p, 'public-subscribe')));
        if (n === 0) {
          await p.getByLabel(sub.emailLabel).fill(address);
          await p.getByLabel(sub.nameLabel).fill('Zoé Martin');
        } else {
          // By keyboard: the e-mail, Tab straight to the name (the honeypot is out of the tab order).
          await p.getByLabel(sub.emailLabel).focus();
          await p.keyboard.type(address);
          await p.keyboard.press('Tab');
          assert.equal(await p.evaluate(() => document.activeElement?.id), 'sub-name', 'Tab goes from the e-mail to the name');
          await p.keyboard.type('Zoé Martin');
        }
        // A person takes more than two seconds to fill the form in; the timing check turns away faster posts.
        await p.waitForTimeout(Math.max(0, 2300 - (Date.now() - shown)));
        if (n === 0) await p.getByRole('button', { name: sub.button }).click();
        else await p.keyboard.press('Enter');
        await p.getByRole('heading', { level: 1, name: sub.sentTitle }).waitFor();
        if (n === 0) problems.push(...(await audit(p, 'public-subscribe-sent')));
        const mail = await f.sink.waitFor((m) => m.to.includes(address) && m.parsed.subject === sub.mailSubject(listName), `confirmation mail for « ${listName} »`);
        const link = linkIn(mail, `${f.url}/s/confirm/`);
        await p.goto(link);
        await p.getByRole('heading', { level: 1, name: sub.confirmTitle }).waitFor();
        if (n === 0) problems.push(...(await audit(p, 'public-subscribe-confirm')));
        await p.getByRole('button', { name: sub.confirmButton }).click();
        await p.getByRole('heading', { level: 1, name: sub.confirmedTitle }).waitFor();
        if (n === 0) problems.push(...(await audit(p, 'public-subscribe-confirmed')));
      }
      const contact = await f.rt.storage.repos.contacts.getByAddress(f.tenant.id, address);
      assert.ok(contact, 'the contact exists once confirmed');
      assert.equal(contact.name, 'Zoé Martin');
      const subscribed = async () => (await f.rt.storage.repos.contacts.memberships(f.tenant.id, contact.id)).filter((m) => m.status === 'subscribed').map((m) => m.listId).sort();
      const feteList = await f.rt.storage.repos.lists.getBySlug(f.tenant.id, new URL(fete).pathname.split('/').pop()!);
      assert.deepEqual(await subscribed(), [feteList!.id, news.id].sort());

      // Preferences, from the confirmation page: leave the news, keep the festival.
      await p.getByRole('link', { name: pub.common.preferencesLink }).click();
      await p.waitForURL('**/p/**');
      const newsBox = p.getByRole('checkbox', { name: new RegExp(news.name) });
      const feteBox = p.getByRole('checkbox', { name: /Fête du vélo/ });
      assert.equal(await newsBox.isChecked(), true);
      assert.equal(await feteBox.isChecked(), true);
      await newsBox.uncheck();
      await p.getByRole('button', { name: pub.preferences.save }).click();
      await p.getByText(pub.preferences.saved).waitFor();
      assert.deepEqual(await subscribed(), [feteList!.id], 'only the festival list is left');

      // Then nothing at all.
      await p.getByRole('button', { name: pub.preferences.unsubscribeAllButton }).click();
      await p.getByRole('heading', { level: 1, name: pub.done.title }).waitFor();
      assert.equal((await f.rt.storage.repos.contacts.getByAddress(f.tenant.id, address))?.status, 'unsubscribed');
      noProblems(problems);
    } finally {
      await member.close();
    }
  });

  it('team (admin): invites an editor, who sets a password from the mailed link and signs in; forgot-password page', async () => {
    const t = teamMessages('fr');
    await page.goto('/admin/team');
    const problems = await audit(page, 'admin-team');
    const invite = page.locator('form[action="/admin/team/invite"]');
    await invite.locator('#invite-email').fill('camille@example.org');
    await invite.locator('#invite-name').fill('Camille');
    await invite.getByRole('button', { name: t.team.inviteSubmit }).click();
    await page.getByText('camille@example.org').first().waitFor();
    const mail = await f.sink.waitFor((m) => m.to.includes('camille@example.org'), 'invitation mail');
    const link = linkIn(mail, `${f.url}/admin/password/reset/`);

    const editor = await newContext(browser, f.url);
    try {
      const p = await editor.newPage();
      await p.goto(link);
      problems.push(...(await audit(p, 'admin-password-set')));
      const password = 'un vélo rouge sous la pluie';
      await p.locator('#password').fill(password);
      await p.locator('#confirm').fill(password);
      await p.getByRole('button', { name: t.reset.submit }).click();
      await p.waitForURL('**/admin/login**');
      await p.getByLabel(fr.login.email).fill('camille@example.org');
      await p.getByLabel(fr.login.password).fill(password);
      await p.getByLabel(fr.login.tenant).fill(TENANT_SLUG);
      await p.getByRole('button', { name: fr.login.submit }).click();
      await p.waitForURL((u) => u.pathname === '/admin');
      assert.match((await p.locator('main').textContent()) ?? '', /camille@example\.org/);
      // An editor does not manage the team.
      await p.goto('/admin/team');
      assert.equal(await p.locator('form[action="/admin/team/invite"]').count(), 0);
    } finally {
      await editor.close();
    }

    const anonymous = await newContext(browser, f.url);
    try {
      const p = await anonymous.newPage();
      await p.goto('/admin/login');
      await p.getByRole('link', { name: /mot de passe/i }).click();
      await p.waitForURL('**/admin/password/forgot**');
      problems.push(...(await audit(p, 'admin-password-forgot')));
    } finally {
      await anonymous.close();
    }
    noProblems(problems);
  });

  it('suppressions and integrations (admin): the dead addresses are blocked with their reason; API key, SMTP and webhook forms', async () => {
    await page.goto('/admin/suppressions');
    for (const a of DEAD) await page.getByText(a).first().waitFor();
    const problems = await audit(page, 'admin-suppressions');
    await page.goto('/admin/suppressions/new');
    problems.push(...(await audit(page, 'admin-suppression-new')));
    await page.goto('/admin/integrations');
    problems.push(...(await audit(page, 'admin-integrations')));
    for (const [path, name] of [['/admin/integrations/keys/new', 'admin-apikey-new'], ['/admin/integrations/smtp/new', 'admin-smtp-new'], ['/admin/integrations/webhooks/new', 'admin-webhook-new']] as const) {
      await page.goto(path);
      problems.push(...(await audit(page, name)));
    }
    noProblems(problems);
  });

  it('CSV import (admin): upload, preview with the mapping recognised, import into a list, report with the refused row', async () => {
    const im = importMessages('fr');
    // The target list first, from the lists page.
    await page.goto('/admin/lists');
    const create = page.locator('form[action="/admin/lists"]');
    await create.locator('#name').fill(IMPORT_LIST);
    await create.locator('button[type=submit]').click();
    await page.waitForURL(/\/admin\/lists\/[0-9]+\?done=created/);

    await page.goto('/admin/contacts/import');
    const problems = await audit(page, 'admin-import-upload');
    const csv = ['courriel;prénom;nom', ...IMPORTED.map((a, i) => `${a};Prénom${i};Nom${i}`), 'pas-une-adresse;Paul;Sansmail', ''].join('\r\n');
    await page.getByLabel(im.upload.file).setInputFiles({ name: 'adherents.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByLabel(im.upload.list).selectOption({ label: IMPORT_LIST });
    await page.getByRole('button', { name: im.upload.submit }).click();
    await page.waitForURL(/\/admin\/contacts\/import\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: im.preview.title }).waitFor();
    // The header row is recognised: the address column is mapped to the e-mail without help.
    assert.equal(await page.locator('#col-0').inputValue(), 'email', 'courriel → e-mail');
    problems.push(...(await audit(page, 'admin-import-preview')));
    await page.getByRole('button', { name: im.preview.submit }).click();
    await page.waitForURL(/\/report$/);
    await page.getByRole('heading', { level: 1, name: im.report.title }).waitFor();
    const summary = (await page.locator('ul.counts').textContent()) ?? '';
    assert.match(summary.replace(/\s+/g, ' '), new RegExp(`${im.report.created} : ${IMPORTED.length}\\b`), summary);
    await page.getByRole('cell', { name: 'pas-une-adresse' }).waitFor();
    problems.push(...(await audit(page, 'admin-import-report')));
    const list = (await f.rt.storage.repos.lists.list(f.tenant.id)).find((l) => l.name === IMPORT_LIST)!;
    assert.equal(await f.rt.storage.repos.lists.countMembers(f.tenant.id, list.id), IMPORTED.length, 'every valid row is on the list');
    noProblems(problems);
  });

  it('domain assistant (admin): records to copy, published, "check again" verifies the domain', async () => {
    const dm = domainMessages('fr');
    await page.goto('/admin/domain');
    const problems = await audit(page, 'admin-domain-empty');
    await page.locator('#domain').fill('atelier-velo.test');
    await page.getByRole('button', { name: dm.setButton }).click();
    await page.waitForURL('**/admin/domain?done=started');
    const records = await page.locator('section.record').evaluateAll((sections) =>
      sections.map((s) => {
        const codes = Array.from(s.querySelectorAll('dl.facts dd code')).map((c) => c.textContent ?? '');
        return { name: codes[0] ?? '', type: codes[2] ?? '', value: s.querySelector('pre code')?.textContent ?? '' };
      }),
    );
    assert.ok(records.some((r) => /_domainkey/.test(r.name)), `a DKIM record to copy in ${JSON.stringify(records)}`);
    problems.push(...(await audit(page, 'admin-domain-pending')));
    // The association publishes what the page says, as it says it.
    for (const r of records) {
      assert.equal(r.type, 'TXT', JSON.stringify(r));
      const entry = (f.dns[r.name] ??= {});
      entry.TXT = [...((entry.TXT as string[][] | undefined) ?? []), [r.value]];
    }
    await page.getByRole('button', { name: dm.checkButton }).click();
    await page.waitForURL('**/admin/domain?done=verified');
    await page.getByText(dm.notices.verified!).waitFor();
    problems.push(...(await audit(page, 'admin-domain-verified')));
    noProblems(problems);
  });

  it('campaign (admin): written in the editor with its live preview, a test, sent to the imported list, progress watched, dead addresses downloaded', async () => {
    const cm = campaignMessages('fr');
    await page.goto('/admin/campaigns');
    const problems = await audit(page, 'admin-campaigns');
    await page.getByRole('link', { name: cm.newCampaign }).first().click();
    await page.waitForURL('**/admin/campaigns/new');
    await page.locator('#name').fill('Sortie de printemps');
    await page.locator('#subject').fill('Sortie vélo le 12 avril');
    await page.getByRole('checkbox', { name: new RegExp(IMPORT_LIST) }).check();
    await page.locator('#markdown').fill('Bonjour {{ first_name }},\n\nRendez-vous **samedi 12 avril** à 9 h devant l’atelier.\n\n');
    // The toolbar (editor.js) wraps a placeholder in ** **.
    await page.getByRole('toolbar').getByRole('button', { name: /Gras/ }).click();
    assert.match(await page.locator('#markdown').inputValue(), /\*\*[^*]+\*\*$/);
    // The live preview, in the sandboxed frames: what was just typed, for the first contact of the list.
    const desktop = page.frameLocator('iframe.pv-desktop');
    await desktop.getByText('samedi 12 avril').waitFor({ timeout: 20_000 });
    await page.locator('#markdown').fill('Bonjour {{ first_name }},\n\nRendez-vous **samedi 12 avril** à 9 h devant l’atelier.');
    await page.getByRole('button', { name: cm.save, exact: true }).click();
    await page.waitForURL(/\/admin\/campaigns\/[0-9]+\/edit/);
    const id = Number(/\/campaigns\/([0-9]+)\//.exec(page.url())![1]);
    for (const [view, label] of [['desktop', cm.viewDesktop], ['mobile', cm.viewMobile], ['text', cm.viewText]] as const) {
      assert.equal(await page.locator(`iframe.pv-${view}`).getAttribute('sandbox'), '', `the ${view} preview is fully sandboxed`);
      // Each view is a <details>: open the closed ones.
      const details = page.locator('details', { has: page.locator(`iframe.pv-${view}`) });
      if ((await details.getAttribute('open')) === null) await details.locator('summary', { hasText: label }).click();
      // The merge field is filled in with the first contact's first name (the CSV's « prénom » column).
      await page.frameLocator(`iframe.pv-${view}`).getByText(/Bonjour Prénom[0-9]/).first().waitFor({ timeout: 20_000 });
      await page.frameLocator(`iframe.pv-${view}`).getByText(/samedi 12 avril/).first().waitFor({ timeout: 20_000 });
    }
    problems.push(...(await audit(page, 'admin-campaign-editor')));

    // A test to one address: it reaches the sink.
    await page.locator('#test-to').fill('essai@example.org');
    await page.getByRole('button', { name: cm.testSend }).click();
    await page.waitForURL(/\/admin\/campaigns\/[0-9]+\/edit\?done=tested/);
    const test = await f.sink.waitFor((m) => m.to.includes('essai@example.org'), 'test mail');
    assert.match(test.parsed.subject ?? '', /Sortie vélo le 12 avril/);

    // Send now, from the confirmation page; the sink holds the mail so the campaign is seen sending.
    // Under heavy load this click has now and then started no navigation at all (no request seen;
    // not understood yet, see the report of helper G): a second click, as a person would, logged.
    const sendLink = page.getByRole('link', { name: cm.sendLink });
    await arrive(page, `/admin/campaigns/${id}/send`, async () => {
      await sendLink.click();
      const moved = await page.waitForURL((u) => u.pathname.endsWith('/send'), { timeout: 10_000 }).then(() => true, () => false);
      if (!moved) {
        const at = await sendLink.evaluate((a) => {
          const r = a.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return `link at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}, element there: ${hit ? hit.tagName + (hit.className ? '.' + String(hit.className) : '') : 'none'}, readyState ${document.readyState}`;
        });
        console.log(`# browser: the click on the send link did not navigate (${at}); clicking again`);
        await sendLink.click();
      }
    });
    problems.push(...(await audit(page, 'admin-campaign-send')));
    assert.equal(await page.locator('#when-now').isChecked(), true, 'now is the default');
    f.sink.hold();
    try {
      await page.locator(`form[action="/admin/campaigns/${id}/send"] button[type=submit]`).click();
      await page.waitForURL(new RegExp(`/admin/campaigns/${id}(\\?|$)`));
      assert.equal(await page.locator('#progress').getAttribute('data-status'), 'sending');
      problems.push(...(await audit(page, 'admin-campaign-progress')));
    } finally {
      f.sink.release();
    }
    // campaign-progress.js polls and fills the bar in: no reload.
    await page.waitForFunction(() => {
      const bar = document.getElementById('progress-bar') as HTMLProgressElement | null;
      return bar !== null && bar.max === 5 && bar.value === bar.max;
    }, undefined, { timeout: 40_000 });
    await page.waitForFunction((sent) => document.getElementById('campaign-status')?.textContent?.trim() === sent, fr.campaign.statuses.sent!, { timeout: 20_000 });
    for (const a of IMPORTED.filter((x) => !isDead(x))) await f.sink.waitFor((m) => m.to.includes(a) && m.parsed.subject === 'Sortie vélo le 12 avril', `campaign mail to ${a}`);

    await page.reload();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: fr.campaign.downloadFailures }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    for (const a of IMPORTED) assert.equal(csv.includes(a), isDead(a), `${a} ${isDead(a) ? 'is' : 'is not'} in the dead-addresses CSV:\n${csv}`);
    problems.push(...(await audit(page, 'admin-campaign-sent')));
    noProblems(problems);
  });
});
