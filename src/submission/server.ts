// The SMTP submission server (RFC 6409): port 587 with STARTTLS and port 465 with implicit TLS
// (RFC 8314). Never an open relay: MAIL needs AUTH (530 5.7.0), AUTH needs TLS (unless allowed for
// loopback), the sender must be one the credential allows (550 5.7.1), size (552 5.3.4) and rate
// (451 4.7.1) are limited per credential, and wrong credentials get 535 5.7.8 after a delay that
// grows with each failure. A message is answered 250 only once it is committed to the queue.
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerAuthenticationResponse, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { Storage } from '../storage/index.ts';
import type { Tenant } from '../core/model.ts';
import { senderAllowed, smtpSecretMatches, type SmtpCredential } from '../core/auth/smtp-credential.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import { AuthThrottle, RecipientRate, type AuthThrottleOptions } from './limits.ts';
import { prepareMessage } from './message.ts';
import { listCopies, type ListContext } from './list-headers.ts';
import { SubmissionQueue } from './queue.ts';

export interface SubmissionOptions {
  storage: Storage;
  host: string;
  /** STARTTLS port (587); 0 picks a free one. */
  port: number;
  /** Implicit TLS port (465); 0 picks a free one. */
  tlsPort: number;
  /** Name in the greeting and EHLO reply. */
  hostname: string;
  tls: { cert: Buffer; key: Buffer };
  maxMessageBytes: number;
  maxRecipients: number;
  maxConnections: number;
  allowPlainAuthOnLoopback: boolean;
  /** For List-Id / List-Unsubscribe of credentials with a list, and generated Message-IDs. */
  lists: ListContext;
  clock?: Clock;
  logger?: Logger;
  authThrottle?: AuthThrottleOptions;
  /** Called after each accepted message (wakes the delivery engine). */
  onAccepted?: () => void;
  socketTimeoutMs?: number;
}

export interface SubmissionServer {
  /** STARTTLS listener (587) and implicit-TLS listener (465). */
  addresses(): { starttls: { host: string; port: number }; tls: { host: string; port: number } };
  close(): Promise<void>;
}

interface Authed {
  credential: SmtpCredential;
  tenant: Tenant;
}

type SmtpError = Error & { responseCode?: number };
/** `text` starts with the enhanced status code (RFC 3463): the reply is sent with exactly it. */
function reply(code: number, text: string): SmtpError {
  return Object.assign(new Error(text), { responseCode: code });
}

const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;
type Send = (code: number, data?: unknown, context?: unknown) => void;

/**
 * smtp-server picks the enhanced code of a handler's error from the reply code alone (550 → 5.1.1),
 * which would mislabel policy refusals; a reply whose text starts with its own enhanced code is
 * sent as it is. Done per server instance, on each connection as it is created.
 */
class SubmissionSmtpServer extends SMTPServer {
  constructor(options: SMTPServerOptions) {
    super(options);
    const connections = (this as unknown as { connections: Set<{ send: Send }> }).connections;
    const add = connections.add.bind(connections);
    connections.add = (conn) => {
      const send = conn.send.bind(conn);
      conn.send = (code, data, context) => {
        if (context === undefined && typeof data === 'string' && ENHANCED.test(data)) return send(code, data, false);
        // RFC 4954 §6: 538 5.7.11 when a mechanism needs an encrypted connection.
        if (code === 538) return send(538, '5.7.11 Encryption required: use STARTTLS first, or implicit TLS on the other port', false);
        return send(code, data, context);
      };
      return add(conn);
    };
  }
}

const isLoopback = (ip: string) => ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function listen(server: SMTPServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      resolve(server.server.address() as AddressInfo);
    });
  });
}

export async function startSubmission(o: SubmissionOptions): Promise<SubmissionServer> {
  const logger = (o.logger ?? silentLogger()).child({ component: 'submission' });
  const clock = o.clock ?? systemClock;
  const repos = o.storage.repos;
  const throttle = new AuthThrottle(clock, o.authThrottle);
  const rate = new RecipientRate(clock);
  const queue = new SubmissionQueue(o.storage);
  const authed = (s: SMTPServerSession) => s.user as unknown as Authed | undefined;
  const limitOf = (a: Authed) => Math.min(a.credential.maxMessageBytes ?? o.maxMessageBytes, o.maxMessageBytes);

  async function onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession): Promise<SMTPServerAuthenticationResponse> {
    const ip = session.remoteAddress;
    const username = (auth.username ?? '').trim().toLowerCase();
    if (!(session as SMTPServerSession & { secure?: boolean }).secure && !(o.allowPlainAuthOnLoopback && isLoopback(ip))) {
      // Reached only with allow_plain_auth_on_loopback (otherwise smtp-server answers 538 itself).
      throw reply(538, '5.7.11 Encryption required: use STARTTLS, or implicit TLS on the other port');
    }
    const wait = throttle.delayMs(ip, username);
    if (wait > 0) await sleep(wait);
    const credential = username ? await repos.smtpCredentials.findActiveByUsername(username) : undefined;
    const ok = credential !== undefined && smtpSecretMatches(auth.password ?? '', credential.secretHash);
    const tenant = ok ? await repos.tenants.get(credential.tenantId) : undefined;
    if (!ok || !tenant) {
      throttle.failed(ip, username);
      logger.info({ ip, username, method: auth.method }, 'submission: authentication failed');
      throw reply(535, '5.7.8 Authentication credentials invalid');
    }
    throttle.succeeded(ip, username);
    if (tenant.status === 'suspended') {
      logger.info({ ip, tenant: tenant.slug, credential: credential.id }, 'submission: login of a suspended tenant refused');
      throw reply(535, '5.7.8 Authentication refused: this account is suspended; contact your host');
    }
    // last_used_at is for people reading the list, not an audit log: once a minute is enough.
    if (credential.lastUsedAt === null || clock.now() - credential.lastUsedAt > 60_000) void repos.smtpCredentials.touch(tenant.id, credential.id).catch(() => undefined);
    logger.debug({ ip, tenant: tenant.slug, credential: credential.id }, 'submission: authenticated');
    return { user: { credential, tenant } satisfies Authed as unknown as string };
  }

  function onMailFrom(address: SMTPServerAddress, session: SMTPServerSession): void {
    const a = authed(session);
    if (!a) throw reply(530, '5.7.0 Authentication required');
    const from = address.address;
    if (!from) throw reply(550, '5.7.1 A null sender (MAIL FROM:<>) cannot be used for submission');
    if (!senderAllowed(from, a.credential.allowedSenders)) {
      throw reply(550, `5.7.1 Sender <${from}> is not allowed for this credential; it may send as ${a.credential.allowedSenders.join(', ')}`);
    }
    const args = address.args as Record<string, string> | false | undefined;
    const declared = Number((args && args.SIZE) || 0);
    if (declared > limitOf(a)) throw reply(552, `5.3.4 Message too big: ${declared} bytes declared, the limit for this credential is ${limitOf(a)} bytes`);
  }

  function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession): void {
    const a = authed(session);
    if (!a) throw reply(530, '5.7.0 Authentication required');
    const perMinute = a.credential.ratePerMinute;
    if (perMinute !== null) {
      const wait = rate.take(a.credential.id, perMinute);
      if (wait > 0) {
        logger.info({ tenant: a.tenant.slug, credential: a.credential.id, perMinute }, 'submission: rate limit reached');
        throw reply(451, `4.7.1 Rate limit of ${perMinute} recipients per minute reached for this credential; try again in ${wait} s (or ask for a higher limit)`);
      }
    }
    void address;
  }

  async function onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const a = authed(session);
    if (!a) {
      stream.resume();
      throw reply(530, '5.7.0 Authentication required');
    }
    const max = limitOf(a);
    const chunks: Buffer[] = [];
    let size = 0;
    // Beyond the limit the bytes are dropped as they come: an oversized message costs no memory.
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    await new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    });
    if (size > max) {
      logger.info({ tenant: a.tenant.slug, size, max }, 'submission: message over the size limit refused');
      throw reply(552, `5.3.4 Message too big: ${size} bytes, the limit for this credential is ${max} bytes`);
    }
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    const senderDomain = envelopeFrom.slice(envelopeFrom.lastIndexOf('@') + 1) || o.lists.platformDomain;
    const prepared = prepareMessage(Buffer.concat(chunks, size), { envelopeFrom, messageIdDomain: senderDomain, now: clock.now() });
    const foreign = prepared.authors.filter((x) => !senderAllowed(x, a.credential.allowedSenders));
    if (foreign.length > 0) {
      throw reply(550, `5.7.1 The From/Sender address ${foreign.join(', ')} is not allowed for this credential; it may send as ${a.credential.allowedSenders.join(', ')}`);
    }
    const list = a.credential.listId !== null ? await repos.lists.get(a.tenant.id, a.credential.listId) : undefined;
    const copies = list ? await listCopies(repos, a.tenant, list, prepared.mime, recipients, o.lists) : [{ mime: prepared.mime, recipients: recipients.map((address) => ({ address, contactId: null })) }];
    let accepted;
    try {
      accepted = await queue.accept({ tenantId: a.tenant.id, subject: prepared.subject, fromAddress: prepared.authors[0] ?? envelopeFrom, copies });
    } catch (e) {
      logger.error({ err: (e as Error).message, tenant: a.tenant.slug }, 'submission: could not queue the message; asking the client to retry');
      throw reply(451, '4.3.0 Temporary local problem, try again later');
    }
    logger.debug({ tenant: a.tenant.slug, messages: accepted.messageIds, recipients: recipients.length, size, added: prepared.added }, 'submission: message accepted');
    o.onAccepted?.();
    return `Ok: queued as ${accepted.messageIds.join(',')}`;
  }

  const base: SMTPServerOptions & { maxRecipients?: number } = {
    name: o.hostname,
    banner: 'facteur submission',
    key: o.tls.key,
    cert: o.tls.cert,
    size: o.maxMessageBytes,
    maxRecipients: o.maxRecipients,
    maxClients: o.maxConnections,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    authRequiredMessage: 'Authentication required: log in with the SMTP credentials facteur gave you',
    allowInsecureAuth: o.allowPlainAuthOnLoopback,
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: o.socketTimeoutMs ?? 5 * 60_000,
    onAuth(auth, session, cb) {
      onAuth(auth, session).then((r) => cb(null, r), (e: Error) => cb(e));
    },
    onMailFrom(address, session, cb) {
      try {
        onMailFrom(address, session);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    onRcptTo(address, session, cb) {
      try {
        onRcptTo(address, session);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    onData(stream, session, cb) {
      onData(stream, session).then((msg) => cb(null, msg), (e: Error) => cb(e));
    },
  };

  const starttls = new SubmissionSmtpServer({ ...base, secure: false });
  const implicit = new SubmissionSmtpServer({ ...base, secure: true });
  for (const s of [starttls, implicit]) {
    s.on('error', (e: Error) => logger.debug({ err: e.message }, 'submission: connection error'));
    // Small replies, many of them: do not let Nagle + delayed ACK add 40 ms to each.
    s.server.on('connection', (sock: Socket) => sock.setNoDelay(true));
  }
  const a1 = await listen(starttls, o.port, o.host);
  let a2: AddressInfo;
  try {
    a2 = await listen(implicit, o.tlsPort, o.host);
  } catch (e) {
    await new Promise<void>((r) => starttls.close(() => r()));
    throw e;
  }
  logger.info({ host: o.host, starttls: a1.port, tls: a2.port }, 'SMTP submission listening');
  return {
    addresses: () => ({ starttls: { host: a1.address, port: a1.port }, tls: { host: a2.address, port: a2.port } }),
    close: async () => {
      await Promise.all([starttls, implicit].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
