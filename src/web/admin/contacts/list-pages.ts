// Templates of the lists pages: all lists with the creation form, one list (counts, public form
// and snippet, edit), delete confirmation.
import { html } from '../../public/html.ts';
import type { MailingList } from '../../../core/model.ts';
import { AUDIENCE_LIMITS as L } from '../../../core/audience.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { contactsMessages } from './messages.ts';
import type { FormErrors, ListForm } from './forms.ts';
import { AREA_CSS, confirmForm, csrfField, doneNotice, errorSummary, input, textarea } from './ui.ts';

export interface ListsView {
  lists: (MailingList & { memberCount: number })[];
  form: ListForm;
  errors: FormErrors;
  done: unknown;
}

export function listsPage(ctx: AdminPageContext, v: ListsView): string {
  const m = contactsMessages(ctx.lang);
  const t = m.lists;
  return layout(
    ctx,
    t.title,
    html`<h1>${t.title}</h1>
${doneNotice({ deleted: t.deleted }, v.done)}
<p>${t.intro}</p>
<section class="card" aria-labelledby="lists-h"><h2 id="lists-h">${t.caption}</h2>
${
  v.lists.length === 0
    ? html`<p>${t.none}</p>`
    : html`<div class="scroll" role="region" aria-labelledby="lists-h" tabindex="0"><table>
<caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.slug}</th><th scope="col" class="n">${t.subscribers}</th></tr></thead>
<tbody>${v.lists.map((l) => html`<tr><th scope="row"><a href="/admin/lists/${l.id}">${l.name}</a></th><td><code>${l.slug}</code></td><td class="n">${nf(ctx.lang, l.memberCount)}</td></tr>`)}</tbody>
</table></div>`
}
</section>
<section class="card" aria-labelledby="create-h"><h2 id="create-h">${t.createHeading}</h2>
${errorSummary(m, v.errors)}
<form method="post" action="/admin/lists" novalidate>
${csrfField(ctx.session!.csrf)}
${input({ id: 'name', label: t.nameField, value: v.form.name, error: v.errors.name, maxlength: L.listName, required: true })}
${input({ id: 'slug', label: t.slugField, value: v.form.slug, hint: t.slugHint, error: v.errors.slug, maxlength: 63, attrs: html` autocomplete="off" spellcheck="false" autocapitalize="off" data-derive="yes"` })}
${textarea({ id: 'description', label: t.description, value: v.form.description, hint: t.descriptionHint, error: v.errors.description, maxlength: L.description })}
<div class="actions"><button type="submit">${t.submit}</button></div>
</form>
</section>
<section class="card" aria-labelledby="segments-h"><h2 id="segments-h">${t.segmentsHeading}</h2>
<p>${t.segmentsText}</p>
<p><a href="/admin/segments">${t.segmentsLink}</a></p>
</section>`,
    // Fills the short name from the name as it is typed; without it the server derives the same.
    { css: AREA_CSS, scripts: ['/admin/assets/list-slug.js'] },
  );
}

export interface ListView {
  list: MailingList;
  counts: { subscribed: number; unconfirmed: number; unsubscribed: number };
  formUrl: string;
  /** The HTML to embed on the association's site (public/subscribe/snippet.ts). */
  snippet: string;
  form: ListForm;
  errors: FormErrors;
  done: unknown;
}

export function listPage(ctx: AdminPageContext, v: ListView): string {
  const m = contactsMessages(ctx.lang);
  const t = m.list;
  const l = v.list;
  return layout(
    ctx,
    l.name,
    html`<h1>${l.name}</h1>
${doneNotice({ created: m.lists.created, updated: t.updated }, v.done)}
${l.description ? html`<p>${l.description}</p>` : ''}
<section class="card" aria-labelledby="counts-h"><h2 id="counts-h">${t.factsHeading}</h2>
<dl class="facts">
<dt>${t.subscribed}</dt><dd>${nf(ctx.lang, v.counts.subscribed)}</dd>
<dt>${t.unconfirmed}</dt><dd>${nf(ctx.lang, v.counts.unconfirmed)}</dd>
<dt>${t.unsubscribed}</dt><dd>${nf(ctx.lang, v.counts.unsubscribed)}</dd>
</dl>
<p><a href="/admin/contacts?list=${l.id}">${t.seeMembers}</a></p>
</section>
<section class="card" aria-labelledby="form-h"><h2 id="form-h">${t.formHeading}</h2>
<p><strong>${t.formUrl}</strong><br><code id="form-url">${v.formUrl}</code></p>
<p class="hint">${t.formUrlHint}</p>
<h3 id="snippet-h">${t.snippetHeading}</h3>
<p class="hint" id="snippet-hint">${t.snippetHint}</p>
<pre role="region" aria-labelledby="snippet-h" aria-describedby="snippet-hint" tabindex="0">${v.snippet}</pre>
</section>
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${t.editHeading}</h2>
${errorSummary(m, v.errors)}
<form method="post" action="/admin/lists/${l.id}" novalidate>
${csrfField(ctx.session!.csrf)}
${input({ id: 'name', label: m.lists.nameField, value: v.form.name, error: v.errors.name, maxlength: L.listName, required: true })}
<dl class="facts"><dt>${m.lists.slug}</dt><dd><code>${l.slug}</code></dd></dl>
<p class="hint">${t.slugFixed}</p>
${textarea({ id: 'description', label: m.lists.description, value: v.form.description, hint: m.lists.descriptionHint, error: v.errors.description, maxlength: L.description })}
<div class="actions"><button type="submit">${m.common.save}</button></div>
</form>
</section>
<section class="card" aria-labelledby="delete-h"><h2 id="delete-h">${t.deleteHeading}</h2>
<p><a href="/admin/lists/${l.id}/delete">${t.deleteLink}</a></p>
</section>
<p><a href="/admin/lists">${m.lists.title}</a></p>`,
    { css: AREA_CSS },
  );
}

export function deleteListPage(ctx: AdminPageContext, list: MailingList, subscribers: number, segments: string[], errors: FormErrors): string {
  const m = contactsMessages(ctx.lang);
  const t = m.list;
  return layout(
    ctx,
    t.deleteTitle(list.name),
    html`<h1>${t.deleteTitle(list.name)}</h1>
<div class="card">
<p>${t.deleteWhat(nf(ctx.lang, subscribers))}</p>
${segments.length > 0 ? html`<p class="warn">${t.deleteSegments(segments.join(', '))}</p>` : ''}
${confirmForm({ csrf: ctx.session!.csrf, action: `/admin/lists/${list.id}/delete`, id: 'confirm', label: t.deleteConfirm, submit: t.deleteSubmit, error: errors.confirm, cancel: { href: `/admin/lists/${list.id}`, label: m.common.cancel } })}
</div>`,
    { css: AREA_CSS },
  );
}
