// facteur campaign hygiene|resume and facteur guard status|warmup-skip: the pre-send hygiene
// report of a campaign, resuming a campaign the canary paused, and a tenant's standing with the
// reputation guard (rates, warm-up allowance, waiting mail and when it should go).
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { campaignId } from './campaign.ts';
import { FacteurError } from '../../core/errors.ts';
import { hygieneReport, type HygieneReport } from '../../core/hygiene/index.ts';
import { ReputationGuard, guardSettings, resumeCampaign, dayOf, type TenantGuardStatus } from '../../delivery/guard/index.ts';
import { silentLogger } from '../../lib/logger.ts';
import { systemClock } from '../../lib/clock.ts';



const pct = (x: number) => `${(Math.round(x * 10_000) / 100).toString()} %`;
const when = (ms: number | null) => (ms === null ? 'unknown' : new Date(ms).toISOString().replace('.000Z', 'Z'));

function hygieneLines(r: HygieneReport): string[] {
  const by = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `campaign ${r.campaignId}: ${r.audience} recipients, ${r.sendable} will be sent`,
    `  invalid addresses: ${r.invalid.total}${r.invalid.total ? ` (${by(r.invalid.byReason)})` : ''}`,
    `  suppressed: ${r.suppressed.total}${r.suppressed.total ? ` (tenant ${r.suppressed.tenant}, platform ${r.suppressed.platform}; ${by(r.suppressed.byReason)})` : ''}`,
    `  sent anyway, worth a look: never confirmed ${r.notes.neverConfirmed}, soft-bouncing ${r.notes.softBouncing}, role accounts ${r.notes.roleAccounts}, mailed in the last ${r.notes.recentDays} days ${r.notes.recentlyMailed}`,
  ];
  if (Object.keys(r.excludedByStatus).length > 0) lines.push(`  subscribed but not mailed (status): ${by(r.excludedByStatus)}`);
  for (const x of r.invalid.examples) lines.push(`  invalid: ${x.address} — ${x.reason}${x.suggestion ? ` (did you mean ${x.suggestion}?)` : ''}`);
  for (const h of r.hints) lines.push(`  hint (${h.severity}): ${h.message.en}`);
  return lines;
}

function statusLines(slug: string, s: TenantGuardStatus): string[] {
  const v = s.verdict;
  return [
    `${slug}: ${s.status}${s.statusReason ? ` (${s.statusReason})` : ''}`,
    `  window since ${when(s.windowSince)}: ${v.sent} sent, hard bounces ${v.hardBounces} (${pct(v.bounceRate)}), complaints ${v.complaints} (${pct(v.complaintRate)}) → ${v.level}`,
    `  warm-up: ${s.warmup.active ? `${s.warmup.cleanDays} clean day(s), ${s.warmup.allowanceToday} allowed today` : 'done'}; quota ${s.quota.hourly ?? '-'}/h, ${s.quota.daily ?? '-'}/day`,
    `  started today ${s.startedToday}, may start now ${s.leftNow ?? 'no limit'}, waiting ${s.waiting}${s.waiting > 0 ? `, expected out by ${when(s.expectedBy)}` : ''}`,
  ];
}

/** The `campaign` command, created by campaign.ts when present. */
function campaignCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'campaign') ?? program.command('campaign').description('Campaigns');
}

export function register(program: Command): void {
  const campaign = campaignCommand(program);
  campaign
    .command('hygiene <id>')
    .description('Pre-send report: invalid and suppressed recipients (not sent), never confirmed, soft-bouncing, role accounts, recent mailings, content hints')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, opts: { tenant: string; json?: boolean }, cmd: Command) => {
      const cid = campaignId(id);
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const c = await rt.storage.repos.campaigns.get(t.id, cid);
        if (!c) throw new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `no campaign ${cid} in ${t.slug}`, { hint: 'see `facteur campaign status` or the campaigns API for ids' });
        const r = await hygieneReport(rt.storage.repos.hygiene, c, { now: systemClock.now(), softStaleMs: rt.config.inbound.soft_bounce_stale_days * 86_400_000 });
        if (opts.json) stdio.out(JSON.stringify(r));
        else for (const l of hygieneLines(r)) stdio.out(l);
      });
    });

  campaign
    .command('resume <id>')
    .description('Resume a paused campaign (e.g. paused by the canary after the list was cleaned); held deliveries go out')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .action(async (id: string, opts: { tenant: string }, cmd: Command) => {
      const cid = campaignId(id);
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const r = await resumeCampaign(rt.storage, t.id, cid, 'cli');
        stdio.out(`campaign ${cid} resumed${r.released ? `: ${r.released} held deliveries released` : ''}`);
      });
    });

  const guard = program.command('guard').description('The reputation guard: tenant rates, warm-up and quotas');
  guard
    .command('status [tenant]')
    .description('Rolling bounce and complaint rates, warm-up allowance, waiting mail and when it should go (every tenant when none is given)')
    .option('--json', 'print JSON lines')
    .action(async (ref: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const g = new ReputationGuard({ storage: rt.storage, clock: systemClock, logger: silentLogger(), settings: guardSettings(rt.config.guard) });
        const tenants = ref ? [await findTenant(rt, ref)] : await rt.storage.repos.tenants.list();
        for (const t of tenants) {
          const s = await g.status(t.id);
          if (!s) continue;
          if (opts.json) stdio.out(JSON.stringify({ slug: t.slug, ...s }));
          else for (const l of statusLines(t.slug, s)) stdio.out(l);
        }
      });
    });

  guard
    .command('warmup-skip <tenant>')
    .description('End the warm-up of a tenant (e.g. an association moving here with a clean sending history); quotas still apply')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, ref);
        const now = systemClock.now();
        const w = await rt.storage.repos.guard.startWarmup(t.id, dayOf(now) - 1);
        await rt.storage.repos.guard.saveWarmup(t.id, { day: w.day, cleanDays: w.cleanDays, completedAt: now });
        stdio.out(`${t.slug}: warm-up ended`);
      });
    });
}
