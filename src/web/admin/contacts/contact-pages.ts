// Templates of the contacts pages: search, add, the contact page, delete/erase confirmation.
import { html } from '../../public/html.ts';
import type { Contact, ContactStatus, MailingList, MembershipStatus, Suppression } from '../../../core/model.ts';
import { AUDIENCE_LIMITS as L } from '../../../core/audience.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { contactsMessages } from './messages.ts';
import { CONTACT_STATUSES, type EditContactForm, type FormErrors, type NewContactForm } from './forms.ts';
import { AREA_CSS, confirmForm, csrfField, doneNotice, errorOf, errorSummary, fieldRows, input, when } from './ui.ts';

export interface SearchView {
  q: string;
  listId: number | undefined;
  status: string;
  cursor: string | null;
  errors: FormErrors;
  lists: MailingList[];
  total: number;
  found: number;
  rows: { contact: Contact; blocked: boolean }[];
  nextCursor: string | null;
  done: unknown;
}

function searchQuery(v: SearchView, cursor: string | null): string {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.listId !== undefined) p.set('list', String(v.listId));
  if (v.status) p.set('status', v.status);
  if (cursor) p.set('cursor', cursor);
  const s = p.toString();
  return s ? `/admin/contacts?${s}` : '/admin/contacts';
}

export function contactsPage(ctx: AdminPageContext, v: SearchView): string {
  const m = contactsMessages(ctx.lang);
  const c = m.contacts;
  const filtered = v.q !== '' || v.listId !== undefined || v.status !== '';
  return layout(
    ctx,
    c.title,
    html`<h1>${c.title}</h1>
${doneNotice({ deleted: c.deleted, erased: c.erased }, v.done)}
<p>${c.total(nf(ctx.lang, v.total))}</p>
<p class="actions"><a class="button" href="/admin/contacts/new">${c.add}</a> <a class="button secondary" href="/admin/imports">${c.importLink}</a></p>
<section class="card" aria-labelledby="search-h"><h2 id="search-h">${c.searchHeading}</h2>
<form method="get" action="/admin/contacts" role="search" aria-labelledby="search-h">
${input({ id: 'q', label: c.search, value: v.q, hint: c.searchHint, error: v.errors.q, maxlength: L.filterAddress, type: 'search' })}
<div class="grid2">
<div class="field"><label for="list">${c.list}</label>
<select id="list" name="list"><option value="">${c.anyList}</option>${v.lists.map((l) => html`<option value="${l.id}"${l.id === v.listId ? html` selected` : ''}>${l.name}</option>`)}</select></div>
<div class="field"><label for="status">${c.status}</label>${errorOf('status', v.errors.status)}
<select id="status" name="status"${v.errors.status ? html` aria-invalid="true" aria-describedby="status-error"` : ''}><option value="">${c.anyStatus}</option>${CONTACT_STATUSES.map((s) => html`<option value="${s}"${s === v.status ? html` selected` : ''}>${m.statuses[s]}</option>`)}</select></div>
</div>
<button type="submit">${c.submitSearch}</button>
</form>
</section>
<section class="card" aria-labelledby="results-h"><h2 id="results-h">${c.resultsHeading}</h2>
${
  v.rows.length === 0
    ? html`<p>${v.total === 0 && !filtered ? c.empty : c.noMatch}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="results-h" tabindex="0"><table>
<caption>${c.caption(nf(ctx.lang, v.found))}</caption>
<thead><tr><th scope="col">${c.address}</th><th scope="col">${c.name}</th><th scope="col">${c.status}</th><th scope="col">${c.blocked}</th></tr></thead>
<tbody>${v.rows.map(
        (r) => html`<tr><th scope="row"><a href="/admin/contacts/${r.contact.id}">${r.contact.address}</a></th><td>${r.contact.name ?? ''}</td><td>${m.statuses[r.contact.status] ?? r.contact.status}</td><td>${r.blocked ? html`<span class="badge blocked">${c.blockedBadge}</span>` : ''}</td></tr>`,
      )}</tbody>
</table></div>`
}
${
  v.cursor || v.nextCursor
    ? html`<nav class="pager" aria-label="${m.common.pagerLabel}">${v.cursor ? html`<a href="${searchQuery(v, null)}">${m.common.firstPage}</a>` : ''}${v.nextCursor ? html`<a href="${searchQuery(v, v.nextCursor)}" rel="next">${m.common.nextPage}</a>` : ''}</nav>`
    : ''
}
</section>`,
    { css: AREA_CSS },
  );
}

export interface NewContactView {
  form: NewContactForm;
  errors: FormErrors;
  lists: MailingList[];
  /** The address looks like a typo of this one (valid or not). */
  suggestion: string | null;
  /** The address is valid: keeping it as typed is offered beside the suggestion. */
  canKeep: boolean;
  /** A contact already has the address. */
  existingId: number | undefined;
  summary?: string;
}

export function newContactPage(ctx: AdminPageContext, v: NewContactView): string {
  const m = contactsMessages(ctx.lang);
  const a = m.add;
  const f = v.form;
  return layout(
    ctx,
    a.title,
    html`<h1>${a.title}</h1>
<p>${a.intro} <a href="/admin/imports">${m.contacts.importLink}</a></p>
${errorSummary(m, v.errors, v.summary)}
<form method="post" action="/admin/contacts/new" class="card" novalidate>
${csrfField(ctx.session!.csrf)}
${input({ id: 'address', label: a.address, value: f.address, hint: a.addressHint, error: v.errors.address, maxlength: L.address, required: true, describedBy: v.suggestion ? 'address-suggestion' : '', attrs: html` inputmode="email" autocomplete="off" spellcheck="false" autocapitalize="off"` })}
${
  v.existingId !== undefined
    ? html`<p><a href="/admin/contacts/${v.existingId}">${a.seeExisting}</a></p>`
    : ''
}
${
  v.suggestion
    ? html`<fieldset class="warn" aria-describedby="suggestion-hint">
<legend id="address-suggestion">${a.didYouMean(v.suggestion)}</legend>
<p class="hint" id="suggestion-hint">${v.canKeep ? a.suggestionHint : a.suggestionOrFix}</p>
<label class="check" for="choice-suggested"><input type="radio" id="choice-suggested" name="address_choice" value="suggested">${a.useSuggestion(v.suggestion)}</label>
${v.canKeep ? html`<label class="check" for="choice-typed"><input type="radio" id="choice-typed" name="address_choice" value="typed">${a.keepTyped(f.address)}</label>` : ''}
</fieldset>`
    : ''
}
${input({ id: 'name', label: a.name, value: f.name, hint: a.nameHint, error: v.errors.name, maxlength: L.contactName, attrs: html` autocomplete="off"` })}
${input({ id: 'consent', label: a.consent, value: f.consent, hint: a.consentHint, error: v.errors.consent, maxlength: L.consentSource })}
${fieldRows(m, m.common.fieldsLegend, m.common.fieldsHint, f.rows, v.errors, 64, L.fieldValue)}
<fieldset aria-describedby="lists-hint">
<legend>${a.listsLegend}</legend>
<p class="hint" id="lists-hint">${a.listsHint}</p>
${errorOf('lists', v.errors.lists)}
${
  v.lists.length === 0
    ? html`<p>${a.noLists} <a href="/admin/lists">${a.createList}</a></p>`
    : v.lists.map(
        (l) => html`<label class="check" for="list-${l.id}"><input type="checkbox" id="list-${l.id}" name="list" value="${l.id}"${f.listIds.includes(String(l.id)) ? html` checked` : ''}>${l.name}</label>`,
      )
}
</fieldset>
<div class="actions"><button type="submit">${a.submit}</button><a href="/admin/contacts">${m.common.cancel}</a></div>
</form>`,
    { css: AREA_CSS },
  );
}

export interface ContactView {
  contact: Contact;
  suppression: Suppression | undefined;
  lists: MailingList[];
  memberships: Map<number, MembershipStatus>;
  form: EditContactForm;
  errors: FormErrors;
  done: unknown;
}

export function contactPage(ctx: AdminPageContext, v: ContactView): string {
  const m = contactsMessages(ctx.lang);
  const p = m.contact;
  const c = v.contact;
  const s = v.suppression;
  const csrf = ctx.session!.csrf;
  return layout(
    ctx,
    c.address,
    html`<h1>${c.address}</h1>
${doneNotice({ created: p.created, updated: p.updated, subscribed: p.subscribed, removed: p.removed }, v.done)}
${
  s
    ? html`<section class="card warn" aria-labelledby="blocked-h"><h2 id="blocked-h">${p.blockedHeading}</h2>
<p>${p.blockedIntro}</p>
<dl class="facts">
<dt>${p.blockedReason}</dt><dd>${s.reason}</dd>
<dt>${p.blockedSource}</dt><dd>${m.sources[s.source] ?? s.source}</dd>
<dt>${p.blockedSince}</dt><dd>${when(ctx.lang, s.createdAt)}</dd>
<dt>${p.blockedScope}</dt><dd>${s.tenantId === null ? p.scopePlatform : p.scopeTenant}</dd>
${s.expiresAt !== null ? html`<dt>${p.blockedExpires}</dt><dd>${when(ctx.lang, s.expiresAt)}</dd>` : ''}
</dl>
<p><a href="${s.tenantId !== null ? `/admin/suppressions/${s.id}` : `/admin/suppressions?${new URLSearchParams({ q: c.address }).toString()}`}">${p.blockedLink}</a></p>
</section>`
    : ''
}
<section class="card" aria-labelledby="facts-h"><h2 id="facts-h">${p.factsHeading}</h2>
<dl class="facts">
<dt>${p.status}</dt><dd>${m.statuses[c.status] ?? c.status}</dd>
<dt>${p.addedOn}</dt><dd>${when(ctx.lang, c.createdAt)}</dd>
<dt>${p.consent}</dt><dd>${c.consentSource ?? p.consentNone}${c.consentAt !== null ? html` (${when(ctx.lang, c.consentAt)})` : ''}</dd>
${c.confirmedAt !== null ? html`<dt>${p.confirmedOn}</dt><dd>${when(ctx.lang, c.confirmedAt)}</dd>` : ''}
</dl>
</section>
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${p.editHeading}</h2>
${errorSummary(m, v.errors)}
<form method="post" action="/admin/contacts/${c.id}" novalidate>
${csrfField(csrf)}
${input({ id: 'name', label: m.add.name, value: v.form.name, hint: m.add.nameHint, error: v.errors.name, maxlength: L.contactName, attrs: html` autocomplete="off"` })}
<div class="field"><label for="status">${p.statusField}</label>
<p class="hint" id="status-hint">${p.statusHint}</p>
${errorOf('status', v.errors.status)}
<select id="status" name="status" aria-describedby="status-hint${v.errors.status ? ' status-error' : ''}">${CONTACT_STATUSES.map(
      (st: ContactStatus) => html`<option value="${st}"${st === v.form.status ? html` selected` : ''}>${m.statuses[st]} — ${m.statusHints[st]}</option>`,
    )}</select></div>
${fieldRows(m, m.common.fieldsLegend, m.common.fieldsHint, v.form.rows, v.errors, 64, L.fieldValue)}
<div class="actions"><button type="submit">${m.common.save}</button></div>
</form>
</section>
<section class="card" aria-labelledby="lists-h"><h2 id="lists-h">${p.listsHeading}</h2>
<p class="hint">${p.membershipHint}</p>
${
  v.lists.length === 0
    ? html`<p>${p.noLists} <a href="/admin/lists">${m.add.createList}</a></p>`
    : html`<div class="scroll" role="region" aria-labelledby="lists-h" tabindex="0"><table>
<caption>${p.listsCaption}</caption>
<thead><tr><th scope="col">${p.listCol}</th><th scope="col">${p.membershipCol}</th><th scope="col">${p.actionCol}</th></tr></thead>
<tbody>${v.lists.map((l) => {
        const ms = v.memberships.get(l.id);
        const action = (what: 'subscribe' | 'remove', label: string, aria: string) =>
          html`<form method="post" action="/admin/contacts/${c.id}/lists">${csrfField(csrf)}<input type="hidden" name="list" value="${l.id}"><input type="hidden" name="action" value="${what}"><button type="submit" class="secondary" aria-label="${aria}">${label}</button></form>`;
        return html`<tr><th scope="row"><a href="/admin/lists/${l.id}">${l.name}</a></th><td>${ms ? m.memberships[ms] : p.notMember}</td><td>${
          ms === undefined
            ? action('subscribe', p.subscribe, p.subscribeLabel(l.name))
            : ms === 'unsubscribed'
              ? html`<span class="small">${p.selfUnsubscribed}</span>`
              : action('remove', p.remove, p.removeLabel(l.name))
        }</td></tr>`;
      })}</tbody>
</table></div>`
}
</section>
<section class="card" aria-labelledby="delete-h"><h2 id="delete-h">${p.deleteHeading}</h2>
<p><a href="/admin/contacts/${c.id}/export.json" download>${p.exportLink}</a><br><span class="small">${p.exportHint}</span></p>
<p><a href="/admin/contacts/${c.id}/delete">${p.deleteLink}</a><br><span class="small">${p.deleteHint}</span></p>
</section>
<p><a href="/admin/contacts">${m.contacts.title}</a></p>`,
    { css: AREA_CSS },
  );
}

export function removeContactPage(ctx: AdminPageContext, contact: Contact, errors: FormErrors): string {
  const m = contactsMessages(ctx.lang);
  const r = m.remove;
  const csrf = ctx.session!.csrf;
  return layout(
    ctx,
    r.title(contact.address),
    html`<h1>${r.title(contact.address)}</h1>
<p>${r.intro}</p>
<div class="grid2">
<section class="card" aria-labelledby="del-h"><h2 id="del-h">${r.deleteHeading}</h2>
<ul>${r.deleteWhat.map((w) => html`<li>${w}</li>`)}</ul>
${confirmForm({ csrf, action: `/admin/contacts/${contact.id}/delete`, id: 'confirm-delete', label: r.deleteConfirm, submit: r.deleteSubmit, error: errors['confirm-delete'] })}
</section>
<section class="card" aria-labelledby="erase-h"><h2 id="erase-h">${r.eraseHeading}</h2>
<ul>${r.eraseWhat.map((w) => html`<li>${w}</li>`)}</ul>
${confirmForm({ csrf, action: `/admin/contacts/${contact.id}/erase`, id: 'confirm-erase', label: r.eraseConfirm, submit: r.eraseSubmit, error: errors['confirm-erase'] })}
</section>
</div>
<p><a href="/admin/contacts/${contact.id}">${m.common.cancel}</a></p>`,
    { css: AREA_CSS },
  );
}
