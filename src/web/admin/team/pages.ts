// Templates of the team area and of the password pages (forgot your password, choose a password).
// Every value goes through `html`, which escapes it.
import { html, type SafeHtml } from '../../public/html.ts';
import type { User } from '../../../core/model.ts';
import { LANGS, type Lang } from '../../i18n/index.ts';
import { adminMessages } from '../messages.ts';
import { layout, type AdminPageContext } from '../layout.ts';
import { teamMessages } from './messages.ts';
import type { LinkPurpose } from './token.ts';

export const TEAM_ROLES = ['admin', 'editor'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

const describedBy = (...ids: (string | false | undefined)[]) => {
  const list = ids.filter(Boolean).join(' ');
  return list ? html` aria-describedby="${list}"` : '';
};

const alert = (id: string, text: string | undefined) => (text ? html`<p class="error" role="alert" id="${id}">${text}</p>` : '');

// ---- Password pages (no session) ----

export interface ForgotForm {
  email: string;
  tenant: string;
  csrf: string;
  error?: string;
}

export function forgotPage(ctx: AdminPageContext, form: ForgotForm): string {
  const t = teamMessages(ctx.lang).forgot;
  const err = form.error ? 'forgot-error' : undefined;
  return layout(
    ctx,
    t.title,
    html`<div class="card narrow">
<h1>${t.title}</h1>
<p>${t.intro}</p>
${alert('forgot-error', form.error)}
<form method="post" action="/admin/password/forgot?lang=${ctx.lang}">
<input type="hidden" name="csrf" value="${form.csrf}">
<div class="field"><label for="email">${t.email}</label>
<input type="email" id="email" name="email" autocomplete="username" required maxlength="320" value="${form.email}"${describedBy(err)}></div>
<div class="field"><label for="tenant">${t.tenant}</label>
<input type="text" id="tenant" name="tenant" autocomplete="organization" required maxlength="100" value="${form.tenant}" autocapitalize="none" spellcheck="false"${describedBy(err, 'tenant-hint')}>
<p class="hint" id="tenant-hint">${t.tenantHint}</p></div>
<button type="submit">${t.submit}</button>
</form>
<p class="hint">${t.operators}</p>
<p><a href="/admin/login?lang=${ctx.lang}">${t.backToLogin}</a></p>
</div>`,
  );
}

/** A narrow card without a form: a title, its paragraphs, then the link back to sign-in. */
function notePage(ctx: AdminPageContext, title: string, body: SafeHtml): string {
  const back = html`<p><a href="/admin/login?lang=${ctx.lang}">${teamMessages(ctx.lang).forgot.backToLogin}</a></p>`;
  return layout(ctx, title, html`<div class="card narrow">\n<h1>${title}</h1>\n${body}\n${back}\n</div>`);
}

/** The same page whether or not an account matched. */
export function forgotSentPage(ctx: AdminPageContext): string {
  const t = teamMessages(ctx.lang).forgot;
  return notePage(ctx, t.sentTitle, html`<p role="status">${t.sent}</p>\n<p>${t.sentSpam}</p>`);
}

/** One page for every link that does not work (expired, used, tampered, unknown account). */
export function linkInvalidPage(ctx: AdminPageContext): string {
  const t = teamMessages(ctx.lang).reset;
  return notePage(ctx, t.invalidTitle, html`<p>${t.invalid}</p>\n<p><a class="button" href="/admin/password/forgot?lang=${ctx.lang}">${t.askAgain}</a></p>`);
}

export function unavailablePage(ctx: AdminPageContext): string {
  const t = teamMessages(ctx.lang).forgot;
  return notePage(ctx, t.unavailableTitle, html`<p>${t.unavailable}</p>`);
}

export interface ResetForm {
  purpose: LinkPurpose;
  email: string;
  association: string;
  csrf: string;
  error?: string;
}

export function resetPage(ctx: AdminPageContext, form: ResetForm): string {
  const t = teamMessages(ctx.lang).reset;
  const title = form.purpose === 'invite' ? t.titleInvite : t.titleReset;
  const err = form.error ? 'reset-error' : undefined;
  return layout(
    ctx,
    title,
    html`<div class="card narrow">
<h1>${title}</h1>
<p>${form.purpose === 'invite' ? t.introInvite(form.email, form.association) : t.introReset(form.email, form.association)}</p>
${alert('reset-error', form.error)}
<form method="post" action="${ctx.path}?lang=${ctx.lang}">
<input type="hidden" name="csrf" value="${form.csrf}">
<div class="field"><label for="password">${t.password}</label>
<input type="password" id="password" name="password" autocomplete="new-password" required minlength="12" maxlength="1024"${describedBy(err, 'password-hint')}>
<p class="hint" id="password-hint">${t.passwordHint}</p></div>
<div class="field"><label for="confirm">${t.confirm}</label>
<input type="password" id="confirm" name="confirm" autocomplete="new-password" required minlength="12" maxlength="1024"${describedBy(err)}></div>
<button type="submit">${t.submit}</button>
</form>
</div>`,
  );
}

// ---- Team pages ----

function when(lang: Lang, ms: number | null): string {
  if (ms === null) return teamMessages(lang).team.never;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(ms);
}

const roleName = (lang: Lang, role: string) => teamMessages(lang).team.roles[role as TeamRole] ?? role;

function roleFieldset(lang: Lang, idPrefix: string, selected: string, error?: string): SafeHtml {
  const t = teamMessages(lang).team;
  return html`<fieldset>
<legend>${t.role}</legend>
${TEAM_ROLES.map(
  (r) => html`<label class="check" for="${idPrefix}-${r}"><input type="radio" id="${idPrefix}-${r}" name="role" value="${r}"${r === selected ? html` checked` : ''}${describedBy(`${idPrefix}-${r}-hint`, error && `${idPrefix}-error`)}>${t.roles[r]}</label>
<p class="hint" id="${idPrefix}-${r}-hint">${t.roleHints[r]}</p>`,
)}
</fieldset>`;
}

export interface InviteForm {
  email: string;
  name: string;
  role: string;
  lang: string;
  errors: { email?: string; name?: string; form?: string };
}

export interface TeamView {
  members: User[];
  meId: number;
  isAdmin: boolean;
  notice?: string;
  invite?: InviteForm;
}

export function teamPage(ctx: AdminPageContext, v: TeamView): string {
  const t = teamMessages(ctx.lang).team;
  const f: InviteForm = v.invite ?? { email: '', name: '', role: 'editor', lang: ctx.lang, errors: {} };
  const rows = v.members.map(
    (u) => html`<tr>
<th scope="row">${u.name || '—'}${u.id === v.meId ? html` <span class="small">${t.you}</span>` : ''}</th>
<td class="wrap">${u.email}</td>
<td>${roleName(ctx.lang, u.role)}</td>
<td>${when(ctx.lang, u.lastLoginAt)}</td>
${v.isAdmin ? html`<td><a href="/admin/team/${u.id}" aria-label="${t.manage(u.name || u.email)}">${t.manageLink}</a></td>` : ''}
</tr>`,
  );
  const invite = v.isAdmin
    ? html`<section class="card" aria-labelledby="invite-h"><h2 id="invite-h">${t.inviteHeading}</h2>
<p>${t.inviteIntro}</p>
${alert('invite-error', f.errors.form)}
<form method="post" action="/admin/team/invite" novalidate>
<input type="hidden" name="csrf" value="${ctx.session?.csrf ?? ''}">
<div class="field"><label for="invite-email">${t.email}</label>
${alert('invite-email-error', f.errors.email)}
<input type="email" id="invite-email" name="email" required maxlength="320" autocomplete="off" value="${f.email}"${describedBy(f.errors.email && 'invite-email-error')}${f.errors.email ? html` aria-invalid="true"` : ''}></div>
<div class="field"><label for="invite-name">${t.inviteName}</label>
${alert('invite-name-error', f.errors.name)}
<input type="text" id="invite-name" name="name" maxlength="100" autocomplete="off" value="${f.name}"${describedBy(f.errors.name && 'invite-name-error', 'invite-name-hint')}${f.errors.name ? html` aria-invalid="true"` : ''}>
<p class="hint" id="invite-name-hint">${t.inviteNameHint}</p></div>
${roleFieldset(ctx.lang, 'invite-role', f.role)}
<div class="field"><label for="invite-lang">${t.inviteLang}</label>
<select id="invite-lang" name="lang" aria-describedby="invite-lang-hint">${LANGS.map((l) => html`<option value="${l}" lang="${l}"${l === f.lang ? html` selected` : ''}>${adminMessages(l).languageName}</option>`)}</select>
<p class="hint" id="invite-lang-hint">${t.inviteLangHint}</p></div>
<button type="submit">${t.inviteSubmit}</button>
</form></section>`
    : html`<p class="hint">${t.readOnly}</p>`;
  return layout(
    ctx,
    t.title,
    html`<h1>${t.title}</h1>
<p>${t.intro}</p>
${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
<section class="card" aria-labelledby="members-h"><h2 id="members-h">${t.caption}</h2>
<div class="scroll" role="region" aria-labelledby="members-h" tabindex="0"><table>
<caption>${t.caption}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.email}</th><th scope="col">${t.role}</th><th scope="col">${t.lastSignIn}</th>${v.isAdmin ? html`<th scope="col">${t.actions}</th>` : ''}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>
${invite}`,
    { css: 'td.wrap{overflow-wrap:anywhere}' },
  );
}

export interface MemberView {
  member: User;
  meId: number;
  notice?: string;
  /** Errors next to the form they belong to. */
  roleError?: string;
  removeError?: string;
  resendError?: string;
  /** The role to show selected (the one typed when re-rendering after an error). */
  role?: string;
  canResend: boolean;
}

export function memberPage(ctx: AdminPageContext, v: MemberView): string {
  const t = teamMessages(ctx.lang).team;
  const u = v.member;
  const who = u.name || u.email;
  const self = u.id === v.meId;
  const csrf = ctx.session?.csrf ?? '';
  return layout(
    ctx,
    t.memberTitle(who),
    html`<h1>${t.memberTitle(who)}</h1>
${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ''}
<section class="card" aria-labelledby="facts-h"><h2 id="facts-h">${t.facts}</h2>
<dl class="facts">
<dt>${t.name}</dt><dd>${u.name || '—'}${self ? html` <span class="small">${t.you}</span>` : ''}</dd>
<dt>${t.email}</dt><dd>${u.email}</dd>
<dt>${t.role}</dt><dd>${roleName(ctx.lang, u.role)}</dd>
<dt>${t.lastSignIn}</dt><dd>${when(ctx.lang, u.lastLoginAt)}</dd>
</dl></section>
<section class="card" aria-labelledby="role-h"><h2 id="role-h">${t.roleHeading}</h2>
${alert('role-error', v.roleError)}
<form method="post" action="/admin/team/${u.id}/role">
<input type="hidden" name="csrf" value="${csrf}">
${roleFieldset(ctx.lang, 'role', v.role ?? u.role, v.roleError)}
<button type="submit">${t.roleSubmit}</button>
</form></section>
${
  v.canResend
    ? html`<section class="card" aria-labelledby="resend-h"><h2 id="resend-h">${t.resendHeading}</h2>
<p>${t.resendIntro}</p>
${alert('resend-error', v.resendError)}
<form method="post" action="/admin/team/${u.id}/invite">
<input type="hidden" name="csrf" value="${csrf}">
<button type="submit" class="secondary">${t.resendSubmit}</button>
</form></section>`
    : ''
}
<section class="card" aria-labelledby="remove-h"><h2 id="remove-h">${t.removeHeading}</h2>
<p>${t.removeIntro}</p>
${self ? html`<p class="warn">${t.removeSelf}</p>` : ''}
${alert('remove-error', v.removeError)}
<form method="post" action="/admin/team/${u.id}/remove">
<input type="hidden" name="csrf" value="${csrf}">
<label class="check" for="remove-confirm"><input type="checkbox" id="remove-confirm" name="confirm" value="yes" required${describedBy(v.removeError && 'remove-error')}>${t.removeConfirm(who)}</label>
<div class="actions"><button type="submit" class="danger">${t.removeSubmit}</button></div>
</form></section>
<p><a href="/admin/team">${t.back}</a></p>`,
  );
}
