// Submission benchmark: 10 parallel authenticated clients (raw sockets: STARTTLS, AUTH PLAIN, one
// reused connection each, MAIL/RCPT/DATA pipelined; in a child process so they do not share the
// server's event loop) send 10 KB
// messages to facteur's submission server on SQLite (synchronous=FULL, as `facteur serve` runs).
// Every 250 means the message and its delivery are committed. Prints messages/s accepted durably,
// checks the count in the database, and JSON on the last line.
//   node --import tsx bench/submission.ts [--messages 20000] [--clients 10]   (BENCH_SYNC=normal: WAL without fsync per commit)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

interface Job {
  port: number;
  user: string;
  pass: string;
  clients: number;
  messages: number;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

// A 10 KB text message, like a short newsletter from an application.
const BODY = ('Bonjour à toutes et à tous, la bourse aux vélos a lieu samedi de 9 h à 17 h. '.repeat(130)).slice(0, 10_000);

/** One SMTP client on a raw socket: STARTTLS, AUTH PLAIN, then MAIL+RCPT+DATA pipelined (RFC 2920). */
class RawClient {
  private buf = '';
  private waiters: { n: number; resolve: (lines: string[]) => void }[] = [];
  private replies: string[] = [];
  private sock!: Socket;

  private attach(sock: Socket): void {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString('latin1');
      let i: number;
      while ((i = this.buf.indexOf('\r\n')) >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        if (line[3] !== '-') this.replies.push(line);
      }
      const w = this.waiters[0];
      if (w && this.replies.length >= w.n) {
        this.waiters.shift();
        w.resolve(this.replies.splice(0, w.n));
      }
    });
  }

  private read(n = 1): Promise<string[]> {
    return new Promise((resolve) => {
      this.waiters.push({ n, resolve });
      if (this.replies.length >= n) {
        this.waiters.shift();
        resolve(this.replies.splice(0, n));
      }
    });
  }

  private async expect(cmd: string | null, code: string, n = 1): Promise<void> {
    if (cmd !== null) this.sock.write(cmd);
    const lines = await this.read(n);
    const bad = lines.find((l) => !l.startsWith(code) && !(n > 1 && /^(250|354)/.test(l)));
    if (bad) throw new Error(`${cmd?.trim() ?? 'greeting'}: ${bad}`);
  }

  async open(port: number, user: string, pass: string): Promise<void> {
    const plain = netConnect(port, '127.0.0.1');
    this.attach(plain);
    await this.expect(null, '220');
    await this.expect('EHLO bench.example\r\n', '250');
    await this.expect('STARTTLS\r\n', '220');
    plain.removeAllListeners('data');
    const secure = tlsConnect({ socket: plain, rejectUnauthorized: false });
    await once(secure, 'secureConnect');
    this.attach(secure);
    await this.expect('EHLO bench.example\r\n', '250');
    await this.expect(`AUTH PLAIN ${Buffer.from(`\0${user}\0${pass}`).toString('base64')}\r\n`, '235');
  }

  async send(from: string, to: string, message: Buffer): Promise<void> {
    await this.expect(`MAIL FROM:<${from}> SIZE=${message.length}\r\nRCPT TO:<${to}>\r\nDATA\r\n`, '250', 3);
    this.sock.write(message);
    await this.expect('.\r\n', '250');
  }

  close(): void {
    this.sock.end('QUIT\r\n');
  }
}

function message(i: number): Buffer {
  return Buffer.from(
    `From: "Atelier velo" <news@asso.example>\r\nTo: <m${i}@dest.example>\r\nSubject: Nouvelles ${i}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n` +
      BODY.replace(/(.{76})/g, '$1\r\n') + '\r\n',
    'utf8',
  );
}

async function clients(job: Job): Promise<{ ok: number; failed: number; ms: number }> {
  const conns = Array.from({ length: job.clients }, () => new RawClient());
  await Promise.all(conns.map((c) => c.open(job.port, job.user, job.pass)));
  const bodies = Array.from({ length: 64 }, (_, i) => message(i));
  let ok = 0;
  let failed = 0;
  let next = 0;
  let firstError = '';
  const start = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      while (next < job.messages) {
        const i = next++;
        try {
          await c.send('news@asso.example', `m${i}@dest.example`, bodies[i % bodies.length]!);
          ok++;
        } catch (e) {
          failed++;
          firstError ||= (e as Error).message;
          return;
        }
      }
    }),
  );
  const ms = performance.now() - start;
  for (const c of conns) c.close();
  if (firstError) console.error(`first error: ${firstError}`);
  return { ok, failed, ms };
}

async function main(): Promise<void> {
  const { Storage } = await import('../src/storage/index.ts');
  const { startSubmission, loadOrCreateTls } = await import('../src/submission/index.ts');
  const { generateSmtpSecret } = await import('../src/core/auth/smtp-credential.ts');
  const messages = arg('messages', 20_000);
  const clientCount = arg('clients', 10);
  const dir = mkdtempSync(join(tmpdir(), 'facteur-bench-sub-'));
  const sync = process.env.BENCH_SYNC === 'normal' ? 'normal' : 'full';
  const storage = await Storage.open({ dialect: 'sqlite', path: join(dir, 'facteur.db') }, { sqliteSynchronous: sync });
  await storage.migrate();
  const tenant = await storage.repos.tenants.create({ slug: 'bench', name: 'Bench' });
  const secret = generateSmtpSecret(tenant.slug);
  await storage.repos.smtpCredentials.create(tenant.id, { name: 'bench', username: secret.username, secretHash: secret.secretHash, allowedSenders: ['asso.example'] });
  const tls = loadOrCreateTls({ certFile: '', keyFile: '', dataDir: dir, hostname: 'localhost' });
  const server = await startSubmission({
    storage, host: '127.0.0.1', port: 0, tlsPort: 0, hostname: 'localhost', tls,
    maxMessageBytes: 25 * 1024 * 1024, maxRecipients: 100, maxConnections: 100, allowPlainAuthOnLoopback: false,
    lists: { secret: 'bench-secret-0123456789', publicUrl: 'https://facteur.test', bounceDomain: 'bounces.facteur.test', platformDomain: 'facteur.test' },
  });
  const job: Job = { port: server.addresses().starttls.port, user: secret.username, pass: secret.password, clients: clientCount, messages };
  const child = fork(fileURLToPath(import.meta.url), ['--client', JSON.stringify(job)], { execArgv: ['--import', 'tsx'] });
  const [result] = (await once(child, 'message')) as [{ ok: number; failed: number; ms: number }];
  child.kill();
  await server.close();
  const stored = Number(
    (await storage.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).where('recipient', 'like', 'm%@dest.example').executeTakeFirstOrThrow()).n,
  );
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
  const rate = result.ok / (result.ms / 1000);
  console.log(`submission: ${result.ok} messages of 10 KB from ${clientCount} clients (STARTTLS, AUTH, reused connections) in ${(result.ms / 1000).toFixed(2)} s`);
  console.log(`  ${Math.round(rate)} messages/s accepted durably (SQLite, synchronous=${sync.toUpperCase()}, 250 after commit); ${result.failed} refused; ${stored} deliveries in the database`);
  if (stored !== result.ok) console.log(`  MISMATCH: ${result.ok} acknowledged but ${stored} stored`);
  console.log(JSON.stringify({ bench: 'submission', clients: clientCount, messages: result.ok, failed: result.failed, stored, seconds: +(result.ms / 1000).toFixed(3), msgPerSec: Math.round(rate), sqliteSynchronous: sync }));
}

const clientAt = process.argv.indexOf('--client');
if (clientAt < 0) await main();
else process.send!(await clients(JSON.parse(process.argv[clientAt + 1]!) as Job));
