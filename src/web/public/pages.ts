// Templates of the pages members see: server-rendered, no script, no third-party resource, inline
// CSS only (the CSP forbids anything else). Every value goes through `html`, which escapes it.
import type { Lang, Messages } from '../i18n/index.ts';
import { LANGS, messagesFor } from '../i18n/index.ts';
import { html, SafeHtml } from './html.ts';
import type { Preferences, Target } from './actions.ts';
import { maskAddress } from './actions.ts';

export interface PageContext {
  lang: Lang;
  /** Platform name (config platform.name), shown in the footer. */
  platform: string;
  /** Path of the current page without query, for the language switch. */
  path: string;
}

// Contrast: text #1a1a1a on #fff is 17:1, links/buttons #0b4f9c on #fff 8:1 (WCAG AAA); the
// focus ring #8a4500 is drawn outside the control, 6.5:1 against the page backgrounds.
// Touch targets ≥ 44 px; fluid down to 320 px.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#f4f4f1}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border:1px solid #c8c8c2;border-radius:.5rem;padding:1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:0 0 1rem;overflow-wrap:anywhere}
a{color:#0b4f9c}
button{font:inherit;font-weight:600;min-height:2.75rem;width:100%;padding:.625rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b4f9c}
:focus-visible{outline:3px solid #8a4500;outline-offset:2px}
.notice{border-left:4px solid #1d6b2f;background:#eef6ef;padding:.5rem .75rem;margin:0 0 1rem}
.small{font-size:.95rem;color:#404040}
fieldset{border:0;margin:0 0 1rem;padding:0}
legend{font-weight:600;padding:0;margin-bottom:.25rem}
label{display:flex;gap:.75rem;align-items:flex-start;padding:.5rem 0;cursor:pointer;overflow-wrap:anywhere}
input[type=checkbox]{width:1.5rem;height:1.5rem;flex:none;margin:.125rem 0 0}
nav,footer{font-size:.95rem;color:#404040;margin:1rem 0}
footer p{margin:.25rem 0}
`;

function qs(lang: Lang): string {
  return `?lang=${lang}`;
}

/** `css`: extra rules of a page family (the subscription form), appended to the shared ones. */
export function layout(ctx: PageContext, title: string, body: SafeHtml, css = ''): string {
  const m = messagesFor(ctx.lang);
  const others = LANGS.filter((l) => l !== ctx.lang);
  const doc = html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${new SafeHtml(CSS + css)}</style>
</head>
<body>
<main>
<nav aria-label="${m.common.languageSwitchLabel}">${others.map((l) => html`<a href="${ctx.path}${qs(l)}" hreflang="${l}" lang="${l}">${messagesFor(l).languageName}</a>`)}</nav>
<div class="card">
${body}
</div>
<footer>
<p><a href="/privacy${qs(ctx.lang)}">${m.common.privacyLink}</a></p>
<p>${m.common.footer(ctx.platform)}</p>
</footer>
</main>
</body>
</html>
`;
  return doc.value;
}

function unsubscribeForm(m: Messages, token: string, lang: Lang, secondary = false): SafeHtml {
  // RFC 8058 field, so the same handler serves mail clients and this form; `from` tells them apart.
  return html`<form method="post" action="/u/${token}${qs(lang)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<input type="hidden" name="from" value="page">
<button type="submit"${secondary ? html` class="secondary"` : ''}>${secondary ? m.preferences.unsubscribeAllButton : m.unsubscribe.button}</button>
</form>`;
}

function resubscribeForm(m: Messages, token: string, lang: Lang): SafeHtml {
  return html`<form method="post" action="/u/${token}/resubscribe${qs(lang)}">
<button type="submit" class="secondary">${m.done.resubscribeButton}</button>
</form>`;
}

function preferencesLink(m: Messages, token: string, lang: Lang): SafeHtml {
  return html`<p><a href="/p/${token}${qs(lang)}">${m.common.preferencesLink}</a></p>`;
}

/** GET /u/{token}: what would happen, and the button. Never changes anything. */
export function confirmPage(ctx: PageContext, token: string, target: Target): string {
  const m = messagesFor(ctx.lang);
  if (target.kind === 'gone') return gonePage(ctx);
  const asso = target.tenant.name;
  const address = maskAddress(target.contact.address);
  if (target.kind === 'list') {
    const list = target.list.name;
    const body =
      target.membership === 'unsubscribed'
        ? html`<h1>${m.unsubscribe.headingList(list)}</h1>
<p class="notice" role="status">${m.unsubscribe.alreadyList(list)}</p>
<p>${m.done.mistake}</p>
${resubscribeForm(m, token, ctx.lang)}
${preferencesLink(m, token, ctx.lang)}`
        : html`<h1>${m.unsubscribe.headingList(list)}</h1>
<p>${m.unsubscribe.introList(asso, address)}</p>
${unsubscribeForm(m, token, ctx.lang)}
<p class="small">${m.unsubscribe.oneClickNote}</p>
${preferencesLink(m, token, ctx.lang)}`;
    return layout(ctx, m.unsubscribe.title, body);
  }
  const body =
    target.contact.status !== 'active'
      ? html`<h1>${m.unsubscribe.headingAll(asso)}</h1>
<p class="notice" role="status">${m.unsubscribe.alreadyAll(asso)}</p>
${target.contact.status === 'unsubscribed' ? html`<p>${m.done.mistake}</p>${resubscribeForm(m, token, ctx.lang)}` : ''}
${preferencesLink(m, token, ctx.lang)}`
      : html`<h1>${m.unsubscribe.headingAll(asso)}</h1>
<p>${m.unsubscribe.introAll(asso, address)}</p>
${unsubscribeForm(m, token, ctx.lang)}
<p class="small">${m.unsubscribe.oneClickNote}</p>
${preferencesLink(m, token, ctx.lang)}`;
  return layout(ctx, m.unsubscribe.title, body);
}

/** After a POST from the page: confirmation, undo button, preferences link. */
export function donePage(ctx: PageContext, token: string, target: Target): string {
  const m = messagesFor(ctx.lang);
  if (target.kind === 'gone') return gonePage(ctx);
  const text = target.kind === 'list' ? m.done.list(target.list.name) : m.done.all(target.tenant.name);
  return layout(
    ctx,
    m.done.title,
    html`<h1>${m.done.title}</h1>
<p class="notice" role="status">${text}</p>
<p>${m.done.mistake}</p>
${resubscribeForm(m, token, ctx.lang)}
<p>${m.done.preferencesHint}</p>
${preferencesLink(m, token, ctx.lang)}`,
  );
}

export function resubscribedPage(ctx: PageContext, token: string, outcome: 'resubscribed' | 'globally-unsubscribed' | 'not-possible', target: Target): string {
  const m = messagesFor(ctx.lang);
  if (target.kind === 'gone') return gonePage(ctx);
  let text: string;
  if (outcome === 'globally-unsubscribed') text = m.resubscribed.globallyUnsubscribed;
  else if (outcome === 'not-possible') text = m.resubscribed.notPossible;
  else text = target.kind === 'list' ? m.resubscribed.list(target.list.name) : m.resubscribed.all(target.tenant.name);
  return layout(
    ctx,
    m.resubscribed.title,
    html`<h1>${outcome === 'resubscribed' ? m.resubscribed.title : m.unsubscribe.title}</h1>
<p class="notice" role="status">${text}</p>
${preferencesLink(m, token, ctx.lang)}`,
  );
}

export function preferencesPage(ctx: PageContext, token: string, prefs: Preferences, options: { saved: boolean; allToken: string }): string {
  const m = messagesFor(ctx.lang);
  const target = prefs.target;
  if (target.kind === 'gone') return gonePage(ctx);
  const form =
    prefs.lists.length === 0
      ? html`<p>${m.preferences.noLists}</p>`
      : html`<form method="post" action="/p/${token}${qs(ctx.lang)}">
<fieldset>
<legend>${m.preferences.legend}</legend>
${prefs.lists.map(
  (c) => html`<label><input type="checkbox" name="list" value="${c.list.id}"${c.checked ? html` checked` : ''}><span>${c.list.name}${
    c.list.description ? html`<br><span class="small">${c.list.description}</span>` : ''
  }</span></label>
`,
)}</fieldset>
<button type="submit">${m.preferences.save}</button>
</form>`;
  return layout(
    ctx,
    m.preferences.title,
    html`<h1>${m.preferences.heading(target.tenant.name)}</h1>
${options.saved ? html`<p class="notice" role="status">${m.preferences.saved}</p>` : ''}
${prefs.globallyUnsubscribed ? html`<p class="notice">${m.preferences.globallyUnsubscribed}</p>` : ''}
<p>${m.preferences.intro(maskAddress(target.contact.address))}</p>
${form}
${
  target.contact.status === 'active'
    ? html`<h2>${m.preferences.unsubscribeAllHeading}</h2>
${unsubscribeForm(m, options.allToken, ctx.lang, true)}`
    : ''
}`,
  );
}

export function privacyPage(ctx: PageContext, retentionDays: number | undefined): string {
  const m = messagesFor(ctx.lang);
  return layout(
    ctx,
    m.privacy.title,
    html`<h1>${m.privacy.title}</h1>
<p>${m.privacy.intro(ctx.platform)}</p>
${m.privacy.sections.map(
  (s, i) => html`<h2>${s.heading}</h2>
${s.paragraphs.map((p) => html`<p>${p}</p>
`)}${i === 0 ? html`<p>${m.privacy.retention(retentionDays)}</p>
` : ''}`,
)}`,
  );
}

export function gonePage(ctx: PageContext): string {
  const m = messagesFor(ctx.lang);
  return layout(ctx, m.unsubscribe.title, html`<h1>${m.unsubscribe.title}</h1>
<p class="notice" role="status">${m.unsubscribe.nothingToDo}</p>`);
}

export function notFoundPage(ctx: PageContext): string {
  const m = messagesFor(ctx.lang);
  return layout(ctx, m.notFound.title, html`<h1>${m.notFound.title}</h1>
<p>${m.notFound.body}</p>
<p>${m.notFound.help}</p>`);
}

/** A form we could not use. `token` (already verified) adds a link back to the unsubscribe page. */
export function badRequestPage(ctx: PageContext, token?: string): string {
  const m = messagesFor(ctx.lang);
  return layout(ctx, m.badRequest.title, html`<h1>${m.badRequest.title}</h1>
<p>${m.badRequest.body}</p>
${token ? html`<p><a href="/u/${token}${qs(ctx.lang)}">${m.badRequest.back}</a></p>` : ''}`);
}

export function serverErrorPage(ctx: PageContext): string {
  const m = messagesFor(ctx.lang);
  return layout(ctx, m.serverError.title, html`<h1>${m.serverError.title}</h1>
<p>${m.serverError.body}</p>`);
}
