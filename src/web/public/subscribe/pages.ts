// Pages of the public subscription: the form, "check your inbox", the confirmation button, the
// outcome. Same layout, CSS and rules as the other member pages (no script, values escaped by
// `html`), plus a few rules for text inputs and the honeypot.
import type { MailingList, Tenant } from '../../../core/model.ts';
import { messagesFor, type Lang } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../html.ts';
import { layout, type PageContext } from '../pages.ts';
import { maskAddress } from '../actions.ts';
import type { ConfirmOutcome } from './actions.ts';

// Borders #595959 on #fff: 7:1; errors #a30000: 7.5:1. The honeypot is moved off-screen rather
// than hidden with display:none, which some bots detect.
const CSS = `
.field{margin:0 0 1rem}
.field label{display:block;font-weight:600;padding:0 0 .25rem;cursor:auto}
.hint{font-size:.95rem;color:#404040;margin:0 0 .25rem}
.error{color:#a30000;font-weight:600;margin:0 0 .25rem}
input[type=email],input[type=text]{font:inherit;width:100%;min-height:2.75rem;padding:.5rem .625rem;border:2px solid #595959;border-radius:.375rem;background:#fff;color:#1a1a1a}
input[aria-invalid=true]{border-color:#a30000}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
`;

function qs(lang: Lang): string {
  return `?lang=${lang}`;
}

export interface FormValues {
  email: string;
  name: string;
}

export interface FormState {
  values: FormValues;
  /** The hidden form stamp (tokens.ts). */
  stamp: string;
  notice?: 'almost' | 'stale';
  /** A valid address that looks mistyped: the suggestion is shown, the same address submitted again is kept. */
  typo?: { address: string; suggestion: string };
  errors?: { email?: string; name?: string };
  suggestion?: string | null;
}

/** The form URL of a list, relative to the public URL. */
export function formPath(tenant: Pick<Tenant, 'slug'>, list: Pick<MailingList, 'slug'>): string {
  return `/s/${encodeURIComponent(tenant.slug)}/${encodeURIComponent(list.slug)}`;
}

/** The honeypot: off-screen, skipped by screen readers and the keyboard; a person never fills it. */
export function honeypot(label: string, id: string, style?: string): SafeHtml {
  return html`<div class="hp" aria-hidden="true"${style ? html` style="${style}"` : ''}>
<label for="${id}">${label}</label>
<input id="${id}" name="website" type="text" tabindex="-1" autocomplete="off" value="">
</div>`;
}

export function formPage(ctx: PageContext, tenant: Tenant, list: MailingList, state: FormState): string {
  const m = messagesFor(ctx.lang).subscribe;
  const e = state.errors ?? {};
  const field = (id: string, name: 'email' | 'name', label: string, attrs: SafeHtml, hint?: string, error?: string, extra?: SafeHtml) => {
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
${error ? html`<p class="error" id="${id}-error" role="alert">${error}</p>` : ''}${extra ?? ''}
<input id="${id}" name="${name}" ${attrs} value="${state.values[name]}"${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
  };
  const suggestion = e.email && state.suggestion ? html`<p class="hint">${m.suggestion(state.suggestion)}</p>` : '';
  const typo = state.typo && !e.email ? html`<p class="notice" role="status" id="sub-email-typo">${m.typo(state.typo.suggestion)}</p>` : undefined;
  const body = html`<h1>${m.heading(list.name)}</h1>
<p>${m.from(tenant.name)}</p>
${list.description ? html`<p>${list.description}</p>` : ''}
${state.notice ? html`<p class="notice" role="status">${state.notice === 'almost' ? m.almost : m.stale}</p>` : ''}
${e.email || e.name ? html`<p class="error" role="alert">${m.errorSummary}</p>` : ''}
<form method="post" action="${formPath(tenant, list)}${qs(ctx.lang)}">
<input type="hidden" name="ts" value="${state.stamp}">
${state.typo ? html`<input type="hidden" name="checked" value="${state.typo.address}">` : ''}
${field('sub-email', 'email', m.emailLabel, html`type="email" autocomplete="email" required maxlength="320"`, m.emailHint, e.email, suggestion || typo)}
${field('sub-name', 'name', m.nameLabel, html`type="text" autocomplete="name" maxlength="200"`, undefined, e.name)}
${honeypot(m.honeypotLabel, 'sub-website')}
<p class="small">${m.consent(list.name, tenant.name)} <a href="/privacy${qs(ctx.lang)}">${m.privacyLink}</a></p>
<button type="submit">${m.button}</button>
</form>`;
  return layout(ctx, `${m.title} – ${list.name}`, body, CSS);
}

/** The same page whatever happened: sent, already subscribed, blocked, or a bot. */
export function sentPage(ctx: PageContext): string {
  const m = messagesFor(ctx.lang).subscribe;
  return layout(
    ctx,
    m.sentTitle,
    html`<h1>${m.sentTitle}</h1>
<p class="notice" role="status">${m.sentBody}</p>
<p>${m.sentAlready}</p>
<p>${m.sentSpam}</p>`,
    CSS,
  );
}

export function tooManyPage(ctx: PageContext, retryAfterSeconds: number): string {
  const m = messagesFor(ctx.lang).subscribe;
  return layout(ctx, m.tooManyTitle, html`<h1>${m.tooManyTitle}</h1>
<p>${m.tooManyBody(Math.max(1, Math.ceil(retryAfterSeconds / 60)))}</p>`, CSS);
}

/** GET of the confirmation link: what will happen, and the button (a GET never subscribes). */
export function confirmPage(ctx: PageContext, token: string, tenant: Tenant, list: MailingList, address: string): string {
  const m = messagesFor(ctx.lang).subscribe;
  return layout(
    ctx,
    m.confirmTitle,
    html`<h1>${m.confirmTitle}</h1>
<p>${m.confirmIntro(list.name, tenant.name, maskAddress(address))}</p>
<form method="post" action="/s/confirm/${token}${qs(ctx.lang)}">
<button type="submit">${m.confirmButton}</button>
</form>
<p class="small">${m.confirmIgnore}</p>`,
    CSS,
  );
}

/** After the POST: subscribed (with the preferences link), already, or not possible and why. */
export function outcomePage(ctx: PageContext, result: Exclude<ConfirmOutcome, { outcome: 'gone' }>, preferencesToken: string | undefined): string {
  const all = messagesFor(ctx.lang);
  const m = all.subscribe;
  if (result.outcome === 'not-possible') {
    return layout(ctx, m.notPossibleTitle, html`<h1>${m.notPossibleTitle}</h1>
<p class="notice" role="status">${m.notPossible[result.reason]}</p>
<p>${m.notPossibleHelp}</p>`, CSS);
  }
  const text = result.outcome === 'already' ? m.alreadyConfirmed(result.list.name) : m.confirmed(result.list.name, result.tenant.name);
  return layout(
    ctx,
    m.confirmedTitle,
    html`<h1>${m.confirmedTitle}</h1>
<p class="notice" role="status">${text}</p>
<p>${m.confirmedNote}</p>
${preferencesToken ? html`<p><a href="/p/${preferencesToken}${qs(ctx.lang)}">${all.common.preferencesLink}</a></p>` : ''}
<p><a href="/privacy${qs(ctx.lang)}">${all.common.privacyLink}</a></p>`,
    CSS,
  );
}

/** A confirmation link that is forged, damaged, expired, or whose list is gone: one page for all. */
export function invalidLinkPage(ctx: PageContext): string {
  const m = messagesFor(ctx.lang).subscribe;
  return layout(ctx, m.invalidTitle, html`<h1>${m.invalidTitle}</h1>
<p>${m.invalidBody}</p>
<p>${m.invalidHelp}</p>`, CSS);
}
