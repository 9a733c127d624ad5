// The guard's settings as the code uses them (camelCase, rates as fractions), from the `guard`
// section of the configuration; defaults match the configuration's.
export interface GuardSettings {
  warnBounceRate: number;
  warnComplaintRate: number;
  pauseBounceRate: number;
  pauseComplaintRate: number;
  windowMs: number;
  minSends: number;
  evaluateMs: number;
  canary: { enabled: boolean; percent: number; min: number; max: number; bounceRate: number };
  warmup: { enabled: boolean; firstDay: number; factor: number };
}

export const DEFAULT_GUARD: GuardSettings = {
  warnBounceRate: 0.02,
  warnComplaintRate: 0.001,
  pauseBounceRate: 0.05,
  pauseComplaintRate: 0.003,
  windowMs: 7 * 86_400_000,
  minSends: 200,
  evaluateMs: 60_000,
  canary: { enabled: true, percent: 2, min: 50, max: 500, bounceRate: 0.1 },
  warmup: { enabled: true, firstDay: 200, factor: 2 },
};

export interface GuardConfig {
  warn_bounce_rate: number;
  warn_complaint_rate: number;
  pause_bounce_rate: number;
  pause_complaint_rate: number;
  window_days: number;
  min_sends: number;
  evaluate_seconds: number;
  canary: boolean;
  canary_percent: number;
  canary_min: number;
  canary_max: number;
  canary_bounce_rate: number;
  warmup: boolean;
  warmup_first_day: number;
  warmup_factor: number;
}

export function guardSettings(c: GuardConfig): GuardSettings {
  return {
    warnBounceRate: c.warn_bounce_rate,
    warnComplaintRate: c.warn_complaint_rate,
    pauseBounceRate: c.pause_bounce_rate,
    pauseComplaintRate: c.pause_complaint_rate,
    windowMs: c.window_days * 86_400_000,
    minSends: c.min_sends,
    evaluateMs: c.evaluate_seconds * 1000,
    canary: { enabled: c.canary, percent: c.canary_percent, min: c.canary_min, max: Math.max(c.canary_min, c.canary_max), bounceRate: c.canary_bounce_rate },
    warmup: { enabled: c.warmup, firstDay: c.warmup_first_day, factor: c.warmup_factor },
  };
}
