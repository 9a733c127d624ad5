// SMTP submission credentials: a user name and a generated password per application, scoped to
// one tenant, with the senders it may use and its limits. The password is generated (192 random
// bits, never chosen by a person), so — as for API keys — a SHA-256 of it is safe to store: there
// is nothing to brute-force offline, and AUTH stays cheap when an application (PHPMailer in Paheko,
// for instance) opens one connection per message. scrypt would cost 50–100 ms of CPU per AUTH and
// turn a reconnect storm into a denial of service, for no gain in safety.
import { timingSafeEqual } from 'node:crypto';
import { randomToken, sha256Hex } from '../../lib/ids.ts';
import { FacteurError } from '../errors.ts';

export interface SmtpCredential {
  id: number;
  tenantId: number;
  name: string;
  username: string;
  secretHash: string;
  /** `asso.example` or `@asso.example` (any address there) or `news@asso.example` (that one). */
  allowedSenders: string[];
  /** Largest message accepted with this credential, in bytes (null: the server's limit). */
  maxMessageBytes: number | null;
  /** Recipients accepted per minute (null: no limit beyond the tenant's quotas). */
  ratePerMinute: number | null;
  /** List whose unsubscribe headers are added to mail sent with this credential (bulk mail). */
  listId: number | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewSmtpSecret {
  username: string;
  /** Shown once to the person who created the credential. */
  password: string;
  secretHash: string;
}

/** `<tenant-slug>-<8 random>`: readable in logs, unique, and it says which tenant it is for. */
export function generateSmtpSecret(tenantSlug: string): NewSmtpSecret {
  const suffix = randomToken(6).replace(/[^A-Za-z0-9]/g, 'x').toLowerCase();
  const password = randomToken(24);
  return { username: `${tenantSlug}-${suffix}`, password, secretHash: sha256Hex(password) };
}

export function smtpSecretMatches(password: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(password), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$/;
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/** Normalises and checks allowed-sender entries; throws ERR_VALIDATION naming the bad one. */
export function normaliseAllowedSenders(entries: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (e === '') continue;
    const at = e.lastIndexOf('@');
    const domain = at < 0 ? e : e.slice(at + 1);
    const local = at < 0 ? '' : e.slice(0, at);
    if (!DOMAIN.test(domain) || (local !== '' && !LOCAL.test(local))) {
      throw new FacteurError('ERR_VALIDATION', `"${raw}" is neither a domain, "@domain" nor an address`, {
        hint: 'give domains (asso.example) for any address there, or full addresses (news@asso.example)',
        details: { field: 'allowed_senders' },
      });
    }
    out.add(local === '' ? domain : `${local}@${domain}`);
  }
  if (out.size === 0) {
    throw new FacteurError('ERR_VALIDATION', 'no allowed sender', {
      hint: "give at least one domain or address the application may send from (the tenant's own domain)",
      details: { field: 'allowed_senders' },
    });
  }
  return [...out];
}

/** Whether `address` may be used as a sender under `allowed` (normalised entries). */
export function senderAllowed(address: string, allowed: readonly string[]): boolean {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at <= 0) return false;
  const domain = a.slice(at + 1);
  return allowed.some((e) => (e.includes('@') ? e === a : e === domain));
}

/** What issuing a credential needs from storage (the repository, structurally). */
export interface SmtpCredentialStore {
  create(tenantId: number, input: { name: string; username: string; secretHash: string; allowedSenders: string[]; maxMessageBytes?: number | null; ratePerMinute?: number | null; listId?: number | null }): Promise<SmtpCredential>;
}

export interface SmtpCredentialRequest {
  name: string;
  /** Absent: the tenant's sending domain (an error when it has none). */
  allowedSenders?: readonly string[] | undefined;
  maxMessageBytes?: number | null;
  ratePerMinute?: number | null;
  listId?: number | null;
}

/**
 * Creates a credential with a generated password (the API and the admin interface): allowed
 * senders default to the tenant's sending domain. The password is returned this once.
 */
export async function issueSmtpCredential(
  store: SmtpCredentialStore,
  tenant: { id: number; slug: string; settings: Record<string, unknown> },
  req: SmtpCredentialRequest,
): Promise<{ credential: SmtpCredential; password: string }> {
  const own = tenant.settings.sending_domain;
  const senders = req.allowedSenders ?? (typeof own === 'string' && own ? [own] : undefined);
  if (!senders) {
    throw new FacteurError('ERR_VALIDATION', 'this tenant has no sending domain, so allowed_senders is required', {
      hint: 'e.g. "allowed_senders": ["asso.example"]',
      details: { field: 'allowed_senders' },
    });
  }
  const allowedSenders = normaliseAllowedSenders(senders);
  const s = generateSmtpSecret(tenant.slug);
  const credential = await store.create(tenant.id, {
    name: req.name.trim(),
    username: s.username,
    secretHash: s.secretHash,
    allowedSenders,
    maxMessageBytes: req.maxMessageBytes ?? null,
    ratePerMinute: req.ratePerMinute ?? null,
    listId: req.listId ?? null,
  });
  return { credential, password: s.password };
}
