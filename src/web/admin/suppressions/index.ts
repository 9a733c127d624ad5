// The suppression list: the tenant's blocked addresses, why each one is blocked, search, adding an
// address by hand and unblocking with confirmation. Editors and admins.
//
// Route table.
//   GET  /admin/suppressions               list, newest first; ?q= searches (exact address, or a part of one)
//   GET  /admin/suppressions/new           form: block an address by hand (with a note)
//   POST /admin/suppressions/new           → 303 /admin/suppressions?done=added
//   GET  /admin/suppressions/:id           the row and the unblock confirmation
//   POST /admin/suppressions/:id/remove    → 303 /admin/suppressions?done=removed (complaints and
//                                          erasures need member_asked=yes; a member's own
//                                          unsubscribe is theirs to undo: 409)
//
// Platform-wide rows (tenant_id null: addresses proven dead) are shown only to an exact search,
// never listed (they come from other associations' mailings), and cannot be removed here.
import type { FastifyInstance } from 'fastify';
import { parseAddress } from '../../../core/address/index.ts';
import type { Storage } from '../../../storage/index.ts';
import { addressHash } from '../../../storage/repositories/suppressions.ts';
import type { ContactStatus, Suppression } from '../../../core/model.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import type { AdminKit } from '../kit.ts';
import { CONTROL, text } from '../integrations/ui.ts';
import { suppressionMessages } from './messages.ts';
import { addPage, ADDRESS_MAX, kindOf, listPage, needsMemberConsent, NOTE_MAX, removable, removePage, type AddForm } from './pages.ts';

const PAGE_SIZE = 50;
const CURSOR = /^[A-Za-z0-9_-]{1,24}$/;

/** The contact status a suppression of this source set (and that unblocking gives back). */
const STATUS_OF: Partial<Record<Suppression['source'], ContactStatus>> = { bounce: 'bounced', complaint: 'complained' };

/**
 * Unblocks one of the tenant's own suppressions: the row goes, and a contact at that address
 * whose status came from it (bounced, complained) is active again, in one transaction. Its list
 * memberships are left as they are: a member's own unsubscribe is theirs to undo.
 */
export async function liftSuppression(storage: Storage, tenantId: number, s: Suppression): Promise<boolean> {
  return storage.transaction(async (repos) => {
    if (!(await repos.suppressions.removeOwn(tenantId, s.id))) return false;
    const status = STATUS_OF[s.source];
    if (s.address !== null && status) {
      const contact = await repos.contacts.getByAddress(tenantId, s.address);
      if (contact && contact.status === status) await repos.contacts.setStatus(tenantId, contact.id, 'active');
    }
    return true;
  });
}

export function suppressionsArea(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;

  app.get<{ Querystring: Record<string, string | undefined> }>('/admin/suppressions', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const m = suppressionMessages(auth.lang);
    const rawQ = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    let q = rawQ.slice(0, ADDRESS_MAX);
    let qError: string | undefined;
    if (rawQ.length > ADDRESS_MAX) qError = m.errTooLong(ADDRESS_MAX);
    if (CONTROL.test(q)) {
      qError = m.errControl;
      q = q.replace(/[\u0000-\u001f\u007f]/g, '');
    }
    const rawCursor = req.query.cursor;
    const cursor = typeof rawCursor === 'string' && CURSOR.test(rawCursor) ? rawCursor : null;
    let page;
    try {
      page = await storage.repos.suppressions.search(auth.tenant.id, { contains: q || undefined, cursor, limit: PAGE_SIZE });
    } catch {
      // A cursor this server did not make: start again from the first page.
      page = await storage.repos.suppressions.search(auth.tenant.id, { contains: q || undefined, limit: PAGE_SIZE });
    }
    // An exact address also finds the platform's row (proven dead everywhere), which is never listed.
    const parsed = q.includes('@') ? parseAddress(q) : undefined;
    const platform = parsed?.valid && (await storage.repos.suppressions.platformAmong([addressHash(parsed.normalized!)])).size > 0 ? parsed.normalized! : undefined;
    const ctx = kit.ctxOf('/admin/suppressions', auth.lang, auth);
    return kit.page(reply, qError ? 400 : 200, listPage(ctx, { q, ...(qError ? { qError } : {}), items: page.items, nextCursor: page.nextCursor, paged: cursor !== null, ...(platform ? { platform } : {}), done: req.query.done }));
  });

  app.get('/admin/suppressions/new', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return kit.page(reply, 200, addPage(kit.ctxOf('/admin/suppressions/new', auth.lang, auth), auth.session.csrfToken, { address: '', note: '', errors: {} }));
  });

  app.post('/admin/suppressions/new', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const m = suppressionMessages(auth.lang);
    const form = kit.form(req);
    const f: AddForm = { address: text(form, 'address'), note: text(form, 'note'), errors: {} };
    let normalized: string | undefined;
    if (f.address === '') f.errors.address = m.errAddressEmpty;
    else if (f.address.length > ADDRESS_MAX) f.errors.address = m.errTooLong(ADDRESS_MAX);
    else if (CONTROL.test(f.address)) f.errors.address = m.errControl;
    else {
      const p = parseAddress(f.address);
      if (p.valid) normalized = p.normalized!;
      else f.errors.address = m.errAddressInvalid(p.suggestion);
    }
    if (f.note.length > NOTE_MAX) f.errors.note = m.errTooLong(NOTE_MAX);
    let existingId: number | undefined;
    if (normalized && !f.errors.note) {
      const existing = await storage.repos.suppressions.find(auth.tenant.id, normalized);
      if (existing && existing.tenantId !== null) {
        f.errors.address = m.errAlready;
        existingId = existing.id;
      }
    }
    const ctx = () => kit.ctxOf('/admin/suppressions/new', auth.lang, auth);
    if (f.errors.address || f.errors.note) {
      // Keep what was typed, cut to the field's length so a huge value is not sent back.
      const kept = { ...f, address: f.address.slice(0, ADDRESS_MAX), note: f.note.slice(0, NOTE_MAX) };
      return kit.page(reply, f.errors.address === m.errAlready ? 409 : 422, addPage(ctx(), auth.session.csrfToken, kept, existingId));
    }
    await storage.repos.suppressions.add(auth.tenant.id, { address: normalized!, reason: 'manual', source: 'manual', details: f.note || null });
    return reply.redirect('/admin/suppressions?done=added', 303);
  });

  /** The tenant's own row of a path id, or undefined after answering 404. */
  async function ownRow(id: string, tenantId: number): Promise<Suppression | undefined> {
    const n = kit.id(id);
    return n === undefined ? undefined : storage.repos.suppressions.getOwn(tenantId, n);
  }

  app.get<{ Params: { id: string } }>('/admin/suppressions/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const s = await ownRow(req.params.id, auth.tenant.id);
    if (!s) return kit.notFound(reply, auth);
    return kit.page(reply, 200, removePage(kit.ctxOf(`/admin/suppressions/${s.id}`, auth.lang, auth), auth.session.csrfToken, s));
  });

  app.post<{ Params: { id: string } }>('/admin/suppressions/:id/remove', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const s = await ownRow(req.params.id, auth.tenant.id);
    if (!s) return kit.notFound(reply, auth);
    const m = suppressionMessages(auth.lang);
    const page = (status: number, error?: string) => kit.page(reply, status, removePage(kit.ctxOf(`/admin/suppressions/${s.id}`, auth.lang, auth), auth.session.csrfToken, s, error));
    if (!removable(kindOf(s))) return page(409);
    if (needsMemberConsent(kindOf(s)) && kit.form(req).get('member_asked') !== 'yes') {
      return page(422, m.errMemberAsked);
    }
    await liftSuppression(storage, auth.tenant.id, s);
    // Still blocked by the platform's list: say so rather than "unblocked".
    const still = s.address !== null && (await storage.repos.suppressions.platformAmong([s.addressHash])).size > 0;
    return reply.redirect(`/admin/suppressions?done=${still ? 'removedPlatform' : 'removed'}`, 303);
  });
}
