// Fixtures for submission tests: a tenant with a DKIM key and SMTP credentials, the submission
// server on free loopback ports with a generated self-signed certificate, a sink that keeps every
// message it receives, and swaks as a real client.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Storage } from '../../src/storage/index.ts';
import type { Tenant } from '../../src/core/model.ts';
import { generateDkimKey } from '../../src/delivery/dkim/index.ts';
import { generateSmtpSecret, type SmtpCredential } from '../../src/core/auth/smtp-credential.ts';
import { loadOrCreateTls, startSubmission, type SubmissionOptions, type SubmissionServer } from '../../src/submission/index.ts';

export const SECRET = 'test-secret-0123456789abcdef';

export interface Login {
  credential: SmtpCredential;
  username: string;
  password: string;
}

export async function seedTenant(storage: Storage, slug = 'velo', domain = 'asso.example'): Promise<{ tenant: Tenant; dkimTxt: string }> {
  const tenant = await storage.repos.tenants.create({ slug, name: `Atelier ${slug}` });
  const key = generateDkimKey('rsa', 2048);
  const updated = await storage.repos.tenants.updateSettings(tenant.id, { sending_domain: domain, dkim: [{ domain, selector: 's1', privateKey: key.privateKeyPem }] });
  return { tenant: updated, dkimTxt: key.txt };
}

export async function createLogin(storage: Storage, tenant: Tenant, extra: { allowedSenders?: string[]; maxMessageBytes?: number | null; ratePerMinute?: number | null; listId?: number | null } = {}): Promise<Login> {
  const s = generateSmtpSecret(tenant.slug);
  const credential = await storage.repos.smtpCredentials.create(tenant.id, {
    name: 'test app',
    username: s.username,
    secretHash: s.secretHash,
    allowedSenders: extra.allowedSenders ?? ['asso.example'],
    maxMessageBytes: extra.maxMessageBytes ?? null,
    ratePerMinute: extra.ratePerMinute ?? null,
    listId: extra.listId ?? null,
  });
  return { credential, username: s.username, password: s.password };
}

export async function startTestSubmission(storage: Storage, extra: Partial<SubmissionOptions> = {}): Promise<{ server: SubmissionServer; starttls: number; tls: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'facteur-sub-'));
  const tls = loadOrCreateTls({ certFile: '', keyFile: '', dataDir: dir, hostname: 'submission.facteur.test' });
  const server = await startSubmission({
    storage,
    host: '127.0.0.1',
    port: 0,
    tlsPort: 0,
    hostname: 'submission.facteur.test',
    tls,
    maxMessageBytes: 200_000,
    maxRecipients: 100,
    maxConnections: 100,
    allowPlainAuthOnLoopback: false,
    lists: { secret: SECRET, publicUrl: 'https://facteur.test', bounceDomain: 'bounces.facteur.test', platformDomain: 'facteur.test' },
    authThrottle: { baseDelayMs: 100 },
    ...extra,
  });
  const a = server.addresses();
  return { server, starttls: a.starttls.port, tls: a.tls.port };
}

export interface Sink {
  port: number;
  messages: { from: string; to: string[]; raw: Buffer }[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message (the "receiving MX"). */
export async function sink(): Promise<Sink> {
  const messages: Sink['messages'] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        cb();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface SwaksResult {
  code: number | null;
  out: string;
  /** Server replies, in order (e.g. "250 2.0.0 Ok: queued as 3"). */
  replies: string[];
  /** The reply to the final "." (or the last reply when the transaction stopped earlier). */
  last: string;
}

export function hasSwaks(): boolean {
  return spawnSync('swaks', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Runs swaks (asynchronously: the server under test runs in this process); `tls` is "starttls" (--tls) or "implicit" (--tls-on-connect). */
export async function swaks(port: number, args: string[], tls: 'starttls' | 'implicit' | 'none' = 'starttls'): Promise<SwaksResult> {
  const tlsArgs = tls === 'starttls' ? ['--tls'] : tls === 'implicit' ? ['--tls-on-connect'] : [];
  const child = spawn('swaks', ['--server', '127.0.0.1', '--port', String(port), ...tlsArgs, '--timeout', '20', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  // swaks prefixes server lines with "<-" (plain) or "<~" (TLS), and a "*" for an error reply.
  const replies = out.split('\n').filter((l) => /^<([-~]\*?|\*\*)\s/.test(l)).map((l) => l.replace(/^<([-~]\*?|\*\*)\s+/, '').trim());
  const meaningful = replies.filter((l) => !l.startsWith('221'));
  return { code, out, replies, last: meaningful.at(-1) ?? '' };
}
