// Routes of the contacts pages (see the table in index.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AUDIENCE_LIMITS as L, createContact, eraseContact, unknownLists } from '../../../core/audience.ts';
import { contactAddress } from '../../../core/import/index.ts';
import { addressReason } from '../../../core/address/reasons-fr.ts';
import type { Contact, ContactFilter, ContactStatus, MembershipStatus } from '../../../core/model.ts';
import { addressHash } from '../../../storage/index.ts';
import { FORM_BODY_LIMIT } from '../../public/form.ts';
import { contactExport } from '../../api/privacy.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { contactsMessages } from './messages.ts';
import { queryString } from './ui.ts';
import {
  CONTACT_STATUSES,
  contactFieldsOf,
  editContactFormOf,
  fieldText,
  fieldsPatch,
  idsOf,
  lineProblem,
  newContactFormOf,
  type EditContactForm,
  type FormErrors,
  type NewContactForm,
} from './forms.ts';
import { contactPage, contactsPage, newContactPage, removeContactPage, type NewContactView } from './contact-pages.ts';

const PAGE_SIZE = 50;
const CURSOR = /^[A-Za-z0-9_-]{1,24}$/;

/** A cursor as the repository hands them out (base64url of an id), or null: a forged one restarts the search. */
function cursorOf(raw: string): string | null {
  if (!CURSOR.test(raw)) return null;
  const id = Number(Buffer.from(raw, 'base64url').toString());
  return Number.isSafeInteger(id) && id > 0 ? raw : null;
}

export function contactRoutes(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;
  const repos = storage.repos;

  async function contactOf(auth: TenantAuth, raw: string): Promise<Contact | undefined> {
    const id = kit.id(raw);
    return id === undefined ? undefined : repos.contacts.get(auth.tenant.id, id);
  }

  app.get('/admin/contacts', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const m = contactsMessages(auth.lang);
    const tenantId = auth.tenant.id;
    const text = queryString(req.query, 'q').trim();
    const listRaw = queryString(req.query, 'list');
    const status = queryString(req.query, 'status');
    const cursor = cursorOf(queryString(req.query, 'cursor'));
    const lists = await repos.lists.list(tenantId);
    let listId: number | undefined;
    if (listRaw !== '') {
      listId = kit.id(listRaw);
      if (listId === undefined || !lists.some((l) => l.id === listId)) return kit.notFound(reply, auth);
    }
    const errors: FormErrors = {};
    const p = lineProblem(m, text, L.filterAddress);
    if (p) errors.q = p;
    if (status !== '' && !CONTACT_STATUSES.includes(status as ContactStatus)) errors.status = m.contacts.statusUnknown;
    const filter: ContactFilter = {
      ...(text && !errors.q ? { text } : {}),
      ...(listId !== undefined ? { listId } : {}),
      ...(status && !errors.status ? { status: [status as ContactStatus] } : {}),
    };
    const ok = Object.keys(errors).length === 0;
    const page = ok ? await repos.audience.search(tenantId, filter, { cursor, limit: PAGE_SIZE }) : { items: [], nextCursor: null };
    const blocked = await repos.suppressions.activeAmong(
      tenantId,
      page.items.map((c) => addressHash(c.addressNormalized)),
    );
    const view = {
      q: text,
      listId,
      status,
      cursor,
      errors,
      lists,
      total: await repos.contacts.count(tenantId),
      found: ok ? await repos.audience.count(tenantId, filter) : 0,
      rows: page.items.map((contact) => ({ contact, blocked: blocked.has(addressHash(contact.addressNormalized)) })),
      nextCursor: page.nextCursor,
      done: queryString(req.query, 'done'),
    };
    return kit.page(reply, ok ? 200 : 400, contactsPage(kit.ctxOf('/admin/contacts', auth.lang, auth), view));
  });

  const newView = async (auth: TenantAuth, form: NewContactForm, rest: Partial<NewContactView> = {}): Promise<NewContactView> => ({
    form,
    errors: {},
    lists: await repos.lists.list(auth.tenant.id),
    suggestion: null,
    canKeep: false,
    existingId: undefined,
    ...rest,
  });

  app.get('/admin/contacts/new', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const view = await newView(auth, { address: '', name: '', consent: '', rows: [], listIds: [] });
    return kit.page(reply, 200, newContactPage(kit.ctxOf('/admin/contacts/new', auth.lang, auth), view));
  });

  app.post('/admin/contacts/new', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const m = contactsMessages(auth.lang);
    const tenantId = auth.tenant.id;
    const form = kit.form(req);
    const f = newContactFormOf(form);
    // The suggestion is worked out again from the address: "use the suggestion" cannot smuggle another one in.
    const choice = form.get('address_choice');
    if (choice === 'suggested' && f.address !== '' && f.address.length <= L.address) {
      const suggested = contactAddress(f.address).suggestion;
      if (suggested) f.address = suggested;
    }
    const listIds = idsOf(f.listIds);
    if (listIds === undefined || (await unknownLists(repos, tenantId, listIds)).length > 0) return kit.notFound(reply, auth);

    const errors: FormErrors = {};
    let suggestion: string | null = null;
    let canKeep = false;
    let addr: ReturnType<typeof contactAddress> | undefined;
    if (f.address === '') errors.address = m.add.required;
    else if (f.address.length > L.address) errors.address = m.common.tooLong(L.address);
    else {
      addr = contactAddress(f.address);
      if (!addr.ok) {
        errors.address = addressReason(auth.lang, addr.code, addr.reason);
        suggestion = addr.suggestion;
      } else if (addr.suggestion && addr.suggestion.toLowerCase() !== addr.addressNormalized && choice !== 'typed') {
        suggestion = addr.suggestion;
        canKeep = true;
      }
    }
    const nameProblem = lineProblem(m, f.name, L.contactName);
    if (nameProblem) errors.name = nameProblem;
    const consentProblem = lineProblem(m, f.consent, L.consentSource);
    if (consentProblem) errors.consent = consentProblem;
    const fields = contactFieldsOf(m, f.rows, errors);
    const ctx = kit.ctxOf('/admin/contacts/new', auth.lang, auth);
    if (Object.keys(errors).length > 0 || suggestion !== null || !addr?.ok) {
      const summary = Object.keys(errors).length === 0 ? m.add.checkAddress : undefined;
      return kit.page(reply, 422, newContactPage(ctx, await newView(auth, f, { errors, suggestion, canKeep, summary })));
    }
    const { created, contact } = await createContact(
      storage,
      tenantId,
      {
        address: addr.address,
        addressNormalized: addr.addressNormalized,
        name: f.name === '' ? null : f.name,
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(f.consent !== '' ? { consentSource: f.consent, consentAt: kit.now() } : {}),
      },
      listIds,
    );
    if (!created) {
      return kit.page(reply, 422, newContactPage(ctx, await newView(auth, f, { errors: { address: m.add.exists }, existingId: contact.id })));
    }
    return reply.redirect(`/admin/contacts/${contact.id}?done=created`, 303);
  });

  async function showContact(reply: FastifyReply, auth: TenantAuth, contact: Contact, status: number, form: EditContactForm, errors: FormErrors, done: unknown) {
    const tenantId = auth.tenant.id;
    const memberships = new Map<number, MembershipStatus>((await repos.contacts.memberships(tenantId, contact.id)).map((x) => [x.listId, x.status]));
    const view = {
      contact,
      suppression: await repos.suppressions.find(tenantId, contact.addressNormalized),
      lists: await repos.lists.list(tenantId),
      memberships,
      form,
      errors,
      done,
    };
    return kit.page(reply, status, contactPage(kit.ctxOf(`/admin/contacts/${contact.id}`, auth.lang, auth), view));
  }

  const formOfContact = (c: Contact): EditContactForm => ({
    name: c.name ?? '',
    status: c.status,
    rows: Object.entries(c.fields).map(([name, v]) => ({ name, value: fieldText(v) })),
  });

  app.get<{ Params: { id: string } }>('/admin/contacts/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const contact = await contactOf(auth, req.params.id);
    if (!contact) return kit.notFound(reply, auth);
    return showContact(reply, auth, contact, 200, formOfContact(contact), {}, queryString(req.query, 'done'));
  });

  app.post<{ Params: { id: string } }>('/admin/contacts/:id', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const contact = await contactOf(auth, req.params.id);
    if (!contact) return kit.notFound(reply, auth);
    const m = contactsMessages(auth.lang);
    const f = editContactFormOf(kit.form(req));
    const errors: FormErrors = {};
    const nameProblem = lineProblem(m, f.name, L.contactName);
    if (nameProblem) errors.name = nameProblem;
    if (!CONTACT_STATUSES.includes(f.status as ContactStatus)) errors.status = m.contacts.statusUnknown;
    const fields = contactFieldsOf(m, f.rows, errors, contact.fields);
    if (Object.keys(errors).length > 0) return showContact(reply, auth, contact, 422, f, errors, undefined);
    const tenantId = auth.tenant.id;
    await storage.transaction(async (tx) => {
      await tx.audience.update(tenantId, contact.id, { name: f.name === '' ? null : f.name, fields: fieldsPatch(contact.fields, fields) });
      if (f.status !== contact.status) await tx.contacts.setStatus(tenantId, contact.id, f.status as ContactStatus);
    });
    return reply.redirect(`/admin/contacts/${contact.id}?done=updated`, 303);
  });

  // Subscribe to a list, or remove from it. Like the API: subscribing never changes an existing
  // membership (a person who unsubscribed stays so), and the record of a person's own
  // unsubscribe is not removed here (it would let the team subscribe them again).
  app.post<{ Params: { id: string } }>('/admin/contacts/:id/lists', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const tenantId = auth.tenant.id;
    const contact = await contactOf(auth, req.params.id);
    const form = kit.form(req);
    const listId = kit.id(form.get('list') ?? '');
    const list = listId === undefined ? undefined : await repos.lists.get(tenantId, listId);
    if (!contact || !list) return kit.notFound(reply, auth);
    const action = form.get('action');
    if (action === 'subscribe') {
      await storage.transaction((tx) => tx.audience.addMembers(tenantId, list.id, [contact.id]));
      return reply.redirect(`/admin/contacts/${contact.id}?done=subscribed`, 303);
    }
    if (action === 'remove') {
      const current = (await repos.contacts.memberships(tenantId, contact.id)).find((x) => x.listId === list.id);
      if (current && current.status !== 'unsubscribed') await repos.audience.removeMember(tenantId, list.id, contact.id);
      return reply.redirect(`/admin/contacts/${contact.id}?done=removed`, 303);
    }
    return showContact(reply, auth, contact, 400, formOfContact(contact), {}, undefined);
  });

  app.get<{ Params: { id: string } }>('/admin/contacts/:id/export.json', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const contact = await contactOf(auth, req.params.id);
    if (!contact) return kit.notFound(reply, auth);
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="contact-${contact.id}.json"`)
      .send(JSON.stringify(await contactExport(storage, auth.tenant, contact), null, 2));
  });

  app.get<{ Params: { id: string } }>('/admin/contacts/:id/delete', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const contact = await contactOf(auth, req.params.id);
    if (!contact) return kit.notFound(reply, auth);
    return kit.page(reply, 200, removeContactPage(kit.ctxOf(`/admin/contacts/${contact.id}/delete`, auth.lang, auth), contact, {}));
  });

  for (const how of ['delete', 'erase'] as const) {
    app.post<{ Params: { id: string } }>(`/admin/contacts/:id/${how}`, { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
      const auth = await kit.requireTenant(req, reply, { post: true });
      if (!auth) return reply;
      const contact = await contactOf(auth, req.params.id);
      if (!contact) return kit.notFound(reply, auth);
      if (kit.form(req).get('confirm') !== 'yes') {
        const m = contactsMessages(auth.lang);
        return kit.page(reply, 422, removeContactPage(kit.ctxOf(`/admin/contacts/${contact.id}/delete`, auth.lang, auth), contact, { [`confirm-${how}`]: m.common.confirmRequired }));
      }
      if (how === 'delete') await repos.contacts.delete(auth.tenant.id, contact.id);
      else await eraseContact(storage, auth.tenant.id, contact.id, { by: 'admin', user_id: auth.user.id });
      return reply.redirect(`/admin/contacts?done=${how === 'delete' ? 'deleted' : 'erased'}`, 303);
    });
  }
}
