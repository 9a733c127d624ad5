// Routes of the lists pages (see the table in index.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isFacteurError } from '../../../core/errors.ts';
import type { MailingList, Segment } from '../../../core/model.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { subscribeSnippet } from '../../public/subscribe/snippet.ts';
import { formPath } from '../../public/subscribe/pages.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { contactsMessages } from './messages.ts';
import { queryString } from './ui.ts';
import { checkListForm, listFormOf, type FormErrors, type ListForm } from './forms.ts';
import { deleteListPage, listPage, listsPage } from './list-pages.ts';

/** Every segment of a tenant (a tenant has a handful; pages of 500). */
export async function allSegments(kit: AdminKit, tenantId: number): Promise<Segment[]> {
  const out: Segment[] = [];
  let cursor: string | null = null;
  do {
    const page = await kit.storage.repos.segments.list(tenantId, { cursor, limit: 500 });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export function listRoutes(app: FastifyInstance, kit: AdminKit): void {
  const repos = kit.storage.repos;

  async function listOf(auth: TenantAuth, raw: string): Promise<MailingList | undefined> {
    const id = kit.id(raw);
    return id === undefined ? undefined : repos.lists.get(auth.tenant.id, id);
  }

  async function showLists(reply: FastifyReply, auth: TenantAuth, status: number, form: ListForm, errors: FormErrors, done: unknown) {
    const lists = await repos.lists.list(auth.tenant.id);
    const counts = await repos.audience.memberCounts(
      auth.tenant.id,
      lists.map((l) => l.id),
    );
    const view = { lists: lists.map((l) => ({ ...l, memberCount: counts.get(l.id) ?? 0 })), form, errors, done };
    return kit.page(reply, status, listsPage(kit.ctxOf('/admin/lists', auth.lang, auth), view));
  }

  async function showList(reply: FastifyReply, auth: TenantAuth, list: MailingList, status: number, form: ListForm, errors: FormErrors, done: unknown) {
    const t = auth.tenant;
    const count = (s: string) => repos.lists.countMembers(t.id, list.id, s);
    const view = {
      list,
      counts: { subscribed: await count('subscribed'), unconfirmed: await count('unconfirmed'), unsubscribed: await count('unsubscribed') },
      formUrl: `${kit.settings.publicUrl}${formPath(t, list)}`,
      snippet: subscribeSnippet(kit.settings.publicUrl, t, list, auth.lang),
      form,
      errors,
      done,
    };
    return kit.page(reply, status, listPage(kit.ctxOf(`/admin/lists/${list.id}`, auth.lang, auth), view));
  }

  app.get('/admin/lists', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return showLists(reply, auth, 200, { name: '', slug: '', description: '' }, {}, queryString(req.query, 'done'));
  });

  app.post('/admin/lists', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const m = contactsMessages(auth.lang);
    const f = listFormOf(kit.form(req));
    const { errors, slug } = checkListForm(m, f, true);
    if (Object.keys(errors).length > 0) return showLists(reply, auth, 422, f, errors, undefined);
    try {
      const list = await repos.lists.create(auth.tenant.id, { slug, name: f.name, description: f.description === '' ? null : f.description });
      return reply.redirect(`/admin/lists/${list.id}?done=created`, 303);
    } catch (e) {
      if (!isFacteurError(e) || e.code !== 'ERR_CONFLICT') throw e;
      // Show the slug that was taken (also when it was derived from the name), to be edited.
      return showLists(reply, auth, 422, { ...f, slug }, { slug: m.lists.slugTaken }, undefined);
    }
  });

  app.get<{ Params: { id: string } }>('/admin/lists/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const list = await listOf(auth, req.params.id);
    if (!list) return kit.notFound(reply, auth);
    return showList(reply, auth, list, 200, { name: list.name, slug: list.slug, description: list.description ?? '' }, {}, queryString(req.query, 'done'));
  });

  app.post<{ Params: { id: string } }>('/admin/lists/:id', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const list = await listOf(auth, req.params.id);
    if (!list) return kit.notFound(reply, auth);
    const f = listFormOf(kit.form(req));
    const { errors } = checkListForm(contactsMessages(auth.lang), f, false);
    if (Object.keys(errors).length > 0) return showList(reply, auth, list, 422, f, errors, undefined);
    await repos.audience.updateList(auth.tenant.id, list.id, { name: f.name, description: f.description === '' ? null : f.description });
    return reply.redirect(`/admin/lists/${list.id}?done=updated`, 303);
  });

  async function showDelete(reply: FastifyReply, auth: TenantAuth, list: MailingList, status: number, errors: FormErrors) {
    const subscribers = await repos.lists.countMembers(auth.tenant.id, list.id);
    const segments = (await allSegments(kit, auth.tenant.id)).filter((s) => s.filter.listId === list.id).map((s) => s.name);
    return kit.page(reply, status, deleteListPage(kit.ctxOf(`/admin/lists/${list.id}/delete`, auth.lang, auth), list, subscribers, segments, errors));
  }

  app.get<{ Params: { id: string } }>('/admin/lists/:id/delete', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const list = await listOf(auth, req.params.id);
    if (!list) return kit.notFound(reply, auth);
    return showDelete(reply, auth, list, 200, {});
  });

  app.post<{ Params: { id: string } }>('/admin/lists/:id/delete', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const list = await listOf(auth, req.params.id);
    if (!list) return kit.notFound(reply, auth);
    if (kit.form(req).get('confirm') !== 'yes') return showDelete(reply, auth, list, 422, { confirm: contactsMessages(auth.lang).common.confirmRequired });
    await repos.lists.delete(auth.tenant.id, list.id);
    return reply.redirect('/admin/lists?done=deleted', 303);
  });
}
