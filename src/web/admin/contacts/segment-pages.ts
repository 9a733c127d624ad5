// Templates of the segments pages: all segments with their counts, the filter form (new and
// edit, with a "count" button that saves nothing), delete confirmation.
import { html } from '../../public/html.ts';
import type { Contact, MailingList, Segment } from '../../../core/model.ts';
import { AUDIENCE_LIMITS as L } from '../../../core/audience.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { contactsMessages } from './messages.ts';
import { CONTACT_STATUSES, type FormErrors, type SegmentForm } from './forms.ts';
import { AREA_CSS, confirmForm, csrfField, doneNotice, errorOf, errorSummary, fieldRows, input, textarea } from './ui.ts';

export function segmentsPage(ctx: AdminPageContext, segments: { segment: Segment; count: number }[], done: unknown): string {
  const m = contactsMessages(ctx.lang);
  const t = m.segments;
  return layout(
    ctx,
    t.title,
    html`<h1>${t.title}</h1>
${doneNotice({ deleted: t.deleted }, done)}
<p>${t.intro}</p>
<p class="actions"><a class="button" href="/admin/segments/new">${t.add}</a></p>
<section class="card" aria-labelledby="segments-h"><h2 id="segments-h">${t.caption}</h2>
${
  segments.length === 0
    ? html`<p>${t.none}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="segments-h" tabindex="0"><table>
<caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col" class="n">${t.count}</th></tr></thead>
<tbody>${segments.map((s) => html`<tr><th scope="row"><a href="/admin/segments/${s.segment.id}">${s.segment.name}</a></th><td class="n">${nf(ctx.lang, s.count)}</td></tr>`)}</tbody>
</table></div>`
}
</section>
<p><a href="/admin/lists">${t.backToLists}</a></p>`,
    { css: AREA_CSS },
  );
}

export interface SegmentView {
  /** Undefined for a new segment. */
  segment: Segment | undefined;
  form: SegmentForm;
  errors: FormErrors;
  lists: MailingList[];
  /** The contacts the filter selects now, when known (after "count", and on a saved segment). */
  count: number | undefined;
  preview: Contact[];
  more: boolean;
  done: unknown;
}

export function segmentPage(ctx: AdminPageContext, v: SegmentView): string {
  const m = contactsMessages(ctx.lang);
  const t = m.segments;
  const f = v.form;
  const title = v.segment ? v.segment.name : t.newTitle;
  const action = v.segment ? `/admin/segments/${v.segment.id}` : '/admin/segments/new';
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
${doneNotice({ created: t.created, updated: t.updated }, v.done)}
${
  v.count !== undefined
    ? html`<section class="card" aria-labelledby="count-h"><h2 id="count-h" role="status">${t.matching(nf(ctx.lang, v.count))}</h2>
${
  v.preview.length > 0
    ? html`<div class="scroll" role="region" aria-labelledby="preview-cap" tabindex="0"><table>
<caption id="preview-cap">${t.previewCaption}</caption>
<thead><tr><th scope="col">${m.contacts.address}</th><th scope="col">${m.contacts.name}</th><th scope="col">${m.contacts.status}</th></tr></thead>
<tbody>${v.preview.map((c) => html`<tr><th scope="row"><a href="/admin/contacts/${c.id}">${c.address}</a></th><td>${c.name ?? ''}</td><td>${m.statuses[c.status] ?? c.status}</td></tr>`)}</tbody>
</table></div>${v.more ? html`<p class="small">${t.previewMore}</p>` : ''}`
    : ''
}
</section>`
    : ''
}
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${v.segment ? t.editHeading : t.newTitle}</h2>
${errorSummary(m, v.errors)}
<form method="post" action="${action}" novalidate>
${csrfField(ctx.session!.csrf)}
${input({ id: 'name', label: t.nameField, value: f.name, error: v.errors.name, maxlength: L.segmentName, required: true })}
${textarea({ id: 'description', label: t.description, value: f.description, error: v.errors.description, maxlength: L.description })}
<fieldset aria-describedby="filter-hint">
<legend>${t.filterLegend}</legend>
<p class="hint" id="filter-hint">${t.filterHint}</p>
<fieldset aria-describedby="status-hint">
<legend>${t.statusLegend}</legend>
<p class="hint" id="status-hint">${t.statusHint}</p>
${errorOf('status-active', v.errors['status-active'])}
${CONTACT_STATUSES.map((s) => html`<label class="check" for="status-${s}"><input type="checkbox" id="status-${s}" name="status" value="${s}"${f.statuses.includes(s) ? html` checked` : ''}>${m.statuses[s]}</label>`)}
</fieldset>
<div class="field"><label for="list">${t.list}</label>
<p class="hint" id="list-hint">${t.listHint}</p>
<select id="list" name="list" aria-describedby="list-hint"><option value="">${t.anyList}</option>${v.lists.map((l) => html`<option value="${l.id}"${String(l.id) === f.listId ? html` selected` : ''}>${l.name}</option>`)}</select></div>
${input({ id: 'address', label: t.address, value: f.address, hint: t.addressHint, error: v.errors.address, maxlength: L.filterAddress, attrs: html` autocomplete="off" spellcheck="false"` })}
${fieldRows(m, t.fieldsLegend, t.fieldsHint, f.rows, v.errors, 64, L.filterValue)}
</fieldset>
<div class="actions"><button type="submit" name="action" value="save">${t.submit}</button><button type="submit" class="secondary" name="action" value="count">${t.countButton}</button></div>
</form>
</section>
${
  v.segment
    ? html`<section class="card" aria-labelledby="delete-h"><h2 id="delete-h">${t.deleteHeading}</h2>
<p><a href="/admin/segments/${v.segment.id}/delete">${t.deleteLink}</a></p>
</section>`
    : ''
}
<p><a href="/admin/segments">${t.title}</a></p>`,
    { css: AREA_CSS },
  );
}

export function deleteSegmentPage(ctx: AdminPageContext, segment: Segment, errors: FormErrors): string {
  const m = contactsMessages(ctx.lang);
  const t = m.segments;
  return layout(
    ctx,
    t.deleteTitle(segment.name),
    html`<h1>${t.deleteTitle(segment.name)}</h1>
<div class="card">
<p>${t.deleteWhat}</p>
${confirmForm({ csrf: ctx.session!.csrf, action: `/admin/segments/${segment.id}/delete`, id: 'confirm', label: t.deleteConfirm, submit: t.deleteSubmit, error: errors.confirm, cancel: { href: `/admin/segments/${segment.id}`, label: m.common.cancel } })}
</div>`,
    { css: AREA_CSS },
  );
}
