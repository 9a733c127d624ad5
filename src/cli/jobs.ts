// Periodic jobs that run beside the delivery engine (serve, worker): starting scheduled campaigns,
// posting webhooks, and pruning events and message bodies past their retention. Each is safe on
// several nodes at once (conditional state changes, leases, idempotent deletes).
import type { Runtime } from './runtime.ts';
import type { Clock } from '../lib/clock.ts';
import { startDueCampaigns } from '../delivery/queue/index.ts';
import { WebhookDispatcher } from '../delivery/webhooks/index.ts';
import { guardSettings } from '../delivery/guard/index.ts';

export interface BackgroundJobs {
  start(): void;
  stop(): Promise<void>;
}

const DAY = 24 * 3600_000;

/** Deletes events and empties message bodies older than the configured retention. */
export async function pruneRetention(rt: Pick<Runtime, 'config' | 'storage'>, now: number): Promise<{ events: number; bodies: number }> {
  const r = rt.config.retention;
  const events = r.events_days > 0 ? await rt.storage.repos.privacy.pruneEvents(now - r.events_days * DAY) : 0;
  const bodies = r.message_bodies_days > 0 ? await rt.storage.repos.privacy.pruneMessageBodies(now - r.message_bodies_days * DAY) : 0;
  return { events, bodies };
}

export function backgroundJobs(rt: Runtime, clock: Clock, options: { scheduleEveryMs?: number } = {}): BackgroundJobs {
  const { config, storage, logger } = rt;
  const log = logger.child({ component: 'jobs' });
  const timers: NodeJS.Timeout[] = [];
  const webhooks = config.webhooks.enabled
    ? new WebhookDispatcher({
        storage,
        clock,
        logger: logger.child({ component: 'webhooks' }),
        timeoutMs: config.webhooks.timeout_seconds * 1000,
        disableAfterMs: config.webhooks.disable_after_hours * 3600_000,
      })
    : undefined;
  const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      fn()
        .catch((e: unknown) => log.error({ err: e }, `${what} failed`))
        .finally(() => (busy = false));
    }, ms);
    t.unref();
    timers.push(t);
  };
  return {
    start() {
      every(options.scheduleEveryMs ?? 5000, 'starting scheduled campaigns', () => startDueCampaigns(storage, clock.now(), { platformDomain: config.platform.domain, canary: guardSettings(config.guard).canary, logger: log }));
      every(config.retention.prune_every_minutes * 60_000, 'retention', async () => {
        const r = await pruneRetention(rt, clock.now());
        if (r.events + r.bodies > 0) log.info(r, 'retention: pruned old events and message bodies');
      });
      webhooks?.start();
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      await webhooks?.stop();
    },
  };
}
