// The campaigns area: list, editor with preview, content hints and hygiene report, test send,
// send now or schedule, pause, resume, cancel, live progress and the report. Editors and admins
// may do all of it. Every step goes through delivery/campaigns, the same functions the HTTP API
// calls, so a campaign behaves the same whichever way it is driven.
//
// Route table.
//   GET  /admin/campaigns                     the tenant's campaigns, newest first (?cursor=)
//   GET  /admin/campaigns/new                 editor of a new draft
//   POST /admin/campaigns/new                 action=save: create (303 to its editor); action=preview: the page with the preview of what was typed
//   POST /admin/campaigns/new/preview         live preview (JSON) of what is typed, for editor.js
//   GET  /admin/campaigns/:id                 report: progress, figures, failures by reason, actions
//   GET  /admin/campaigns/:id/edit            editor of a draft or scheduled campaign, with its preview
//   POST /admin/campaigns/:id/edit            action=save | preview, as for new
//   GET  /admin/campaigns/:id/preview         ?view=desktop|mobile|text: the composed message alone, for a sandboxed frame
//   POST /admin/campaigns/:id/preview         live preview (JSON), for editor.js
//   POST /admin/campaigns/:id/test            send a test (kind 'test') to up to 5 addresses
//   GET  /admin/campaigns/:id/send            confirmation: how many will get it; now or at a time
//   POST /admin/campaigns/:id/send            when=now | later (+ at, datetime-local in the tenant's time zone)
//   POST /admin/campaigns/:id/pause           pause a sending campaign
//   POST /admin/campaigns/:id/resume          resume a paused campaign
//   GET  /admin/campaigns/:id/cancel          confirmation of the cancellation
//   POST /admin/campaigns/:id/cancel          cancel (checkbox `confirm` required)
//   GET  /admin/campaigns/:id/progress.json   figures for the report's live progress (campaign-progress.js)
//   GET  /admin/campaigns/:id/failures.csv    the addresses that bounced or complained
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Campaign, Tenant } from '../../../core/model.ts';
import { isFacteurError } from '../../../core/errors.ts';
import { contentHints, type Hint } from '../../../core/hints/index.ts';
import { hygieneReport, type HygieneReport } from '../../../core/hygiene/index.ts';
import { BUILTIN_FIELDS } from '../../../delivery/compose/index.ts';
import { knownFields, prepareCampaign } from '../../../delivery/queue/index.ts';
import {
  campaignAllows, cancelCampaign, changeDraft, draftInput, pauseOrResume, previewCampaign, scheduleCampaign, sendTest, startCampaign,
} from '../../../delivery/campaigns/index.ts';
import { toCsv } from '../../api/csv.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { adminMessages } from '../messages.ts';
import { nf } from '../layout.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { campaignMessages, type CampaignMessages } from './messages.ts';
import {
  checkDraftForm, draftFields, draftOf, emptyDraft, explain, parseLocal, readDraftForm, testAddresses, typedCampaign, zoneOf, type DraftForm, type Explained, type FieldErrors,
} from './form.ts';
import { campaignPage, cancelPage, editorPage, errorDocument, listPage, progressOf, sendPage, textDocument, type EditorView, type PreviewView } from './pages.ts';

/** Editor forms carry the whole body (up to 1,000,000 characters): larger than the other forms. */
export const EDITOR_BODY_LIMIT = 4 * 1024 * 1024;
const EDITOR_LIMIT = { bodyLimit: EDITOR_BODY_LIMIT };

/** The sandboxed preview: no script, no request anywhere (inline styles and data: images only), framed by our pages only. */
export const PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const DONE = ['created', 'saved', 'tested', 'scheduled', 'started', 'paused', 'resumed', 'cancelled'] as const;
type Done = (typeof DONE)[number];

type Params = { Params: { id: string } };

export async function campaignsArea(app: FastifyInstance, kit: AdminKit): Promise<void> {
  await app.register(async (sub) => {
    // A form larger than the editor's limit: say so in the page's words (others go to the plugin's handler).
    sub.setErrorHandler(async (error: Error & { statusCode?: number }, req, reply) => {
      if (error.statusCode !== 413) throw error;
      const auth = await kit.requireAuth(req, reply);
      if (!auth) return reply;
      const size = `${nf(auth.lang, EDITOR_BODY_LIMIT / 1024 / 1024)} ${auth.lang === 'fr' ? 'Mo' : 'MB'}`;
      return kit.message(reply, 413, auth, auth.lang, adminMessages(auth.lang).errors.badRequest, campaignMessages(auth.lang).tooLarge(size));
    });
    routes(sub, kit);
  });
}

function routes(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;
  const platformDomain = kit.settings.platformDomain;

  const doneOf = (req: FastifyRequest, m: CampaignMessages): string | undefined => {
    const d = (req.query as Record<string, unknown>).done;
    return DONE.includes(d as Done) ? m.done[d as Done] : undefined;
  };

  /** The tenant's campaign of the path, or undefined after a 404 (malformed id, or another tenant's). */
  async function campaignOf(req: FastifyRequest<Params>, reply: FastifyReply, auth: TenantAuth): Promise<Campaign | undefined> {
    const id = kit.id(req.params.id);
    const c = id === undefined ? undefined : await storage.repos.campaigns.get(auth.tenant.id, id);
    if (!c) void kit.notFound(reply, auth);
    return c;
  }

  type CampaignHandler = (req: FastifyRequest<Params>, reply: FastifyReply, auth: TenantAuth, c: Campaign) => Promise<FastifyReply>;

  /** A route on one of the tenant's campaigns: signed in (a POST CSRF-checked), the campaign of the path or a 404. */
  function campaignRoute(method: 'get' | 'post', url: string, handler: CampaignHandler, bodyLimit = FORM_BODY_LIMIT): void {
    app.route<Params>({
      method: method === 'get' ? 'GET' : 'POST',
      url,
      ...(method === 'post' ? { bodyLimit } : {}),
      handler: async (req, reply) => {
        const auth = await kit.requireTenant(req, reply, { post: method === 'post' });
        if (!auth) return reply;
        const c = await campaignOf(req, reply, auth);
        if (!c) return reply;
        return handler(req, reply, auth, c);
      },
    });
  }

  /** An editor POST, for a new draft (`newUrl`) and for a saved one (`idUrl`). */
  function editorRoutes(newUrl: string, idUrl: string, handler: (req: FastifyRequest, reply: FastifyReply, auth: TenantAuth, c: Campaign | undefined) => Promise<FastifyReply>): void {
    app.post(newUrl, EDITOR_LIMIT, async (req, reply) => {
      const auth = await kit.requireTenant(req, reply, { post: true });
      if (!auth) return reply;
      return handler(req, reply, auth, undefined);
    });
    campaignRoute('post', idUrl, handler, EDITOR_BODY_LIMIT);
  }

  async function fieldsOf(tenant: Tenant): Promise<string[]> {
    return [...new Set([...(await knownFields(storage, tenant.id)), ...BUILTIN_FIELDS])];
  }

  const explainCtx = async (auth: TenantAuth, draft?: DraftForm) => ({
    tenant: auth.tenant,
    platformDomain,
    fields: await fieldsOf(auth.tenant),
    statusName: (s: string) => adminMessages(auth.lang).campaign.statuses[s] ?? s,
    ...(draft ? { draft } : {}),
  });

  /** The message as the first member of its lists would get it, or the error that stops composing it. */
  async function previewOf(auth: TenantAuth, c: Campaign): Promise<{ preview?: PreviewView; error?: Explained }> {
    try {
      const first = c.listIds.length ? await storage.repos.hygiene.audiencePage(auth.tenant.id, c.listIds, 0, 1) : [];
      const p = await previewCampaign(storage, auth.tenant, c, {
        ...(first[0] ? { contactId: first[0].contactId } : {}),
        platformDomain,
        publicUrl: kit.settings.publicUrl,
      });
      return { preview: { subject: p.subject, html: p.html, text: p.text, address: first[0] ? p.address : '' } };
    } catch (e) {
      const x = explain(e, campaignMessages(auth.lang), await explainCtx(auth));
      if (!x) throw e;
      return { error: x };
    }
  }

  async function hygieneOf(c: Campaign): Promise<HygieneReport | undefined> {
    return c.listIds.length ? hygieneReport(storage.repos.hygiene, c, { now: kit.now() }) : undefined;
  }

  /** Renders the editor for `values` (saved or typed), with preview, hints and hygiene. */
  async function renderEditor(
    reply: FastifyReply,
    status: number,
    auth: TenantAuth,
    path: string,
    o: { campaign?: Campaign; values: DraftForm; errors: FieldErrors; mode: EditorView['previewMode']; formError?: string; notice?: string; testTo?: string; testError?: string },
  ): Promise<FastifyReply> {
    const tenant = auth.tenant;
    const all = await storage.repos.lists.list(tenant.id);
    const counts = await storage.repos.audience.memberCounts(tenant.id, all.map((l) => l.id));
    const shown = typedCampaign(tenant, o.campaign, o.values, kit.now());
    // Lists typed that are not the tenant's are dropped from what is computed (the error says so).
    shown.listIds = shown.listIds.filter((id) => all.some((l) => l.id === id));
    const errors = { ...o.errors };
    // A body refused (too long) is not analysed either.
    if (errors.markdown) shown.bodyMarkdown = '';
    let preview: PreviewView | undefined;
    let previewError: string | undefined;
    const canCompose = !errors.subject && !errors.markdown && shown.subject !== '' && shown.bodyMarkdown !== '';
    if (o.mode !== 'none' && canCompose) {
      const r = await previewOf(auth, shown);
      preview = r.preview;
      if (r.error?.field && !errors[r.error.field]) errors[r.error.field] = r.error.message;
      else if (r.error && !r.error.field) previewError = r.error.message;
    }
    const hygiene = await hygieneOf(shown);
    const hints: Hint[] = hygiene?.hints ?? (shown.subject || shown.bodyMarkdown ? contentHints({ subject: shown.subject, markdown: shown.bodyMarkdown }) : []);
    const settings = tenant.settings as { from_name?: unknown };
    const view: EditorView = {
      ...(o.campaign ? { campaign: o.campaign } : {}),
      values: o.values,
      errors,
      ...(o.formError || previewError ? { formError: o.formError ?? previewError } : {}),
      lists: all.map((list) => ({ list, members: counts.get(list.id) ?? 0 })),
      fields: await fieldsOf(tenant),
      fromNameDefault: typeof settings.from_name === 'string' && settings.from_name ? settings.from_name : tenant.name,
      previewMode: o.mode,
      ...(preview ? { preview } : {}),
      hints,
      ...(hygiene ? { hygiene } : {}),
      ...(o.notice ? { notice: o.notice } : {}),
      testTo: o.testTo ?? auth.user.email,
      ...(o.testError ? { testError: o.testError } : {}),
      zone: zoneOf(tenant),
    };
    return kit.page(reply, status, editorPage(kit.ctxOf(path, auth.lang, auth), view));
  }

  // --- list -------------------------------------------------------------------------------

  app.get('/admin/campaigns', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const raw = (req.query as Record<string, unknown>).cursor;
    const cursor = typeof raw === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(raw) ? raw : null;
    let page;
    try {
      page = await storage.repos.campaigns.listNewest(auth.tenant.id, { cursor, limit: 20 });
    } catch (e) {
      if (!isFacteurError(e)) throw e;
      page = await storage.repos.campaigns.listNewest(auth.tenant.id, { limit: 20 });
    }
    const rows = [];
    for (const c of page.items) rows.push({ campaign: c, counts: await storage.repos.campaignReports.counts(auth.tenant.id, c.id) });
    const m = campaignMessages(auth.lang);
    const n = doneOf(req, m);
    return kit.page(reply, 200, listPage(kit.ctxOf('/admin/campaigns', auth.lang, auth), rows, { next: page.nextCursor, first: cursor === null, zone: zoneOf(auth.tenant), ...(n ? { notice: n } : {}) }));
  });

  // --- editor -----------------------------------------------------------------------------

  app.get('/admin/campaigns/new', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return renderEditor(reply, 200, auth, '/admin/campaigns/new', { values: emptyDraft(), errors: {}, mode: 'none' });
  });

  campaignRoute('get', '/admin/campaigns/:id/edit', async (req, reply, auth, c) => {
    if (!campaignAllows(c, 'change')) return reply.redirect(`/admin/campaigns/${c.id}`, 303);
    const n = doneOf(req, campaignMessages(auth.lang));
    return renderEditor(reply, 200, auth, `/admin/campaigns/${c.id}/edit`, { campaign: c, values: draftOf(c), errors: {}, mode: 'saved', ...(n ? { notice: n } : {}) });
  });

  /** Save or preview a new draft (`c` undefined) or a saved one. */
  async function postEditor(req: FastifyRequest, reply: FastifyReply, auth: TenantAuth, c: Campaign | undefined): Promise<FastifyReply> {
    const m = campaignMessages(auth.lang);
    const path = c ? `/admin/campaigns/${c.id}/edit` : '/admin/campaigns/new';
    if (c && !campaignAllows(c, 'change')) {
      return kit.message(reply, 409, auth, auth.lang, m.editTitle(c.name), m.notEditable(adminMessages(auth.lang).campaign.statuses[c.status] ?? c.status));
    }
    const form = kit.form(req);
    const values = readDraftForm(form);
    const preview = form.get('action') === 'preview';
    const errors = checkDraftForm(values, m, auth.lang);
    let input;
    if (Object.keys(errors).length === 0) {
      try {
        input = await draftInput(storage, auth.tenant, platformDomain, draftFields(values));
      } catch (e) {
        const x = explain(e, m, await explainCtx(auth, values));
        if (!x) throw e;
        if (x.field) errors[x.field] = x.message;
        else return renderEditor(reply, 409, auth, path, { ...(c ? { campaign: c } : {}), values, errors, mode: 'typed', formError: x.message });
      }
    }
    if (preview || !input) {
      return renderEditor(reply, Object.keys(errors).length ? 422 : 200, auth, path, { ...(c ? { campaign: c } : {}), values, errors, mode: 'typed' });
    }
    if (!c) {
      const created = await storage.repos.campaigns.create(auth.tenant.id, { name: values.name, subject: values.subject, bodyMarkdown: values.markdown, ...input });
      return reply.redirect(`/admin/campaigns/${created.id}/edit?done=created`, 303);
    }
    try {
      await changeDraft(storage, c, input);
    } catch (e) {
      const x = explain(e, m, await explainCtx(auth, values));
      if (!x) throw e;
      return renderEditor(reply, 409, auth, path, { campaign: c, values, errors, mode: 'typed', formError: x.message });
    }
    return reply.redirect(`/admin/campaigns/${c.id}/edit?done=saved`, 303);
  }

  editorRoutes('/admin/campaigns/new', '/admin/campaigns/:id/edit', postEditor);

  // --- preview ----------------------------------------------------------------------------

  /** The live preview of what is typed, as JSON for editor.js: the frames' documents, hints, the error next to its field. */
  async function livePreview(req: FastifyRequest, reply: FastifyReply, auth: TenantAuth, c: Campaign | undefined): Promise<FastifyReply> {
    const m = campaignMessages(auth.lang);
    const values = readDraftForm(kit.form(req));
    const errors = checkDraftForm(values, m, auth.lang);
    const shown = typedCampaign(auth.tenant, c, values, kit.now());
    if (errors.markdown) shown.bodyMarkdown = '';
    const hints = contentHints({ subject: shown.subject, markdown: shown.bodyMarkdown }).map((h) => ({ severity: h.severity, label: m.severity[h.severity], message: h.message[auth.lang] }));
    const first = Object.entries(errors).find(([f]) => f === 'subject' || f === 'markdown' || f === 'listIds');
    let out: Record<string, unknown>;
    if (first) {
      out = { ok: false, error: { field: first[0], message: first[1] } };
    } else {
      const r = await previewOf(auth, shown);
      out = r.preview
        ? { ok: true, subject: m.previewSubject(r.preview.subject), sample: r.preview.address ? m.previewFor(r.preview.address) : m.previewNoContact, html: r.preview.html, text: textDocument(auth.lang, r.preview.text), error: null }
        : { ok: false, error: { field: r.error?.field ?? null, message: r.error?.message ?? m.previewUnavailable } };
    }
    if (!out.ok) out.document = errorDocument(auth.lang, m.previewUnavailable);
    return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify({ ...out, hints, noHints: m.noHints }));
  }

  editorRoutes('/admin/campaigns/new/preview', '/admin/campaigns/:id/preview', livePreview);

  campaignRoute('get', '/admin/campaigns/:id/preview', async (req, reply, auth, c) => {
    const view = (req.query as Record<string, unknown>).view;
    const r = await previewOf(auth, c);
    const doc = r.preview ? (view === 'text' ? textDocument(auth.lang, r.preview.text) : r.preview.html) : errorDocument(auth.lang, r.error?.message ?? campaignMessages(auth.lang).previewUnavailable);
    // Its own policy: the plugin's onSend hook keeps it (no script, no request, framed by our pages only).
    return reply
      .code(r.preview ? 200 : 422)
      .header('content-security-policy', PREVIEW_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(doc);
  });

  // --- test -------------------------------------------------------------------------------

  campaignRoute('post', '/admin/campaigns/:id/test', async (req, reply, auth, c) => {
    const m = campaignMessages(auth.lang);
    const raw = kit.form(req).get('to') ?? '';
    const { to, error } = testAddresses(raw, m);
    let testError = error;
    if (!testError) {
      try {
        await sendTest(storage, auth.tenant, c, to, platformDomain);
      } catch (e) {
        if (!isFacteurError(e)) throw e;
        if (e.code === 'ERR_INVALID_ADDRESS') {
          const d = (e.details ?? {}) as Record<string, unknown>;
          const i = Number(String(d.field ?? '').replace('to.', ''));
          testError = `${m.invalidAddress(to[i] ?? raw)}${typeof d.suggestion === 'string' && d.suggestion ? ` ${m.didYouMean(d.suggestion)}` : ''}`;
        } else {
          const x = explain(e, m, await explainCtx(auth));
          if (!x) throw e;
          testError = x.message;
        }
      }
    }
    const path = `/admin/campaigns/${c.id}/edit`;
    if (testError) {
      if (!campaignAllows(c, 'change')) return kit.message(reply, 422, auth, auth.lang, m.testHeading, testError);
      return renderEditor(reply, 422, auth, path, { campaign: c, values: draftOf(c), errors: {}, mode: 'saved', testTo: raw.slice(0, 2000), testError });
    }
    return reply.redirect(campaignAllows(c, 'change') ? `${path}?done=tested` : `/admin/campaigns/${c.id}?done=tested`, 303);
  });

  // --- send or schedule -------------------------------------------------------------------

  async function renderSend(reply: FastifyReply, status: number, auth: TenantAuth, c: Campaign, o: { when: 'now' | 'later'; at: string; atError?: string; formError?: string }) {
    const m = campaignMessages(auth.lang);
    let blocker: string | undefined;
    try {
      await prepareCampaign(storage, auth.tenant, c, { platformDomain, requireLists: true });
    } catch (e) {
      const x = explain(e, m, await explainCtx(auth));
      if (!x) throw e;
      blocker = x.message;
    }
    const hygiene = blocker ? undefined : await hygieneOf(c);
    return kit.page(reply, status, sendPage(kit.ctxOf(`/admin/campaigns/${c.id}/send`, auth.lang, auth), { campaign: c, ...(hygiene ? { hygiene } : {}), ...(blocker ? { blocker } : {}), zone: zoneOf(auth.tenant), ...o }));
  }

  campaignRoute('get', '/admin/campaigns/:id/send', async (req, reply, auth, c) => {
    if (!campaignAllows(c, 'send')) return reply.redirect(`/admin/campaigns/${c.id}`, 303);
    return renderSend(reply, 200, auth, c, { when: c.status === 'scheduled' ? 'later' : 'now', at: '' });
  });

  campaignRoute('post', '/admin/campaigns/:id/send', async (req, reply, auth, c) => {
    const m = campaignMessages(auth.lang);
    const form = kit.form(req);
    const when = form.get('when') === 'later' ? 'later' : 'now';
    const atRaw = (form.get('at') ?? '').slice(0, 40);
    const zone = zoneOf(auth.tenant);
    try {
      if (when === 'now') {
        await startCampaign(storage, auth.tenant, c, { platformDomain, canary: kit.settings.guard.canary });
        return reply.redirect(`/admin/campaigns/${c.id}?done=started`, 303);
      }
      if (atRaw.trim() === '') return renderSend(reply, 422, auth, c, { when, at: atRaw, atError: m.atRequired });
      const at = parseLocal(atRaw, zone);
      if (at === undefined) return renderSend(reply, 422, auth, c, { when, at: atRaw, atError: m.atInvalid });
      if (at <= kit.now()) return renderSend(reply, 422, auth, c, { when, at: atRaw, atError: m.atPast });
      await scheduleCampaign(storage, auth.tenant, c, at, platformDomain);
      return reply.redirect(`/admin/campaigns/${c.id}?done=scheduled`, 303);
    } catch (e) {
      const x = explain(e, m, await explainCtx(auth));
      if (!x) throw e;
      const fresh = (await storage.repos.campaigns.get(auth.tenant.id, c.id)) ?? c;
      if (!campaignAllows(fresh, 'send')) return kit.message(reply, 409, auth, auth.lang, m.confirmTitle(c.name), x.message);
      return renderSend(reply, 422, auth, fresh, { when, at: atRaw, formError: x.message });
    }
  });

  // --- pause, resume, cancel --------------------------------------------------------------

  for (const action of ['pause', 'resume'] as const) {
    campaignRoute('post', `/admin/campaigns/:id/${action}`, async (req, reply, auth, c) => {
      const m = campaignMessages(auth.lang);
      try {
        await pauseOrResume(storage, c, action, { by: 'admin', user: auth.user.id });
      } catch (e) {
        const x = explain(e, m, await explainCtx(auth));
        if (!x) throw e;
        return kit.message(reply, 409, auth, auth.lang, action === 'pause' ? m.pause : m.resume, x.message);
      }
      return reply.redirect(`/admin/campaigns/${c.id}?done=${action === 'pause' ? 'paused' : 'resumed'}`, 303);
    });
  }

  campaignRoute('get', '/admin/campaigns/:id/cancel', async (req, reply, auth, c) => {
    if (!campaignAllows(c, 'cancel')) return reply.redirect(`/admin/campaigns/${c.id}`, 303);
    return kit.page(reply, 200, cancelPage(kit.ctxOf(`/admin/campaigns/${c.id}/cancel`, auth.lang, auth), c));
  });

  campaignRoute('post', '/admin/campaigns/:id/cancel', async (req, reply, auth, c) => {
    const m = campaignMessages(auth.lang);
    if (kit.form(req).get('confirm') !== 'yes') return kit.page(reply, 422, cancelPage(kit.ctxOf(`/admin/campaigns/${c.id}/cancel`, auth.lang, auth), c, m.cancelMustCheck));
    try {
      await cancelCampaign(storage, c);
    } catch (e) {
      const x = explain(e, m, await explainCtx(auth));
      if (!x) throw e;
      return kit.message(reply, 409, auth, auth.lang, m.cancelTitle(c.name), x.message);
    }
    return reply.redirect(`/admin/campaigns/${c.id}?done=cancelled`, 303);
  });

  // --- report and progress ----------------------------------------------------------------

  campaignRoute('get', '/admin/campaigns/:id', async (req, reply, auth, c) => {
    const counts = await storage.repos.campaignReports.counts(auth.tenant.id, c.id);
    const n = doneOf(req, campaignMessages(auth.lang));
    return kit.page(reply, 200, campaignPage(kit.ctxOf(`/admin/campaigns/${c.id}`, auth.lang, auth), c, counts, { zone: zoneOf(auth.tenant), ...(n ? { notice: n } : {}) }));
  });

  campaignRoute('get', '/admin/campaigns/:id/progress.json', async (req, reply, auth, c) => {
    const p = progressOf(c, await storage.repos.campaignReports.counts(auth.tenant.id, c.id));
    const m = campaignMessages(auth.lang);
    const n = (x: number) => nf(auth.lang, x);
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ ...p, statusName: adminMessages(auth.lang).campaign.statuses[c.status] ?? c.status, text: m.progressText(n(p.done), n(p.total)), formatted: { delivered: n(p.delivered), queued: n(p.queued + p.sending), deferred: n(p.deferred), bounced: n(p.bounced) } }));
  });

  campaignRoute('get', '/admin/campaigns/:id/failures.csv', async (req, reply, auth, campaign) => {
    const m = adminMessages(auth.lang);
    const rows: string[][] = [m.campaign.csvHeader];
    let cursor: string | null = null;
    do {
      const pageOf = await storage.repos.campaignReports.failures(auth.tenant.id, campaign.id, { cursor, limit: 10_000 });
      for (const f of pageOf.items) rows.push([f.address, f.name ?? '', f.kind, f.reason ?? '', f.code === null ? '' : String(f.code), f.response ?? '', new Date(f.at).toISOString()]);
      cursor = pageOf.nextCursor;
    } while (cursor);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${campaign.id}-failures.csv"`)
      .send(toCsv(rows, auth.lang === 'fr' ? ';' : ','));
  });
}

