// Templates of the admin interface: server-rendered, no script, no third-party resource, inline
// CSS only (the CSP forbids anything else). Every value goes through `html`, which escapes it.
import type { Lang } from '../i18n/index.ts';
import { LANGS } from '../i18n/index.ts';
import { html, SafeHtml } from '../public/html.ts';
import type { Campaign, Tenant } from '../../core/model.ts';
import type { CampaignCounts } from '../../storage/index.ts';
import { adminMessages, type AdminMessages } from './messages.ts';

export interface AdminPageContext {
  lang: Lang;
  /** Path of this page (no query), the language switch comes back to it. */
  path: string;
  /** Present once signed in: the session's CSRF token and who is signed in. */
  session?: { csrf: string; email: string; where: string };
}

// Same palette as the public pages: text 17:1, links and buttons 8:1, focus ring 6.5:1 (WCAG AAA
// for text). Tables scroll inside their own box, so pages hold at 360 px.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#f4f4f1}
.skip{position:absolute;left:-100vw;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:.5rem;top:.5rem;z-index:1}
header{background:#fff;border-bottom:1px solid #c8c8c2}
header .bar{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
header .brand{font-weight:700;font-size:1.125rem}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0;padding:0;align-items:center}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border:1px solid #c8c8c2;border-radius:.5rem;padding:1.25rem;margin:0 0 1rem}
.narrow{max-width:28rem;margin:0 auto}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:0 0 .75rem}
p{margin:0 0 1rem;overflow-wrap:anywhere}
a{color:#0b4f9c}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=password]{font:inherit;width:100%;min-height:2.75rem;padding:.5rem;border:2px solid #5c5c58;border-radius:.375rem;margin:0 0 .25rem}
.field{margin:0 0 1rem}
.hint{font-size:.9rem;color:#404040;margin:0}
button{font:inherit;font-weight:600;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer}
button.link{background:none;border:0;color:#0b4f9c;text-decoration:underline;padding:.25rem;min-height:2.75rem;font-weight:400}
form.inline{display:inline}
:focus-visible{outline:3px solid #8a4500;outline-offset:2px}
.error{border-left:4px solid #a3161a;background:#fbeeee;padding:.5rem .75rem;margin:0 0 1rem}
.notice{border-left:4px solid #1d6b2f;background:#eef6ef;padding:.5rem .75rem;margin:0 0 1rem}
.warn{border-left:4px solid #8a4500;background:#fdf3e7;padding:.5rem .75rem;margin:0 0 .5rem;list-style:none}
ul.warnings{padding:0;margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:32rem}
caption{text-align:left;font-weight:600;padding:0 0 .5rem}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #c8c8c2;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.small{font-size:.9rem;color:#404040}
`;

function nf(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(n);
}

function languageSwitch(ctx: AdminPageContext, m: AdminMessages): SafeHtml {
  const others = LANGS.filter((l) => l !== ctx.lang);
  if (!ctx.session) {
    return html`${others.map((l) => html`<li><a href="${ctx.path}?lang=${l}" hreflang="${l}" lang="${l}">${adminMessages(l).languageName}</a></li>`)}`;
  }
  // Signed in: the choice is kept in the session, so it is a POST with the CSRF token.
  return html`${others.map(
    (l) => html`<li><form class="inline" method="post" action="/admin/language">
<input type="hidden" name="csrf" value="${ctx.session!.csrf}">
<input type="hidden" name="lang" value="${l}">
<input type="hidden" name="back" value="${ctx.path}">
<button type="submit" class="link" lang="${l}" aria-label="${m.common.languageLabel} : ${adminMessages(l).languageName}">${adminMessages(l).languageName}</button>
</form></li>`,
  )}`;
}

export function layout(ctx: AdminPageContext, title: string, body: SafeHtml): string {
  const m = adminMessages(ctx.lang);
  const s = ctx.session;
  const doc = html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} — ${m.common.appName}</title>
<style>${new SafeHtml(CSS)}</style>
</head>
<body>
<a class="skip" href="#main">${m.common.skipLink}</a>
<header><div class="bar">
<span class="brand">${m.common.appName}</span>
<nav aria-label="${m.common.navLabel}"><ul>
${s ? html`<li><a href="/admin">${m.common.dashboard}</a></li>` : ''}
${languageSwitch(ctx, m)}
${
  s
    ? html`<li><form class="inline" method="post" action="/admin/logout">
<input type="hidden" name="csrf" value="${s.csrf}">
<button type="submit" class="link">${m.common.signOut}</button>
</form></li>`
    : ''
}
</ul></nav>
</div></header>
<main id="main" tabindex="-1">
${s ? html`<p class="small">${m.common.signedInAs(s.email, s.where)}</p>` : ''}
${body}
</main>
</body>
</html>
`;
  return doc.value;
}

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
  campaigns: CampaignRow[];
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
  if (!v.hasSendingDomain) out.push(m.dashboard.noDomain);
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

export function campaignPage(ctx: AdminPageContext, campaign: Campaign, counts: CampaignCounts): string {
  const m = adminMessages(ctx.lang);
  const c = m.campaign;
  const states = Object.entries(counts.byState).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = figures(counts);
  const hasFailures = f.bounced + f.complained > 0;
  return layout(
    ctx,
    c.reportTitle(campaign.name),
    html`<h1>${c.reportTitle(campaign.name)}</h1>
<p>${c.subject(campaign.subject)} — ${c.status} : ${c.statuses[campaign.status] ?? campaign.status}</p>
<section class="card" aria-labelledby="summary-h"><h2 id="summary-h">${c.summaryHeading}</h2>
<ul>
<li>${c.delivered} : ${nf(ctx.lang, f.delivered)}</li>
<li>${c.deferred} : ${nf(ctx.lang, f.deferred)}</li>
<li>${c.bounced} : ${nf(ctx.lang, f.bounced)}</li>
<li>${c.complained} : ${nf(ctx.lang, f.complained)}</li>
<li>${c.unsubscribed} : ${nf(ctx.lang, f.unsubscribed)}</li>
<li>${c.inProgress} : ${nf(ctx.lang, f.waiting)}</li>
</ul>
${hasFailures ? html`<p><a href="/admin/campaigns/${campaign.id}/failures.csv" download>${c.downloadFailures}</a><br><span class="small">${c.downloadHint}</span></p>` : ''}
</section>
<section class="card" aria-labelledby="states-h"><h2 id="states-h">${c.stateHeading}</h2>
<div class="scroll" role="region" aria-labelledby="states-h" tabindex="0"><table>
<caption>${c.stateCaption}</caption>
<thead><tr><th scope="col">${c.state}</th><th scope="col" class="n">${c.count}</th></tr></thead>
<tbody>${states.map(([state, n]) => html`<tr><th scope="row">${c.states[state] ?? state}</th><td class="n">${nf(ctx.lang, n)}</td></tr>`)}</tbody>
</table></div>
</section>
<section class="card" aria-labelledby="reasons-h"><h2 id="reasons-h">${c.reasonHeading}</h2>
${
  counts.byReason.length
    ? html`<div class="scroll" role="region" aria-labelledby="reasons-h" tabindex="0"><table>
<caption>${c.reasonCaption}</caption>
<thead><tr><th scope="col">${c.state}</th><th scope="col">${c.reason}</th><th scope="col" class="n">${c.count}</th></tr></thead>
<tbody>${counts.byReason.map((r) => html`<tr><td>${c.states[r.state] ?? r.state}</td><td>${r.reason}</td><td class="n">${nf(ctx.lang, r.count)}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${c.noFailures}</p>`
}
</section>
<p><a href="/admin">${m.common.back}</a></p>`,
  );
}

export function messagePage(ctx: AdminPageContext, title: string, text: string): string {
  return layout(ctx, title, html`<div class="card narrow"><h1>${title}</h1><p>${text}</p><p><a href="/admin">${adminMessages(ctx.lang).common.back}</a></p></div>`);
}
