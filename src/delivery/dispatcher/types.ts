// Values exchanged between the scheduler and the dispatcher: what to send, what happened.
import type { Outcome, Stage } from '../smtp/index.ts';
import type { SiteResolution } from '../routing/index.ts';

export interface SendRequest {
  /** For logs and counters; the dispatcher keeps no state about it after returning. */
  deliveryId: string;
  /** Envelope sender (the VERP Return-Path address, without angle brackets). */
  from: string;
  /** The one recipient (one message per recipient: VERP). */
  to: string;
  /** The complete RFC 5322 message, DKIM-signed; line endings are normalised to CRLF on the wire. */
  message: Buffer;
  /** A resolution from `dispatcher.resolve()` (saves a lookup); else the recipient's domain is resolved. */
  site?: SiteResolution;
}

/**
 * The outcome of one attempt. `code`/`enhanced`/`response` are the receiver's reply when there was
 * one (give them to classifyReply); `reason` is set when facteur decided without a reply:
 * hostunknown, networkerror (connect, timeout, lost connection, DNS timeout), suspended (the site is
 * in an adaptive suspension: no attempt was made), shutdown, tlsrequired, relayauth, smtputf8,
 * mesgtoobig. `retryAt` (epoch ms) is set when the dispatcher knows when trying again makes sense.
 */
export interface AttemptResult {
  outcome: Outcome;
  code: number | null;
  enhanced: string | null;
  response: string;
  reason?: string;
  site?: string;
  /** The host that answered, when a connection was made. */
  host?: string;
  stage?: Stage;
  retryAt?: number;
}

export interface SiteStatus {
  site: string;
  /** Epoch ms until which the site takes nothing (do not claim its deliveries), or null. */
  suspendedUntil: number | null;
  /** Halvings in force from adaptive "throttle" actions (0: configured limits). */
  throttleLevel: number;
  /** Connections currently allowed (configured, or reduced by throttling). */
  maxConnections: number;
  /** Messages per second currently allowed, null when unlimited. */
  messagesPerSecond: number | null;
  /** Messages waiting in the dispatcher for a connection or a rate token. */
  queued: number;
  /** Messages being sent right now. */
  inFlight: number;
  /** Open connections (busy or idle) and connections being opened. */
  connections: number;
}

export interface SiteCounters {
  connectionsOpened: number;
  connectFailures: number;
  /** Highest number of simultaneously open connections seen. */
  maxConcurrent: number;
  /** Messages sent over each closed connection, in closing order. */
  messagesPerConnection: number[];
  /** MAIL/RCPT/DATA groups sent pipelined (RFC 2920). */
  pipelinedGroups: number;
  delivered: number;
  deferred: number;
  failed: number;
  /** Adaptive rules that fired, by name. */
  adaptive: Record<string, number>;
}
