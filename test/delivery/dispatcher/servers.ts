// Test fixtures: real SMTP servers on 127.0.0.1 (smtp-server in-process) that record what shaping
// must respect — simultaneous connections, arrival times, messages per session — and a Dispatcher
// wired to them through routes, with a silent logger.
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../../src/lib/clock.ts';
import { silentLogger } from '../../../src/lib/logger.ts';
import { StaticResolver, type Resolver } from '../../../src/lib/dns.ts';
import { readFileSync } from 'node:fs';
import { shapingFromToml, loadShapingRules, BUILTIN_SHAPING_FILE, type ShapingRules } from '../../../src/delivery/shaping/index.ts';
import { SiteResolver } from '../../../src/delivery/routing/index.ts';
import { Dispatcher, type RelaySettings } from '../../../src/delivery/dispatcher/index.ts';

export interface Recorder {
  port: number;
  connections: number;
  maxConcurrent: number;
  sessions: number;
  arrivals: number[];
  recipients: string[];
  close(): Promise<void>;
  server: SMTPServer;
}

export interface RecordingOptions extends Partial<SMTPServerOptions> {
  /** Reply for a recipient: undefined accepts; an [code, text] pair refuses. */
  rcpt?: (address: string) => [number, string] | undefined;
  /** Refuse connections beyond this many with 421 "too many connections". */
  maxConnections?: number;
}

export async function recordingServer(options: RecordingOptions = {}): Promise<Recorder> {
  const { rcpt, maxConnections, ...smtpOptions } = options;
  const rec = { connections: 0, maxConcurrent: 0, sessions: 0, arrivals: [] as number[], recipients: [] as string[] };
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onConnect(_session: SMTPServerSession, cb: (err?: Error | null) => void) {
      if (maxConnections !== undefined && rec.connections >= maxConnections) {
        return cb(Object.assign(new Error('Too many connections from your IP, try again later'), { responseCode: 421 }));
      }
      rec.connections++;
      rec.sessions++;
      rec.maxConcurrent = Math.max(rec.maxConcurrent, rec.connections);
      (_session as SMTPServerSession & { counted?: boolean }).counted = true;
      cb();
    },
    onClose(session: SMTPServerSession) {
      if ((session as SMTPServerSession & { counted?: boolean }).counted) rec.connections--;
    },
    onRcptTo(address, _session, cb) {
      const refuse = rcpt?.(address.address);
      if (refuse) return cb(Object.assign(new Error(refuse[1]), { responseCode: refuse[0] }));
      cb();
    },
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        rec.arrivals.push(Date.now());
        for (const r of session.envelope.rcptTo) rec.recipients.push(r.address);
        cb();
      });
    },
    ...smtpOptions,
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(rec, {
    port,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

export const FAST_TIMEOUTS = { connectMs: 2000, greetingMs: 2000, commandMs: 2000, dataMs: 2000 };

export interface TestDispatcherOptions {
  routes: Record<string, string>;
  /** TOML merged over rules/shaping.toml. */
  shaping?: string;
  rules?: ShapingRules;
  resolver?: Resolver;
  clock?: Clock;
  relay?: RelaySettings & { host: string; port: number };
  timeouts?: Partial<typeof FAST_TIMEOUTS>;
  mxPort?: number;
}

export function testDispatcher(o: TestDispatcherOptions): Dispatcher {
  const merged = o.rules ?? (o.shaping ? shapingFromToml(o.shaping, readFileSync(BUILTIN_SHAPING_FILE, 'utf8')) : loadShapingRules());
  const dns = o.resolver ?? new StaticResolver({});
  const sites = new SiteResolver({
    resolver: dns,
    rules: merged,
    routes: o.routes,
    ...(o.mxPort ? { mxPort: o.mxPort } : {}),
    ...(o.relay ? { relay: { host: o.relay.host, port: o.relay.port } } : {}),
  });
  return new Dispatcher({
    sites,
    rules: merged,
    dns,
    clock: o.clock ?? systemClock,
    logger: silentLogger(),
    ehloName: 'facteur.test',
    timeouts: { ...FAST_TIMEOUTS, ...o.timeouts },
    ...(o.relay ? { relay: o.relay } : {}),
  });
}

export function message(n: number): Buffer {
  return Buffer.from(`From: a@facteur.test\r\nTo: b@example.test\r\nSubject: test ${n}\r\n\r\nHello ${n}\r\n.leading dot\r\n`);
}

/** Largest number of arrivals inside any window of `ms`. */
export function maxInWindow(times: number[], ms: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    while (t[i]! - t[start]! >= ms) start++;
    best = Math.max(best, i - start + 1);
  }
  return best;
}
