// One SMTP client connection (RFC 5321), used for both transports: connect, greeting, EHLO
// (HELO fallback), STARTTLS (RFC 3207), AUTH PLAIN/LOGIN (RFC 4954), then any number of
// one-recipient transactions, pipelined when offered (RFC 2920). Every protocol problem is a
// result value; the socket is destroyed on timeouts, so a connection is never left half-read.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Logger } from '../../lib/logger.ts';
import { ReplyParser, outcomeOf, type Outcome, type Reply } from './reply.ts';
import { encodeData, has8bit } from './data.ts';

export interface SmtpTimeouts {
  connectMs: number;
  greetingMs: number;
  commandMs: number;
  /** Wait for the reply to the final "." (RFC 5321 §4.5.3.2.6). */
  dataMs: number;
}

/**
 * opportunistic: STARTTLS when offered, certificate not checked (MX on port 25: RFC 7435; MTAs
 * do the same), plain text when not offered or the handshake fails. starttls: required.
 * tls: implicit TLS from the first byte (RFC 8314). none: never.
 */
export type Security = 'opportunistic' | 'starttls' | 'tls' | 'none';

export interface ConnectOptions {
  /** Name for TLS SNI and logs. */
  host: string;
  /** Address to connect to; defaults to host. */
  address?: string;
  port: number;
  ehloName: string;
  security: Security;
  /** Extra trusted CAs for required TLS (a private relay). */
  ca?: string | Buffer;
  auth?: { user: string; pass: string };
  timeouts: SmtpTimeouts;
  logger?: Logger;
}

export type Stage = 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'auth' | 'mail' | 'rcpt' | 'data' | 'message';

/** What one step produced. `code` is null when no reply was read (network error, timeout). */
export interface SmtpResult {
  outcome: Outcome;
  code: number | null;
  enhanced: string | null;
  response: string;
  stage: Stage;
  /** Set when facteur decided without a reply to read: networkerror, tlsrequired, relayauth, smtputf8. */
  reason?: string;
}

export type OpenResult = { ok: true; connection: SmtpConnection } | ({ ok: false } & SmtpResult);

class ConnectionLost extends Error {}

export class SmtpConnection {
  readonly extensions = new Map<string, string>();
  /** Transactions started on this connection. */
  messages = 0;
  /** Pipelined MAIL/RCPT/DATA groups sent (RFC 2920), for tests and counters. */
  pipelinedGroups = 0;
  tls = false;
  tlsVerified = false;
  private socket: Socket | TLSSocket;
  private parser = new ReplyParser();
  private replies: Reply[] = [];
  private waiters: { resolve: (r: Reply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  private closed = false;
  private closing = false;
  private needsReset = false;
  private closeHandlers: (() => void)[] = [];

  private constructor(
    socket: Socket | TLSSocket,
    private readonly options: ConnectOptions,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  /** Connects and gets the session ready for MAIL FROM (greeting, EHLO, TLS, AUTH). */
  static async open(options: ConnectOptions): Promise<OpenResult> {
    const first = await SmtpConnection.openOnce(options, options.security);
    if (!first.ok && first.reason === 'tlshandshake' && options.security === 'opportunistic') {
      // Opportunistic TLS must not make mail undeliverable: retry in plain text, as Postfix does.
      options.logger?.info({ host: options.host }, 'STARTTLS handshake failed, retrying without TLS');
      return SmtpConnection.openOnce(options, 'none');
    }
    return first;
  }

  private static async openOnce(options: ConnectOptions, security: Security): Promise<OpenResult> {
    let socket: Socket | TLSSocket;
    try {
      socket = await connectSocket(options, security === 'tls');
    } catch (e) {
      return { ok: false, ...local('deferred', 'connect', 'networkerror', `connect to ${options.host}:${options.port}: ${errText(e)}`) };
    }
    const conn = new SmtpConnection(socket, options);
    conn.tls = security === 'tls';
    conn.tlsVerified = conn.tls && (socket as TLSSocket).authorized === true;
    const failed = await conn.handshake(security);
    if (failed) {
      conn.destroy();
      return { ok: false, ...failed };
    }
    return { ok: true, connection: conn };
  }

  private async handshake(security: Security): Promise<SmtpResult | null> {
    const o = this.options;
    try {
      const greeting = await this.read(o.timeouts.greetingMs);
      if (greeting.code !== 220) return fromReply(greeting, 'greeting', 'deferred');
      let ehlo = await this.ehlo();
      if (ehlo) return ehlo;
      const offered = this.extensions.has('STARTTLS');
      if (security === 'starttls' && !offered) {
        return local('deferred', 'starttls', 'tlsrequired', `${o.host} does not offer STARTTLS, which this route requires`);
      }
      if ((security === 'starttls' || security === 'opportunistic') && offered) {
        const reply = await this.command('STARTTLS', o.timeouts.commandMs);
        if (reply.code !== 220) {
          if (security === 'starttls') return fromReply(reply, 'starttls', 'deferred');
        } else {
          const upgraded = await this.upgrade(security === 'starttls');
          if (upgraded) return upgraded;
          // RFC 3207 §4.2: forget everything learnt before TLS and say EHLO again.
          ehlo = await this.ehlo();
          if (ehlo) return ehlo;
        }
      }
      if (o.auth) return await this.authenticate(o.auth, security);
      return null;
    } catch (e) {
      return this.lost(e, 'greeting');
    }
  }

  private async ehlo(): Promise<SmtpResult | null> {
    this.extensions.clear();
    let reply = await this.command(`EHLO ${this.options.ehloName}`, this.options.timeouts.commandMs);
    if (reply.code === 250) {
      for (const line of reply.text.split('\n').slice(1)) {
        const [kw, ...params] = line.trim().split(/\s+/);
        if (kw) this.extensions.set(kw.toUpperCase(), params.join(' '));
      }
      return null;
    }
    if (reply.code === 421) return fromReply(reply, 'ehlo', 'deferred');
    // RFC 5321 §3.2: a server that does not know EHLO gets HELO.
    reply = await this.command(`HELO ${this.options.ehloName}`, this.options.timeouts.commandMs);
    return reply.code === 250 ? null : fromReply(reply, 'ehlo', 'deferred');
  }

  private async upgrade(required: boolean): Promise<SmtpResult | null> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    this.parser = new ReplyParser();
    try {
      const secure = await new Promise<TLSSocket>((resolve, reject) => {
        const s = tlsConnect({
          socket: plain,
          // host is what the certificate is checked against; SNI (servername) takes names only (RFC 6066 §3).
          host: this.options.host,
          servername: isIP(this.options.host) !== 0 ? undefined : this.options.host,
          rejectUnauthorized: required,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
        });
        const timer = setTimeout(() => reject(new Error('TLS handshake timed out')), this.options.timeouts.commandMs);
        s.once('secureConnect', () => {
          clearTimeout(timer);
          resolve(s);
        });
        s.once('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      });
      this.socket = secure;
      this.attach(secure);
      this.tls = true;
      this.tlsVerified = secure.authorized;
      if (!secure.authorized) {
        this.options.logger?.debug({ host: this.options.host, error: String(secure.authorizationError) }, 'TLS certificate not verified (opportunistic TLS)');
      }
      return null;
    } catch (e) {
      return local('deferred', 'starttls', required ? 'tlsrequired' : 'tlshandshake', `TLS with ${this.options.host}: ${errText(e)}`);
    }
  }

  private async authenticate(auth: { user: string; pass: string }, security: Security): Promise<SmtpResult | null> {
    if (!this.tls && security !== 'none') return local('deferred', 'auth', 'tlsrequired', 'refusing to send a password without TLS');
    const mechs = (this.extensions.get('AUTH') ?? '').toUpperCase().split(/\s+/);
    const t = this.options.timeouts.commandMs;
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    let reply: Reply;
    if (mechs.includes('PLAIN') || !mechs.includes('LOGIN')) {
      // RFC 4616: authzid NUL authcid NUL passwd, in the initial response (RFC 4954 §4).
      reply = await this.command(`AUTH PLAIN ${b64(`\0${auth.user}\0${auth.pass}`)}`, t, 'AUTH PLAIN ****');
    } else {
      reply = await this.command('AUTH LOGIN', t);
      if (reply.code === 334) reply = await this.command(b64(auth.user), t, '****');
      if (reply.code === 334) reply = await this.command(b64(auth.pass), t, '****');
    }
    if (reply.code === 235) return null;
    return { ...fromReply(reply, 'auth', 'deferred'), reason: 'relayauth' };
  }

  /**
   * One message to one recipient. Returns the outcome of the first command that did not succeed,
   * or of the final "." reply. With PIPELINING, MAIL, RCPT and DATA go in one write (RFC 2920 §3.1:
   * DATA may end a group) and their replies are read in order.
   */
  async send(envelope: { from: string; to: string }, message: Buffer): Promise<SmtpResult> {
    if (!this.usable) return local('deferred', 'mail', 'networkerror', 'connection is no longer usable');
    this.messages++;
    const t = this.options.timeouts;
    let stage: Stage = 'mail';
    try {
      if (this.needsReset) {
        const r = await this.command('RSET', t.commandMs);
        if (r.code !== 250) return this.afterFailure(fromReply(r, 'mail'));
        this.needsReset = false;
      }
      const utf8 = /[^\x00-\x7f]/.test(envelope.from + envelope.to);
      if (utf8 && !this.extensions.has('SMTPUTF8')) {
        // RFC 6531 §3.2: without SMTPUTF8 the address cannot be carried; no server will take it.
        return local('failed', 'mail', 'smtputf8', `${this.options.host} does not support SMTPUTF8, needed for this address`, 553, '5.6.7');
      }
      const size = Number(this.extensions.get('SIZE') ?? 0);
      if (size > 0 && message.length > size) {
        return local('failed', 'mail', 'mesgtoobig', `message of ${message.length} bytes exceeds ${this.options.host}'s SIZE ${size} (RFC 1870)`, 552, '5.3.4');
      }
      let params = '';
      if (this.extensions.has('SIZE')) params += ` SIZE=${message.length}`;
      if (this.extensions.has('8BITMIME') && has8bit(message)) params += ' BODY=8BITMIME';
      if (utf8) params += ' SMTPUTF8';
      const mail = `MAIL FROM:<${envelope.from}>${params}`;
      const rcpt = `RCPT TO:<${envelope.to}>`;
      let replies: [Reply, Reply, Reply];
      if (this.extensions.has('PIPELINING')) {
        this.pipelinedGroups++;
        this.write(`${mail}\r\n${rcpt}\r\nDATA\r\n`, [mail, rcpt, 'DATA'].join(' | '));
        const m = await this.read(t.commandMs);
        stage = 'rcpt';
        const r = await this.read(t.commandMs);
        stage = 'data';
        replies = [m, r, await this.read(t.commandMs)];
      } else {
        const m = await this.command(mail, t.commandMs);
        if (m.code !== 250) return this.afterFailure(fromReply(m, 'mail'));
        stage = 'rcpt';
        const r = await this.command(rcpt, t.commandMs);
        if (r.code !== 250 && r.code !== 251) return this.afterFailure(fromReply(r, 'rcpt'));
        stage = 'data';
        replies = [m, r, await this.command('DATA', t.commandMs)];
      }
      const [m, r, d] = replies;
      const early = m.code !== 250 ? fromReply(m, 'mail') : r.code !== 250 && r.code !== 251 ? fromReply(r, 'rcpt') : null;
      if (d.code !== 354) {
        return this.afterFailure(early ?? fromReply(d, 'data'));
      }
      if (early) {
        // A server that says 354 after refusing the recipient gets an empty message, then RSET.
        this.write('.\r\n', '.');
        await this.read(t.dataMs);
        return this.afterFailure(early);
      }
      stage = 'message';
      this.socket.write(encodeData(message));
      const end = await this.read(t.dataMs);
      if (end.code === 421) this.closing = true;
      return fromReply(end, 'message');
    } catch (e) {
      return this.lost(e, stage);
    }
  }

  private afterFailure(result: SmtpResult): SmtpResult {
    this.needsReset = true;
    if (result.code === 421) this.closing = true;
    return result;
  }

  /** Politely ends the session (RFC 5321 §4.1.1.10), never waiting more than a few seconds. */
  async quit(): Promise<void> {
    if (this.closed) return;
    if (!this.closing) {
      try {
        await this.command('QUIT', Math.min(this.options.timeouts.commandMs, 5000));
      } catch {
        // The server may close first; nothing to report.
      }
    }
    this.destroy();
  }

  destroy(): void {
    if (!this.closed) this.socket.destroy();
    this.markClosed();
  }

  /** False once the server said 421, the socket closed or a timeout left the session out of step. */
  get usable(): boolean {
    return !this.closed && !this.closing;
  }

  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      for (const reply of this.parser.push(chunk)) {
        const w = this.waiters.shift();
        if (w) {
          clearTimeout(w.timer);
          w.resolve(reply);
        } else this.replies.push(reply);
      }
    });
    socket.on('error', (e) => this.options.logger?.debug({ host: this.options.host, error: e.message }, 'SMTP socket error'));
    socket.on('close', () => this.markClosed());
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new ConnectionLost('connection closed by the server'));
    }
    for (const h of this.closeHandlers.splice(0)) h();
  }

  private write(line: string, shown: string): void {
    this.options.logger?.trace({ host: this.options.host, command: shown }, 'SMTP >');
    this.socket.write(line);
  }

  private command(line: string, timeoutMs: number, shown = line): Promise<Reply> {
    this.write(`${line}\r\n`, shown);
    return this.read(timeoutMs);
  }

  private read(timeoutMs: number): Promise<Reply> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(new ConnectionLost('connection closed by the server'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // The session is now out of step: whatever comes later cannot be matched to a command.
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(new ConnectionLost(`no reply within ${timeoutMs} ms`));
        this.destroy();
      }, timeoutMs);
      this.waiters.push({ resolve, reject, timer });
    });
  }

  private lost(e: unknown, stage: Stage): SmtpResult {
    this.destroy();
    if (e instanceof ConnectionLost) return local('deferred', stage, 'networkerror', `${this.options.host}: ${e.message}`);
    throw e;
  }
}

function connectSocket(o: ConnectOptions, implicitTls: boolean): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const target = { host: o.address ?? o.host, port: o.port };
    const socket = implicitTls
      ? tlsConnect({ ...target, servername: isIP(o.host) !== 0 ? undefined : o.host, rejectUnauthorized: true, ...(o.ca ? { ca: o.ca } : {}) })
      : netConnect(target);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${o.timeouts.connectMs} ms`));
    }, o.timeouts.connectMs);
    socket.once(implicitTls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    });
  });
}

function fromReply(reply: Reply, stage: Stage, force?: Outcome): SmtpResult {
  return { outcome: force ?? outcomeOf(reply.code), code: reply.code, enhanced: reply.enhanced, response: reply.raw, stage };
}

function local(outcome: Outcome, stage: Stage, reason: string, response: string, code: number | null = null, enhanced: string | null = null): SmtpResult {
  return { outcome, code, enhanced, response, stage, reason };
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ? `${err.code} ${err.message}` : String(err?.message ?? e);
}
