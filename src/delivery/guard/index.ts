// Public API of the reputation guard: settings, the runtime guard (tenants, canaries,
// allowance), the enqueue-time screening and canary hold, and the pure judges.
export { DEFAULT_GUARD, guardSettings } from './settings.ts';
export type { GuardSettings, GuardConfig } from './settings.ts';
export { ReputationGuard, HARD_REASONS } from './guard.ts';
export type { GuardOptions, GuardNotice, TenantGuardStatus } from './guard.ts';
export { screenCampaign, holdForCanary } from './screen.ts';
export type { Screened, CanaryStarted } from './screen.ts';
export { judge } from './reputation.ts';
export type { Verdict, Level } from './reputation.ts';
export { sliceSize, pickSlice, judgeSlice } from './canary.ts';
export type { CanaryVerdict } from './canary.ts';
export { dailyAllowance, cleanDay, expectedDrain, dayOf, DAY_MS } from './warmup.ts';
export { resumeCampaign } from './resume.ts';
