// A tenant's sending domain: the DNS records it must publish (DKIM key, SPF include of the
// platform, DMARC starting at p=none, a bounce subdomain with MX + SPF for aligned Return-Path)
// and a check of what is published, through the injected Resolver, with a fix-it sentence each.
import { DnsError, type Resolver } from '../lib/dns.ts';
import { parseTags } from './dkim/verify.ts';

export interface DomainSetup {
  domain: string;
  /** DKIM selectors and, when known, the TXT value each must carry (`v=DKIM1; k=…; p=…`). */
  dkim: { selector: string; txt?: string }[];
  /** SPF mechanism target the platform publishes, e.g. `_spf.facteur.example` (RFC 7208 §5.2). */
  spfInclude: string;
  /** Host(s) that receive bounces for the platform, e.g. `bounces.facteur.example`. */
  bounceMx: string[];
  /** Label of the tenant's bounce subdomain (Return-Path domain, aligned with From for DMARC). */
  bounceLabel?: string;
  /** DMARC aggregate reports address, when the host collects them. */
  dmarcRua?: string;
}

export type RecordPurpose = 'dkim' | 'spf' | 'dmarc' | 'bounce-mx' | 'bounce-spf';

export interface ExpectedRecord {
  purpose: RecordPurpose;
  name: string;
  type: 'TXT' | 'MX';
  value: string;
}

export type RecordStatus = 'ok' | 'missing' | 'wrong' | 'unknown';

export interface RecordCheck extends ExpectedRecord {
  status: RecordStatus;
  found: string[];
  /** One sentence a volunteer can act on (or pass to whoever manages their DNS). */
  fix: string;
}

export function bounceDomain(s: DomainSetup): string {
  return `${s.bounceLabel ?? 'bounces'}.${s.domain.toLowerCase()}`;
}

export function expectedRecords(s: DomainSetup): ExpectedRecord[] {
  const d = s.domain.toLowerCase();
  const out: ExpectedRecord[] = s.dkim.map((k) => ({
    purpose: 'dkim' as const,
    name: `${k.selector}._domainkey.${d}`,
    type: 'TXT' as const,
    value: k.txt ?? 'v=DKIM1; k=rsa; p=<public key from facteur dkim keygen>',
  }));
  out.push(
    { purpose: 'spf', name: d, type: 'TXT', value: `v=spf1 include:${s.spfInclude} ~all` },
    // p=none first (RFC 7489 §6.3): watch reports, then move to quarantine/reject.
    { purpose: 'dmarc', name: `_dmarc.${d}`, type: 'TXT', value: `v=DMARC1; p=none${s.dmarcRua ? `; rua=mailto:${s.dmarcRua}` : ''}` },
    ...s.bounceMx.map((mx) => ({ purpose: 'bounce-mx' as const, name: bounceDomain(s), type: 'MX' as const, value: `10 ${mx}` })),
    { purpose: 'bounce-spf', name: bounceDomain(s), type: 'TXT', value: `v=spf1 include:${s.spfInclude} -all` },
  );
  return out;
}

type Lookup = { records: string[] } | { error: 'missing' | 'unknown'; detail: string };

async function txt(resolver: Resolver, name: string): Promise<Lookup> {
  try {
    return { records: (await resolver.resolveTxt(name)).map((r) => r.join('')) };
  } catch (e) {
    return dnsFailure(e);
  }
}

async function mx(resolver: Resolver, name: string): Promise<Lookup> {
  try {
    return { records: (await resolver.resolveMx(name)).map((r) => `${r.priority} ${r.exchange.toLowerCase().replace(/\.$/, '')}`) };
  } catch (e) {
    return dnsFailure(e);
  }
}

function dnsFailure(e: unknown): Lookup {
  const code = e instanceof DnsError ? e.code : (e as { code?: string }).code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') return { error: 'missing', detail: code };
  return { error: 'unknown', detail: String(code ?? e) };
}

function result(rec: ExpectedRecord, status: RecordStatus, found: string[], fix: string): RecordCheck {
  return { ...rec, status, found, fix };
}

const tryLater = (rec: ExpectedRecord, detail: string) => result(rec, 'unknown', [], `The DNS did not answer for ${rec.name} (${detail}); check again in a few minutes.`);

export async function checkDomain(s: DomainSetup, resolver: Resolver): Promise<RecordCheck[]> {
  const out: RecordCheck[] = [];
  for (const rec of expectedRecords(s)) {
    const got = rec.type === 'MX' ? await mx(resolver, rec.name) : await txt(resolver, rec.name);
    if ('error' in got && got.error === 'unknown') {
      out.push(tryLater(rec, got.detail));
      continue;
    }
    const found = 'records' in got ? got.records : [];
    out.push(judge(s, rec, found));
  }
  return out;
}

function judge(s: DomainSetup, rec: ExpectedRecord, found: string[]): RecordCheck {
  const publish = `Publish ${rec.type === 'MX' ? 'an' : 'a'} ${rec.type} record at ${rec.name} with the value: ${rec.value}`;
  switch (rec.purpose) {
    case 'dkim': {
      const keys = found.filter((t) => /^\s*v\s*=\s*DKIM1/i.test(t) || /(^|;)\s*p\s*=/.test(t));
      if (keys.length === 0) return result(rec, 'missing', found, `${publish} (the DKIM public key).`);
      const want = parseTags(rec.value).get('p')?.replace(/\s+/g, '');
      const have = keys.map((k) => parseTags(k).get('p')?.replace(/\s+/g, '') ?? '');
      if (have.every((p) => p === '')) return result(rec, 'wrong', found, `The key at ${rec.name} is revoked (empty p=). ${publish}.`);
      if (want && !want.startsWith('<') && !have.includes(want)) return result(rec, 'wrong', found, `The key at ${rec.name} is not facteur's key for this selector. Replace it with: ${rec.value}`);
      return result(rec, 'ok', found, 'Nothing to do.');
    }
    case 'spf':
    case 'bounce-spf': {
      const spf = found.filter((t) => /^v=spf1(\s|$)/i.test(t));
      if (spf.length === 0) return result(rec, 'missing', found, publish);
      // RFC 7208 §3.2: more than one SPF record is a permanent error for every receiver.
      if (spf.length > 1) return result(rec, 'wrong', found, `${rec.name} has ${spf.length} SPF records; merge them into one that contains include:${s.spfInclude}.`);
      const terms = spf[0]!.toLowerCase().split(/\s+/);
      if (!terms.includes(`include:${s.spfInclude.toLowerCase()}`) && !terms.includes(`+include:${s.spfInclude.toLowerCase()}`)) {
        return result(rec, 'wrong', found, `Add "include:${s.spfInclude}" to the SPF record of ${rec.name}, before its "all" term.`);
      }
      return result(rec, 'ok', found, 'Nothing to do.');
    }
    case 'dmarc': {
      const dm = found.filter((t) => /^v=DMARC1\s*(;|$)/i.test(t));
      if (dm.length === 0) return result(rec, 'missing', found, `${publish} (start with p=none, tighten later).`);
      if (dm.length > 1) return result(rec, 'wrong', found, `${rec.name} has ${dm.length} DMARC records; keep exactly one.`);
      const p = parseTags(dm[0]!).get('p')?.toLowerCase();
      if (!p || !['none', 'quarantine', 'reject'].includes(p)) return result(rec, 'wrong', found, `The DMARC record at ${rec.name} has no valid p= tag; use: ${rec.value}`);
      return result(rec, 'ok', found, 'Nothing to do.');
    }
    case 'bounce-mx': {
      const host = rec.value.split(' ')[1]!;
      if (found.length === 0) return result(rec, 'missing', found, `${publish} (bounces come back to facteur through it).`);
      if (!found.some((f) => f.split(' ')[1] === host)) return result(rec, 'wrong', found, `The MX of ${rec.name} must be ${host}; it is ${found.join(', ')}.`);
      return result(rec, 'ok', found, 'Nothing to do.');
    }
  }
}
