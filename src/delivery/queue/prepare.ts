// A campaign's template as it will be sent, built and compiled without queueing anything: for
// previews, test sends and the checks made when a campaign is scheduled. Also the sender-domain
// rule shared by campaigns and transactional messages.
import type { Storage } from '../../storage/index.ts';
import type { Campaign, MailingList, Tenant } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { compileCampaign, type CompiledCampaign } from '../compose/index.ts';
import { campaignContent, type MessageContent } from './content.ts';

/** Names every message has besides the contact's own fields (the engine fills `name` from the contact). */
export const CONTACT_FIELDS = ['name', 'first_name', 'last_name'] as const;

export interface PreparedCampaign {
  content: Extract<MessageContent, { kind: 'template' }>;
  compiled: CompiledCampaign;
  lists: MailingList[];
}

/** The merge fields a tenant's templates may use. */
export async function knownFields(storage: Storage, tenantId: number): Promise<string[]> {
  return [...new Set([...CONTACT_FIELDS, ...(await storage.repos.contacts.fieldNames(tenantId))])];
}

/** Builds and compiles the campaign's template: an unknown merge field or a bad From is an error here. */
export async function prepareCampaign(storage: Storage, tenant: Tenant, campaign: Campaign, opts: { platformDomain: string; requireLists?: boolean }): Promise<PreparedCampaign> {
  if (opts.requireLists && campaign.listIds.length === 0) {
    throw new FacteurError('ERR_VALIDATION', 'the campaign has no target list', { hint: 'set list_ids (PATCH the draft) to at least one list', details: { field: 'list_ids' } });
  }
  const lists: MailingList[] = [];
  for (const id of campaign.listIds) {
    const list = await storage.repos.lists.get(tenant.id, id);
    if (!list) throw new FacteurError('ERR_LIST_NOT_FOUND', `list ${id} does not exist`, { hint: 'remove it from the campaign or create it', details: { field: 'list_ids' } });
    lists.push(list);
  }
  const content = campaignContent(tenant, campaign, lists, { platformDomain: opts.platformDomain, fields: await knownFields(storage, tenant.id) });
  if (content.kind !== 'template') throw new Error('a campaign is always a template');
  return { content, compiled: compileCampaign(content.input), lists };
}

/** Domains a tenant may send From: its verified sending domain and the platform's domain. */
export function allowedFromDomains(tenant: Tenant, platformDomain: string): string[] {
  const own = tenant.settings.sending_domain;
  return [platformDomain.toLowerCase(), ...(typeof own === 'string' && own ? [own.toLowerCase()] : [])];
}

export function assertFromAllowed(tenant: Tenant, platformDomain: string, address: string, field: string): void {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const allowed = allowedFromDomains(tenant, platformDomain);
  if (!allowed.includes(domain)) {
    throw new FacteurError('ERR_VALIDATION', `the From address ${address} is not on a domain this tenant may send from (${allowed.join(', ')})`, {
      hint: `use an address @${allowed[allowed.length - 1]}, or ask the operator to verify your own sending domain`,
      details: { field },
    });
  }
}
