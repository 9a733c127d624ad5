// Templates of the CSV import: the upload form, the preview with the column mapping, the report.
import { html, type SafeHtml } from '../../public/html.ts';
import type { MailingList } from '../../../core/model.ts';
import type { CsvPreview, SourceEncoding } from '../../../core/import/index.ts';
import { layout, nf, type AdminPageContext } from '../layout.ts';
import { adminMessages } from '../messages.ts';
import { importMessages, type ImportMessages } from './messages.ts';
import { addressReason } from '../../../core/address/reasons-fr.ts';
import { CHOICES, MAX_COLUMNS, type Choice } from './columns.ts';
import type { StoredReport, UploadRecord } from './store.ts';

const CSS = `
.cells td,.cells th{max-width:16rem;overflow-wrap:anywhere}
.mapping .field{border-bottom:1px solid #c8c8c2;padding:0 0 .75rem}
p.error,ul.error{margin:.25rem 0 .5rem}
ul.error{padding-left:1.5rem}
.counts{list-style:none;padding:0;margin:0 0 1rem}
.counts li{padding:.125rem 0}
`;
/** Characters of a cell shown in the preview and the report. */
const CELL_SHOWN = 120;
/** Refused rows listed on the report page (the CSV has them all). */
export const REFUSED_SHOWN = 500;
/** Rejections and duplicates the report keeps (with their cells, for the refused rows' file). */
export const MAX_LISTED = 10_000;

function clip(v: string): string {
  return v.length > CELL_SHOWN ? `${v.slice(0, CELL_SHOWN)}…` : v;
}

/** A size in the page's language (kB, MB). */
export function sizeOf(lang: AdminPageContext['lang'], bytes: number): string {
  const unit = lang === 'fr' ? ['octets', 'ko', 'Mo'] : ['bytes', 'kB', 'MB'];
  if (bytes < 1000) return `${nf(lang, bytes)} ${unit[0]}`;
  if (bytes < 1_000_000) return `${nf(lang, Math.round(bytes / 100) / 10)} ${unit[1]}`;
  return `${nf(lang, Math.round(bytes / 100_000) / 10)} ${unit[2]}`;
}

function listSelect(m: ImportMessages, lists: MailingList[], value: string, error: string | undefined): SafeHtml {
  if (lists.length === 0) {
    return html`<p class="hint">${m.upload.noLists}</p><input type="hidden" name="list" value="">${error ? html`<p class="error" id="list-error" role="alert">${error}</p>` : ''}`;
  }
  return html`<div class="field">
<label for="list">${m.upload.list}</label>
<select id="list" name="list" aria-describedby="list-hint${error ? ' list-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
<option value=""${value === '' ? html` selected` : ''}>${m.upload.listNone}</option>
${lists.map((l) => html`<option value="${l.id}"${String(l.id) === value ? html` selected` : ''}>${l.name}</option>`)}
</select>
<p class="hint" id="list-hint">${m.upload.listHint}</p>
${error ? html`<p class="error" id="list-error" role="alert">${error}</p>` : ''}
</div>`;
}

export interface UploadForm {
  list: string;
  errors: { file?: string; list?: string };
}

export function uploadPage(ctx: AdminPageContext, lists: MailingList[], form: UploadForm, limit: string): string {
  const m = importMessages(ctx.lang);
  const u = m.upload;
  const fileError = form.errors.file;
  return layout(
    ctx,
    u.title,
    html`<h1>${u.title}</h1>
<p>${u.intro}</p>
<form class="card" method="post" action="/admin/contacts/import" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
<div class="field">
<label for="file">${u.file}</label>
<input type="file" id="file" name="file" accept=".csv,.txt,.tsv,text/csv,text/plain" required aria-describedby="file-hint${fileError ? ' file-error' : ''}"${fileError ? html` aria-invalid="true"` : ''}>
<p class="hint" id="file-hint">${u.fileHint} (${limit} max.)</p>
${fileError ? html`<p class="error" id="file-error" role="alert">${fileError}</p>` : ''}
</div>
${listSelect(m, lists, form.list, form.errors.list)}
<div class="actions"><button type="submit">${u.submit}</button></div>
</form>
<section class="card" aria-labelledby="formats-h"><h2 id="formats-h">${u.formatsHeading}</h2>
<ul>${u.formats.map((f) => html`<li>${f}</li>`)}</ul>
</section>
<p><a href="/admin/contacts">${adminMessages(ctx.lang).nav.contacts}</a></p>`,
    { css: CSS },
  );
}

export interface PreviewView {
  token: string;
  record: UploadRecord;
  encoding: SourceEncoding;
  preview: CsvPreview;
  lists: MailingList[];
  list: string;
  listError?: string;
  /** Per column (at most MAX_COLUMNS): its title, the field key it would get, the choice shown, and whether it is a reasons column. */
  columns: { title: string; key: string; choice: Choice; refused: boolean }[];
  errors: Map<number, string[]>;
  /** A message above the form (the file cannot be imported as it is). */
  notice?: string;
}

export function previewPage(ctx: AdminPageContext, v: PreviewView): string {
  const m = importMessages(ctx.lang);
  const p = m.preview;
  const { preview } = v;
  const width = v.columns.length;
  const uneven = preview.rows.filter((r) => r.cells.length !== preview.columns.length).map((r) => r.line);
  const formErrors = v.errors.get(-1) ?? [];
  const allErrors = [...v.errors.entries()].filter(([i]) => i >= 0);
  const targetName = (c: Choice, key: string) => (c === 'field' ? p.targets.field(key) : p.targets[c]);
  const example = (i: number) =>
    preview.rows
      .map((r) => r.cells[i] ?? '')
      .find((c) => c.trim() !== '')
      ?.trim();
  return layout(
    ctx,
    p.title,
    html`<h1>${p.title}</h1>
<dl class="facts card">
<dt>${p.file}</dt><dd>${v.record.filename}</dd>
<dt>${p.size}</dt><dd>${sizeOf(ctx.lang, v.record.bytes)}</dd>
<dt>${p.encoding}</dt><dd>${p.encodings[v.encoding]}</dd>
<dt>${p.delimiter}</dt><dd>${p.delimiters[preview.delimiter]}</dd>
<dt>${p.header}</dt><dd>${preview.header ? p.headerYes : p.headerNo}</dd>
</dl>
${v.notice ? html`<p class="error" role="alert">${v.notice}</p>` : ''}
${preview.error ? html`<p class="warn">${p.formatError(preview.error.line)}</p>` : ''}
${preview.columns.length > MAX_COLUMNS ? html`<p class="warn">${p.tooWide(MAX_COLUMNS)}</p>` : ''}
${uneven.length ? html`<p class="warn">${p.unevenRows(uneven.join(', '))}</p>` : ''}
<section class="card" aria-labelledby="preview-h"><h2 id="preview-h">${p.previewHeading}</h2>
${
  preview.rows.length
    ? html`<div class="scroll" role="region" aria-labelledby="preview-h" tabindex="0"><table class="cells">
<caption>${p.previewCaption(preview.rows.length)}</caption>
<thead><tr><th scope="col">${p.line}</th>${v.columns.map((c) => html`<th scope="col">${clip(c.title)}</th>`)}</tr></thead>
<tbody>${preview.rows.map((r) => html`<tr><th scope="row">${r.line}</th>${v.columns.map((_, i) => html`<td>${clip(r.cells[i] ?? '')}</td>`)}</tr>`)}</tbody>
</table></div>`
    : html`<p>${p.noRows}</p>`
}
</section>
${
  width
    ? html`<form class="card mapping" method="post" action="/admin/contacts/import/${v.token}">
<input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
<h2 id="mapping-h">${p.mappingHeading}</h2>
<p id="mapping-intro">${p.mappingIntro}</p>
${
  formErrors.length || allErrors.length
    ? html`<div class="error" role="alert" id="mapping-errors"><p>${p.errorsIntro}</p><ul>
${formErrors.map((e) => html`<li>${e}</li>`)}
${allErrors.map(([i, es]) => html`<li><a href="#col-${i}">${p.targetLabel(clip(v.columns[i]!.title))}</a> — ${es.join(' ')}</li>`)}
</ul></div>`
    : ''
}
<fieldset aria-describedby="mapping-intro${formErrors.length ? ' mapping-errors' : ''}"><legend>${p.mappingHeading}</legend>
${v.columns.map((c, i) => {
  const errs = v.errors.get(i);
  const ex = example(i);
  return html`<div class="field">
<label for="col-${i}">${p.targetLabel(clip(c.title))}</label>
<select id="col-${i}" name="col${i}"${ex || c.refused || errs ? html` aria-describedby="${[ex || c.refused ? `col-${i}-hint` : '', errs ? `col-${i}-error` : ''].filter(Boolean).join(' ')}"` : ''}${errs ? html` aria-invalid="true"` : ''}>
${CHOICES.map((choice) => html`<option value="${choice}"${choice === c.choice ? html` selected` : ''}>${targetName(choice, c.key)}</option>`)}
</select>
${c.refused ? html`<p class="hint" id="col-${i}-hint">${p.refusedColumn}</p>` : ex ? html`<p class="hint" id="col-${i}-hint">${p.example(clip(ex))}</p>` : ''}
${errs ? html`<p class="error" id="col-${i}-error">${errs.join(' ')}</p>` : ''}
</div>`;
})}
</fieldset>
${listSelect(m, v.lists, v.list, v.listError)}
<p class="hint">${p.submitHint}</p>
<div class="actions"><button type="submit">${p.submit}</button><a class="button secondary" href="/admin/contacts/import">${p.restart}</a></div>
</form>`
    : html`<p>${p.emptyFile}</p><p><a class="button secondary" href="/admin/contacts/import">${p.restart}</a></p>`
}`,
    { css: CSS },
  );
}

/** Refused rows of a report, rejections and in-file duplicates together, in file order. */
export function refusedRows(m: ImportMessages, lang: AdminPageContext['lang'], r: StoredReport): { line: number; input: string; reason: string; cells: string[] }[] {
  const rows = [
    ...r.rejections.map((x) => ({ line: x.line, input: x.input, reason: addressReason(lang, x.code, x.reason) + (x.suggestion ? ` ${m.report.suggestion(x.suggestion)}` : ''), cells: x.cells ?? [x.input] })),
    ...r.duplicate_lines.map((d) => ({ line: d.line, input: d.address, reason: m.report.duplicateOf(d.first_line), cells: d.cells ?? [d.address] })),
  ];
  return rows.sort((a, b) => a.line - b.line);
}

export function reportPage(ctx: AdminPageContext, token: string, record: UploadRecord, r: StoredReport): string {
  const m = importMessages(ctx.lang);
  const t = m.report;
  const rows = refusedRows(m, ctx.lang, r);
  const refusedTotal = r.rejected + r.duplicates;
  const count = (n: number) => nf(ctx.lang, n);
  return layout(
    ctx,
    t.title,
    html`<h1>${t.title}</h1>
<section class="card" aria-labelledby="summary-h"><h2 id="summary-h">${t.summaryHeading}</h2>
<dl class="facts">
<dt>${t.file}</dt><dd>${record.filename}</dd>
<dt>${t.list}</dt><dd>${r.listName ?? t.noList}</dd>
</dl>
<ul class="counts">
<li>${t.rowsRead} : <strong>${count(r.rows)}</strong></li>
<li>${t.created} : <strong>${count(r.imported)}</strong></li>
<li>${t.updated} : <strong>${count(r.updated - r.unchanged)}</strong></li>
<li>${t.unchanged} : <strong>${count(r.unchanged)}</strong></li>
<li>${t.duplicates} : <strong>${count(r.duplicates)}</strong></li>
<li>${t.refused} : <strong>${count(r.rejected)}</strong></li>
</ul>
<p>${t.keptNote}</p>
${r.error ? html`<p class="warn" role="alert">${t.formatError(r.error.line)}</p>` : ''}
</section>
<section class="card" aria-labelledby="refused-h"><h2 id="refused-h">${t.refusedHeading}</h2>
${
  rows.length
    ? html`<p><a class="button" href="/admin/contacts/import/${token}/refused.csv" download>${t.download}</a></p>
<p class="hint">${t.downloadHint}</p>
${r.truncated ? html`<p class="warn">${t.truncated(count(MAX_LISTED))}</p>` : ''}
${rows.length > REFUSED_SHOWN ? html`<p>${t.shownFirst(count(REFUSED_SHOWN), count(refusedTotal))}</p>` : ''}
<div class="scroll" role="region" aria-labelledby="refused-h" tabindex="0"><table class="cells">
<caption>${t.refusedCaption}</caption>
<thead><tr><th scope="col">${t.line}</th><th scope="col">${t.input}</th><th scope="col">${t.reason}</th></tr></thead>
<tbody>${rows.slice(0, REFUSED_SHOWN).map((x) => html`<tr><th scope="row">${x.line}</th><td>${clip(x.input)}</td><td>${x.reason}</td></tr>`)}</tbody>
</table></div>`
    : html`<p>${t.noRefused}</p>`
}
</section>
${
  r.suggestions?.length
    ? html`<section class="card" aria-labelledby="check-h"><h2 id="check-h">${t.checkHeading}</h2>
<p>${t.checkIntro}</p>
<div class="scroll" role="region" aria-labelledby="check-h" tabindex="0"><table class="cells">
<caption>${t.checkCaption}</caption>
<thead><tr><th scope="col">${t.line}</th><th scope="col">${t.address}</th><th scope="col">${t.likely}</th></tr></thead>
<tbody>${r.suggestions.slice(0, REFUSED_SHOWN).map((x) => html`<tr><th scope="row">${x.line}</th><td>${clip(x.address)}</td><td>${clip(x.suggestion)}</td></tr>`)}</tbody>
</table></div>
</section>`
    : ''
}
<p class="actions"><a class="button" href="/admin/contacts">${t.contacts}</a><a class="button secondary" href="/admin/contacts/import">${t.another}</a></p>`,
    { css: CSS },
  );
}
