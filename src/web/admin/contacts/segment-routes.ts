// Routes of the segments pages (see the table in index.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContactFilter, Segment } from '../../../core/model.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { contactsMessages } from './messages.ts';
import { queryString } from './ui.ts';
import { checkSegmentForm, segmentFormFrom, segmentFormOf, type FormErrors, type SegmentForm } from './forms.ts';
import { deleteSegmentPage, segmentPage, segmentsPage } from './segment-pages.ts';
import { allSegments } from './list-routes.ts';

const PREVIEW = 10;

export function segmentRoutes(app: FastifyInstance, kit: AdminKit): void {
  const repos = kit.storage.repos;

  async function segmentOf(auth: TenantAuth, raw: string): Promise<Segment | undefined> {
    const id = kit.id(raw);
    return id === undefined ? undefined : repos.segments.get(auth.tenant.id, id);
  }

  async function show(reply: FastifyReply, auth: TenantAuth, segment: Segment | undefined, status: number, form: SegmentForm, errors: FormErrors, filter: ContactFilter | undefined, done: unknown) {
    const tenantId = auth.tenant.id;
    const page = filter ? await repos.audience.search(tenantId, filter, { limit: PREVIEW }) : undefined;
    const view = {
      segment,
      form,
      errors,
      lists: await repos.lists.list(tenantId),
      count: filter ? await repos.audience.count(tenantId, filter) : undefined,
      preview: page?.items ?? [],
      more: page?.nextCursor != null,
      done,
    };
    const path = segment ? `/admin/segments/${segment.id}` : '/admin/segments/new';
    return kit.page(reply, status, segmentPage(kit.ctxOf(path, auth.lang, auth), view));
  }

  app.get('/admin/segments', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const segments = await allSegments(kit, auth.tenant.id);
    const rows = [];
    for (const segment of segments) rows.push({ segment, count: await repos.audience.count(auth.tenant.id, segment.filter) });
    return kit.page(reply, 200, segmentsPage(kit.ctxOf('/admin/segments', auth.lang, auth), rows, queryString(req.query, 'done')));
  });

  app.get('/admin/segments/new', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return show(reply, auth, undefined, 200, { name: '', description: '', statuses: [], listId: '', address: '', rows: [] }, {}, undefined, undefined);
  });

  app.get<{ Params: { id: string } }>('/admin/segments/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const segment = await segmentOf(auth, req.params.id);
    if (!segment) return kit.notFound(reply, auth);
    return show(reply, auth, segment, 200, segmentFormFrom(segment), {}, segment.filter, queryString(req.query, 'done'));
  });

  // New (`new`) or existing segment: "count" shows what the filter selects without saving; "save" saves it.
  app.post<{ Params: { id: string } }>('/admin/segments/:id', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const tenantId = auth.tenant.id;
    const isNew = req.params.id === 'new';
    const segment = isNew ? undefined : await segmentOf(auth, req.params.id);
    if (!isNew && !segment) return kit.notFound(reply, auth);
    const form = kit.form(req);
    const saving = form.get('action') !== 'count';
    const f = segmentFormOf(form);
    const { errors, filter, malformedList } = checkSegmentForm(contactsMessages(auth.lang), f, saving);
    if (malformedList || (filter.listId !== undefined && !(await repos.lists.get(tenantId, filter.listId)))) return kit.notFound(reply, auth);
    if (Object.keys(errors).length > 0) return show(reply, auth, segment, 422, f, errors, undefined, undefined);
    if (!saving) return show(reply, auth, segment, 200, f, {}, filter, undefined);
    const input = { name: f.name, description: f.description === '' ? null : f.description, filter };
    if (segment) {
      await repos.segments.update(tenantId, segment.id, input);
      return reply.redirect(`/admin/segments/${segment.id}?done=updated`, 303);
    }
    const created = await repos.segments.create(tenantId, input);
    return reply.redirect(`/admin/segments/${created.id}?done=created`, 303);
  });

  app.get<{ Params: { id: string } }>('/admin/segments/:id/delete', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const segment = await segmentOf(auth, req.params.id);
    if (!segment) return kit.notFound(reply, auth);
    return kit.page(reply, 200, deleteSegmentPage(kit.ctxOf(`/admin/segments/${segment.id}/delete`, auth.lang, auth), segment, {}));
  });

  app.post<{ Params: { id: string } }>('/admin/segments/:id/delete', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const segment = await segmentOf(auth, req.params.id);
    if (!segment) return kit.notFound(reply, auth);
    if (kit.form(req).get('confirm') !== 'yes') {
      const errors = { confirm: contactsMessages(auth.lang).common.confirmRequired };
      return kit.page(reply, 422, deleteSegmentPage(kit.ctxOf(`/admin/segments/${segment.id}/delete`, auth.lang, auth), segment, errors));
    }
    await repos.segments.delete(auth.tenant.id, segment.id);
    return reply.redirect('/admin/segments?done=deleted', 303);
  });
}
