// Templates of the campaigns area.
import { html } from '../../public/html.ts';
import type { Campaign } from '../../../core/model.ts';
import type { CampaignCounts } from '../../../storage/index.ts';
import { adminMessages } from '../messages.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { figures } from '../pages.ts';

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

