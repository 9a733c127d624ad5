// Templates of the campaigns area: the list, the editor with its preview, hints and hygiene
// report, the send and cancel confirmations, the report with its live progress, and the
// documents the sandboxed preview frames show. Every value goes through `html` (escaped).
import { html, escapeHtml, SafeHtml } from '../../public/html.ts';
import { FINAL_STATES, type Campaign, type MailingList } from '../../../core/model.ts';
import type { CampaignCounts } from '../../../storage/index.ts';
import type { Hint } from '../../../core/hints/index.ts';
import type { HygieneReport } from '../../../core/hygiene/index.ts';
import { ACTION_FROM, DRAFT_LIMITS } from '../../../delivery/campaigns/index.ts';
import type { Lang } from '../../i18n/index.ts';
import { adminMessages } from '../messages.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { figures } from '../pages.ts';
import { campaignMessages, type CampaignMessages } from './messages.ts';
import { formatLocal, formatWhen, TEST_MAX, type DraftField, type DraftForm, type FieldErrors } from './form.ts';

const CSS = `
main{max-width:90rem}
.editor{display:grid;gap:1rem;align-items:start}
@media (min-width:64rem){.editor{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.editor>*{min-width:0}
iframe.pv{display:block;width:100%;height:36rem;border:1px solid #c8c8c2;background:#fff;margin:.5rem 0}
iframe.pv-mobile{width:360px;max-width:100%}
iframe.pv-text{height:24rem}
details{margin:0 0 .75rem}
summary{cursor:pointer;font-weight:600;min-height:2.75rem;display:flex;align-items:center}
ul.fields{display:flex;flex-wrap:wrap;gap:.25rem .75rem;list-style:none;padding:0;margin:.25rem 0 .5rem}
.toolbar{display:flex;flex-wrap:wrap;gap:.25rem;margin:0 0 .25rem}
.toolbar button,ul.fields button{background:#fff;color:#0b4f9c;padding:.25rem .75rem}
textarea#markdown{min-height:24rem}
progress{width:100%;height:1.5rem}
.status{font-weight:600}
ul.hints{padding:0;margin:0;list-style:none}
ul.hints li{margin:0 0 .5rem}
`;

const STYLE = { css: CSS };
const EDITOR_SCRIPTS = ['/admin/assets/editor.js'];
const PROGRESS_SCRIPTS = ['/admin/assets/campaign-progress.js'];

function statusName(lang: Lang, status: string): string {
  return adminMessages(lang).campaign.statuses[status] ?? status;
}

/** aria attributes and the message of a field in error. */
function fieldError(errors: FieldErrors, field: DraftField, hintId?: string): { attrs: SafeHtml; message: SafeHtml } {
  const e = errors[field];
  const id = `${field}-error`;
  const described = [hintId, e ? id : undefined].filter(Boolean).join(' ');
  return {
    attrs: html`${described ? html` aria-describedby="${described}"` : ''}${e ? html` aria-invalid="true"` : ''}`,
    message: e ? html`<p class="error" role="alert" id="${id}">${e}</p>` : html``,
  };
}

function notice(text: string | undefined): SafeHtml {
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

// --- list -----------------------------------------------------------------------------------

export interface ListRow {
  campaign: Campaign;
  counts: CampaignCounts;
}

export function listPage(ctx: AdminPageContext, rows: ListRow[], opts: { next: string | null; first: boolean; zone: string; notice?: string }): string {
  const m = campaignMessages(ctx.lang);
  const c = adminMessages(ctx.lang).campaign;
  const when = (x: Campaign) =>
    x.startedAt ? m.startedAt(formatWhen(x.startedAt, ctx.lang, opts.zone)) : x.scheduledAt && x.status === 'scheduled' ? m.scheduledFor(formatWhen(x.scheduledAt, ctx.lang, opts.zone)) : m.created(formatWhen(x.createdAt, ctx.lang, opts.zone));
  const body = rows.map(({ campaign: x, counts }) => {
    const f = figures(counts);
    const href = ACTION_FROM.change.includes(x.status) ? `/admin/campaigns/${x.id}/edit` : `/admin/campaigns/${x.id}`;
    return html`<tr>
<th scope="row"><a href="${href}">${x.name}</a></th>
<td><span class="badge">${statusName(ctx.lang, x.status)}</span></td>
<td>${when(x)}</td>
<td class="n">${nf(ctx.lang, f.delivered)}</td>
<td class="n">${nf(ctx.lang, f.deferred)}</td>
<td class="n">${nf(ctx.lang, f.bounced)}</td>
<td class="n">${nf(ctx.lang, f.waiting)}</td>
</tr>`;
  });
  return layout(
    ctx,
    m.listTitle,
    html`<h1>${m.listTitle}</h1>
${notice(opts.notice)}
<p>${m.listIntro}</p>
<p><a class="button" href="/admin/campaigns/new">${m.newCampaign}</a></p>
<section class="card" aria-labelledby="list-h"><h2 id="list-h">${m.listTitle}</h2>
${
  rows.length
    ? html`<div class="scroll" role="region" aria-labelledby="list-h" tabindex="0"><table>
<caption>${m.caption}</caption>
<thead><tr><th scope="col">${c.name}</th><th scope="col">${c.status}</th><th scope="col">${m.date}</th><th scope="col" class="n">${c.delivered}</th><th scope="col" class="n">${c.deferred}</th><th scope="col" class="n">${c.bounced}</th><th scope="col" class="n">${c.inProgress}</th></tr></thead>
<tbody>${body}</tbody>
</table></div>`
    : html`<p>${m.empty}</p>`
}
${
  opts.next || !opts.first
    ? html`<nav class="pager" aria-label="${m.listTitle}">${!opts.first ? html`<a href="/admin/campaigns">${m.newest}</a>` : ''}${opts.next ? html`<a href="/admin/campaigns?cursor=${opts.next}">${m.older}</a>` : ''}</nav>`
    : ''
}
</section>`,
    STYLE,
  );
}

// --- editor ---------------------------------------------------------------------------------

export interface PreviewView {
  subject: string;
  html: string;
  text: string;
  /** The sample contact's address ('' when none). */
  address: string;
}

export interface EditorView {
  /** The saved campaign (undefined for a new one). */
  campaign?: Campaign;
  values: DraftForm;
  errors: FieldErrors;
  /** An error that belongs to no field (state changed meanwhile…). */
  formError?: string;
  lists: { list: MailingList; members: number }[];
  /** Merge fields the tenant's templates may use. */
  fields: string[];
  fromNameDefault: string;
  /** `saved`: frames load the saved draft by URL; `typed`: frames hold what was typed (srcdoc); `none`: nothing to show yet. */
  previewMode: 'saved' | 'typed' | 'none';
  preview?: PreviewView;
  hints: Hint[];
  hygiene?: HygieneReport;
  notice?: string;
  testTo: string;
  testError?: string;
  zone: string;
}

/** The document the text view's frame shows. */
export function textDocument(lang: Lang, text: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>text</title></head><body style="margin:0"><pre style="white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.45 ui-monospace,'DejaVu Sans Mono',monospace;margin:8px;color:#1a1a1a">${escapeHtml(text)}</pre></body></html>`;
}

/** The document shown when the template cannot be composed. */
export function errorDocument(lang: Lang, text: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>error</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:16px;color:#a3161a"><p>${escapeHtml(text)}</p></body></html>`;
}

function previewFrames(ctx: AdminPageContext, v: EditorView, m: CampaignMessages): SafeHtml {
  const id = v.campaign?.id;
  const views: [string, string][] = [
    ['desktop', m.viewDesktop],
    ['mobile', m.viewMobile],
    ['text', m.viewText],
  ];
  const frame = (view: string, label: string) => {
    const src = id !== undefined ? `/admin/campaigns/${id}/preview?view=${view}` : undefined;
    const doc = v.previewMode === 'typed' ? (v.preview ? (view === 'text' ? textDocument(ctx.lang, v.preview.text) : v.preview.html) : errorDocument(ctx.lang, m.previewUnavailable)) : undefined;
    // The frame runs nothing (sandbox without any allowance) and, by URL, gets its own sandboxing CSP.
    return html`<iframe sandbox="" class="pv pv-${view}" data-view="${view}" title="${m.frameTitle(label)}"${src && v.previewMode !== 'none' ? html` src="${src}"` : ''}${doc !== undefined ? html` srcdoc="${doc}"` : ''}></iframe>`;
  };
  return html`${views.map(([view, label], i) => html`<details${i === 0 ? html` open` : ''}><summary>${label}</summary>${frame(view, label)}</details>`)}`;
}

function hintsList(lang: Lang, hints: Hint[], m: CampaignMessages): SafeHtml {
  if (hints.length === 0) return html`<p id="hints-list">${m.noHints}</p>`;
  return html`<ul class="hints" id="hints-list">${hints.map((h) => html`<li class="${h.severity === 'warning' ? 'warn' : 'notice'}"><strong>${m.severity[h.severity]} :</strong> ${h.message[lang]}</li>`)}</ul>`;
}

export function hygieneBlock(lang: Lang, r: HygieneReport | undefined, m: CampaignMessages): SafeHtml {
  if (!r) return html`<p>${m.hygieneNoLists}</p>`;
  const n = (x: number) => nf(lang, x);
  const sources = Object.entries(r.suppressed.bySource).sort((a, b) => b[1] - a[1]);
  const excluded = Object.values(r.excludedByStatus).reduce((a, b) => a + b, 0);
  const notes: string[] = [];
  if (r.notes.neverConfirmed) notes.push(m.neverConfirmed(n(r.notes.neverConfirmed)));
  if (r.notes.softBouncing) notes.push(m.softBouncing(n(r.notes.softBouncing)));
  if (r.notes.roleAccounts) notes.push(m.roleAccounts(n(r.notes.roleAccounts)));
  if (r.notes.recentlyMailed) notes.push(m.recentlyMailed(n(r.notes.recentlyMailed), r.notes.recentDays));
  return html`<p>${m.audience(n(r.audience))} <strong>${m.sendable(n(r.sendable))}</strong></p>
${
  r.invalid.total + r.suppressed.total + excluded > 0
    ? html`<p>${m.skipped}</p><ul>
${r.suppressed.total ? html`<li>${m.suppressed(n(r.suppressed.total))}${sources.length ? html`<ul>${sources.map(([s, c]) => html`<li>${m.bySource(m.sources[s] ?? s, n(c))}</li>`)}</ul>` : ''}${r.suppressed.platform ? html` <span class="small">(${m.platformList(n(r.suppressed.platform))})</span>` : ''}</li>` : ''}
${r.invalid.total ? html`<li>${m.invalid(n(r.invalid.total))}${r.invalid.examples.length ? html`<ul>${r.invalid.examples.slice(0, 5).map((x) => html`<li>${m.invalidExample(x.address)}${x.suggestion ? html` — ${m.didYouMean(x.suggestion)}` : ''}</li>`)}</ul>` : ''}</li>` : ''}
${excluded ? html`<li>${m.excludedByStatus(n(excluded))}</li>` : ''}
</ul>`
    : ''
}
${notes.length ? html`<p>${m.notesHeading}</p><ul>${notes.map((x) => html`<li>${x}</li>`)}</ul>` : ''}`;
}

export function editorPage(ctx: AdminPageContext, v: EditorView): string {
  const m = campaignMessages(ctx.lang);
  const csrf = ctx.session?.csrf ?? '';
  const c = v.campaign;
  const title = c ? m.editTitle(c.name) : m.newTitle;
  const action = c ? `/admin/campaigns/${c.id}/edit` : '/admin/campaigns/new';
  const previewUrl = c ? `/admin/campaigns/${c.id}/preview` : '/admin/campaigns/new/preview';
  const name = fieldError(v.errors, 'name', 'name-hint');
  const subject = fieldError(v.errors, 'subject', 'subject-hint');
  const fromName = fieldError(v.errors, 'fromName', 'from-name-hint');
  const replyTo = fieldError(v.errors, 'replyTo', 'reply-to-hint');
  const lists = fieldError(v.errors, 'listIds', 'lists-hint');
  const body = fieldError(v.errors, 'markdown', 'markdown-hint merge-h');
  const chosen = new Set(v.values.listIds);
  const p = v.preview;
  return layout(
    ctx,
    title,
    html`<h1>${title}</h1>
${notice(v.notice)}
${v.formError ? html`<p class="error" role="alert">${v.formError}</p>` : ''}
${v.previewMode === 'typed' ? html`<p class="notice" role="status">${m.unsavedNotice}</p>` : ''}
<p class="small"><a href="/admin/campaigns">${m.backToList}</a>${c ? html` · <a href="/admin/campaigns/${c.id}">${m.toReport}</a>` : ''}</p>
<div class="editor">
<section class="card" aria-labelledby="editor-h"><h2 id="editor-h">${m.editorHeading}</h2>
<form method="post" action="${action}" id="campaign-form" data-preview="${previewUrl}" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
<div class="field"><label for="name">${m.name}</label>
<input type="text" id="name" name="name" required maxlength="${DRAFT_LIMITS.name}" value="${v.values.name}"${name.attrs}>
<p class="hint" id="name-hint">${m.nameHint}</p>${name.message}</div>
<div class="field"><label for="subject">${m.subject}</label>
<input type="text" id="subject" name="subject" required maxlength="${DRAFT_LIMITS.subject}" value="${v.values.subject}"${subject.attrs}>
<p class="hint" id="subject-hint">${m.subjectHint}</p>${subject.message}</div>
<div class="grid2">
<div class="field"><label for="from-name">${m.fromName}</label>
<input type="text" id="from-name" name="from_name" maxlength="${DRAFT_LIMITS.fromName}" value="${v.values.fromName}"${fromName.attrs}>
<p class="hint" id="from-name-hint">${m.fromNameHint(v.fromNameDefault)}</p>${fromName.message}</div>
<div class="field"><label for="reply-to">${m.replyTo}</label>
<input type="email" id="reply-to" name="reply_to" maxlength="${DRAFT_LIMITS.address}" autocomplete="email" value="${v.values.replyTo}"${replyTo.attrs}>
<p class="hint" id="reply-to-hint">${m.replyToHint}</p>${replyTo.message}</div>
</div>
<fieldset${lists.attrs}><legend>${m.lists}</legend>
<p class="hint" id="lists-hint">${m.listsHint}</p>
${
  v.lists.length
    ? v.lists.map(
        ({ list, members }) =>
          html`<label class="check" for="list-${list.id}"><input type="checkbox" id="list-${list.id}" name="list" value="${list.id}"${chosen.has(list.id) ? html` checked` : ''}>${list.name} <span class="small">&nbsp;(${m.listMembers(nf(ctx.lang, members))})</span></label>`,
      )
    : html`<p>${m.noLists}</p>`
}
${lists.message}</fieldset>
<div class="field"><label for="markdown">${m.body}</label>
<textarea id="markdown" name="markdown" rows="20" required maxlength="${DRAFT_LIMITS.markdown}"${body.attrs}>${v.values.markdown}</textarea>
<p class="hint" id="markdown-hint">${m.bodyHint}</p>${body.message}<div id="template-live" aria-live="polite"></div></div>
<div id="merge-fields"><h3 id="merge-h">${m.mergeHeading}</h3>
<p class="hint">${m.mergeIntro}</p>
<ul class="fields">${v.fields.map((f) => html`<li><code data-field="${f}">{{ ${f} }}</code></li>`)}</ul>
<p class="hint">${m.mergeDefault}</p></div>
<div class="actions">
<button type="submit" name="action" value="save">${m.save}</button>
<button type="submit" name="action" value="preview" class="secondary">${m.preview}</button>
</div>
${c ? html`<p class="hint">${m.savedVersionNote}</p>` : ''}
</form>
</section>
<div>
<section class="card" aria-labelledby="preview-h"><h2 id="preview-h">${m.previewHeading}</h2>
<div id="preview-info" aria-live="polite">
${
  v.previewMode === 'none'
    ? html`<p>${m.previewNothing}</p>`
    : p
      ? html`<p><strong>${m.previewSubject(p.subject)}</strong></p><p class="small">${p.address ? m.previewFor(p.address) : m.previewNoContact}</p>`
      : html`<p class="error">${m.previewUnavailable}</p>`
}
</div>
${previewFrames(ctx, v, m)}
<p class="hint">${m.remoteImages}</p>
</section>
<section class="card" aria-labelledby="hints-h"><h2 id="hints-h">${m.hintsHeading}</h2>
<div id="hints" aria-live="polite">${hintsList(ctx.lang, v.hints, m)}</div>
</section>
<section class="card" aria-labelledby="hygiene-h"><h2 id="hygiene-h">${m.hygieneHeading}</h2>
${hygieneBlock(ctx.lang, v.hygiene, m)}
</section>
${c ? testAndSend(ctx, c, v, m, csrf) : ''}
</div>
</div>`,
    { ...STYLE, scripts: EDITOR_SCRIPTS },
  );
}

function testAndSend(ctx: AdminPageContext, c: Campaign, v: EditorView, m: CampaignMessages, csrf: string): SafeHtml {
  const e = v.testError;
  return html`<section class="card" aria-labelledby="test-h"><h2 id="test-h">${m.testHeading}</h2>
<p>${m.testIntro}</p>
<form method="post" action="/admin/campaigns/${c.id}/test">
<input type="hidden" name="csrf" value="${csrf}">
<div class="field"><label for="test-to">${m.testTo}</label>
<input type="text" id="test-to" name="to" maxlength="2000" autocomplete="email" value="${v.testTo}" aria-describedby="test-to-hint${e ? ' test-to-error' : ''}"${e ? html` aria-invalid="true"` : ''}>
<p class="hint" id="test-to-hint">${m.testHint(TEST_MAX)}</p>
${e ? html`<p class="error" role="alert" id="test-to-error">${e}</p>` : ''}</div>
<button type="submit" class="secondary">${m.testSend}</button>
</form>
</section>
<section class="card" aria-labelledby="send-h"><h2 id="send-h">${m.sendHeading}</h2>
${c.status === 'scheduled' && c.scheduledAt ? html`<p>${m.scheduledNote(formatWhen(c.scheduledAt, ctx.lang, v.zone), v.zone)}</p>` : ''}
<p class="actions"><a class="button" href="/admin/campaigns/${c.id}/send">${m.sendLink}</a> <a href="/admin/campaigns/${c.id}/cancel">${m.cancelLink}</a></p>
<p class="hint">${m.savedVersionNote}</p>
</section>`;
}

// --- send and cancel confirmations ----------------------------------------------------------

export interface SendView {
  campaign: Campaign;
  hygiene?: HygieneReport;
  /** The template cannot be composed, or no list is chosen: what to fix in the editor. */
  blocker?: string;
  when: 'now' | 'later';
  at: string;
  atError?: string;
  formError?: string;
  zone: string;
}

export function sendPage(ctx: AdminPageContext, v: SendView): string {
  const m = campaignMessages(ctx.lang);
  const c = v.campaign;
  const r = v.hygiene;
  const sendable = r?.sendable ?? 0;
  const skipped = r ? r.invalid.total + r.suppressed.total : 0;
  const at = v.at || (c.scheduledAt ? formatLocal(c.scheduledAt, v.zone) : '');
  const atDescribed = `at-hint${v.atError ? ' at-error' : ''}`;
  return layout(
    ctx,
    m.confirmTitle(c.name),
    html`<div class="card narrow">
<h1>${m.confirmTitle(c.name)}</h1>
${v.formError ? html`<p class="error" role="alert">${v.formError}</p>` : ''}
${
  v.blocker
    ? html`<p class="error" role="alert">${v.blocker}</p><p><a href="/admin/campaigns/${c.id}/edit">${m.toEditor}</a></p>`
    : html`<p><strong>${sendable > 0 ? m.confirmIntro(nf(ctx.lang, sendable)) : m.confirmNobody}</strong></p>
${skipped ? html`<p>${m.confirmSkipped(nf(ctx.lang, skipped))}</p>` : ''}
${c.status === 'scheduled' && c.scheduledAt ? html`<p>${m.scheduledNote(formatWhen(c.scheduledAt, ctx.lang, v.zone), v.zone)}</p>` : ''}
${
  sendable > 0
    ? html`<form method="post" action="/admin/campaigns/${c.id}/send">
<input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
<fieldset><legend>${m.when}</legend>
<label class="check" for="when-now"><input type="radio" id="when-now" name="when" value="now"${v.when === 'now' ? html` checked` : ''}>${m.now}</label>
<label class="check" for="when-later"><input type="radio" id="when-later" name="when" value="later"${v.when === 'later' ? html` checked` : ''}>${m.later}</label>
<div class="field"><label for="at">${m.at}</label>
<input type="datetime-local" id="at" name="at" value="${at}" aria-describedby="${atDescribed}"${v.atError ? html` aria-invalid="true"` : ''}>
<p class="hint" id="at-hint">${m.atHint(v.zone)} ${m.confirmSchedule}</p>
${v.atError ? html`<p class="error" role="alert" id="at-error">${v.atError}</p>` : ''}</div>
</fieldset>
<div class="actions"><button type="submit">${m.confirmSend(nf(ctx.lang, sendable))}</button> <a href="/admin/campaigns/${c.id}/edit">${m.toEditor}</a></div>
</form>`
    : html`<p><a href="/admin/campaigns/${c.id}/edit">${m.toEditor}</a></p>`
}`
}
${r ? html`<section aria-labelledby="hygiene-h"><h2 id="hygiene-h">${m.hygieneHeading}</h2>${hygieneBlock(ctx.lang, r, m)}</section>` : ''}
</div>`,
    STYLE,
  );
}

export function cancelPage(ctx: AdminPageContext, c: Campaign, error?: string): string {
  const m = campaignMessages(ctx.lang);
  return layout(
    ctx,
    m.cancelTitle(c.name),
    html`<div class="card narrow">
<h1>${m.cancelTitle(c.name)}</h1>
<p>${m.cancelIntro}</p>
<form method="post" action="/admin/campaigns/${c.id}/cancel">
<input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
<label class="check" for="confirm"><input type="checkbox" id="confirm" name="confirm" value="yes" required${error ? html` aria-invalid="true" aria-describedby="confirm-error"` : ''}>${m.cancelCheck}</label>
${error ? html`<p class="error" role="alert" id="confirm-error">${error}</p>` : ''}
<div class="actions"><button type="submit" class="danger">${m.cancelConfirm}</button> <a href="/admin/campaigns/${c.id}">${m.keep}</a></div>
</form>
</div>`,
    STYLE,
  );
}

// --- report and progress --------------------------------------------------------------------

export interface Progress {
  status: string;
  total: number;
  done: number;
  delivered: number;
  queued: number;
  sending: number;
  deferred: number;
  bounced: number;
  suppressed: number;
  expired: number;
  cancelled: number;
  complained: number;
  unsubscribed: number;
}

export function progressOf(c: Campaign, counts: CampaignCounts): Progress {
  const s = (k: string) => counts.byState[k] ?? 0;
  const total = Object.values(counts.byState).reduce((a, b) => a + b, 0);
  const done = FINAL_STATES.reduce((a, k) => a + s(k), 0);
  return {
    status: c.status,
    total,
    done,
    delivered: s('delivered'),
    queued: s('queued'),
    sending: s('sending'),
    deferred: s('deferred'),
    bounced: s('bounced'),
    suppressed: s('suppressed'),
    expired: s('expired'),
    cancelled: s('cancelled'),
    complained: counts.complaints,
    unsubscribed: counts.unsubscribes,
  };
}

export interface ReportView {
  notice?: string;
  zone: string;
}

export function campaignPage(ctx: AdminPageContext, campaign: Campaign, counts: CampaignCounts, v: ReportView = { zone: 'Europe/Paris' }): string {
  const m = adminMessages(ctx.lang);
  const c = m.campaign;
  const k = campaignMessages(ctx.lang);
  const csrf = ctx.session?.csrf ?? '';
  const states = Object.entries(counts.byState).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const f = figures(counts);
  const p = progressOf(campaign, counts);
  const hasFailures = f.bounced + f.complained > 0;
  const sending = campaign.status === 'sending';
  const n = (x: number) => nf(ctx.lang, x);
  const canEdit = ACTION_FROM.change.includes(campaign.status);
  const actions = [
    canEdit ? html`<a class="button" href="/admin/campaigns/${campaign.id}/edit">${k.toEditor}</a>` : '',
    canEdit ? html`<a class="button secondary" href="/admin/campaigns/${campaign.id}/send">${k.sendLink}</a>` : '',
    ACTION_FROM.pause.includes(campaign.status)
      ? html`<form class="inline" method="post" action="/admin/campaigns/${campaign.id}/pause"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="secondary">${k.pause}</button></form>`
      : '',
    ACTION_FROM.resume.includes(campaign.status)
      ? html`<form class="inline" method="post" action="/admin/campaigns/${campaign.id}/resume"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${k.resume}</button></form>`
      : '',
    ACTION_FROM.cancel.includes(campaign.status) ? html`<a href="/admin/campaigns/${campaign.id}/cancel">${k.cancelLink}</a>` : '',
  ];
  return layout(
    ctx,
    c.reportTitle(campaign.name),
    html`${sending ? html`<noscript><meta http-equiv="refresh" content="5"></noscript>` : ''}<h1>${c.reportTitle(campaign.name)}</h1>
${notice(v.notice)}
<p>${c.subject(campaign.subject)} — ${c.status} : <span class="status" id="campaign-status">${statusName(ctx.lang, campaign.status)}</span></p>
${campaign.status === 'scheduled' && campaign.scheduledAt ? html`<p>${k.scheduledNote(formatWhen(campaign.scheduledAt, ctx.lang, v.zone), v.zone)}</p>` : ''}
<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">${k.actionsHeading}</h2>
<div class="actions">${actions}<a href="/admin/campaigns/${campaign.id}/preview?view=desktop">${k.viewMessage}</a></div>
${sending ? html`<p class="hint">${k.pauseHint}</p>` : ''}
</section>
<section class="card" aria-labelledby="progress-h" id="progress" data-url="/admin/campaigns/${campaign.id}/progress.json" data-status="${campaign.status}"><h2 id="progress-h">${k.progressHeading}</h2>
<div aria-live="polite" id="progress-live">
<label for="progress-bar">${k.progressLabel}</label>
<progress id="progress-bar" max="${Math.max(p.total, 1)}" value="${p.done}">${k.progressText(n(p.done), n(p.total))}</progress>
<p id="progress-text">${k.progressText(n(p.done), n(p.total))}</p>
<ul>
<li>${c.delivered} : <span data-figure="delivered">${n(p.delivered)}</span></li>
<li>${c.states.queued} : <span data-figure="queued">${n(p.queued + p.sending)}</span></li>
<li>${c.deferred} : <span data-figure="deferred">${n(p.deferred)}</span></li>
<li>${c.bounced} : <span data-figure="bounced">${n(p.bounced)}</span></li>
</ul>
</div>
${sending ? html`<p class="hint">${k.refreshNote}</p>` : ''}
</section>
<section class="card" aria-labelledby="summary-h"><h2 id="summary-h">${c.summaryHeading}</h2>
<ul>
<li>${c.delivered} : ${n(f.delivered)}</li>
<li>${c.deferred} : ${n(f.deferred)}</li>
<li>${c.bounced} : ${n(f.bounced)}</li>
<li>${c.complained} : ${n(f.complained)}</li>
<li>${c.unsubscribed} : ${n(f.unsubscribed)}</li>
<li>${c.inProgress} : ${n(f.waiting)}</li>
</ul>
${hasFailures ? html`<p><a href="/admin/campaigns/${campaign.id}/failures.csv" download>${c.downloadFailures}</a><br><span class="small">${c.downloadHint}</span></p>` : ''}
</section>
<section class="card" aria-labelledby="states-h"><h2 id="states-h">${c.stateHeading}</h2>
<div class="scroll" role="region" aria-labelledby="states-h" tabindex="0"><table>
<caption>${c.stateCaption}</caption>
<thead><tr><th scope="col">${c.state}</th><th scope="col" class="n">${c.count}</th></tr></thead>
<tbody>${states.map(([state, count]) => html`<tr><th scope="row">${c.states[state] ?? state}</th><td class="n">${n(count)}</td></tr>`)}</tbody>
</table></div>
</section>
<section class="card" aria-labelledby="reasons-h"><h2 id="reasons-h">${c.reasonHeading}</h2>
${
  counts.byReason.length
    ? html`<div class="scroll" role="region" aria-labelledby="reasons-h" tabindex="0"><table>
<caption>${c.reasonCaption}</caption>
<thead><tr><th scope="col">${c.state}</th><th scope="col">${c.reason}</th><th scope="col" class="n">${c.count}</th></tr></thead>
<tbody>${counts.byReason.map((r) => html`<tr><td>${c.states[r.state] ?? r.state}</td><td>${r.reason}</td><td class="n">${n(r.count)}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${c.noFailures}</p>`
}
</section>
<p><a href="/admin/campaigns">${k.backToList}</a> · <a href="/admin">${m.common.back}</a></p>`,
    // The poll is useful only while the campaign is sending.
    sending ? { ...STYLE, scripts: PROGRESS_SCRIPTS } : STYLE,
  );
}
