// Templates of the integrations pages: the overview (API keys, SMTP credentials, webhooks), the
// creation forms, the one-time secret pages and the confirmations.
import { html, type SafeHtml } from '../../public/html.ts';
import { API_SCOPES, WEBHOOK_EVENT_TYPES, type ApiKey, type WebhookEndpoint } from '../../../core/model.ts';
import type { SmtpCredential } from '../../../core/auth/smtp-credential.ts';
import { layout, type AdminPageContext } from '../layout.ts';
import type { AdminSettings } from '../kit.ts';
import { csrfField, dateTime, doneNotice, field } from './ui.ts';
import { integrationMessages, type IntegrationMessages } from './messages.ts';

export const NAME_MAX = 200;
export const URL_MAX = 2000;
export const DESCRIPTION_MAX = 500;
export const SENDERS_MAX = 5000;

/** The reason the repository writes when an endpoint is disabled by hand (API or this interface). */
const BY_HAND = 'disabled through the API';

const CSS = '.secret{font-size:1rem;user-select:all}td form{margin:0 0 .25rem}';

function table(id: string, caption: string, head: string[], rows: SafeHtml[]): SafeHtml {
  return html`<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0"><table>
<caption>${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function postButton(csrf: string, action: string, label: string, what: string): SafeHtml {
  return html`<form class="inline" method="post" action="${action}">${csrfField(csrf)}<button type="submit" class="secondary" aria-label="${label} — ${what}">${label}</button></form>`;
}

export interface Overview {
  keys: ApiKey[];
  credentials: SmtpCredential[];
  webhooks: WebhookEndpoint[];
  done?: unknown;
}

function webhookState(ctx: AdminPageContext, m: IntegrationMessages, w: WebhookEndpoint): string {
  if (!w.enabled) return w.disabledReason && w.disabledReason !== BY_HAND ? m.webhooks.disabledByFailures(w.disabledReason) : m.webhooks.disabledByHand;
  if (w.failingSince !== null) return m.webhooks.failing(dateTime(ctx.lang, w.failingSince), w.lastError ?? String(w.lastStatus ?? ''));
  return m.webhooks.enabled;
}

interface Revocable {
  id: number;
  name: string;
  lastUsedAt: number | null;
  createdAt: number;
  revokedAt: number | null;
}

/** The API keys or SMTP credentials section: a table (two columns of its own), revoke links, the create button. */
function revocableSection(
  ctx: AdminPageContext,
  s: { path: 'keys' | 'smtp'; texts: { heading: string; intro: string; none: string; caption: string; create: string; revoke: string }; columns: [string, string]; rows: { item: Revocable; cells: (SafeHtml | string)[] }[] },
): SafeHtml {
  const m = integrationMessages(ctx.lang);
  const t = s.texts;
  const id = `${s.path}-h`;
  const state = (revokedAt: number | null) => (revokedAt === null ? m.active : m.revoked(dateTime(ctx.lang, revokedAt)));
  return html`<section class="card" aria-labelledby="${id}"><h2 id="${id}">${t.heading}</h2>
<p>${t.intro}</p>
${
  s.rows.length === 0
    ? html`<p>${t.none}</p>`
    : table(
        id,
        t.caption,
        [m.name, ...s.columns, m.lastUsed, m.created, m.state, m.actions],
        s.rows.map(
          ({ item: r, cells }) =>
            html`<tr><th scope="row">${r.name}</th>${cells.map((c) => html`<td>${c}</td>`)}<td>${dateTime(ctx.lang, r.lastUsedAt, m.never)}</td><td>${dateTime(ctx.lang, r.createdAt)}</td><td>${state(r.revokedAt)}</td><td>${r.revokedAt === null ? html`<a href="/admin/integrations/${s.path}/${r.id}/revoke" aria-label="${t.revoke} — ${r.name}">${t.revoke}</a>` : ''}</td></tr>`,
        ),
      )
}
<p><a class="button" href="/admin/integrations/${s.path}/new">${t.create}</a></p>
</section>`;
}

export function overviewPage(ctx: AdminPageContext, csrf: string, v: Overview): string {
  const m = integrationMessages(ctx.lang);
  const body = html`<h1>${m.title}</h1>
${doneNotice(m.notices, v.done)}
<p>${m.intro}</p>
${revocableSection(ctx, {
  path: 'keys',
  texts: m.keys,
  columns: [m.keys.prefix, m.keys.scopes],
  rows: v.keys.map((k) => ({ item: k, cells: [html`<code>fct_${k.prefix}_…</code>`, k.scopes.map((s) => m.keys.scopeNames[s] ?? s).join(', ')] })),
})}
${revocableSection(ctx, {
  path: 'smtp',
  texts: m.smtp,
  columns: [m.smtp.username, m.smtp.senders],
  rows: v.credentials.map((c) => ({ item: c, cells: [html`<code>${c.username}</code>`, c.allowedSenders.join(', ')] })),
})}
<section class="card" aria-labelledby="webhooks-h"><h2 id="webhooks-h">${m.webhooks.heading}</h2>
<p>${m.webhooks.intro}</p>
${
  v.webhooks.length === 0
    ? html`<p>${m.webhooks.none}</p>`
    : table(
        'webhooks-h',
        m.webhooks.caption,
        [m.webhooks.url, m.webhooks.events, m.state, m.created, m.actions],
        v.webhooks.map(
          (w) => html`<tr><th scope="row"><code>${w.url}</code>${w.description ? html`<br><span class="small">${w.description}</span>` : ''}</th><td>${w.eventTypes.length === 0 ? m.webhooks.allEvents : w.eventTypes.map((e) => m.webhooks.eventNames[e] ?? e).join(', ')}</td><td>${webhookState(ctx, m, w)}</td><td>${dateTime(ctx.lang, w.createdAt)}</td><td>
${w.enabled ? postButton(csrf, `/admin/integrations/webhooks/${w.id}/disable`, m.webhooks.disable, w.url) : postButton(csrf, `/admin/integrations/webhooks/${w.id}/enable`, m.webhooks.enable, w.url)}
<a href="/admin/integrations/webhooks/${w.id}/delete" aria-label="${m.webhooks.delete} — ${w.url}">${m.webhooks.delete}</a></td></tr>`,
        ),
      )
}
<p><a class="button" href="/admin/integrations/webhooks/new">${m.webhooks.create}</a></p>
</section>`;
  return layout(ctx, m.title, body, { css: CSS });
}

function formPage(ctx: AdminPageContext, csrf: string, title: string, action: string, fields: SafeHtml, submit: string): string {
  const m = integrationMessages(ctx.lang);
  return layout(
    ctx,
    title,
    html`<div class="card narrow"><h1>${title}</h1>
<form method="post" action="${action}" novalidate>
${csrfField(csrf)}
${fields}
<div class="actions"><button type="submit">${submit}</button><a href="/admin/integrations">${m.cancel}</a></div>
</form></div>`,
    { css: CSS },
  );
}

function checkboxes(name: string, legend: string, hint: string, options: readonly { value: string; label: string }[], checked: readonly string[], error?: string): SafeHtml {
  const described = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset aria-describedby="${described}"><legend>${legend}</legend>
<p class="hint" id="${name}-hint">${hint}</p>
${error ? html`<p class="error" id="${name}-error" role="alert">${error}</p>` : ''}
${options.map((o) => html`<label for="${name}-${o.value}" class="check"><input type="checkbox" id="${name}-${o.value}" name="${name}" value="${o.value}"${checked.includes(o.value) ? html` checked` : ''}>${o.label}</label>`)}
</fieldset>`;
}

export interface KeyForm {
  name: string;
  scopes: string[];
  errors: { name?: string; scopes?: string };
}

export function keyFormPage(ctx: AdminPageContext, csrf: string, f: KeyForm): string {
  const m = integrationMessages(ctx.lang);
  return formPage(
    ctx,
    csrf,
    m.keys.newTitle,
    '/admin/integrations/keys/new',
    html`${field({ id: 'name', label: m.nameLabel, value: f.name, hint: m.keys.nameHint, error: f.errors.name, maxlength: NAME_MAX, required: true })}
${checkboxes('scopes', m.keys.scopesLegend, m.keys.scopesHint, API_SCOPES.map((s) => ({ value: s, label: m.keys.scopeNames[s] ?? s })), f.scopes, f.errors.scopes)}`,
    m.keys.createButton,
  );
}

function secretBlock(m: IntegrationMessages, label: string, secret: string, help: string): SafeHtml {
  return html`<p class="warn" role="alert"><strong>${m.secretOnce}</strong> ${m.secretWarning}</p>
<h2 id="secret-h">${label}</h2>
<pre><code class="secret">${secret}</code></pre>
<p class="small">${help}</p>`;
}

function createdPage(ctx: AdminPageContext, title: string, facts: [string, SafeHtml | string][], secret: SafeHtml): string {
  const m = integrationMessages(ctx.lang);
  return layout(
    ctx,
    title,
    html`<div class="card narrow"><h1>${title}</h1>
<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${secret}
<p><a class="button" href="/admin/integrations">${m.done}</a></p>
</div>`,
    { css: CSS },
  );
}

export function keyCreatedPage(ctx: AdminPageContext, key: ApiKey, secret: string): string {
  const m = integrationMessages(ctx.lang);
  return createdPage(
    ctx,
    m.keys.createdTitle,
    [
      [m.name, key.name],
      [m.keys.scopes, key.scopes.map((s) => m.keys.scopeNames[s] ?? s).join(', ')],
    ],
    secretBlock(m, m.secretLabel, secret, m.keys.usage),
  );
}

export interface SmtpForm {
  name: string;
  senders: string;
  errors: { name?: string; senders?: string };
}

export function smtpFormPage(ctx: AdminPageContext, csrf: string, f: SmtpForm, domain: string | null): string {
  const m = integrationMessages(ctx.lang);
  return formPage(
    ctx,
    csrf,
    m.smtp.newTitle,
    '/admin/integrations/smtp/new',
    html`${field({ id: 'name', label: m.nameLabel, value: f.name, hint: m.smtp.nameHint, error: f.errors.name, maxlength: NAME_MAX, required: true })}
${field({ id: 'senders', label: m.smtp.sendersLabel, value: f.senders, hint: m.smtp.sendersHint(domain), error: f.errors.senders, maxlength: SENDERS_MAX, multiline: true })}`,
    m.smtp.createButton,
  );
}

export function smtpCreatedPage(ctx: AdminPageContext, c: SmtpCredential, password: string, submission: AdminSettings['submission'], platformDomain: string): string {
  const m = integrationMessages(ctx.lang);
  return createdPage(
    ctx,
    m.smtp.createdTitle,
    [
      [m.name, c.name],
      [m.smtp.server, html`<code>${submission.hostname || platformDomain}</code>, ${m.smtp.ports(submission.port, submission.tlsPort)}${submission.enabled ? '' : html`<br><span class="warn">${m.smtp.disabled}</span>`}`],
      [m.smtp.username, html`<code>${c.username}</code>`],
      [m.smtp.senders, c.allowedSenders.join(', ')],
    ],
    secretBlock(m, m.smtp.passwordLabel, password, m.smtp.intro),
  );
}

export interface WebhookForm {
  url: string;
  description: string;
  events: string[];
  raw: boolean;
  errors: { url?: string; description?: string };
}

export function webhookFormPage(ctx: AdminPageContext, csrf: string, f: WebhookForm): string {
  const m = integrationMessages(ctx.lang);
  return formPage(
    ctx,
    csrf,
    m.webhooks.newTitle,
    '/admin/integrations/webhooks/new',
    html`${field({ id: 'url', label: m.webhooks.urlLabel, value: f.url, hint: m.webhooks.urlHint, error: f.errors.url, type: 'url', maxlength: URL_MAX, required: true, autocomplete: 'off' })}
${field({ id: 'description', label: m.webhooks.descriptionLabel, value: f.description, hint: m.webhooks.descriptionHint, error: f.errors.description, maxlength: DESCRIPTION_MAX })}
${checkboxes('events', m.webhooks.eventsLegend, m.webhooks.eventsHint, WEBHOOK_EVENT_TYPES.map((e) => ({ value: e, label: m.webhooks.eventNames[e] ?? e })), f.events)}
<label for="raw" class="check"><input type="checkbox" id="raw" name="raw" value="yes"${f.raw ? html` checked` : ''}>${m.webhooks.rawLabel}</label>`,
    m.webhooks.createButton,
  );
}

export function webhookCreatedPage(ctx: AdminPageContext, w: WebhookEndpoint): string {
  const m = integrationMessages(ctx.lang);
  return createdPage(
    ctx,
    m.webhooks.createdTitle,
    [
      [m.webhooks.url, html`<code>${w.url}</code>`],
      [m.webhooks.events, w.eventTypes.length === 0 ? m.webhooks.allEvents : w.eventTypes.map((e) => m.webhooks.eventNames[e] ?? e).join(', ')],
    ],
    secretBlock(m, m.secretLabel, w.secret, m.webhooks.signingHelp),
  );
}

/** A destructive action's confirmation: what it is, what happens, and the button. */
export function confirmPage(ctx: AdminPageContext, csrf: string, title: string, facts: [string, SafeHtml | string][], text: string, action: string, button: string): string {
  const m = integrationMessages(ctx.lang);
  return layout(
    ctx,
    title,
    html`<div class="card narrow"><h1>${title}</h1>
<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<p class="warn">${text}</p>
<form method="post" action="${action}">${csrfField(csrf)}
<div class="actions"><button type="submit" class="danger">${button}</button><a href="/admin/integrations">${m.cancel}</a></div>
</form></div>`,
    { css: CSS },
  );
}
