// Amazon SES notifications delivered by SNS over HTTP(S): verify the SNS signature (RFC-less,
// AWS's documented scheme: SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA over a canonical
// field list), confirm subscriptions for allowed topics, and turn Bounce / Complaint / Delivery
// notifications into the same effects as a DSN. Pure of HTTP: the route in web/ only adapts.
import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { classifyReply } from '../core/bounces/index.ts';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import type { Clock } from '../lib/clock.ts';
import { systemClock } from '../lib/clock.ts';
import type { InboundProcessor, ReportItem } from './processor.ts';
import type { MatchEvidence } from './match.ts';
import { classifyFailure } from './policy.ts';

export interface SnsMessage {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  Token?: string;
  SubscribeURL?: string;
  UnsubscribeURL?: string;
}

/** Fetches a PEM certificate; injectable so tests (and air-gapped set-ups) can supply their own. */
export type CertFetcher = (url: string) => Promise<string>;
/** Visits a SubscribeURL (an HTTPS GET) to confirm an SNS subscription. */
export type SubscriptionConfirmer = (url: string) => Promise<void>;

/** SNS endpoints only: https://sns.<region>.amazonaws.com[.cn]/…, nothing else is ever fetched. */
export function isSnsUrl(url: string, pem = false): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || (u.port !== '' && u.port !== '443')) return false;
  if (!/^sns\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/.test(u.hostname)) return false;
  return !pem || u.pathname.endsWith('.pem');
}

/** The canonical string SNS signs: named fields in this order, each "Name\nvalue\n". */
export function snsStringToSign(m: SnsMessage): string | null {
  const fields =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', ...(m.Subject !== undefined && m.Subject !== null ? ['Subject'] : []), 'Timestamp', 'TopicArn', 'Type']
      : m.Type === 'SubscriptionConfirmation' || m.Type === 'UnsubscribeConfirmation'
        ? ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
        : null;
  if (!fields) return null;
  let out = '';
  for (const f of fields) {
    const v = (m as unknown as Record<string, unknown>)[f];
    if (typeof v !== 'string') return null;
    out += `${f}\n${v}\n`;
  }
  return out;
}

const REQUIRED = ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'] as const;

export function asSnsMessage(body: unknown): SnsMessage | null {
  let doc = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      doc = JSON.parse(body.toString());
    } catch {
      return null;
    }
  }
  if (!doc || typeof doc !== 'object') return null;
  const rec = doc as Record<string, unknown>;
  return REQUIRED.every((k) => typeof rec[k] === 'string') ? (rec as unknown as SnsMessage) : null;
}

export interface VerifyOptions {
  fetchCert: CertFetcher;
  /** Accept certificate URLs that are not SNS's (tests only). */
  allowAnyCertUrl?: boolean;
  clock?: Clock;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Checks an SNS message's signature with the certificate its SigningCertURL names. */
export async function verifySnsMessage(m: SnsMessage, options: VerifyOptions): Promise<VerifyResult> {
  const algorithm = m.SignatureVersion === '1' ? 'sha1' : m.SignatureVersion === '2' ? 'sha256' : null;
  if (!algorithm) return { ok: false, reason: `unsupported SignatureVersion ${m.SignatureVersion}` };
  if (!options.allowAnyCertUrl && !isSnsUrl(m.SigningCertURL, true)) return { ok: false, reason: 'SigningCertURL is not an https://sns.<region>.amazonaws.com/….pem URL' };
  const text = snsStringToSign(m);
  if (text === null) return { ok: false, reason: `cannot sign a message of type ${m.Type}` };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(await options.fetchCert(m.SigningCertURL));
  } catch (e) {
    return { ok: false, reason: `signing certificate unavailable: ${(e as Error).message}` };
  }
  const now = (options.clock ?? systemClock).now();
  if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) return { ok: false, reason: 'signing certificate is not valid now' };
  let good: boolean;
  try {
    good = verifySignature(algorithm, Buffer.from(text, 'utf8'), cert.publicKey, Buffer.from(m.Signature, 'base64'));
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/** The default fetcher: HTTPS GET, no redirects, small body, cached per URL for the process. */
export function httpsCertFetcher(timeoutMs = 5000): CertFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    let p = cache.get(url);
    if (!p) {
      p = (async () => {
        if (!isSnsUrl(url, true)) throw new Error('not an SNS certificate URL');
        const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const pem = await res.text();
        if (pem.length > 16384 || !pem.includes('BEGIN CERTIFICATE')) throw new Error('not a PEM certificate');
        return pem;
      })();
      p.catch(() => cache.delete(url));
      cache.set(url, p);
    }
    return p;
  };
}

export function httpsConfirmer(timeoutMs = 5000): SubscriptionConfirmer {
  return async (url) => {
    if (!isSnsUrl(url)) throw new Error('not an SNS URL');
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  };
}

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const bare = (a: string) => (/<([^<>]+)>/.exec(a)?.[1] ?? a).trim();

/** SES bounce sub-types that say what happened better than a vague diagnostic. */
const SUBTYPE_REASON: Record<string, string> = {
  MailboxFull: 'mailboxfull',
  MessageTooLarge: 'mesgtoobig',
  ContentRejected: 'contenterror',
  AttachmentRejected: 'contenterror',
};

export interface SesNotification {
  type: 'Bounce' | 'Complaint' | 'Delivery';
  items: ReportItem[];
  evidence: MatchEvidence;
}

/** Reads the SES JSON inside an SNS Message (notificationType, or eventType for event publishing). */
export function readSesNotification(message: string): SesNotification | null {
  let doc: Json;
  try {
    doc = obj(JSON.parse(message));
  } catch {
    return null;
  }
  const type = str(doc.notificationType) ?? str(doc.eventType);
  const mail = obj(doc.mail);
  const headers = arr(mail.headers).map(obj);
  const common = obj(mail.commonHeaders);
  const evidence: MatchEvidence = {
    envelope: [str(mail.source)],
    headerValues: headers.map((h) => str(h.value)),
    messageIds: [str(common.messageId), ...headers.filter((h) => str(h.name)?.toLowerCase() === 'message-id').map((h) => str(h.value))],
  };
  const items: ReportItem[] = [];
  if (type === 'Bounce') {
    const b = obj(doc.bounce);
    const bounceType = str(b.bounceType) ?? 'Undetermined';
    const subType = str(b.bounceSubType) ?? '';
    for (const r of arr(b.bouncedRecipients).map(obj)) {
      const text = (str(r.diagnosticCode) ?? '').replace(/^\s*smtp\s*;\s*/i, '');
      const code = Number(/\b([245]\d\d)\b/.exec(text)?.[1] ?? NaN);
      const enhanced = str(r.status) ?? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
      const recipient = bare(str(r.emailAddress) ?? '');
      const input = { code: Number.isFinite(code) ? code : null, enhanced, text: text || subType, action: str(r.action) ?? 'failed', recipient };
      let { reason, hard } = classifyReply(input);
      if (SUBTYPE_REASON[subType] && classifyFailure(reason) !== 'sender') reason = SUBTYPE_REASON[subType] as typeof reason;
      // SES's own suppression lists and "NoEmail" mean the address is known dead to SES.
      if (bounceType === 'Permanent' && (subType === 'NoEmail' || subType === 'Suppressed' || subType === 'OnAccountSuppressionList') && classifyFailure(reason) === 'soft') {
        reason = 'userunknown';
        hard = true;
      }
      if (bounceType === 'Transient') hard = false;
      items.push({ type: 'failure', reason, hard, code: input.code, enhanced, response: text || `${bounceType}/${subType}`, recipient, feedbackType: null });
    }
  } else if (type === 'Complaint') {
    const c = obj(doc.complaint);
    const feedbackType = str(c.complaintFeedbackType) ?? 'abuse';
    for (const r of arr(c.complainedRecipients).map(obj)) {
      items.push({ type: 'complaint', reason: 'feedback', hard: false, code: null, enhanced: null, response: '', recipient: bare(str(r.emailAddress) ?? ''), feedbackType });
    }
  } else if (type === 'Delivery') {
    const d = obj(doc.delivery);
    const response = str(d.smtpResponse) ?? '';
    const code = Number(/^\s*(\d{3})/.exec(response)?.[1] ?? NaN);
    for (const r of arr(d.recipients)) {
      const recipient = bare(str(r) ?? '');
      items.push({ type: 'delivered', reason: 'delivered', hard: false, code: Number.isFinite(code) ? code : null, enhanced: /\b(2\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] ?? null, response, recipient, feedbackType: null });
    }
  } else {
    return null;
  }
  const filtered = items.filter((i) => i.recipient.includes('@'));
  return filtered.length > 0 ? { type, items: filtered, evidence } : null;
}

export interface SesHandlerOptions {
  processor: InboundProcessor;
  fetchCert?: CertFetcher;
  confirmSubscription?: SubscriptionConfirmer;
  /** Topics allowed to post; empty: any (signature still required), subscriptions not auto-confirmed. */
  topicArns?: readonly string[];
  logger?: Logger;
  clock?: Clock;
  /** Tests only: accept a certificate URL outside amazonaws.com. */
  allowAnyCertUrl?: boolean;
}

export interface SesResponse {
  status: number;
  body: Record<string, unknown>;
}

/** The whole POST /inbound/ses logic as a function of the request body: status and JSON body. */
export function createSesHandler(options: SesHandlerOptions): (body: unknown) => Promise<SesResponse> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'inbound-ses' });
  const fetchCert = options.fetchCert ?? httpsCertFetcher();
  const confirm = options.confirmSubscription ?? httpsConfirmer();
  const topics = new Set(options.topicArns ?? []);
  const { processor } = options;

  return async (body) => {
    const m = asSnsMessage(body);
    if (!m) return { status: 400, body: { error: 'not an SNS message (JSON with Type, MessageId, TopicArn, Message, Signature…)' } };
    const v = await verifySnsMessage(m, { fetchCert, clock: options.clock, allowAnyCertUrl: options.allowAnyCertUrl });
    if (!v.ok) {
      logger.warn({ topic: m.TopicArn, reason: v.reason }, 'SNS message refused');
      return { status: 403, body: { error: `signature check failed: ${v.reason}` } };
    }
    if (topics.size > 0 && !topics.has(m.TopicArn)) {
      logger.warn({ topic: m.TopicArn }, 'SNS message from a topic not in inbound.ses_topic_arns');
      return { status: 403, body: { error: 'topic not allowed' } };
    }
    if (m.Type === 'SubscriptionConfirmation') {
      if (topics.size === 0 || !m.SubscribeURL) {
        logger.warn({ topic: m.TopicArn, subscribeUrl: m.SubscribeURL }, 'SNS subscription not confirmed automatically: add the topic to inbound.ses_topic_arns, or visit the URL');
        return { status: 200, body: { confirmed: false } };
      }
      try {
        await confirm(m.SubscribeURL);
      } catch (e) {
        logger.error({ topic: m.TopicArn, err: (e as Error).message }, 'SNS subscription confirmation failed');
        return { status: 502, body: { error: 'could not confirm the subscription' } };
      }
      logger.info({ topic: m.TopicArn }, 'SNS subscription confirmed');
      return { status: 200, body: { confirmed: true } };
    }
    if (m.Type !== 'Notification') return { status: 200, body: { ignored: m.Type } };

    const n = readSesNotification(m.Message);
    const size = Buffer.byteLength(m.Message);
    const log = { source: 'ses' as const, kind: 'ses', size, raw: processor.excerpt(Buffer.from(m.Message)), envelopeTo: null };
    try {
      if (!n) {
        await processor.logOnly({ ...log, outcome: 'ignored', details: { topic: m.TopicArn } });
        return { status: 200, body: { outcome: 'ignored' } };
      }
      const ref = processor.matcher.match(n.evidence);
      if (!ref) {
        await processor.logOnly({ ...log, envelopeFrom: n.evidence.envelope?.[0] ?? null, outcome: 'unmatched', details: { type: n.type, recipients: n.items.map((i) => i.recipient).slice(0, 20) } });
        return { status: 200, body: { outcome: 'unmatched' } };
      }
      const res = await processor.applyItems(ref, n.items, { ...log, envelopeFrom: n.evidence.envelope?.[0] ?? null });
      return { status: 200, body: { outcome: res.outcome } };
    } catch (e) {
      // Storage trouble: a 5xx makes SNS retry later (its HTTP delivery policy), nothing is lost.
      logger.error({ err: (e as Error).message }, 'SES notification could not be recorded');
      return { status: 503, body: { error: 'temporarily unavailable' } };
    }
  };
}
