// DKIM verifier (RFC 6376 §6) for rsa-sha256 and ed25519-sha256: used by tests, `facteur doctor`
// and inbound checks. Outcomes are values (pass/fail/neutral/temperror/permerror), never throws.
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { DnsError, type Resolver } from '../../lib/dns.ts';
import { bodyHash, headerName, relaxedHeader, selectHeaders, simpleHeader, splitMessage } from './canon.ts';
import { publicKeyFromDns } from './keys.ts';

export type DkimResult = 'pass' | 'fail' | 'neutral' | 'temperror' | 'permerror';

export interface DkimVerdict {
  result: DkimResult;
  domain: string | undefined;
  selector: string | undefined;
  algorithm: string | undefined;
  reason?: string;
}

export function parseTags(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    tags.set(part.slice(0, eq).replace(/\s+/g, ''), part.slice(eq + 1).replace(/^\s+|\s+$/g, ''));
  }
  return tags;
}

async function fetchKey(resolver: Resolver, selector: string, domain: string): Promise<{ key?: KeyObject; k?: string; error?: DkimVerdict['result']; reason?: string }> {
  let records: string[][];
  try {
    records = await resolver.resolveTxt(`${selector}._domainkey.${domain}`);
  } catch (e) {
    const code = e instanceof DnsError ? e.code : (e as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { error: 'permerror', reason: 'no key for signature' };
    return { error: 'temperror', reason: `key lookup failed: ${code ?? String(e)}` };
  }
  const txt = records.map((r) => r.join('')).find((t) => /(^|;)\s*p\s*=/.test(t));
  if (!txt) return { error: 'permerror', reason: 'no key for signature' };
  const tags = parseTags(txt);
  const p = (tags.get('p') ?? '').replace(/\s+/g, '');
  if (p === '') return { error: 'permerror', reason: 'key revoked' };
  const k = tags.get('k') ?? 'rsa';
  try {
    return { key: publicKeyFromDns(k, p), k };
  } catch {
    return { error: 'permerror', reason: 'key syntax error' };
  }
}

/** Verifies every DKIM-Signature of a message (Buffer or binary string); none → one `neutral`. */
export async function verifyDkim(raw: Buffer | string, resolver: Resolver): Promise<DkimVerdict[]> {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const { headers, body } = splitMessage(text);
  const sigs = headers.filter((h) => headerName(h) === 'dkim-signature');
  if (sigs.length === 0) return [{ result: 'neutral', domain: undefined, selector: undefined, algorithm: undefined, reason: 'no signature' }];
  const out: DkimVerdict[] = [];
  for (const sig of sigs) out.push(await verifyOne(sig, headers, body, resolver));
  return out;
}

async function verifyOne(sig: string, headers: string[], body: string, resolver: Resolver): Promise<DkimVerdict> {
  const tags = parseTags(sig.slice(sig.indexOf(':') + 1));
  const domain = tags.get('d')?.toLowerCase();
  const selector = tags.get('s');
  const algorithm = tags.get('a');
  const v = (result: DkimResult, reason?: string): DkimVerdict => ({ result, domain, selector, algorithm, ...(reason ? { reason } : {}) });
  if (tags.get('v') !== '1' || !domain || !selector || !tags.has('h') || !tags.has('bh') || !tags.has('b')) return v('permerror', 'missing required tag');
  if (algorithm !== 'rsa-sha256' && algorithm !== 'ed25519-sha256') return v('permerror', `unsupported algorithm ${algorithm ?? ''}`);
  const [hc = 'simple', bc = 'simple'] = (tags.get('c') ?? 'simple/simple').split('/');
  if (!['simple', 'relaxed'].includes(hc) || !['simple', 'relaxed'].includes(bc)) return v('permerror', 'unknown canonicalization');
  const hList = tags.get('h')!.split(':').map((h) => h.trim().toLowerCase());
  if (!hList.includes('from')) return v('permerror', 'From is not signed');
  const x = tags.get('x');
  if (x && Number(x) * 1000 < Date.now()) return v('fail', 'signature expired');

  const l = tags.get('l');
  const bh = bodyHash(body, bc as 'simple' | 'relaxed', l === undefined ? undefined : Number(l));
  if (bh !== tags.get('bh')!.replace(/\s+/g, '')) return v('fail', 'body hash did not verify');

  const fetched = await fetchKey(resolver, selector, domain);
  if (!fetched.key) return v(fetched.error ?? 'permerror', fetched.reason);
  if ((algorithm === 'ed25519-sha256') !== (fetched.k === 'ed25519')) return v('permerror', 'key type does not match the algorithm');

  const canon = hc === 'relaxed' ? relaxedHeader : simpleHeader;
  let data = '';
  for (const line of selectHeaders(headers, hList)) data += canon(line);
  // §3.5 b=: the signature's own field is hashed with the b= value emptied and no final CRLF.
  data += canon(sig.replace(/([;:][ \t\r\n]*b[ \t\r\n]*=)[^;]*/, '$1')).slice(0, -2);
  const bytes = Buffer.from(data, 'latin1');
  const b = Buffer.from(tags.get('b')!.replace(/\s+/g, ''), 'base64');
  let ok: boolean;
  try {
    ok = algorithm === 'rsa-sha256' ? cryptoVerify('sha256', bytes, fetched.key, b) : cryptoVerify(null, createHash('sha256').update(bytes).digest(), fetched.key, b);
  } catch {
    ok = false;
  }
  return ok ? v('pass') : v('fail', 'signature did not verify');
}
