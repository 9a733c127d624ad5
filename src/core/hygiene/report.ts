// The pre-send hygiene report of a campaign: who in its audience will not be sent (invalid
// address, suppressed — and why) and what deserves a look (never confirmed, soft-bouncing, role
// accounts, mailed very recently), plus the content hints. The figures add up:
// audience = invalid + suppressed + sendable. Reads through a structural source (storage's
// HygieneRepository), so core does not depend on storage.
import type { AudienceRow } from '../../storage/index.ts';
import type { Campaign } from '../model.ts';
import { parseAddress } from '../address/index.ts';
import { contentHints, loadHintRules, type Hint, type HintRules } from '../hints/index.ts';

export interface HygieneSource {
  audiencePage(tenantId: number, listIds: number[], afterId: number, limit: number): Promise<AudienceRow[]>;
  excludedByStatus(tenantId: number, listIds: number[]): Promise<Record<string, number>>;
  suppressionsAmong(tenantId: number, addresses: string[]): Promise<Map<string, { platform: boolean; reason: string; source: string }>>;
  softScoresAmong(tenantId: number, addresses: string[], since: number): Promise<Map<string, number>>;
  recentlyMailed(tenantId: number, addresses: string[], since: number): Promise<Set<string>>;
}

export interface HygieneReport {
  tenantId: number;
  campaignId: number;
  /** Active contacts subscribed to the campaign's lists: what enqueueing would select. */
  audience: number;
  /** Valid and not suppressed: what will be sent. */
  sendable: number;
  invalid: { total: number; byReason: Record<string, number>; examples: { address: string; reason: string; suggestion: string | null }[] };
  suppressed: { total: number; tenant: number; platform: number; byReason: Record<string, number>; bySource: Record<string, number> };
  /** Among the sendable: worth a look, sent anyway. */
  notes: { neverConfirmed: number; softBouncing: number; roleAccounts: number; recentlyMailed: number; recentDays: number };
  /** Subscribed contacts not in the audience because of their status (unsubscribed, bounced, complained). */
  excludedByStatus: Record<string, number>;
  hints: Hint[];
}

export interface HygieneOptions {
  now: number;
  rules?: HintRules;
  /** Soft-bounce scores older than this are stale (the inbound policy's soft_bounce_stale_days). */
  softStaleMs?: number;
  maxExamples?: number;
  pageSize?: number;
}

const DAY = 86_400_000;

/** The role-account test: the local part (before any +tag) is a function name. */
export function isRoleAccount(address: string, roles: readonly string[]): boolean {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase().split('+')[0]!;
  return roles.includes(local);
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

export async function hygieneReport(source: HygieneSource, campaign: Campaign, options: HygieneOptions): Promise<HygieneReport> {
  const rules = options.rules ?? loadHintRules();
  const recentDays = rules.limits.recentDays;
  const maxExamples = options.maxExamples ?? 20;
  const tenantId = campaign.tenantId;
  const r: HygieneReport = {
    tenantId,
    campaignId: campaign.id,
    audience: 0,
    sendable: 0,
    invalid: { total: 0, byReason: {}, examples: [] },
    suppressed: { total: 0, tenant: 0, platform: 0, byReason: {}, bySource: {} },
    notes: { neverConfirmed: 0, softBouncing: 0, roleAccounts: 0, recentlyMailed: 0, recentDays },
    excludedByStatus: await source.excludedByStatus(tenantId, campaign.listIds),
    hints: [],
  };
  let after = 0;
  for (;;) {
    const page = await source.audiencePage(tenantId, campaign.listIds, after, options.pageSize ?? 1000);
    if (page.length === 0) break;
    after = page[page.length - 1]!.contactId;
    r.audience += page.length;
    const valid: AudienceRow[] = [];
    for (const row of page) {
      const p = parseAddress(row.address);
      if (p.valid) {
        valid.push(row);
        continue;
      }
      r.invalid.total++;
      bump(r.invalid.byReason, p.code ?? 'invalid');
      if (r.invalid.examples.length < maxExamples) r.invalid.examples.push({ address: row.address, reason: p.reason ?? 'invalid address', suggestion: p.suggestion });
    }
    const addresses = valid.map((v) => v.address);
    const [suppressed, scores, recent] = await Promise.all([
      source.suppressionsAmong(tenantId, addresses),
      source.softScoresAmong(tenantId, addresses, options.now - (options.softStaleMs ?? 7 * DAY)),
      source.recentlyMailed(tenantId, addresses, options.now - recentDays * DAY),
    ]);
    for (const row of valid) {
      const s = suppressed.get(row.address);
      if (s) {
        r.suppressed.total++;
        if (s.platform) r.suppressed.platform++;
        else r.suppressed.tenant++;
        bump(r.suppressed.byReason, s.reason);
        bump(r.suppressed.bySource, s.source);
        continue;
      }
      r.sendable++;
      if (row.confirmedAt === null) r.notes.neverConfirmed++;
      if (scores.has(row.address)) r.notes.softBouncing++;
      if (isRoleAccount(row.address, rules.roleAccounts)) r.notes.roleAccounts++;
      if (recent.has(row.address)) r.notes.recentlyMailed++;
    }
  }
  r.hints = contentHints(
    { subject: campaign.subject, markdown: campaign.bodyMarkdown, recent: { recipients: r.sendable, recentlyMailed: r.notes.recentlyMailed, days: recentDays } },
    rules,
  );
  return r;
}
