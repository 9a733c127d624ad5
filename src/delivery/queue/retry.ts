// When to try again after a temporary failure, and when to give up (expire).
export interface RetryPolicy {
  /** Delays in minutes before attempt 2, 3, …; the last repeats. */
  scheduleMinutes: readonly number[];
  maxAgeMs: number;
}

/** The next attempt time after `attempts` failed attempts, or null when the delivery should expire. */
export function nextAttemptAt(policy: RetryPolicy, attempts: number, createdAt: number, now: number): number | null {
  const schedule = policy.scheduleMinutes.length > 0 ? policy.scheduleMinutes : [5];
  const minutes = schedule[Math.min(Math.max(attempts, 1), schedule.length) - 1]!;
  const at = now + minutes * 60_000;
  if (now - createdAt >= policy.maxAgeMs) return null;
  // The last try is at the deadline rather than past it, so no delivery outlives max age.
  return Math.min(at, createdAt + policy.maxAgeMs);
}
