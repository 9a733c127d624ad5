// Templates of the sign-in page, the dashboards and the campaign report.
import { html, type SafeHtml } from '../public/html.ts';
import type { Campaign, Tenant } from '../../core/model.ts';
import type { CampaignCounts } from '../../storage/index.ts';
import type { Lang } from '../i18n/index.ts';
import type { TenantGuardStatus } from '../../delivery/guard/index.ts';
import { adminMessages, type AdminMessages } from './messages.ts';

/** A rate as a percentage in the page language (4,1 % / 4.1%). */
function pct(lang: Lang, x: number): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(x);
}
import { layout, nf, type AdminPageContext } from './layout.ts';
import { teamMessages } from './team/messages.ts';

export interface LoginForm {
  email: string;
  tenant: string;
  /** Message shown above the form: an error (role=alert) or a notice (role=status). */
  error?: string;
  notice?: string;
  csrf: string;
}

export function loginPage(ctx: AdminPageContext, form: LoginForm): string {
  const m = adminMessages(ctx.lang);
  return layout(
    ctx,
    m.login.title,
    html`<div class="card narrow">
<h1>${m.login.title}</h1>
<p>${m.login.intro}</p>
${form.error ? html`<p class="error" role="alert" id="login-error">${form.error}</p>` : ''}
${form.notice ? html`<p class="notice" role="status">${form.notice}</p>` : ''}
<form method="post" action="/admin/login?lang=${ctx.lang}">
<input type="hidden" name="csrf" value="${form.csrf}">
<div class="field"><label for="email">${m.login.email}</label>
<input type="email" id="email" name="email" autocomplete="username" required maxlength="320" value="${form.email}"${form.error ? html` aria-describedby="login-error"` : ''}></div>
<div class="field"><label for="password">${m.login.password}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="1024"></div>
<div class="field"><label for="tenant">${m.login.tenant}</label>
<input type="text" id="tenant" name="tenant" autocomplete="organization" maxlength="100" value="${form.tenant}" aria-describedby="tenant-hint" autocapitalize="none" spellcheck="false">
<p class="hint" id="tenant-hint">${m.login.tenantHint}</p></div>
<button type="submit">${m.login.submit}</button>
</form>
<p><a href="/admin/password/forgot?lang=${ctx.lang}">${teamMessages(ctx.lang).login.forgotLink}</a></p>
</div>`,
  );
}

export interface CampaignRow {
  campaign: Campaign;
  counts: CampaignCounts;
}

export interface DashboardView {
  tenant: Tenant;
  hasSendingDomain: boolean;
  /** The tenant has DKIM keys (tenant.settings.dkim). */
  hasDkim?: boolean;
  campaigns: CampaignRow[];
  /** The reputation guard's view: rates in the window, warm-up, quota, what waits. */
  standing?: TenantGuardStatus | undefined;
  now?: number;
}

/** The five figures volunteers read, from a campaign's counts. */
export function figures(c: CampaignCounts): { delivered: number; deferred: number; bounced: number; complained: number; unsubscribed: number; waiting: number } {
  const s = (k: string) => c.byState[k] ?? 0;
  return { delivered: s('delivered'), deferred: s('deferred'), bounced: s('bounced'), complained: c.complaints, unsubscribed: c.unsubscribes, waiting: s('queued') + s('sending') };
}

export function warningsOf(m: AdminMessages, v: DashboardView): string[] {
  const out: string[] = [];
  if (v.tenant.status === 'paused') out.push(m.dashboard.tenantPaused(v.tenant.statusReason));
  if (v.tenant.status === 'suspended') out.push(m.dashboard.tenantSuspended(v.tenant.statusReason));
  for (const r of v.campaigns) if (r.campaign.status === 'paused') out.push(m.dashboard.campaignPaused(r.campaign.name));
  const g = v.standing;
  if (g && g.verdict.level === 'warn') out.push(m.dashboard.nearLimits(pct(m.lang as Lang, g.verdict.bounceRate), pct(m.lang as Lang, g.verdict.complaintRate)));
  if (g && v.tenant.status === 'active' && g.leftNow === 0 && g.waiting > 0) out.push(m.dashboard.allowanceReached(g.waiting, g.expectedBy));
  if (!v.hasSendingDomain) out.push(m.dashboard.noDomain);
  else if (v.hasDkim === false) out.push(m.dashboard.noDkim);
  return out;
}

export function dashboardPage(ctx: AdminPageContext, v: DashboardView): string {
  const m = adminMessages(ctx.lang);
  const c = m.campaign;
  const warnings = warningsOf(m, v);
  const rows = v.campaigns.map(({ campaign, counts }) => {
    const f = figures(counts);
    return html`<tr>
<th scope="row"><a href="/admin/campaigns/${campaign.id}">${campaign.name}</a></th>
<td>${c.statuses[campaign.status] ?? campaign.status}</td>
<td class="n">${nf(ctx.lang, f.delivered)}</td>
<td class="n">${nf(ctx.lang, f.deferred)}</td>
<td class="n">${nf(ctx.lang, f.bounced)}</td>
<td class="n">${nf(ctx.lang, f.complained)}</td>
<td class="n">${nf(ctx.lang, f.unsubscribed)}</td>
</tr>`;
  });
  return layout(
    ctx,
    m.dashboard.title(v.tenant.name),
    html`<h1>${m.dashboard.title(v.tenant.name)}</h1>
${
  warnings.length
    ? html`<section class="card" aria-labelledby="warnings-h"><h2 id="warnings-h">${m.dashboard.warningsHeading}</h2>
<ul class="warnings">${warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul></section>`
    : ''
}
${v.standing ? standingCard(ctx, m, v.standing) : ''}
<section class="card" aria-labelledby="campaigns-h"><h2 id="campaigns-h">${m.dashboard.campaignsHeading}</h2>
${
  rows.length
    ? html`<div class="scroll" role="region" aria-labelledby="campaigns-h" tabindex="0"><table>
<caption>${m.dashboard.caption}</caption>
<thead><tr><th scope="col">${c.name}</th><th scope="col">${c.status}</th><th scope="col" class="n">${c.delivered}</th><th scope="col" class="n">${c.deferred}</th><th scope="col" class="n">${c.bounced}</th><th scope="col" class="n">${c.complained}</th><th scope="col" class="n">${c.unsubscribed}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
    : html`<p>${m.dashboard.noCampaigns}</p>`
}
</section>`,
  );
}

/** Sending standing: the guard's window figures, the warm-up allowance and the quotas, in words. */
function standingCard(ctx: AdminPageContext, m: AdminMessages, g: TenantGuardStatus): SafeHtml {
  const d = m.dashboard;
  const when = (t: number) => new Intl.DateTimeFormat(ctx.lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(t);
  const rows: [string, string][] = [
    [d.sentInWindow, nf(ctx.lang, g.verdict.sent)],
    [d.bounceRate, g.verdict.level === 'insufficient' ? d.tooFewToJudge : pct(ctx.lang, g.verdict.bounceRate)],
    [d.complaintRate, g.verdict.level === 'insufficient' ? d.tooFewToJudge : pct(ctx.lang, g.verdict.complaintRate)],
    [d.startedToday, nf(ctx.lang, g.startedToday)],
  ];
  if (g.warmup.active && g.warmup.allowanceToday !== null) rows.push([d.warmupAllowance, d.warmupValue(nf(ctx.lang, g.warmup.allowanceToday), g.warmup.cleanDays)]);
  if (g.quota.daily !== null) rows.push([d.quotaDaily, nf(ctx.lang, g.quota.daily)]);
  if (g.quota.hourly !== null) rows.push([d.quotaHourly, nf(ctx.lang, g.quota.hourly)]);
  if (g.waiting > 0) rows.push([d.waiting, g.expectedBy !== null ? d.waitingUntil(nf(ctx.lang, g.waiting), when(g.expectedBy)) : nf(ctx.lang, g.waiting)]);
  return html`<section class="card" aria-labelledby="standing-h"><h2 id="standing-h">${d.standingHeading}</h2>
<p class="small">${d.standingIntro}</p>
<dl class="facts">${rows.map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)}</dl>
</section>`;
}

export function operatorDashboardPage(ctx: AdminPageContext, tenants: Tenant[]): string {
  const m = adminMessages(ctx.lang);
  return layout(
    ctx,
    m.common.dashboard,
    html`<h1>${m.common.dashboard}</h1>
<p>${m.dashboard.operatorIntro}</p>
<section class="card" aria-labelledby="tenants-h"><h2 id="tenants-h">${m.dashboard.tenantsHeading}</h2>
<ul>${tenants.map((t) => html`<li>${t.name} (${t.slug}) — ${m.dashboard.tenantStatuses[t.status] ?? t.status}${t.statusReason ? html` : ${t.statusReason}` : ''}</li>`)}</ul>
</section>`,
  );
}
