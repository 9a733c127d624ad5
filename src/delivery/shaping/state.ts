// Live shaping state of one site: the effective limits after adaptive reactions, suspension,
// and the message-rate token bucket. Pure arithmetic on the injected clock (no timers), so a
// test advances a FakeClock to see a suspension end or a throttle ramp back up.
import type { Clock } from '../../lib/clock.ts';
import type { AdaptiveAction, ShapingLimits } from './rules.ts';

/** Halvings beyond this change nothing useful (1 connection, rate/64). */
const MAX_LEVEL = 6;

export interface SiteShapingStatus {
  /** Epoch ms until which the site takes no new connection, or null. */
  suspendedUntil: number | null;
  /** How many halvings are in force (0: the configured limits). */
  throttleLevel: number;
  maxConnections: number;
  /** Messages per second now allowed, or null when unlimited. */
  messagesPerSecond: number | null;
}

export class SiteShaping {
  private suspendedUntil = 0;
  private level = 0;
  /** When the current throttle level started counting towards a ramp-up step. */
  private levelSince = 0;
  private tokens = 1;
  private refilledAt: number;

  constructor(
    readonly limits: ShapingLimits,
    private readonly clock: Clock,
  ) {
    this.refilledAt = clock.now();
  }

  /** Applies adaptive actions. A throttle's ramp-up only starts counting once a suspension is over. */
  apply(actions: readonly AdaptiveAction[]): void {
    const now = this.clock.now();
    this.settle(now);
    // Replies to attempts started before a suspension (several connections refused at once) are
    // echoes of the same event, not new evidence: they do not throttle further.
    const echo = this.suspendedUntil > now;
    for (const a of actions) {
      if (a.kind === 'suspend') this.suspendedUntil = Math.max(this.suspendedUntil, now + a.durationMs);
      else if (!echo) this.level = Math.min(MAX_LEVEL, this.level + 1);
    }
    this.levelSince = Math.max(now, this.suspendedUntil);
  }

  /** Gives back one halving per quiet ramp interval since the last penalty (gradual, not all at once). */
  private settle(now: number): void {
    if (this.level === 0 || now <= this.levelSince) return;
    const steps = Math.floor((now - this.levelSince) / this.limits.rampIntervalMs);
    if (steps <= 0) return;
    const used = Math.min(steps, this.level);
    this.level -= used;
    this.levelSince += used * this.limits.rampIntervalMs;
  }

  suspendedUntilMs(): number | null {
    return this.suspendedUntil > this.clock.now() ? this.suspendedUntil : null;
  }

  maxConnections(): number {
    this.settle(this.clock.now());
    return Math.max(1, Math.floor(this.limits.maxConnections / 2 ** this.level));
  }

  /** Messages per millisecond, or null when unlimited. */
  private ratePerMs(): number | null {
    const r = this.limits.maxMessageRate;
    return r ? r.count / r.perMs / 2 ** this.level : null;
  }

  /**
   * Takes one message token: returns 0 when the message may go now, else the milliseconds to wait.
   * The bucket holds one token, the strictest reading of "N per period": in any window of length T
   * at most 1 + T·rate messages leave.
   */
  takeToken(): number {
    const now = this.clock.now();
    this.settle(now);
    const rate = this.ratePerMs();
    if (rate === null) return 0;
    this.tokens = Math.min(1, this.tokens + (now - this.refilledAt) * rate);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / rate);
  }

  status(): SiteShapingStatus {
    const maxConnections = this.maxConnections();
    const rate = this.ratePerMs();
    return {
      suspendedUntil: this.suspendedUntilMs(),
      throttleLevel: this.level,
      maxConnections,
      messagesPerSecond: rate === null ? null : rate * 1000,
    };
  }
}
