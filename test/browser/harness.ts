// What the browser end-to-end tests run against: the real facteur (the HTTP application of
// `facteur serve`, migrated SQLite in a temporary data dir, the delivery engine with its jobs) on a
// loopback port, delivering every domain to an in-process SMTP sink that records each message and
// refuses `dead…@` recipients at RCPT with 550 5.1.1; plus the Chromium that playwright-core drives.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { validateConfig } from '../../src/config/index.ts';
import { openRuntime, type Runtime } from '../../src/cli/runtime.ts';
import { createEngine } from '../../src/cli/engine.ts';
import { buildServer } from '../../src/web/server.ts';
import { hashPassword } from '../../src/core/auth/password.ts';
import type { DeliveryEngine } from '../../src/delivery/engine/index.ts';
import type { Tenant } from '../../src/core/model.ts';
import { StaticResolver, type Zone } from '../../src/lib/dns.ts';

export const PASSWORD = 'correct horse battery staple';
export const ADMIN_EMAIL = 'admin@atelier.example';
export const TENANT_SLUG = 'atelier';
export const CHROMIUM = process.env.FACTEUR_CHROMIUM ?? '/usr/bin/chromium';
/** Where screenshots go (test-output/ is ignored by git). */
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

// ---------------------------------------------------------------------------------------------
// The SMTP sink

export interface SunkMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface Sink {
  port: number;
  mails: SunkMail[];
  /** Every RCPT TO the sink refused (550 5.1.1). */
  refused: string[];
  /** The first mail (already received or arriving within `ms`) for which `match` is true. */
  waitFor(match: (m: SunkMail) => boolean, what: string, ms?: number): Promise<SunkMail>;
  /** From now on, messages are held before the final 250 until release(): a campaign stays "sending". */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** Refused at RCPT as unknown users: the campaign's dead addresses. */
export const isDead = (address: string): boolean => /^dead/i.test(address);

export async function startSink(): Promise<Sink> {
  const mails: SunkMail[] = [];
  const refused: string[] = [];
  const waiters = new Set<() => void>();
  let gate: { promise: Promise<void>; open: () => void } | undefined;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    size: 20 * 1024 * 1024,
    onRcptTo(address, _session, cb) {
      if (isDead(address.address)) {
        refused.push(address.address);
        return cb(Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), { responseCode: 550 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        Promise.resolve(gate?.promise)
          .then(() => simpleParser(raw))
          .then((parsed) => {
            mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            for (const w of waiters) w();
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    refused,
    waitFor(match, what, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the SMTP sink received no ${what} within ${ms} ms (it holds ${mails.length} message(s), to: ${mails.map((m) => m.to.join(',')).join(' ') || 'none'})`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    hold() {
      if (gate) return;
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = undefined;
    },
    close() {
      gate?.open();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// facteur

export interface Facteur {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  rt: Runtime;
  app: FastifyInstance;
  engine: DeliveryEngine;
  sink: Sink;
  tenant: Tenant;
  /**
   * The DNS the web application sees (the domain assistant's "check again"); a test publishes
   * records by adding them here. Delivery uses its own, empty, zone: every domain goes to the sink.
   */
  dns: Zone;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * facteur as `facteur serve` runs it (same composition: buildServer + createEngine), with every
 * domain routed to the sink (`[routes] "*" = sink`, an empty DNS zone so nothing leaves the
 * machine), fast retries, and one tenant with an admin user seeded through the repositories.
 */
export async function startFacteur(): Promise<Facteur> {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-browser-'));
  const sink = await startSink();
  const port = await freePort();
  const zone = join(dir, 'zone.json');
  writeFileSync(zone, '{}');
  const config = validateConfig({
    server: { host: '127.0.0.1', port, public_url: `http://127.0.0.1:${port}` },
    data: { dir },
    log: { level: 'silent' },
    platform: { domain: 'facteur.test', name: 'facteur' },
    delivery: { retry_schedule_minutes: [0.05], compose_workers: 0, connect_timeout_seconds: 2, greeting_timeout_seconds: 5, command_timeout_seconds: 5, data_timeout_seconds: 120 },
    routes: { '*': `127.0.0.1:${sink.port}` },
    dns: { zone_file: zone },
    webhooks: { enabled: false },
  });
  const rt = await openRuntime(config, { migrate: true, quiet: true });
  const repos = rt.storage.repos;
  const tenant = await repos.tenants.create({ slug: TENANT_SLUG, name: 'Atelier Vélo' });
  await repos.users.create({ tenantId: tenant.id, email: ADMIN_EMAIL, role: 'admin', passwordHash: await hashPassword(PASSWORD) });
  const dns: Zone = {};
  const app = await buildServer({ config, storage: rt.storage, logger: rt.logger, secret: rt.secret, resolver: new StaticResolver(dns) });
  await app.listen({ host: '127.0.0.1', port });
  const engine = createEngine(rt, { port });
  engine.start();
  return {
    url: `http://127.0.0.1:${port}`,
    rt,
    app,
    engine,
    sink,
    tenant,
    dns,
    async close() {
      try {
        await app.close();
        await engine.stop();
        await sink.close();
      } finally {
        await rt.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Waits until `cond` holds, polling; fails saying what it waited for. */
export async function until(what: string, cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

// ---------------------------------------------------------------------------------------------
// The browser

/** Debian's Chromium; a missing one fails the suite with how to install it (never a silent skip). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the browser tests need Chromium at ${CHROMIUM}, which is missing. Install it with \`apt-get install -y chromium\` ` +
        '(Debian/Ubuntu; .ci/run does it), or point FACTEUR_CHROMIUM at another Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

export async function newContext(browser: Browser, url: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: url, viewport: DESKTOP, locale: 'fr-FR', acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

// ---------------------------------------------------------------------------------------------
// Checks run on every main page: axe-core, no horizontal scroll at 360 px, screenshots.

const require = createRequire(import.meta.url);
/**
 * axe-core's source, evaluated in the page through the DevTools protocol: the pages' CSP forbids
 * inline scripts (so addScriptTag cannot inject it), and evaluation does not need the CSP
 * bypassed, so these checks run on the very pages the functional steps use.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Serious and critical axe-core violations of the page as it is now, described (empty: none). */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } };
    const r = await w.axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return r.violations;
  }) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ')})` : ''}`).join('; ')}`);
}

/**
 * The page as it is: axe-core (serious/critical), screenshots at desktop width and at 360 px, and
 * at 360 px no horizontal scrolling. Returns the problems found, each prefixed by `name`.
 */
export async function audit(page: Page, name: string, options: { axe?: boolean } = {}): Promise<string[]> {
  const started = Date.now();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const problems: string[] = [];
  const where = `${name} (${new URL(page.url()).pathname})`;
  if (options.axe !== false) for (const p of await axeProblems(page)) problems.push(`${where}: axe ${p}`);
  auditStats.axeMs += Date.now() - started;
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > PHONE.width) {
    const wide = await page.evaluate((max) => {
      const out: string[] = [];
      const clipped = (el: Element): boolean => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
        return false;
      };
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        if (clipped(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > max + 1 && out.length < 5) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} (right edge ${Math.round(r.right)} px)`);
      }
      return out;
    }, PHONE.width);
    problems.push(`${where}: at 360 px the page scrolls horizontally (scrollWidth ${width} px); widest: ${wide.join(', ')}`);
  }
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-360.png`), fullPage: true });
  await page.setViewportSize(before);
  auditStats.pages++;
  auditStats.ms += Date.now() - started;
  return problems;
}

/** How many pages audit() checked, and the time it took (printed at the end of a run). */
export const auditStats = { pages: 0, ms: 0, axeMs: 0 };
