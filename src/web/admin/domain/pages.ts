// Template of the sending-domain assistant: the state of the domain, the DNS records to copy (each
// with its name, type and value), the result of the last check per record, and the forms.
import { html, type SafeHtml } from '../../public/html.ts';
import type { ExpectedRecord, RecordCheck } from '../../../delivery/domain-check.ts';
import { layout, type AdminPageContext } from '../layout.ts';
import { csrfField, dateTime, doneNotice, field } from '../integrations/ui.ts';
import { domainMessages, type DomainMessages } from './messages.ts';
import type { DomainState } from './setup.ts';

export const DOMAIN_MAX = 253;

const CSS = `
.record{border-top:1px solid #c8c8c2;padding:1rem 0 0;margin:1rem 0 0}
.record h3{font-size:1.05rem;margin:0 0 .5rem}
.status-ok{border-left:4px solid #1d6b2f;background:#eef6ef;padding:.5rem .75rem}
.status-bad{border-left:4px solid #a3161a;background:#fbeeee;padding:.5rem .75rem}
.status-unknown{border-left:4px solid #8a4500;background:#fdf3e7;padding:.5rem .75rem}
`;

export interface DomainView {
  state: DomainState;
  records: ExpectedRecord[];
  platformDomain: string;
  slug: string;
  form: { domain: string; error?: string };
  done?: unknown;
}

/** The part of a record name before the domain: what most DNS hosts' forms ask for. */
function hostPart(name: string, domain: string): string {
  return name === domain ? '@' : name.slice(0, name.length - domain.length - 1);
}

function checkResult(m: DomainMessages, c: RecordCheck | undefined): SafeHtml {
  if (!c) return html``;
  const cls = c.status === 'ok' ? 'status-ok' : c.status === 'unknown' ? 'status-unknown' : 'status-bad';
  return html`<div class="${cls}" role="status"><p><strong>${m.statuses[c.status]}</strong></p>
${c.status === 'ok' ? '' : html`<p class="small">${m.found} ${c.found.length === 0 ? m.foundNothing : ''}</p>${c.found.length ? html`<pre><code>${c.found.join('\n')}</code></pre>` : ''}`}</div>`;
}

function recordBlock(m: DomainMessages, domain: string, r: ExpectedRecord, i: number, check: RecordCheck | undefined, spfInclude: string): SafeHtml {
  const p = m.purposes[r.purpose] ?? { title: r.purpose, why: '' };
  const id = `rec-${i}`;
  const advice = r.purpose === 'spf' ? m.spfAdvice(spfInclude) : r.purpose === 'dmarc' ? m.dmarcAdvice : m.dkimLong;
  return html`<section class="record" aria-labelledby="${id}">
<h3 id="${id}">${p.title} <span class="badge">${r.purpose === 'dkim' ? m.required : m.recommended}</span></h3>
<p>${p.why}</p>
<dl class="facts">
<dt>${m.recordName}</dt><dd><code>${r.name}</code></dd>
<dt>${m.recordHost}</dt><dd><code>${hostPart(r.name, domain)}</code></dd>
<dt>${m.recordType}</dt><dd><code>${r.type}</code></dd>
</dl>
<p class="small">${m.recordValue}</p>
<pre><code>${r.value}</code></pre>
<p class="hint">${advice}</p>
${checkResult(m, check)}
</section>`;
}

function domainForm(m: DomainMessages, csrf: string, f: DomainView['form'], button: string): SafeHtml {
  return html`<form method="post" action="/admin/domain" novalidate>
${csrfField(csrf)}
${field({ id: 'domain', label: m.domainLabel, value: f.domain, hint: m.domainHint, error: f.error, maxlength: DOMAIN_MAX, required: true, autocomplete: 'off' })}
<div class="actions"><button type="submit">${button}</button></div>
</form>`;
}

export function domainPage(ctx: AdminPageContext, csrf: string, v: DomainView): string {
  const m = domainMessages(ctx.lang);
  const { state } = v;
  const spfInclude = `_spf.${v.platformDomain}`;
  let body: SafeHtml;
  if (!state.domain) {
    body = html`<section class="card narrow" aria-labelledby="set-h"><h2 id="set-h">${m.domainLabel}</h2>${domainForm(m, csrf, v.form, m.setButton)}</section>`;
  } else {
    const domain = state.domain;
    const checks = new Map((state.lastCheck?.checks ?? []).map((c) => [`${c.purpose}|${c.name}`, c]));
    const isPending = state.pending !== null;
    const status = isPending
      ? html`<p class="warn">${m.statePending(domain)}${state.verified && state.verified !== domain ? html` ${m.stillVerified(state.verified)}` : ''}</p>`
      : state.keys.length === 0
        ? html`<p class="warn">${m.noKeys(domain)}</p>
<form method="post" action="/admin/domain">${csrfField(csrf)}<input type="hidden" name="domain" value="${domain}"><button type="submit">${m.generateButton}</button></form>`
        : html`<p class="notice">${m.stateVerified(domain)}</p>`;
    body = html`<section class="card" aria-labelledby="state-h"><h2 id="state-h">${domain}</h2>
${status}
${
  isPending && state.verified && state.verified !== domain
    ? html`<form method="post" action="/admin/domain/cancel">${csrfField(csrf)}<button type="submit" class="secondary">${m.cancelButton}</button> <span class="small">${m.cancelHint(state.verified)}</span></form>`
    : ''
}
</section>
${
  v.records.length
    ? html`<section class="card" aria-labelledby="records-h"><h2 id="records-h">${m.recordsHeading}</h2>
<p>${m.recordsIntro}</p>
${v.records.map((r, i) => recordBlock(m, domain, r, i, checks.get(`${r.purpose}|${r.name}`), spfInclude))}
</section>
<section class="card" aria-labelledby="check-h"><h2 id="check-h">${m.checkHeading}</h2>
<p>${m.checkIntro}</p>
<p>${state.lastCheck ? m.lastChecked(dateTime(ctx.lang, state.lastCheck.at)) : m.neverChecked}</p>
<form method="post" action="/admin/domain/check">${csrfField(csrf)}<button type="submit">${m.checkButton}</button></form>
</section>`
    : ''
}
<section class="card" aria-labelledby="change-h"><h2 id="change-h">${m.changeHeading}</h2>${domainForm(m, csrf, v.form, m.changeButton)}</section>`;
  }
  return layout(
    ctx,
    m.title,
    html`<h1>${m.title}</h1>
${doneNotice(m.notices, v.done)}
${v.form.error ? html`<p class="error"><a href="#domain">${v.form.error}</a></p>` : ''}
<p>${m.intro(v.platformDomain, v.slug)}</p>
${body}`,
    { css: CSS },
  );
}
