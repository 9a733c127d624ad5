// Small template pieces shared by the settings areas (suppressions, domain, integrations): a
// labelled field with its hint and error, dates in the page language, the notice after a redirect.
import { html, type SafeHtml } from '../../public/html.ts';
import type { Lang } from '../../i18n/index.ts';

/** A date and time in the page language (Europe/Paris, as the dashboard). */
export function dateTime(lang: Lang, ms: number | null, never = '—'): string {
  if (ms === null) return never;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(ms);
}

export interface FieldSpec {
  id: string;
  label: string;
  value: string;
  hint?: string;
  error?: string | undefined;
  type?: 'text' | 'email' | 'url' | 'search';
  maxlength: number;
  required?: boolean;
  /** A textarea instead of an input. */
  multiline?: boolean;
  autocomplete?: string;
}

/** `<label for>` + input (or textarea), the hint and the error tied to it with aria-describedby. */
export function field(f: FieldSpec): SafeHtml {
  const described = [f.hint ? `${f.id}-hint` : '', f.error ? `${f.id}-error` : ''].filter(Boolean).join(' ');
  const attrs = html` id="${f.id}" name="${f.id}" maxlength="${f.maxlength}"${f.required ? html` required` : ''}${described ? html` aria-describedby="${described}"` : ''}${f.error ? html` aria-invalid="true"` : ''}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}`;
  return html`<div class="field">
<label for="${f.id}">${f.label}</label>
${f.hint ? html`<p class="hint" id="${f.id}-hint">${f.hint}</p>` : ''}
${f.error ? html`<p class="error" id="${f.id}-error" role="alert">${f.error}</p>` : ''}
${f.multiline ? html`<textarea${attrs} rows="3">${f.value}</textarea>` : html`<input type="${f.type ?? 'text'}"${attrs} value="${f.value}">`}
</div>`;
}

/** The notice of a `?done=` code, looked up in the area's catalogue (never text from the URL). */
export function doneNotice(notices: Record<string, string>, done: unknown): SafeHtml {
  const text = typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done] : undefined;
  return text ? html`<p class="notice" role="status">${text}</p>` : html``;
}

/** The hidden CSRF field of every form. */
export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${csrf}">`;
}

/** Text of a form field, trimmed ('' when absent). Lengths are checked by the caller. */
export function text(form: URLSearchParams, name: string): string {
  return (form.get(name) ?? '').trim();
}

/** CR, LF or another control character (never valid in a one-line field). */
export const CONTROL = /[\u0000-\u001f\u007f]/;
