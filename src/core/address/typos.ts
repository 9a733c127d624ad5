// Typo suggestions for the domain of an address: a likely misspelling of a common mailbox
// provider (gmial.com → gmail.com, orange.fe → orange.fr). Conservative on purpose: a wrong
// "did you mean" on a real association's domain costs more than a missed typo.
import { KNOWN, MISTAKES, TARGETS } from './providers.ts';

const known = new Set(KNOWN);

/** Optimal string alignment distance: Levenshtein plus transposition of two adjacent characters. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

function differingPositions(a: string, b: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(i);
  return out;
}

/** Same length, exactly one character replaced by another. */
function isSubstitution(a: string, b: string): boolean {
  return a.length === b.length && differingPositions(a, b).length === 1;
}

/** Same length, two adjacent characters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const d = differingPositions(a, b);
  return d.length === 2 && d[1] === d[0]! + 1 && a[d[0]!] === b[d[1]!] && a[d[1]!] === b[d[0]!];
}

function split(domain: string): [string, string] {
  const i = domain.lastIndexOf('.');
  return i < 0 ? [domain, ''] : [domain.slice(0, i), domain.slice(i + 1)];
}

/**
 * How far `domain` is from provider `target`, or null when it is not a plausible typo of it.
 * The name before the TLD (sld) decides how much may differ: short names (sfr, gmx, free) have
 * many real neighbours, so only swaps/dropped letters or a TLD slip count for them.
 */
function typoScore(domain: string, target: string): number | null {
  const [sld, tld] = split(domain);
  const [tSld, tTld] = split(target);
  // Every accepted case below has at most one TLD edit and two name edits: cheap filters first.
  const dT = tld === tTld ? 0 : tTld.startsWith(tld) && tld !== '' ? 1 : editDistance(tld, tTld);
  if (dT > 1 || Math.abs(sld.length - tSld.length) > 2) return null;
  const dS = editDistance(sld, tSld);
  if (dS === 0) return dT <= 1 ? dT : null;
  if (tSld.length <= 3) return dT === 0 && isTransposition(sld, tSld) ? 1 : null;
  if (tSld.length === 4) return dT === 0 && dS === 1 && !isSubstitution(sld, tSld) ? 1 : null;
  if (dS + dT <= 1) return dS + dT;
  if (dS === 1 && dT === 1) return 2;
  if (dT === 0 && dS === 2 && tSld.length >= 7) return 2;
  return null;
}

// A member file repeats a few hundred domains many times: remember recent answers (bounded).
const memo = new Map<string, string | null>();
const MEMO_MAX = 10_000;

/** A provider domain `domain` (lower-case) was probably meant to be, or null. */
export function suggestDomain(domain: string): string | null {
  const d = domain.trim().toLowerCase();
  const hit = memo.get(d);
  if (hit !== undefined) return hit;
  const answer = computeSuggestion(d);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(d, answer);
  return answer;
}

function computeSuggestion(d: string): string | null {
  if (d === '' || known.has(d)) return null;
  // Punctuation slips: "gmail,com", "orange..fr", "free.fr." (the parser rejects these).
  const cleaned = d.replace(/[,;]/g, '.').replace(/\.{2,}/g, '.').replace(/^\.|\.$/g, '');
  if (cleaned !== d) return known.has(cleaned) ? cleaned : cleaned === '' ? null : suggestDomain(cleaned);
  const mistake = MISTAKES[d];
  if (mistake) return mistake;
  if (!d.includes('.')) {
    // "gmailcom" (dot forgotten) or "gmail" (TLD forgotten).
    return TARGETS.find((t) => t.replace(/\./g, '') === d) ?? TARGETS.find((t) => split(t)[0] === d) ?? null;
  }
  let best: string | null = null;
  let bestScore = Infinity;
  const tld = split(d)[1];
  for (const t of TARGETS) {
    const score = typoScore(d, t);
    if (score === null) continue;
    // Ties: the one keeping the TLD as typed, else the more used provider (list order).
    const adjusted = score - (split(t)[1] === tld ? 0.5 : 0);
    if (adjusted < bestScore) {
      best = t;
      bestScore = adjusted;
    }
  }
  return best;
}
