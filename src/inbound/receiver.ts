// The SMTP receiver for the bounce domain (its MX): accepts mail only for facteur's own
// addresses — VERP return paths (HMAC-checked), the feedback-loop address, postmaster/abuse
// (RFC 5321 §4.5.1) and mailto: unsubscribe tokens — never relays, never authenticates, and
// answers 250 to anything it could not understand so senders do not retry garbage. Only a
// storage failure answers 451, so the report comes back later instead of being lost.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerAddress, type SMTPServerSession, type SMTPServerDataStream } from 'smtp-server';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import type { InboundProcessor } from './processor.ts';

export interface ReceiverOptions {
  processor: InboundProcessor;
  host: string;
  port: number;
  /** Name in the greeting and EHLO reply: the MX host name. */
  hostname: string;
  maxMessageBytes: number;
  maxConnections?: number;
  /** Recipients accepted per transaction (RFC 5321 §4.5.3.1.8 asks for at least 100). */
  maxRecipients?: number;
  /** PEM files for STARTTLS; without both, STARTTLS is not offered. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  logger?: Logger;
  /** Inactivity timeout per connection. */
  socketTimeoutMs?: number;
}

export interface Receiver {
  /** Listening address, once started (port 0 picks a free one). */
  address(): { host: string; port: number };
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };
function smtpError(code: number, message: string): SmtpError {
  const e: SmtpError = new Error(message);
  e.responseCode = code;
  return e;
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'inbound-smtp' });
  const { processor } = options;
  const max = options.maxMessageBytes;
  const tls = options.tlsCertFile && options.tlsKeyFile ? { cert: readFileSync(options.tlsCertFile), key: readFileSync(options.tlsKeyFile) } : null;

  const serverOptions: SMTPServerOptions & { rejectOversized?: boolean; maxRecipients?: number } = {
    name: options.hostname,
    banner: 'facteur bounce receiver',
    size: max,
    rejectOversized: true,
    maxRecipients: options.maxRecipients ?? 100,
    maxClients: options.maxConnections ?? 100,
    authOptional: true,
    // No AUTH at all: nothing here is ever relayed, so there is nothing to log in to.
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),

    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const kind = processor.recipientKind(address.address);
      if (kind) return callback();
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      logger.info({ rcpt: address.address }, 'inbound: recipient refused');
      callback(smtpError(550, domain === processor.bounceDomain ? 'No such recipient here' : 'Relaying denied: this host only receives mail for its bounce domain'));
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      let size = 0;
      // Beyond the limit the bytes are dropped as they come: a 50 MB message costs no memory.
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= max) chunks.push(c);
      });
      stream.on('error', (e: Error) => {
        logger.warn({ err: e.message }, 'inbound: data stream error');
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > max) {
          // smtp-server answers 552 5.3.4 itself (rejectOversized); this is for the log.
          logger.info({ size, max }, 'inbound: message over the size limit refused');
          return callback(smtpError(552, `Message exceeds the maximum size of ${max} bytes`));
        }
        const raw = Buffer.concat(chunks, Math.min(size, max));
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          remote: session.remoteAddress,
        };
        processor.processMessage(raw, envelope, 'smtp').then(
          (results) => {
            logger.debug({ size, results: results.map((r) => ({ to: r.recipient, outcome: r.outcome, kind: r.kind })) }, 'inbound: message processed');
            callback(null, 'Report received');
          },
          (e: unknown) => {
            logger.error({ err: (e as Error).message, size }, 'inbound: could not record the message; asking the sender to retry');
            callback(smtpError(451, 'Temporary local problem, try again later'));
          },
        );
      });
    },
  };

  const server = new SMTPServer(serverOptions);
  server.on('error', (e: Error) => logger.warn({ err: e.message }, 'inbound: connection error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const bound = server.server.address() as AddressInfo;
  logger.info({ host: bound.address, port: bound.port, bounceDomain: processor.bounceDomain, complaints: processor.complaintAddress }, 'inbound SMTP receiver listening');
  return {
    address: () => ({ host: bound.address, port: bound.port }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
