// API key format and checks. A key is `fct_<prefix>_<secret>`: the prefix finds the row, the
// secret (256 random bits) is compared by SHA-256. A fast hash is right here — unlike passwords,
// the secret has full entropy, so there is nothing to brute-force, and every API call checks it.
import { timingSafeEqual } from 'node:crypto';
import { randomToken, sha256Hex } from '../../lib/ids.ts';

export interface NewApiKey {
  /** The full key, shown once to the person who created it. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = randomToken(6).replace(/[-_]/g, 'x');
  const secret = randomToken(32);
  return { key: `fct_${prefix}_${secret}`, prefix, secretHash: sha256Hex(secret) };
}

export function parseApiKey(presented: string): { prefix: string; secret: string } | undefined {
  const m = /^fct_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$/.exec(presented.trim());
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
