// Building blocks of the contacts area's pages: labelled inputs with their hint and error
// (aria-describedby, role="alert"), the field rows, notices, dates.
import { html, type SafeHtml } from '../../public/html.ts';
import type { Lang } from '../../i18n/index.ts';
import type { ContactsMessages } from './messages.ts';
import { BLANK_ROWS, type FieldRow, type FormErrors } from './forms.ts';

/** A query-string parameter given once, or "" (absent, or repeated). */
export function queryString(query: unknown, key: string): string {
  const v = (query as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
}

export function when(lang: Lang, ms: number): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(ms);
}

export function errorOf(id: string, error: string | undefined): SafeHtml | '' {
  return error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : '';
}

/** aria-describedby for an input with an optional hint and error. */
export function describedBy(id: string, hint: boolean, error: string | undefined, more = ''): SafeHtml | '' {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', more].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

export interface InputSpec {
  id: string;
  name?: string;
  label: string;
  value: string;
  hint?: string;
  error?: string;
  maxlength: number;
  type?: 'text' | 'search' | 'email';
  required?: boolean;
  /** Ids of more elements describing the input (after its hint and error). */
  describedBy?: string;
  /** Extra attributes known to be safe (literal markup from this module's callers). */
  attrs?: SafeHtml;
}

export function input(s: InputSpec): SafeHtml {
  return html`<div class="field">
<label for="${s.id}">${s.label}</label>
${s.hint ? html`<p class="hint" id="${s.id}-hint">${s.hint}</p>` : ''}
${errorOf(s.id, s.error)}
<input type="${s.type ?? 'text'}" id="${s.id}" name="${s.name ?? s.id}" value="${s.value}" maxlength="${s.maxlength}"${s.required ? html` required` : ''}${s.error ? html` aria-invalid="true"` : ''}${describedBy(s.id, Boolean(s.hint), s.error, s.describedBy)}${s.attrs ?? ''}>
</div>`;
}

export function textarea(s: Omit<InputSpec, 'type' | 'attrs'>): SafeHtml {
  return html`<div class="field">
<label for="${s.id}">${s.label}</label>
${s.hint ? html`<p class="hint" id="${s.id}-hint">${s.hint}</p>` : ''}
${errorOf(s.id, s.error)}
<textarea id="${s.id}" name="${s.name ?? s.id}" maxlength="${s.maxlength}" rows="4" class="short"${s.error ? html` aria-invalid="true"` : ''}${describedBy(s.id, Boolean(s.hint), s.error)}>${s.value}</textarea>
</div>`;
}

/** The name/value rows (the filled ones, then blank ones), in a fieldset with its hint. */
export function fieldRows(m: ContactsMessages, legend: string, hint: string, rows: FieldRow[], errors: FormErrors, maxName: number, maxValue: number): SafeHtml {
  const all = [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({ name: '', value: '' }))];
  return html`<fieldset aria-describedby="fields-hint">
<legend>${legend}</legend>
<p class="hint" id="fields-hint">${hint}</p>
${all.map((row, i) => {
  const n = i + 1;
  const nameId = `fname-${n}`;
  const valueId = `fvalue-${n}`;
  return html`<div class="grid2 row" role="group" aria-label="${m.common.fieldRow(n)}">
<div class="field"><label for="${nameId}">${m.common.fieldName} ${n}</label>${errorOf(nameId, errors[nameId])}<input type="text" id="${nameId}" name="fname" value="${row.name}" maxlength="${maxName}" autocomplete="off" spellcheck="false"${errors[nameId] ? html` aria-invalid="true"` : ''}${describedBy(nameId, false, errors[nameId])}></div>
<div class="field"><label for="${valueId}">${m.common.fieldValue} ${n}</label>${errorOf(valueId, errors[valueId])}<input type="text" id="${valueId}" name="fvalue" value="${row.value}" maxlength="${maxValue}" autocomplete="off"${errors[valueId] ? html` aria-invalid="true"` : ''}${describedBy(valueId, false, errors[valueId])}></div>
</div>`;
})}
</fieldset>`;
}

/** A destructive action's form: a box to tick (checked again on the server), then the button. */
export function confirmForm(o: { csrf: string; action: string; id: string; label: string; submit: string; error: string | undefined; cancel?: { href: string; label: string } }): SafeHtml {
  return html`<form method="post" action="${o.action}">
${csrfField(o.csrf)}
${errorOf(o.id, o.error)}
<label class="check" for="${o.id}"><input type="checkbox" id="${o.id}" name="confirm" value="yes" required${o.error ? html` aria-invalid="true" aria-describedby="${o.id}-error"` : ''}>${o.label}</label>
<div class="actions"><button type="submit" class="danger">${o.submit}</button>${o.cancel ? html`<a href="${o.cancel.href}">${o.cancel.label}</a>` : ''}</div>
</form>`;
}

export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/** The notice of a `?done=` code, from a fixed table (the URL's text is never shown). */
export function doneNotice(table: Record<string, string>, done: unknown): SafeHtml | '' {
  if (typeof done !== 'string' || !Object.hasOwn(table, done)) return '';
  return html`<p class="notice" role="status">${table[done]!}</p>`;
}

/** The summary above a form that was refused. */
export function errorSummary(m: ContactsMessages, errors: FormErrors, extra?: string): SafeHtml | '' {
  if (Object.keys(errors).length === 0 && !extra) return '';
  return html`<p class="error" role="alert">${extra ?? m.common.fixBelow}</p>`;
}

export const AREA_CSS = `
textarea.short{min-height:6rem;font-family:inherit}
.grid2.row{gap:0 1rem}
.row .field{margin:0 0 .5rem}
td form{margin:0}
td button{min-height:2.25rem;padding:.25rem .75rem}
.badge.blocked{border-color:#a3161a;color:#a3161a}
`;
