// The campaign canary, pure parts: how big the slice is, which deliveries form it (spread over
// recipient domains in proportion to their weight, evenly within each domain), and the verdict
// on the slice's outcomes: pass, pause (with the offending addresses), or wait.
import { isAddressLevelHard } from '../../core/bounces/index.ts';
import type { SliceRow } from '../../storage/index.ts';
import type { GuardSettings } from './settings.ts';

/** Reasons that mean the receiver refuses *us* (blocklist, reputation): pause at the first one. */
const BLOCKLIST = new Set(['blocked', 'badreputation']);

/** Size of the slice for `total` recipients; 0 when the campaign is too small for a canary. */
export function sliceSize(total: number, c: GuardSettings['canary']): number {
  if (!c.enabled || total <= c.min) return 0;
  const n = Math.min(c.max, Math.max(c.min, Math.ceil((total * c.percent) / 100)));
  return n >= total ? 0 : n;
}

/**
 * Picks `size` of the rows, spread across domains: each domain gets its share by largest
 * remainder (so a domain holding 40 % of the list holds about 40 % of the slice, and small
 * domains still appear while seats remain), taken evenly spaced within the domain rather than
 * the first ones (import order often groups old addresses together).
 */
export function pickSlice(rows: { id: number; domain: string }[], size: number): number[] {
  if (size <= 0) return [];
  if (size >= rows.length) return rows.map((r) => r.id);
  const byDomain = new Map<string, number[]>();
  for (const r of rows) {
    const list = byDomain.get(r.domain);
    if (list) list.push(r.id);
    else byDomain.set(r.domain, [r.id]);
  }
  const domains = [...byDomain.entries()].map(([domain, ids]) => {
    const exact = (ids.length * size) / rows.length;
    return { domain, ids, seats: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = size - domains.reduce((a, d) => a + d.seats, 0);
  domains.sort((a, b) => b.rest - a.rest || b.ids.length - a.ids.length || (a.domain < b.domain ? -1 : 1));
  for (const d of domains) {
    if (left <= 0) break;
    if (d.seats < d.ids.length) {
      d.seats++;
      left--;
    }
  }
  const out: number[] = [];
  for (const d of domains) {
    const shuffled = d.ids.map((id) => ({ id, k: mix(id) })).sort((a, b) => a.k - b.k || a.id - b.id);
    for (let i = 0; i < d.seats; i++) out.push(shuffled[i]!.id);
  }
  return out.sort((a, b) => a - b);
}

/** A 32-bit integer hash (murmur3's finaliser): a reproducible shuffle key for an id. */
function mix(id: number): number {
  let h = (id ^ (id / 0x1_0000_0000)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface CanaryVerdict {
  decision: 'pass' | 'pause' | 'wait';
  sliceSize: number;
  /** Slice deliveries that reached a receiver (delivered, bounced, or tried and deferred). */
  attempted: number;
  delivered: number;
  hardBounces: number;
  bounceRate: number;
  pending: number;
  reason: 'hard_bounces' | 'blocklisted' | null;
  offenders: { address: string; reason: string | null; code: number | null; response: string | null }[];
}

/**
 * Judges the slice. Pauses at once on a blocklist/reputation refusal, or as soon as the hard
 * bounces alone exceed the threshold of the whole slice (whatever the rest does); passes when
 * nothing in the slice is still waiting for a first answer and the rate is under the threshold.
 */
export function judgeSlice(rows: SliceRow[], threshold: number, maxOffenders = 200): CanaryVerdict {
  let attempted = 0;
  let delivered = 0;
  let pending = 0;
  const hard: SliceRow[] = [];
  const blocked: SliceRow[] = [];
  for (const r of rows) {
    if (r.state === 'queued' || r.state === 'sending' || (r.state === 'deferred' && r.attempts === 0)) pending++;
    if (r.state === 'delivered') delivered++;
    if (r.attempts > 0 || r.state === 'delivered') attempted++;
    if (r.state === 'bounced' && isAddressLevelHard(r.reason)) hard.push(r);
    if ((r.state === 'bounced' || r.state === 'deferred') && r.reason !== null && BLOCKLIST.has(r.reason)) blocked.push(r);
  }
  const size = rows.length;
  const bounceRate = attempted > 0 ? hard.length / attempted : 0;
  const offender = (r: SliceRow) => ({ address: r.recipient, reason: r.reason, code: r.lastCode, response: r.lastResponse });
  const base = { sliceSize: size, attempted, delivered, hardBounces: hard.length, bounceRate, pending };
  if (blocked.length > 0) return { ...base, decision: 'pause', reason: 'blocklisted', offenders: [...blocked, ...hard].slice(0, maxOffenders).map(offender) };
  if (hard.length > threshold * size || (pending === 0 && attempted > 0 && bounceRate > threshold)) {
    return { ...base, decision: 'pause', reason: 'hard_bounces', offenders: hard.slice(0, maxOffenders).map(offender) };
  }
  return { ...base, decision: pending === 0 ? 'pass' : 'wait', reason: null, offenders: [] };
}
