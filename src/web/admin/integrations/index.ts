// Integrations: the association's API keys, SMTP credentials and webhook endpoints. Admins only.
// A secret (API key, SMTP password, webhook signing secret) appears once, in the answer to the
// creation POST (no-store), and is never stored in clear, logged or shown again.
//
// Route table.
//   GET  /admin/integrations                          the three lists
//   GET  /admin/integrations/keys/new                 form: name + scopes
//   POST /admin/integrations/keys/new                 → 200 page with the key, once
//   GET  /admin/integrations/keys/:id/revoke          confirmation
//   POST /admin/integrations/keys/:id/revoke          → 303 ?done=keyRevoked
//   GET  /admin/integrations/smtp/new                 form: name + allowed senders
//   POST /admin/integrations/smtp/new                 → 200 page with user name, password (once), host and ports
//   GET  /admin/integrations/smtp/:id/revoke          confirmation
//   POST /admin/integrations/smtp/:id/revoke          → 303 ?done=smtpRevoked
//   GET  /admin/integrations/webhooks/new             form: URL, description, events, raw bounces
//   POST /admin/integrations/webhooks/new             → 200 page with the signing secret, once
//   POST /admin/integrations/webhooks/:id/disable     → 303 ?done=webhookDisabled
//   POST /admin/integrations/webhooks/:id/enable      → 303 ?done=webhookEnabled (resumes where it stopped)
//   GET  /admin/integrations/webhooks/:id/delete      confirmation
//   POST /admin/integrations/webhooks/:id/delete      → 303 ?done=webhookDeleted
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { generateApiKey } from '../../../core/auth/apikey.ts';
import { issueSmtpCredential } from '../../../core/auth/smtp-credential.ts';
import { FacteurError } from '../../../core/errors.ts';
import { API_SCOPES, WEBHOOK_EVENT_TYPES, type ApiScope, type WebhookEventType } from '../../../core/model.ts';
import { newWebhookSecret, webhookUrlProblem } from '../../../delivery/webhooks/index.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { html, type SafeHtml } from '../../public/html.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { integrationMessages } from './messages.ts';
import {
  confirmPage,
  DESCRIPTION_MAX,
  keyCreatedPage,
  keyFormPage,
  NAME_MAX,
  overviewPage,
  SENDERS_MAX,
  smtpCreatedPage,
  smtpFormPage,
  URL_MAX,
  webhookCreatedPage,
  webhookFormPage,
  type KeyForm,
  type SmtpForm,
  type WebhookForm,
} from './pages.ts';
import { CONTROL, text } from './ui.ts';

type IdReq = FastifyRequest<{ Params: { id: string } }>;

export function integrationsArea(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;
  const repos = storage.repos;
  const admin = (req: FastifyRequest, reply: FastifyReply, post = false) => kit.requireTenant(req, reply, { post, role: 'admin' });
  const ctx = (auth: TenantAuth, path: string) => kit.ctxOf(path, auth.lang, auth);
  const csrf = (auth: TenantAuth) => auth.session.csrfToken;

  /** A one-line name: the error to show, or undefined. */
  function nameError(auth: TenantAuth, name: string): string | undefined {
    const m = integrationMessages(auth.lang);
    if (name === '') return m.errNameEmpty;
    if (name.length > NAME_MAX) return m.errTooLong(NAME_MAX);
    if (CONTROL.test(name)) return m.errControl;
    return undefined;
  }

  app.get<{ Querystring: { done?: string } }>('/admin/integrations', async (req, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    const t = auth.tenant.id;
    const webhooks = [];
    let cursor: string | null = null;
    do {
      const page = await repos.webhooks.list(t, { cursor, limit: 500 });
      webhooks.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const view = { keys: await repos.apiKeys.list(t), credentials: await repos.smtpCredentials.list(t), webhooks, done: req.query.done };
    return kit.page(reply, 200, overviewPage(ctx(auth, '/admin/integrations'), csrf(auth), view));
  });

  // API keys.

  app.get('/admin/integrations/keys/new', async (req, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    return kit.page(reply, 200, keyFormPage(ctx(auth, '/admin/integrations/keys/new'), csrf(auth), { name: '', scopes: ['read'], errors: {} }));
  });

  app.post('/admin/integrations/keys/new', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const m = integrationMessages(auth.lang);
    const form = kit.form(req);
    const f: KeyForm = { name: text(form, 'name'), scopes: form.getAll('scopes').filter((s) => API_SCOPES.includes(s as ApiScope)), errors: {} };
    const bad = nameError(auth, f.name);
    if (bad) f.errors.name = bad;
    if (f.scopes.length === 0) f.errors.scopes = m.keys.errScopes;
    if (f.errors.name || f.errors.scopes) {
      return kit.page(reply, 422, keyFormPage(ctx(auth, '/admin/integrations/keys/new'), csrf(auth), { ...f, name: f.name.slice(0, NAME_MAX) }));
    }
    const k = generateApiKey();
    const key = await repos.apiKeys.create(auth.tenant.id, { name: f.name, prefix: k.prefix, secretHash: k.secretHash, scopes: [...new Set(f.scopes)] as ApiScope[] });
    return kit.page(reply, 200, keyCreatedPage(ctx(auth, '/admin/integrations/keys/new'), key, k.key));
  });

  // SMTP credentials.

  const ownDomain = (auth: TenantAuth) => {
    const d = auth.tenant.settings.sending_domain;
    return typeof d === 'string' && d ? d : null;
  };

  app.get('/admin/integrations/smtp/new', async (req, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    return kit.page(reply, 200, smtpFormPage(ctx(auth, '/admin/integrations/smtp/new'), csrf(auth), { name: '', senders: '', errors: {} }, ownDomain(auth)));
  });

  app.post('/admin/integrations/smtp/new', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const m = integrationMessages(auth.lang);
    const form = kit.form(req);
    const f: SmtpForm = { name: text(form, 'name'), senders: text(form, 'senders'), errors: {} };
    const bad = nameError(auth, f.name);
    if (bad) f.errors.name = bad;
    const entries = f.senders.split(/[\s,;]+/).filter(Boolean);
    if (f.senders.length > SENDERS_MAX) f.errors.senders = m.errTooLong(SENDERS_MAX);
    else if (entries.length === 0 && !ownDomain(auth)) f.errors.senders = m.smtp.errSendersNeeded;
    let issued;
    if (!f.errors.name && !f.errors.senders) {
      try {
        issued = await issueSmtpCredential(repos.smtpCredentials, auth.tenant, { name: f.name, allowedSenders: entries.length ? entries : undefined });
      } catch (e) {
        if (!(e instanceof FacteurError) || e.code !== 'ERR_VALIDATION') throw e;
        const culprit = entries.find((x) => e.message.startsWith(`"${x}"`));
        f.errors.senders = culprit ? m.smtp.errSenders(culprit) : m.smtp.errSendersNeeded;
      }
    }
    if (!issued) {
      const kept = { ...f, name: f.name.slice(0, NAME_MAX), senders: f.senders.slice(0, SENDERS_MAX) };
      return kit.page(reply, 422, smtpFormPage(ctx(auth, '/admin/integrations/smtp/new'), csrf(auth), kept, ownDomain(auth)));
    }
    return kit.page(reply, 200, smtpCreatedPage(ctx(auth, '/admin/integrations/smtp/new'), issued.credential, issued.password, kit.settings.submission, kit.settings.platformDomain));
  });

  // Revoking a key or a credential: a confirmation page, then the POST. Revoked ones are 404.
  const revocable = [
    {
      path: 'keys',
      done: 'keyRevoked',
      async find(auth: TenantAuth, id: number) {
        const k = (await repos.apiKeys.list(auth.tenant.id)).find((x) => x.id === id);
        return k && { id: k.id, name: k.name, revokedAt: k.revokedAt, shown: html`<code>fct_${k.prefix}_…</code>` };
      },
      revoke: (tenantId: number, id: number) => repos.apiKeys.revoke(tenantId, id),
      texts: (auth: TenantAuth) => ({ ...integrationMessages(auth.lang).keys, shownLabel: integrationMessages(auth.lang).keys.prefix }),
    },
    {
      path: 'smtp',
      done: 'smtpRevoked',
      async find(auth: TenantAuth, id: number) {
        const c = await repos.smtpCredentials.get(auth.tenant.id, id);
        return c && { id: c.id, name: c.name, revokedAt: c.revokedAt, shown: html`<code>${c.username}</code>` };
      },
      revoke: (tenantId: number, id: number) => repos.smtpCredentials.revoke(tenantId, id),
      texts: (auth: TenantAuth) => ({ ...integrationMessages(auth.lang).smtp, shownLabel: integrationMessages(auth.lang).smtp.username }),
    },
  ] as const;

  for (const kind of revocable) {
    app.get(`/admin/integrations/${kind.path}/:id/revoke`, async (req: IdReq, reply) => {
      const auth = await admin(req, reply);
      if (!auth) return reply;
      const id = kit.id(req.params.id);
      const found = id === undefined ? undefined : await kind.find(auth, id);
      if (!found || found.revokedAt !== null) return kit.notFound(reply, auth);
      const t = kind.texts(auth);
      const path = `/admin/integrations/${kind.path}/${found.id}/revoke`;
      const facts: [string, SafeHtml | string][] = [
        [integrationMessages(auth.lang).name, found.name],
        [t.shownLabel, found.shown],
      ];
      return kit.page(reply, 200, confirmPage(ctx(auth, path), csrf(auth), t.revokeTitle(found.name), facts, t.revokeText, path, t.revokeButton));
    });

    app.post(`/admin/integrations/${kind.path}/:id/revoke`, { bodyLimit: FORM_BODY_LIMIT }, async (req: IdReq, reply) => {
      const auth = await admin(req, reply, true);
      if (!auth) return reply;
      const id = kit.id(req.params.id);
      if (id === undefined || !(await kind.revoke(auth.tenant.id, id))) return kit.notFound(reply, auth);
      return reply.redirect(`/admin/integrations?done=${kind.done}`, 303);
    });
  }

  // Webhooks.

  app.get('/admin/integrations/webhooks/new', async (req, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    return kit.page(reply, 200, webhookFormPage(ctx(auth, '/admin/integrations/webhooks/new'), csrf(auth), { url: '', description: '', events: [], raw: false, errors: {} }));
  });

  app.post('/admin/integrations/webhooks/new', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const m = integrationMessages(auth.lang);
    const form = kit.form(req);
    const f: WebhookForm = {
      url: text(form, 'url'),
      description: text(form, 'description'),
      events: [...new Set(form.getAll('events').filter((e) => WEBHOOK_EVENT_TYPES.includes(e as WebhookEventType)))],
      raw: form.get('raw') === 'yes',
      errors: {},
    };
    if (f.url === '') f.errors.url = m.webhooks.errUrlEmpty;
    else if (f.url.length > URL_MAX) f.errors.url = m.errTooLong(URL_MAX);
    else {
      const problem = webhookUrlProblem(f.url);
      if (problem) f.errors.url = m.webhooks.errUrl[problem];
    }
    if (f.description.length > DESCRIPTION_MAX) f.errors.description = m.errTooLong(DESCRIPTION_MAX);
    else if (CONTROL.test(f.description)) f.errors.description = m.errControl;
    if (f.errors.url || f.errors.description) {
      const kept = { ...f, url: f.url.slice(0, URL_MAX), description: f.description.slice(0, DESCRIPTION_MAX) };
      return kit.page(reply, 422, webhookFormPage(ctx(auth, '/admin/integrations/webhooks/new'), csrf(auth), kept));
    }
    const w = await repos.webhooks.create(auth.tenant.id, {
      url: f.url,
      description: f.description || null,
      secret: newWebhookSecret(),
      eventTypes: f.events as WebhookEventType[],
      forwardRawBounces: f.raw,
    });
    return kit.page(reply, 200, webhookCreatedPage(ctx(auth, '/admin/integrations/webhooks/new'), w));
  });

  for (const [action, enabled, done] of [
    ['disable', false, 'webhookDisabled'],
    ['enable', true, 'webhookEnabled'],
  ] as const) {
    app.post(`/admin/integrations/webhooks/:id/${action}`, { bodyLimit: FORM_BODY_LIMIT }, async (req: IdReq, reply) => {
      const auth = await admin(req, reply, true);
      if (!auth) return reply;
      const id = kit.id(req.params.id);
      const current = id === undefined ? undefined : await repos.webhooks.get(auth.tenant.id, id);
      if (!current) return kit.notFound(reply, auth);
      // Enabling clears the failure record: only when it is off, so a second click changes nothing.
      if (current.enabled !== enabled) await repos.webhooks.update(auth.tenant.id, current.id, { enabled });
      return reply.redirect(`/admin/integrations?done=${done}`, 303);
    });
  }

  app.get('/admin/integrations/webhooks/:id/delete', async (req: IdReq, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    const id = kit.id(req.params.id);
    const w = id === undefined ? undefined : await repos.webhooks.get(auth.tenant.id, id);
    if (!w) return kit.notFound(reply, auth);
    const m = integrationMessages(auth.lang);
    const facts: [string, SafeHtml][] = [[m.webhooks.url, html`<code>${w.url}</code>`]];
    return kit.page(reply, 200, confirmPage(ctx(auth, `/admin/integrations/webhooks/${w.id}/delete`), csrf(auth), m.webhooks.deleteTitle(w.url), facts, m.webhooks.deleteText, `/admin/integrations/webhooks/${w.id}/delete`, m.webhooks.deleteButton));
  });

  app.post('/admin/integrations/webhooks/:id/delete', { bodyLimit: FORM_BODY_LIMIT }, async (req: IdReq, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const id = kit.id(req.params.id);
    if (id === undefined || !(await repos.webhooks.delete(auth.tenant.id, id))) return kit.notFound(reply, auth);
    return reply.redirect('/admin/integrations?done=webhookDeleted', 303);
  });
}
