// Warm-up and quotas, pure parts: a new tenant's daily allowance starts at `firstDay` and is
// multiplied by `factor` after each clean sending day, up to the operator's daily quota; the
// hourly quota caps any hour. Days are UTC days (days since the epoch).
import type { GuardSettings } from './settings.ts';

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

export interface WarmupState {
  cleanDays: number;
  completed: boolean;
}

/** Today's allowance: Infinity when warm-up is over (or off) and the tenant has no daily quota. */
export function dailyAllowance(state: WarmupState | null, w: GuardSettings['warmup'], quotaDaily: number | null): number {
  const quota = quotaDaily ?? Infinity;
  if (!w.enabled || !state || state.completed) return quota;
  return Math.min(quota, Math.round(w.firstDay * w.factor ** state.cleanDays));
}

/** A day counts as clean when something was sent and the rates stayed under the warn thresholds. */
export function cleanDay(d: { sent: number; hardBounces: number; complaints: number }, s: GuardSettings): boolean {
  return d.sent > 0 && d.hardBounces / d.sent < s.warnBounceRate && d.complaints / d.sent < s.warnComplaintRate;
}

/**
 * When `waiting` messages will all have gone, if every coming day is clean: the start of the
 * UTC day on which the last one may leave (now when today's allowance covers them).
 */
export function expectedDrain(now: number, waiting: number, leftToday: number, state: WarmupState | null, w: GuardSettings['warmup'], quotaDaily: number | null): number | null {
  let rest = waiting - Math.max(0, leftToday);
  if (rest <= 0) return now;
  let s = state ? { ...state } : { cleanDays: 0, completed: false };
  for (let d = 1; d <= 366; d++) {
    s = { cleanDays: s.cleanDays + 1, completed: s.completed };
    const a = dailyAllowance(s, w, quotaDaily);
    if (!Number.isFinite(a)) return (dayOf(now) + d) * DAY_MS;
    rest -= a;
    if (rest <= 0) return (dayOf(now) + d) * DAY_MS;
  }
  return null;
}
