// The sending-domain assistant: choose the association's domain, get its DKIM keys (rsa + ed25519),
// copy the DNS records, and check them through the platform's resolver ("check again"). A domain
// becomes the From domain only once its DKIM records check out (see setup.ts). Admins only.
//
// Route table.
//   GET  /admin/domain           state, records to publish, last check
//   POST /admin/domain           domain=… → keys made, domain pending → 303 ?done=started
//   POST /admin/domain/check     checks the DNS now (verifies a pending domain) → 303 ?done=verified|checked
//   POST /admin/domain/cancel    abandons the pending domain → 303 ?done=cancelled
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseDomainName } from '../../../core/address/index.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { CONTROL, text } from '../integrations/ui.ts';
import { domainMessages } from './messages.ts';
import { domainPage, DOMAIN_MAX } from './pages.ts';
import { cancelPending, checkAndVerify, domainState, setupOf, shownRecords, startDomain } from './setup.ts';

export function domainArea(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;
  const admin = (req: FastifyRequest, reply: FastifyReply, post = false) => kit.requireTenant(req, reply, { post, role: 'admin' });

  function render(reply: FastifyReply, auth: TenantAuth, status: number, form: { domain: string; error?: string }, done?: unknown) {
    const state = domainState(auth.tenant);
    const records = state.domain && state.keys.length ? shownRecords(setupOf(state.domain, state.keys, kit.settings.platformDomain)) : [];
    const view = { state, records, platformDomain: kit.settings.platformDomain, slug: auth.tenant.slug, form, done };
    return kit.page(reply, status, domainPage(kit.ctxOf('/admin/domain', auth.lang, auth), auth.session.csrfToken, view));
  }

  app.get<{ Querystring: { done?: string } }>('/admin/domain', async (req, reply) => {
    const auth = await admin(req, reply);
    if (!auth) return reply;
    return render(reply, auth, 200, { domain: '' }, req.query.done);
  });

  app.post('/admin/domain', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const m = domainMessages(auth.lang);
    const typed = text(kit.form(req), 'domain');
    const raw = typed.replace(/\.$/, '').toLowerCase();
    let error: string | undefined;
    let domain: string | undefined;
    if (raw === '') error = m.errEmpty;
    else if (raw.length > DOMAIN_MAX) error = m.errTooLong;
    else if (CONTROL.test(raw) || /[@/:\s]/.test(raw)) error = m.errInvalid;
    else {
      const p = parseDomainName(raw);
      if (!p.valid || !p.ascii || !p.ascii.includes('.')) error = m.errInvalid;
      else if (p.ascii === kit.settings.platformDomain.toLowerCase()) error = m.errPlatform(kit.settings.platformDomain);
      else domain = p.ascii;
    }
    if (!domain) return render(reply, auth, 422, { domain: typed.slice(0, DOMAIN_MAX), ...(error ? { error } : {}) });
    const changed = await startDomain(storage.repos, auth.tenant, domain, kit.now());
    return reply.redirect(`/admin/domain?done=${changed ? 'started' : 'unchanged'}`, 303);
  });

  app.post('/admin/domain/check', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    const r = await checkAndVerify(storage.repos, auth.tenant, kit.settings.resolver, kit.settings.platformDomain, kit.now());
    return reply.redirect(`/admin/domain${r ? `?done=${r.verifiedNow ? 'verified' : 'checked'}` : ''}`, 303);
  });

  app.post('/admin/domain/cancel', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await admin(req, reply, true);
    if (!auth) return reply;
    await cancelPending(storage.repos, auth.tenant);
    return reply.redirect('/admin/domain?done=cancelled', 303);
  });
}
