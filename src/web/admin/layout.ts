// Layout of every admin page: header with the navigation, language switch and sign-out, the
// shared stylesheet, and the message page. Server-rendered; every value goes through `html`,
// which escapes it. Areas add their own CSS with `layout(…, { css })` instead of editing this one.
import type { Lang } from '../i18n/index.ts';
import { LANGS } from '../i18n/index.ts';
import { html, SafeHtml } from '../public/html.ts';
import { adminMessages, type AdminMessages } from './messages.ts';

export interface AdminPageContext {
  lang: Lang;
  /** Path of this page (no query), the language switch comes back to it. */
  path: string;
  /** Present once signed in: the session's CSRF token and who is signed in. */
  session?: { csrf: string; email: string; where: string; tenant: boolean; role: string };
}

// Same palette as the public pages: text 17:1, links and buttons 8:1, focus ring 6.5:1 (WCAG AAA
// for text). Tables scroll inside their own box, so pages hold at 360 px.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;background:#f4f4f1}
.skip{position:absolute;left:-100vw;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:.5rem;top:.5rem;z-index:1}
header{background:#fff;border-bottom:1px solid #c8c8c2}
header .bar{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
header .brand{font-weight:700;font-size:1.125rem}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:0;padding:0;align-items:center}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border:1px solid #c8c8c2;border-radius:.5rem;padding:1.25rem;margin:0 0 1rem}
.narrow{max-width:28rem;margin:0 auto}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:0 0 .75rem}
p{margin:0 0 1rem;overflow-wrap:anywhere}
a{color:#0b4f9c}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=url],input[type=number],input[type=datetime-local],input[type=file],select,textarea{font:inherit;width:100%;min-height:2.75rem;padding:.5rem;border:2px solid #5c5c58;border-radius:.375rem;margin:0 0 .25rem}
.field{margin:0 0 1rem}
.hint{font-size:.9rem;color:#404040;margin:0}
button{font:inherit;font-weight:600;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer}
button.link{background:none;border:0;color:#0b4f9c;text-decoration:underline;padding:.25rem;min-height:2.75rem;font-weight:400}
form.inline{display:inline}
:focus-visible{outline:3px solid #8a4500;outline-offset:2px}
.error{border-left:4px solid #a3161a;background:#fbeeee;padding:.5rem .75rem;margin:0 0 1rem}
.notice{border-left:4px solid #1d6b2f;background:#eef6ef;padding:.5rem .75rem;margin:0 0 1rem}
.warn{border-left:4px solid #8a4500;background:#fdf3e7;padding:.5rem .75rem;margin:0 0 .5rem;list-style:none}
ul.warnings{padding:0;margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:32rem}
caption{text-align:left;font-weight:600;padding:0 0 .5rem}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #c8c8c2;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.small{font-size:.9rem;color:#404040}
textarea{min-height:12rem;font-family:ui-monospace,"DejaVu Sans Mono",monospace;resize:vertical}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0 .5rem 0 0;vertical-align:middle}
label.check{font-weight:400;display:flex;align-items:center;margin:0 0 .5rem}
fieldset{border:1px solid #c8c8c2;border-radius:.375rem;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0 0}
button.secondary,a.button.secondary{background:#fff;color:#0b4f9c}
button.danger{background:#a3161a;border-color:#a3161a}
a.button{display:inline-block;font-weight:600;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:.375rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;text-decoration:none}
header nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;border:1px solid #5c5c58;font-size:.85rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.pager{display:flex;gap:1rem;margin:1rem 0 0}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9rem;overflow-wrap:anywhere}
pre{background:#f4f4f1;border:1px solid #c8c8c2;padding:.75rem;overflow-x:auto;white-space:pre-wrap}
@media (min-width:48rem){.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1rem}}
`;

/** A number in the page language (1 234 / 1,234). */
export function nf(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(n);
}

function languageSwitch(ctx: AdminPageContext, m: AdminMessages): SafeHtml {
  const others = LANGS.filter((l) => l !== ctx.lang);
  if (!ctx.session) {
    return html`${others.map((l) => html`<li><a href="${ctx.path}?lang=${l}" hreflang="${l}" lang="${l}">${adminMessages(l).languageName}</a></li>`)}`;
  }
  // Signed in: the choice is kept in the session, so it is a POST with the CSRF token.
  return html`${others.map(
    (l) => html`<li><form class="inline" method="post" action="/admin/language">
<input type="hidden" name="csrf" value="${ctx.session!.csrf}">
<input type="hidden" name="lang" value="${l}">
<input type="hidden" name="back" value="${ctx.path}">
<button type="submit" class="link" lang="${l}" aria-label="${m.common.languageLabel} : ${adminMessages(l).languageName}">${adminMessages(l).languageName}</button>
</form></li>`,
  )}`;
}

export interface LayoutOptions {
  /** CSS of this page only, appended to the shared stylesheet. */
  css?: string;
  /** Same-origin scripts (paths under /admin/assets/), loaded with defer: pages work without them. */
  scripts?: string[];
}

/** The navigation of a signed-in association member; operators see the dashboard only. */
function navigation(ctx: AdminPageContext, m: AdminMessages): SafeHtml {
  const s = ctx.session;
  if (!s) return html``;
  const items: [string, string][] = s.tenant
    ? [
        ['/admin', m.common.dashboard],
        ['/admin/campaigns', m.nav.campaigns],
        ['/admin/contacts', m.nav.contacts],
        ['/admin/lists', m.nav.lists],
        ['/admin/suppressions', m.nav.suppressions],
        ['/admin/domain', m.nav.domain],
        ['/admin/integrations', m.nav.integrations],
        ['/admin/team', m.nav.team],
      ]
    : [['/admin', m.common.dashboard]];
  const current = (href: string) => (href === '/admin' ? ctx.path === '/admin' : ctx.path === href || ctx.path.startsWith(href + '/'));
  return html`${items.map(([href, label]) => html`<li><a href="${href}"${current(href) ? html` aria-current="page"` : ''}>${label}</a></li>`)}`;
}

export function layout(ctx: AdminPageContext, title: string, body: SafeHtml, options: LayoutOptions = {}): string {
  const m = adminMessages(ctx.lang);
  const s = ctx.session;
  const doc = html`<!doctype html>
<html lang="${m.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} — ${m.common.appName}</title>
<style>${new SafeHtml(CSS + (options.css ?? ''))}</style>
${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">${m.common.skipLink}</a>
<header><div class="bar">
<span class="brand">${m.common.appName}</span>
<nav aria-label="${m.common.navLabel}"><ul>
${navigation(ctx, m)}
${languageSwitch(ctx, m)}
${
  s
    ? html`<li><form class="inline" method="post" action="/admin/logout">
<input type="hidden" name="csrf" value="${s.csrf}">
<button type="submit" class="link">${m.common.signOut}</button>
</form></li>`
    : ''
}
</ul></nav>
</div></header>
<main id="main" tabindex="-1">
${s ? html`<p class="small">${m.common.signedInAs(s.email, s.where)}</p>` : ''}
${body}
</main>
</body>
</html>
`;
  return doc.value;
}

export function messagePage(ctx: AdminPageContext, title: string, text: string): string {
  return layout(ctx, title, html`<div class="card narrow"><h1>${title}</h1><p>${text}</p><p><a href="/admin">${adminMessages(ctx.lang).common.back}</a></p></div>`);
}
