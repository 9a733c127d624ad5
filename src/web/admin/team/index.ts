// The team area of the admin interface: who can sign in for the association, with which role.
// Editors see the list (to know whom to ask); only admins invite, change roles and remove. The
// association always keeps at least one admin (checked in the same statement that changes it).
//
// Route table.
//   GET  /admin/team                  members (everyone); invite form (admins)
//   POST /admin/team/invite           create the account (unusable password) and mail a 7-day link (admin)
//   GET  /admin/team/:id              one member: role, new link, removal (admin)
//   POST /admin/team/:id/role         change the role (admin)
//   POST /admin/team/:id/invite       mail a new 7-day password link (admin)
//   POST /admin/team/:id/remove       remove, with the confirmation box ticked; their sessions end (admin)
import type { FastifyInstance, FastifyReply } from 'fastify';
import { hashPassword } from '../../../core/auth/password.ts';
import { FacteurError } from '../../../core/errors.ts';
import { contactAddress } from '../../../core/import/importer.ts';
import { addressReason } from '../../../core/address/reasons-fr.ts';
import type { User } from '../../../core/model.ts';
import { LANGS } from '../../i18n/index.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { newToken, SESSION_COOKIE, adminCookie } from '../security.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { linkSecret, sendPasswordMail } from './mail.ts';
import { teamMessages } from './messages.ts';
import { memberPage, teamPage, TEAM_ROLES, type InviteForm, type TeamRole } from './pages.ts';

const NAME_MAX = 100;
const DONE = ['invited', 'role', 'removed', 'resent'] as const;

/** A display name on one line: control characters (CR, LF, tab…) become spaces. */
export function cleanName(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const asRole = (v: string | null): TeamRole | undefined => TEAM_ROLES.find((r) => r === v);

export function teamArea(app: FastifyInstance, kit: AdminKit): void {
  const repos = kit.storage.repos;

  const notice = (auth: TenantAuth, raw: unknown) => {
    const done = DONE.find((d) => d === raw);
    return done && teamMessages(auth.lang).team.done[done];
  };

  async function showTeam(reply: FastifyReply, auth: TenantAuth, status: number, extra: { notice?: string; invite?: InviteForm } = {}) {
    const members = await repos.users.listForTenant(auth.tenant.id);
    const view = { members, meId: auth.user.id, isAdmin: auth.user.role === 'admin', ...extra };
    return kit.page(reply, status, teamPage(kit.ctxOf('/admin/team', auth.lang, auth), view));
  }

  /** A member of the signed-in user's association, or undefined (another tenant's id: the same). */
  async function memberOf(auth: TenantAuth, raw: string): Promise<User | undefined> {
    const id = kit.id(raw);
    const user = id === undefined ? undefined : await repos.users.get(id);
    return user && user.tenantId === auth.tenant.id ? user : undefined;
  }

  function showMember(reply: FastifyReply, auth: TenantAuth, member: User, status: number, extra: { notice?: string; roleError?: string; removeError?: string; resendError?: string; role?: string } = {}) {
    const view = { member, meId: auth.user.id, canResend: linkSecret(kit) !== undefined, ...extra };
    return kit.page(reply, status, memberPage(kit.ctxOf(`/admin/team/${member.id}`, auth.lang, auth), view));
  }

  app.get('/admin/team', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return showTeam(reply, auth, 200, { notice: notice(auth, (req.query as Record<string, unknown>).done) });
  });

  app.post('/admin/team/invite', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true, role: 'admin' });
    if (!auth) return reply;
    const t = teamMessages(auth.lang).team;
    const form = kit.form(req);
    const rawEmail = (form.get('email') ?? '').trim();
    const rawName = form.get('name') ?? '';
    const name = cleanName(rawName);
    const role = asRole(form.get('role')) ?? 'editor';
    const lang = LANGS.find((l) => l === form.get('lang')) ?? auth.lang;
    // Values typed are kept (bounded, so a huge one is not sent back whole).
    const invite: InviteForm = { email: rawEmail.slice(0, 320), name: name.slice(0, NAME_MAX + 1), role, lang, errors: {} };
    if (!rawEmail) invite.errors.email = t.emailMissing;
    else if (rawEmail.length > 320) invite.errors.email = t.emailTooLong;
    else {
      const checked = contactAddress(rawEmail);
      if (!checked.ok) invite.errors.email = t.emailInvalid(addressReason(auth.lang, checked.code, checked.reason));
      else invite.email = checked.address;
    }
    if ([...name].length > NAME_MAX) invite.errors.name = t.nameTooLong;
    const secret = linkSecret(kit);
    if (secret === undefined) invite.errors.form = t.noSecret;
    if (invite.errors.email || invite.errors.name || invite.errors.form || secret === undefined) return showTeam(reply, auth, 422, { invite });

    let user: User;
    try {
      user = await repos.users.create({ tenantId: auth.tenant.id, email: invite.email, name, role, passwordHash: await hashPassword(newToken()) });
    } catch (e) {
      if (e instanceof FacteurError && e.code === 'ERR_USER_EXISTS') return showTeam(reply, auth, 422, { invite: { ...invite, errors: { email: t.exists } } });
      throw e;
    }
    try {
      await sendPasswordMail(kit, secret, { tenant: auth.tenant, user, purpose: 'invite', lang, inviter: auth.user.email });
    } catch (e) {
      // No half-done invitation: an account nobody can open is removed again.
      await repos.users.remove(auth.tenant.id, user.id);
      if (!(e instanceof FacteurError)) throw e;
      req.log.warn({ err: e }, 'invitation not queued');
      return showTeam(reply, auth, 422, { invite: { ...invite, errors: { form: t.sendFailed } } });
    }
    return reply.redirect('/admin/team?done=invited', 303);
  });

  app.get<{ Params: { id: string } }>('/admin/team/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { role: 'admin' });
    if (!auth) return reply;
    const member = await memberOf(auth, req.params.id);
    if (!member) return kit.notFound(reply, auth);
    return showMember(reply, auth, member, 200, { notice: notice(auth, (req.query as Record<string, unknown>).done) });
  });

  app.post<{ Params: { id: string } }>('/admin/team/:id/role', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true, role: 'admin' });
    if (!auth) return reply;
    const member = await memberOf(auth, req.params.id);
    if (!member) return kit.notFound(reply, auth);
    const t = teamMessages(auth.lang).team;
    const role = asRole(kit.form(req).get('role'));
    if (!role) return showMember(reply, auth, member, 422, { roleError: t.roleMissing });
    if (role !== member.role && !(await repos.users.setRole(auth.tenant.id, member.id, role))) {
      return showMember(reply, auth, member, 409, { roleError: t.lastAdminRole, role });
    }
    // An admin who made themselves editor can no longer manage the team: back to the list.
    return reply.redirect(member.id === auth.user.id && role !== 'admin' ? '/admin/team?done=role' : `/admin/team/${member.id}?done=role`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/team/:id/invite', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true, role: 'admin' });
    if (!auth) return reply;
    const member = await memberOf(auth, req.params.id);
    if (!member) return kit.notFound(reply, auth);
    const secret = linkSecret(kit);
    if (secret === undefined) return kit.message(reply, 503, auth, auth.lang, teamMessages(auth.lang).forgot.unavailableTitle, teamMessages(auth.lang).team.noSecret);
    try {
      await sendPasswordMail(kit, secret, { tenant: auth.tenant, user: member, purpose: 'invite', lang: auth.lang, inviter: auth.user.email });
    } catch (e) {
      if (!(e instanceof FacteurError)) throw e;
      req.log.warn({ err: e }, 'password link not queued');
      return showMember(reply, auth, member, 422, { resendError: teamMessages(auth.lang).team.sendFailed });
    }
    return reply.redirect(`/admin/team/${member.id}?done=resent`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/team/:id/remove', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true, role: 'admin' });
    if (!auth) return reply;
    const member = await memberOf(auth, req.params.id);
    if (!member) return kit.notFound(reply, auth);
    const t = teamMessages(auth.lang).team;
    if (kit.form(req).get('confirm') !== 'yes') return showMember(reply, auth, member, 422, { removeError: t.removeUnconfirmed });
    if (!(await repos.users.remove(auth.tenant.id, member.id))) return showMember(reply, auth, member, 409, { removeError: t.lastAdminRemove });
    await kit.sessions.deleteForUser(member.id);
    if (member.id === auth.user.id) {
      reply.header('set-cookie', adminCookie(SESSION_COOKIE, '', { secure: kit.settings.secureCookies, maxAge: 0 }));
      return reply.redirect(`/admin/login?bye=1&lang=${auth.lang}`, 303);
    }
    return reply.redirect('/admin/team?done=removed', 303);
  });
}
