// The links that let someone choose a password: "forgot your password" (valid 1 hour) and the
// invitation to the team (valid 7 days). Stateless: the token is
//
//   {user id}.{expiry, base 36}.{r|i}.{HMAC-SHA256}
//
// and the HMAC, keyed by a key derived from the platform secret, covers the user id, the expiry,
// the purpose and a hash of the user's current password hash. Setting a password changes that
// hash (a new salt every time), so a link works once; changing the secret voids every link.
import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from '../security.ts';

export type LinkPurpose = 'reset' | 'invite';

export const LINK_TTL_MS: Record<LinkPurpose, number> = { reset: 3600_000, invite: 7 * 24 * 3600_000 };

const TOKEN = /^([0-9]{1,15})\.([0-9a-z]{1,12})\.([ri])\.([A-Za-z0-9_-]{43})$/;

/** The key of password links, derived from the platform secret (never the secret itself). */
export function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('facteur admin password link v1').digest();
}

function signature(key: Buffer, payload: string, passwordHash: string): string {
  const bound = createHash('sha256').update(passwordHash).digest('hex');
  return createHmac('sha256', key).update(`${payload}|${bound}`).digest('base64url');
}

/** A link token for this user, valid from `now` for the purpose's lifetime. */
export function makeLinkToken(key: Buffer, user: { id: number; passwordHash: string }, purpose: LinkPurpose, now: number): string {
  const payload = `${user.id}.${(now + LINK_TTL_MS[purpose]).toString(36)}.${purpose === 'reset' ? 'r' : 'i'}`;
  return `${payload}.${signature(key, payload, user.passwordHash)}`;
}

export interface LinkClaim {
  userId: number;
  expiresAt: number;
  purpose: LinkPurpose;
  payload: string;
  sig: string;
}

/** The claims of a well-formed token (not yet verified), or undefined. */
export function readLinkToken(token: string): LinkClaim | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const userId = Number(m[1]);
  const expiresAt = parseInt(m[2]!, 36);
  if (!Number.isSafeInteger(userId) || userId <= 0 || !Number.isSafeInteger(expiresAt)) return undefined;
  return { userId, expiresAt, purpose: m[3] === 'r' ? 'reset' : 'invite', payload: `${m[1]}.${m[2]}.${m[3]}`, sig: m[4]! };
}

/** True when the claim was signed with this key for this user's current password and has not expired. */
export function verifyLinkClaim(key: Buffer, claim: LinkClaim, user: { id: number; passwordHash: string }, now: number): boolean {
  if (claim.userId !== user.id || now >= claim.expiresAt) return false;
  return safeEqual(claim.sig, signature(key, claim.payload, user.passwordHash));
}
