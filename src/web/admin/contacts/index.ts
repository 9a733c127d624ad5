// The contacts area of the admin interface: contacts, lists and segments, for every member of an
// association's team (editors and admins alike). Same core as the API (core/audience.ts,
// contactAddress, the audience repository).
//
// Route table.
//   GET  /admin/contacts                      search (address or name), filter by list and status, pages
//   GET  /admin/contacts/new                  add a contact: address (checked, typo suggestion), name, fields, lists
//   POST /admin/contacts/new
//   GET  /admin/contacts/:id                  the contact: blocked address and why, edit, list memberships
//   POST /admin/contacts/:id                  save name, status, fields
//   POST /admin/contacts/:id/lists            subscribe to a list / remove from it (list, action)
//   GET  /admin/contacts/:id/export.json      everything kept about the contact (GDPR access), as the API's export
//   GET  /admin/contacts/:id/delete           delete or erase (GDPR): what each means, with confirmation
//   POST /admin/contacts/:id/delete
//   POST /admin/contacts/:id/erase
//   GET  /admin/lists                         lists with subscriber counts, creation form
//   POST /admin/lists                         create (slug derived from the name unless given)
//   GET  /admin/lists/:id                     counts, public form address and snippet, edit
//   POST /admin/lists/:id                     rename, describe
//   GET  /admin/lists/:id/delete              confirmation (segments that use the list)
//   POST /admin/lists/:id/delete
//   GET  /admin/segments                      segments with their counts
//   GET  /admin/segments/new                  filter form
//   GET  /admin/segments/:id                  count, first contacts, edit
//   POST /admin/segments/:id                  `new` or an id; action=count shows the count, action=save saves
//   GET  /admin/segments/:id/delete           confirmation
//   POST /admin/segments/:id/delete
import type { FastifyInstance } from 'fastify';
import type { AdminKit } from '../kit.ts';
import { contactRoutes } from './contact-routes.ts';
import { listRoutes } from './list-routes.ts';
import { segmentRoutes } from './segment-routes.ts';

export function contactsArea(app: FastifyInstance, kit: AdminKit): void {
  contactRoutes(app, kit);
  listRoutes(app, kit);
  segmentRoutes(app, kit);
}
