// A tenant's sending domain as the assistant manages it, in tenant.settings:
//
//   sending_domain          the verified domain: what allowedFromDomains (delivery/queue/prepare.ts)
//                           lets the tenant send From, and what campaigns default to
//   dkim                    the keys messages are signed with (delivery/queue/content.ts tenantSigning)
//   sending_domain_pending  a domain being set up: not usable as From until its DKIM records check out
//   dkim_pending            its keys (rsa-2048 + ed25519, as `facteur dkim keygen` makes them)
//   domain_check            the last check: { domain, at, checks } (shown by the page)
//
// Verification = every DKIM record of the domain published with our key, which proves control of
// its DNS; then the pending domain and keys replace the verified ones. SPF and DMARC are advised
// and checked, but do not block: the Return-Path is the platform's bounce domain, so DMARC aligns
// through DKIM. The bounce-subdomain records of `facteur domain check` are not shown for the same
// reason (the engine does not use a per-tenant Return-Path).
import { randomBytes } from 'node:crypto';
import type { Tenant } from '../../../core/model.ts';
import { generateDkimKey } from '../../../delivery/dkim/index.ts';
import { dnsTxtValue, loadPrivateKey } from '../../../delivery/dkim/index.ts';
import { checkDomain, expectedRecords, type DomainSetup, type ExpectedRecord, type RecordCheck } from '../../../delivery/domain-check.ts';
import type { Resolver } from '../../../lib/dns.ts';
import type { Repositories } from '../../../storage/index.ts';

export interface StoredKey {
  domain: string;
  selector: string;
  privateKey: string;
}

export interface LastCheck {
  domain: string;
  at: number;
  checks: RecordCheck[];
}

export interface DomainState {
  /** The domain the page is about: the one being set up, else the verified one. */
  domain: string | null;
  verified: string | null;
  pending: string | null;
  keys: StoredKey[];
  lastCheck: LastCheck | null;
}

/** The purposes the assistant shows, in this order. */
export const SHOWN: readonly RecordCheck['purpose'][] = ['dkim', 'spf', 'dmarc'];

function keysOf(v: unknown): StoredKey[] {
  if (!Array.isArray(v)) return [];
  return v.filter((k): k is StoredKey => typeof k === 'object' && k !== null && typeof k.domain === 'string' && typeof k.selector === 'string' && typeof k.privateKey === 'string');
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v.toLowerCase() : null);

export function domainState(tenant: Tenant): DomainState {
  const s = tenant.settings;
  const verified = str(s.sending_domain);
  const pending = str(s.sending_domain_pending);
  const domain = pending ?? verified;
  const keys = pending ? keysOf(s.dkim_pending) : keysOf(s.dkim).filter((k) => k.domain.toLowerCase() === verified);
  const last = s.domain_check as LastCheck | undefined;
  const lastCheck = last && typeof last === 'object' && last.domain === domain && Array.isArray(last.checks) ? last : null;
  return { domain, verified, pending, keys, lastCheck };
}

/** The DNS records to publish for a domain and its keys (as `facteur domain check` builds them). */
export function setupOf(domain: string, keys: StoredKey[], platformDomain: string): DomainSetup {
  return {
    domain,
    dkim: keys.map((k) => ({ selector: k.selector, txt: dnsTxtValue(loadPrivateKey(k.privateKey)) })),
    spfInclude: `_spf.${platformDomain}`,
    bounceMx: [],
    dmarcRua: `dmarc@${domain}`,
  };
}

export function shownRecords(setup: DomainSetup): ExpectedRecord[] {
  return expectedRecords(setup).filter((r) => SHOWN.includes(r.purpose));
}

/** Two new keys for a domain: rsa-sha256 (understood everywhere) and ed25519 (RFC 8463) as a second signature. */
export function newKeys(domain: string, now: number): StoredKey[] {
  const d = new Date(now);
  const stamp = `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}${randomBytes(2).toString('hex')}`;
  return [
    { domain, selector: `fct${stamp}-rsa`, privateKey: generateDkimKey('rsa', 2048).privateKeyPem },
    { domain, selector: `fct${stamp}-ed`, privateKey: generateDkimKey('ed25519').privateKeyPem },
  ];
}

/**
 * Starts setting up `domain`: new keys unless the domain already has some (the verified one, or
 * the one already pending). Returns false when there is nothing to do.
 */
export async function startDomain(repos: Repositories, tenant: Tenant, domain: string, now: number): Promise<boolean> {
  const st = domainState(tenant);
  if (st.pending === domain) return false;
  if (st.verified === domain && st.keys.length > 0) {
    if (st.pending) await repos.tenants.updateSettings(tenant.id, { sending_domain_pending: null, dkim_pending: null });
    return st.pending !== null;
  }
  await repos.tenants.updateSettings(tenant.id, { sending_domain_pending: domain, dkim_pending: newKeys(domain, now), domain_check: null });
  return true;
}

/** Abandons the domain being set up (the verified one, if any, stays). */
export async function cancelPending(repos: Repositories, tenant: Tenant): Promise<void> {
  await repos.tenants.updateSettings(tenant.id, { sending_domain_pending: null, dkim_pending: null, domain_check: null });
}

/**
 * Checks the published records through the resolver and keeps the result; a pending domain whose
 * DKIM records all check out becomes the verified sending domain, with its keys.
 */
export async function checkAndVerify(repos: Repositories, tenant: Tenant, resolver: Resolver, platformDomain: string, now: number): Promise<{ checks: RecordCheck[]; verifiedNow: boolean } | undefined> {
  const st = domainState(tenant);
  if (!st.domain || st.keys.length === 0) return undefined;
  const setup = setupOf(st.domain, st.keys, platformDomain);
  const checks = (await checkDomain(setup, resolver)).filter((c) => SHOWN.includes(c.purpose));
  const dkimOk = checks.filter((c) => c.purpose === 'dkim').every((c) => c.status === 'ok');
  const lastCheck: LastCheck = { domain: st.domain, at: now, checks };
  if (st.pending && dkimOk) {
    const others = keysOf(tenant.settings.dkim).filter((k) => k.domain.toLowerCase() !== st.verified);
    await repos.tenants.updateSettings(tenant.id, {
      sending_domain: st.pending,
      dkim: [...others, ...st.keys],
      sending_domain_pending: null,
      dkim_pending: null,
      domain_check: lastCheck,
    });
    return { checks, verifiedNow: true };
  }
  await repos.tenants.updateSettings(tenant.id, { domain_check: lastCheck });
  return { checks, verifiedNow: false };
}
