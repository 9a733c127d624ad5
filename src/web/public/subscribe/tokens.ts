// The two signed values of the public subscription, both stateless (nothing is stored before the
// member confirms), both HMACs under their own sub-key of the platform secret:
// - the form stamp: when facteur served the form, so a post faster than a human or from a page
//   left open for days is recognised;
// - the confirmation token: who asked for which list, carried by the link of the confirmation mail.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { subkey } from '../../../core/tokens.ts';
import type { Lang } from '../../i18n/index.ts';

/** A human needs more than this to fill the form in. */
export const MIN_FILL_MS = 2_000;
/** A form older than this is stale: the member is asked to submit again. */
export const MAX_FORM_AGE_MS = 24 * 60 * 60_000;
/** How long the link of the confirmation mail works. */
export const CONFIRM_TTL_MS = 7 * 24 * 60 * 60_000;
/** Clock skew tolerated between the nodes that sign and verify. */
const SKEW_MS = 5 * 60_000;
/** base64url of JSON with a 254-byte address and a 200-character name stays well under this. */
export const CONFIRM_TOKEN_MAX = 2048;

const STAMP_MAC_BYTES = 12;
const CONFIRM_MAC_BYTES = 16;

function macOf(key: Buffer, data: string, bytes: number): string {
  return createHmac('sha256', key).update(data).digest().subarray(0, bytes).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `<issued-at base36>.<mac>`, bound to the tenant and the list of the form. */
export function formStamp(secret: string, tenantId: number, listId: number, now: number): string {
  const at = Math.floor(now);
  return `${at.toString(36)}.${macOf(subkey(secret, 'subscribe-form'), `${tenantId}:${listId}:${at}`, STAMP_MAC_BYTES)}`;
}

export type StampCheck = 'ok' | 'missing' | 'forged' | 'too-fast' | 'stale';

export function checkStamp(secret: string, stamp: string | null | undefined, tenantId: number, listId: number, now: number): StampCheck {
  if (!stamp) return 'missing';
  const m = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})$/.exec(stamp);
  if (!m) return 'forged';
  const at = parseInt(m[1]!, 36);
  if (!Number.isSafeInteger(at) || !safeEqual(m[2]!, macOf(subkey(secret, 'subscribe-form'), `${tenantId}:${listId}:${at}`, STAMP_MAC_BYTES))) return 'forged';
  if (at > now + SKEW_MS) return 'forged';
  if (now - at < MIN_FILL_MS) return 'too-fast';
  if (now - at > MAX_FORM_AGE_MS) return 'stale';
  return 'ok';
}

/** What a confirmation link carries. */
export interface SubscribeClaim {
  tenantId: number;
  listId: number;
  /** As typed, after contactAddress (its normalised form is the lower-cased one). */
  address: string;
  name: string | null;
  lang: Lang;
  issuedAt: number;
}

interface Payload {
  t: number;
  l: number;
  a: string;
  n?: string;
  g: Lang;
  i: number;
}

/** `<base64url JSON>.<base64url 128-bit MAC>`: readable by anyone who has the link, forgeable by no one. */
export function confirmToken(secret: string, claim: SubscribeClaim): string {
  const payload: Payload = { t: claim.tenantId, l: claim.listId, a: claim.address, ...(claim.name ? { n: claim.name } : {}), g: claim.lang, i: Math.floor(claim.issuedAt) };
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${macOf(subkey(secret, 'subscribe-confirm'), body, CONFIRM_MAC_BYTES)}`;
}

/** The claim of a genuine token issued less than 7 days ago, else null (forged, damaged and expired look the same). */
export function verifyConfirmToken(secret: string, token: string, now: number): SubscribeClaim | null {
  if (token.length > CONFIRM_TOKEN_MAX) return null;
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m || !safeEqual(m[2]!, macOf(subkey(secret, 'subscribe-confirm'), m[1]!, CONFIRM_MAC_BYTES))) return null;
  let p: Partial<Payload>;
  try {
    p = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    return null;
  }
  const id = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  if (!id(p.t) || !id(p.l) || typeof p.a !== 'string' || !id(p.i) || (p.n !== undefined && typeof p.n !== 'string')) return null;
  if (p.i > now + SKEW_MS || now - p.i > CONFIRM_TTL_MS) return null;
  return { tenantId: p.t, listId: p.l, address: p.a, name: p.n ?? null, lang: p.g === 'en' ? 'en' : 'fr', issuedAt: p.i };
}
