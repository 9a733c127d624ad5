// Judging a tenant's rolling-window figures against the warn and pause thresholds. Pure.
// Rates are only judged once the window holds min_sends sends: 1 bounce in 20 is noise.
import type { WindowFigures } from '../../storage/index.ts';
import type { GuardSettings } from './settings.ts';

export type Level = 'insufficient' | 'ok' | 'warn' | 'pause';

export interface Verdict {
  level: Level;
  sent: number;
  hardBounces: number;
  complaints: number;
  bounceRate: number;
  complaintRate: number;
  /** Which thresholds were reached, e.g. "bounce rate 6.1 % ≥ pause 5 %". */
  reasons: string[];
}

const pct = (x: number) => `${(Math.round(x * 10_000) / 100).toString()} %`;

export function judge(f: WindowFigures, s: GuardSettings): Verdict {
  const bounceRate = f.sent > 0 ? f.hardBounces / f.sent : 0;
  const complaintRate = f.sent > 0 ? f.complaints / f.sent : 0;
  const v: Verdict = { level: 'ok', ...f, bounceRate, complaintRate, reasons: [] };
  if (f.sent < s.minSends) {
    v.level = 'insufficient';
    return v;
  }
  const check = (rate: number, what: string, pause: number, warn: number) => {
    if (rate >= pause) {
      v.level = 'pause';
      v.reasons.push(`${what} ${pct(rate)} ≥ pause threshold ${pct(pause)}`);
    } else if (rate >= warn) {
      if (v.level === 'ok') v.level = 'warn';
      v.reasons.push(`${what} ${pct(rate)} ≥ warn threshold ${pct(warn)}`);
    }
  };
  check(bounceRate, 'hard-bounce rate', s.pauseBounceRate, s.warnBounceRate);
  check(complaintRate, 'complaint rate', s.pauseComplaintRate, s.warnComplaintRate);
  return v;
}
