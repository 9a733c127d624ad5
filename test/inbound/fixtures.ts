// Shared set-up for inbound tests: a tenant with a list, contacts and one delivery per contact.
import type { Storage } from '../../src/storage/index.ts';

export const SECRET = 'test-platform-secret-0123456789abcdef';
export const BOUNCE_DOMAIN = 'bounces.facteur.test';

export interface World {
  tenantId: number;
  listId: number;
  messageId: number;
  /** address → { contactId, deliveryId } */
  rcpt: Map<string, { contactId: number; deliveryId: number }>;
}

export async function makeWorld(storage: Storage, slug: string, addresses: string[]): Promise<World> {
  const repos = storage.repos;
  const tenant = await repos.tenants.create({ slug, name: `Association ${slug}` });
  const list = await repos.lists.create(tenant.id, { slug: 'news', name: 'News' });
  const message = await repos.messages.create(tenant.id, { kind: 'transactional', subject: 'Vente de vélos', fromAddress: `info@${slug}.example`, body: 'Bonjour' });
  const rcpt = new Map<string, { contactId: number; deliveryId: number }>();
  for (const address of addresses) {
    const { contact } = await repos.contacts.upsert(tenant.id, { address, addressNormalized: address.toLowerCase() });
    await repos.contacts.subscribe(tenant.id, list.id, contact.id);
    const [deliveryId] = await repos.deliveries.insertMany(tenant.id, [{ messageId: message.id, contactId: contact.id, recipient: address.toLowerCase() }]);
    rcpt.set(address.toLowerCase(), { contactId: contact.id, deliveryId: deliveryId! });
  }
  return { tenantId: tenant.id, listId: list.id, messageId: message.id, rcpt };
}

export function get(world: World, address: string): { contactId: number; deliveryId: number } {
  const r = world.rcpt.get(address.toLowerCase());
  if (!r) throw new Error(`no delivery for ${address}`);
  return r;
}
