// Issue 9 acceptance, in a real browser: Chromium (Debian's, driven by playwright-core) against
// the real facteur on a loopback port, delivering to an SMTP sink. Each main page is also checked
// with axe-core (no serious or critical violation), at 360 px (no horizontal scrolling), and
// photographed at both widths into test-output/screenshots/. See test/browser/README.md.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminMessages } from '../../src/web/admin/messages.ts';
import { messagesFor } from '../../src/web/i18n/index.ts';
import { enqueueCampaign } from '../../src/delivery/queue/index.ts';
import type { Campaign } from '../../src/core/model.ts';
import { ADMIN_EMAIL, PASSWORD, TENANT_SLUG, audit, launchBrowser, newContext, startFacteur, until, type Facteur, type SunkMail } from './harness.ts';

const fr = adminMessages('fr');
const en = adminMessages('en');
const pub = messagesFor('fr');

const LIVE = ['ana@example.org', 'bruno@example.org', 'chloe@example.net'];
const DEAD = ['dead.denis@example.org', 'dead-eve@example.net'];

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

describe('browser: admin interface and member pages, end to end (Chromium)', { timeout: 180_000 }, () => {
  let f: Facteur;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let campaign: Campaign;

  before(async () => {
    // The browser first: a missing Chromium fails here, with how to install it.
    browser = await launchBrowser();
    f = await startFacteur();
    admin = await newContext(browser, f.url);
    page = await admin.newPage();
  });

  after(async () => {
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
    noProblems(await audit(page, 'admin-dashboard-empty'));
  });

  it('a campaign sent to the SMTP sink: dashboard figures, report, dead addresses downloaded as CSV', async () => {
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
    await page.waitForURL(`**/admin/campaigns/${campaign.id}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('heading', { level: 1, name: en.campaign.reportTitle(campaign.name) }).waitFor();
    const problems = await audit(page, 'admin-campaign-report-en');
    await page.goto('/admin');
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the language is kept in the session');
    await page.getByRole('button', { name: new RegExp(fr.languageName) }).click();
    await page.waitForURL('**/admin');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    noProblems(problems);
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
      problems.push(...(await audit(p, 'public-preferences-saved')));
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
});
