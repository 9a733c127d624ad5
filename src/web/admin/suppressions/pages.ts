// Templates of the suppression-list pages: the list with its search, the add form, and the
// removal confirmation. Every reason is said in plain words, with the technical one beside it.
import { html, type SafeHtml } from '../../public/html.ts';
import type { Suppression } from '../../../core/model.ts';
import { layout, type AdminPageContext } from '../layout.ts';
import { csrfField, dateTime, doneNotice, field } from '../integrations/ui.ts';
import { suppressionMessages, type SuppressionMessages } from './messages.ts';

export const NOTE_MAX = 500;
export const ADDRESS_MAX = 254;

export type SuppressionKind = keyof SuppressionMessages['kinds'];

const DEAD_DOMAIN = new Set(['hostunknown', 'notaccept']);
const DEAD_ADDRESS = new Set(['userunknown', 'hasmoved']);

/** What kind of suppression a row is, for the plain-words explanation and the removal rules. */
export function kindOf(s: Suppression): SuppressionKind {
  if (s.tenantId === null) return 'platform';
  switch (s.source) {
    case 'bounce':
      if (s.details?.startsWith('soft-bounce score')) return 'softBounces';
      if (DEAD_DOMAIN.has(s.reason)) return 'deadDomain';
      if (DEAD_ADDRESS.has(s.reason)) return 'deadAddress';
      return 'otherBounce';
    case 'complaint':
      return 'complaint';
    case 'unsubscribe':
      return 'unsubscribe';
    case 'manual':
      return 'manual';
    case 'erasure':
      return 'erasure';
    default:
      return 'import';
  }
}

/** Removing these needs the "the member asked to receive mail again" box ticked. */
export function needsMemberConsent(kind: SuppressionKind): boolean {
  return kind === 'complaint' || kind === 'erasure';
}

/**
 * A member's own unsubscribe is undone by the member only (preferences page, subscription form:
 * public/actions.ts lifts it then), and the platform's rows are the operator's.
 */
export function removable(kind: SuppressionKind): boolean {
  return kind !== 'unsubscribe' && kind !== 'platform';
}

function addressOf(m: SuppressionMessages, s: Suppression): SafeHtml {
  return s.address === null ? html`<em>${m.erasedAddress}</em> <code>${s.addressHash.slice(0, 12)}…</code>` : html`${s.address}`;
}

function technical(m: SuppressionMessages, s: Suppression): SafeHtml {
  const kind = kindOf(s);
  if (kind === 'manual' || kind === 'erasure' || kind === 'unsubscribe') return html``;
  return html`<br><span class="small">${m.technical(s.reason)}</span>`;
}

export interface ListView {
  q: string;
  qError?: string;
  items: Suppression[];
  nextCursor: string | null;
  paged: boolean;
  /** An exact search found this address on the platform's list. */
  platform?: string;
  done?: unknown;
}

export function listPage(ctx: AdminPageContext, v: ListView): string {
  const m = suppressionMessages(ctx.lang);
  const qs = (extra: Record<string, string>) => new URLSearchParams({ ...(v.q ? { q: v.q } : {}), ...extra }).toString();
  const body = html`<h1>${m.title}</h1>
${doneNotice(m.notices, v.done)}
<p>${m.intro}</p>
<p><a class="button secondary" href="/admin/suppressions/new">${m.addLink}</a></p>
<form class="card" method="get" action="/admin/suppressions" role="search">
${field({ id: 'q', label: m.searchLabel, value: v.q, hint: m.searchHint, error: v.qError, type: 'search', maxlength: ADDRESS_MAX })}
<div class="actions"><button type="submit">${m.searchButton}</button>${v.q ? html` <a href="/admin/suppressions">${m.clearSearch}</a>` : ''}</div>
</form>
${
  v.platform
    ? html`<section class="card" aria-labelledby="platform-h"><h2 id="platform-h">${m.platformHeading}</h2>
<p class="warn">${m.platformFound(v.platform)}</p>
<p>${m.platformCannotRemove}</p>
</section>`
    : ''
}
<section class="card" aria-labelledby="list-h">
<h2 id="list-h">${v.q ? m.captionSearch(v.q) : m.caption}</h2>
${
  v.items.length === 0
    ? html`<p>${v.q ? m.emptySearch(v.q) : m.empty}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="list-h" tabindex="0"><table>
<caption>${v.q ? m.captionSearch(v.q) : m.caption}</caption>
<thead><tr><th scope="col">${m.address}</th><th scope="col">${m.why}</th><th scope="col">${m.since}</th><th scope="col">${m.origin}</th><th scope="col">${m.actions}</th></tr></thead>
<tbody>${v.items.map(
        (s) => html`<tr><th scope="row">${addressOf(m, s)}</th><td>${m.kinds[kindOf(s)]}${technical(m, s)}${s.source === 'manual' && s.details ? html`<br><span class="small">${m.note} : ${s.details}</span>` : ''}</td><td>${dateTime(ctx.lang, s.createdAt)}</td><td>${m.origins[s.source] ?? s.source}</td><td><a href="/admin/suppressions/${s.id}">${m.see}</a></td></tr>`,
      )}</tbody>
</table></div>`
}
${
  v.nextCursor || v.paged
    ? html`<nav class="pager" aria-label="${m.title}">${v.paged ? html`<a href="/admin/suppressions${v.q ? html`?${qs({})}` : ''}">${m.first}</a>` : ''}${v.nextCursor ? html`<a href="/admin/suppressions?${qs({ cursor: v.nextCursor })}" rel="next">${m.next}</a>` : ''}</nav>`
    : ''
}
</section>`;
  return layout(ctx, m.title, body);
}

export interface AddForm {
  address: string;
  note: string;
  errors: { address?: string; note?: string };
}

export function addPage(ctx: AdminPageContext, csrf: string, f: AddForm, existingId?: number): string {
  const m = suppressionMessages(ctx.lang);
  const body = html`<div class="card narrow">
<h1>${m.addTitle}</h1>
<p>${m.addIntro}</p>
<form method="post" action="/admin/suppressions/new" novalidate>
${csrfField(csrf)}
${field({ id: 'address', label: m.addressLabel, value: f.address, hint: m.addressHint, error: f.errors.address, type: 'email', maxlength: ADDRESS_MAX, required: true, autocomplete: 'off' })}
${existingId !== undefined ? html`<p><a href="/admin/suppressions/${existingId}">${m.see}</a></p>` : ''}
${field({ id: 'note', label: m.noteLabel, value: f.note, hint: m.noteHint, error: f.errors.note, maxlength: NOTE_MAX, multiline: true })}
<div class="actions"><button type="submit">${m.addButton}</button><a href="/admin/suppressions">${m.cancel}</a></div>
</form>
</div>`;
  return layout(ctx, m.addTitle, body, { css: '.narrow textarea{min-height:5rem}' });
}

export function removePage(ctx: AdminPageContext, csrf: string, s: Suppression, error?: string): string {
  const m = suppressionMessages(ctx.lang);
  const kind = kindOf(s);
  const who = s.address ?? m.erasedAddress;
  const warning =
    kind === 'complaint'
      ? m.removeWarnComplaint
      : kind === 'erasure'
          ? m.removeWarnErasure
          : s.source === 'bounce'
            ? m.removeWarnBounce
            : undefined;
  const body = html`<div class="card narrow">
<h1>${m.removeTitle(who)}</h1>
<dl class="facts">
<dt>${m.address}</dt><dd>${addressOf(m, s)}</dd>
<dt>${m.why}</dt><dd>${m.kinds[kind]}${technical(m, s)}</dd>
${s.source === 'manual' && s.details ? html`<dt>${m.note}</dt><dd>${s.details}</dd>` : ''}
<dt>${m.since}</dt><dd>${dateTime(ctx.lang, s.createdAt)}</dd>
<dt>${m.origin}</dt><dd>${m.origins[s.source] ?? s.source}</dd>
</dl>
${
  removable(kind)
    ? html`<p>${m.removeIntro}</p>
${warning ? html`<p class="warn" role="note">${warning}</p>` : ''}
<p class="small">${m.removeContactNote}</p>
<form method="post" action="/admin/suppressions/${s.id}/remove">
${csrfField(csrf)}
${
  needsMemberConsent(kind)
    ? html`<fieldset><legend>${m.removeButton}</legend>
${error ? html`<p class="error" id="asked-error" role="alert">${error}</p>` : ''}
<label for="asked" class="check"><input type="checkbox" id="asked" name="member_asked" value="yes"${error ? html` aria-invalid="true" aria-describedby="asked-error"` : ''}>${m.memberAsked}</label>
</fieldset>`
    : ''
}
<div class="actions"><button type="submit" class="danger">${m.removeButton}</button><a href="/admin/suppressions">${m.cancel}</a></div>
</form>`
    : html`<p class="warn" role="note">${m.unsubscribeOnlyMember}</p>
<p><a href="/admin/suppressions">${m.cancel}</a></p>`
}
</div>`;
  return layout(ctx, m.removeTitle(who), body);
}
