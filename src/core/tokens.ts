// HMAC tokens derived from the platform secret: VERP bounce addresses that name a tenant and a
// delivery, and unsubscribe tokens scoped to (tenant, contact, list). Both are lower-case base36/
// base32 only, because some MTAs lower-case local parts (RFC 5321 §2.4 lets a host do so).
import { createHmac, timingSafeEqual } from 'node:crypto';

const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const VERP_MAC_BYTES = 10; // 80 bits: forging a bounce needs ~2^80 tries, each an SMTP message
const UNSUB_MAC_BYTES = 16; // 128 bits: an unsubscribe link must be unguessable

/** RFC 4648 base32, lower-case, no padding. */
export function base32(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Sub-key per purpose, so a VERP MAC can never be replayed as an unsubscribe MAC. */
export function subkey(secret: string | Buffer, purpose: string): Buffer {
  if (secret.length < 16) throw new Error('the platform secret must be at least 16 bytes');
  return createHmac('sha256', secret).update(`facteur/${purpose}/v1`).digest();
}

function mac(key: Buffer, parts: readonly number[], bytes: number): string {
  return base32(createHmac('sha256', key).update(parts.join(':')).digest().subarray(0, bytes));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkId(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${n}`);
}

function parseId(s: string): number | null {
  if (!/^[0-9a-z]{1,11}$/.test(s)) return null;
  const n = parseInt(s, 36);
  return Number.isSafeInteger(n) && n.toString(36) === s ? n : null;
}

export interface VerpCodec {
  /** `bounces+<tenant36>-<delivery36>-<mac>@<bounceDomain>`: the envelope sender (Return-Path). */
  address(tenantId: number, deliveryId: number): string;
  /** The tenant and delivery a bounce is about, or null when the address is not one we made. */
  verify(address: string): { tenantId: number; deliveryId: number } | null;
}

export function verpCodec(secret: string | Buffer, bounceDomain: string, prefix = 'bounces'): VerpCodec {
  const key = subkey(secret, 'verp');
  const domain = bounceDomain.toLowerCase();
  return {
    address(tenantId, deliveryId) {
      checkId('tenantId', tenantId);
      checkId('deliveryId', deliveryId);
      const token = `${tenantId.toString(36)}-${deliveryId.toString(36)}-${mac(key, [tenantId, deliveryId], VERP_MAC_BYTES)}`;
      return `${prefix}+${token}@${domain}`;
    },
    verify(address) {
      // Lower-case the whole address: the token survives an MTA that lower-cased it.
      const m = /^<?([^@<>]+)@([^@<>]+?)>?$/.exec(address.trim().toLowerCase());
      if (!m || m[2] !== domain) return null;
      const local = m[1]!;
      if (!local.startsWith(prefix + '+')) return null;
      const parts = local.slice(prefix.length + 1).split('-');
      if (parts.length !== 3) return null;
      const tenantId = parseId(parts[0]!);
      const deliveryId = parseId(parts[1]!);
      if (tenantId === null || deliveryId === null) return null;
      return safeEqual(parts[2]!, mac(key, [tenantId, deliveryId], VERP_MAC_BYTES)) ? { tenantId, deliveryId } : null;
    },
  };
}

/** Convenience wrappers over verpCodec for one-off use. */
export function verpAddress(secret: string | Buffer, bounceDomain: string, tenantId: number, deliveryId: number): string {
  return verpCodec(secret, bounceDomain).address(tenantId, deliveryId);
}
export function verifyVerp(secret: string | Buffer, bounceDomain: string, address: string): { tenantId: number; deliveryId: number } | null {
  return verpCodec(secret, bounceDomain).verify(address);
}

export interface UnsubscribeScope {
  tenantId: number;
  contactId: number;
  /** 0 means every list of the tenant. */
  listId: number;
}

/**
 * `<tenant36>-<contact36>-<list36>-<mac>`: safe in a URL path and in a mailto local part. The ids
 * are readable (they are not secret); the 128-bit MAC is what makes the token unguessable.
 */
export function unsubscribeToken(secret: string | Buffer, scope: UnsubscribeScope): string {
  const { tenantId, contactId, listId } = scope;
  checkId('tenantId', tenantId);
  checkId('contactId', contactId);
  checkId('listId', listId);
  const key = subkey(secret, 'unsubscribe');
  return `${tenantId.toString(36)}-${contactId.toString(36)}-${listId.toString(36)}-${mac(key, [tenantId, contactId, listId], UNSUB_MAC_BYTES)}`;
}

export function verifyUnsubscribeToken(secret: string | Buffer, token: string): UnsubscribeScope | null {
  const parts = token.trim().toLowerCase().split('-');
  if (parts.length !== 4) return null;
  const [t, c, l, m] = parts as [string, string, string, string];
  const tenantId = parseId(t);
  const contactId = parseId(c);
  const listId = parseId(l);
  if (tenantId === null || contactId === null || listId === null) return null;
  const key = subkey(secret, 'unsubscribe');
  return safeEqual(m, mac(key, [tenantId, contactId, listId], UNSUB_MAC_BYTES)) ? { tenantId, contactId, listId } : null;
}

/** The Message-ID prefix: `<m+TENANT-DELIVERY-MAC@domain>` reuses the VERP token's form and MAC. */
const MID_PREFIX = 'm';

/**
 * A Message-ID that names its delivery, for senders who want reports matched even when a
 * receiver quotes only the Message-ID (many feedback loops). Any domain may follow the token:
 * the MAC covers the ids only. Same secret as VERP; returns the value with its angle brackets.
 */
export function deliveryMessageId(secret: string | Buffer, tenantId: number, deliveryId: number, domain: string): string {
  return `<${verpCodec(secret, domain, MID_PREFIX).address(tenantId, deliveryId)}>`;
}

/** The delivery a facteur Message-ID names, or null (not ours, or a forged MAC). */
export function verifyDeliveryMessageId(secret: string | Buffer, messageId: string): { tenantId: number; deliveryId: number } | null {
  const m = /<?\s*([^<>\s@]+)@([^<>\s@]+)\s*>?/.exec(messageId);
  if (!m || !m[1]!.toLowerCase().startsWith(MID_PREFIX + '+')) return null;
  return verpCodec(secret, m[2]!, MID_PREFIX).verify(`${m[1]}@${m[2]}`);
}

