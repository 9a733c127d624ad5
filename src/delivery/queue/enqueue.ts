// Accepting mail: a campaign or a message becomes one delivery per recipient in the same
// transaction that records the message, so nothing accepted lives only in memory.
import type { Storage } from '../../storage/index.ts';
import type { Message } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { compileCampaign } from '../compose/index.ts';
import { campaignContent, type MessageContent } from './content.ts';

export interface EnqueueOptions {
  platformDomain: string;
}

export interface CampaignEnqueued {
  messageId: number;
  deliveries: number;
}

/** Names every message has besides the contact's own fields. */
const CONTACT_FIELDS = ['name', 'first_name', 'last_name'];

/** Starts sending a draft or scheduled campaign: validates its template, then queues every recipient. */
export async function enqueueCampaign(storage: Storage, tenantId: number, campaignId: number, opts: EnqueueOptions): Promise<CampaignEnqueued> {
  const repos = storage.repos;
  const [tenant, campaign] = await Promise.all([repos.tenants.get(tenantId), repos.campaigns.get(tenantId, campaignId)]);
  if (!tenant) throw new FacteurError('ERR_TENANT_NOT_FOUND', `tenant ${tenantId} does not exist`);
  if (!campaign) throw new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `campaign ${campaignId} does not exist`, { hint: 'list campaigns to find its id' });
  if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
    throw new FacteurError('ERR_CAMPAIGN_STATE', `campaign ${campaignId} is ${campaign.status}; only a draft or scheduled campaign can be sent`, {
      hint: campaign.status === 'paused' ? 'resume it instead' : 'create a new campaign (you can copy this one)',
    });
  }
  if (campaign.listIds.length === 0) throw new FacteurError('ERR_VALIDATION', 'the campaign has no target list', { hint: 'add at least one list', details: { field: 'list_ids' } });
  const lists = [];
  for (const id of campaign.listIds) {
    const list = await repos.lists.get(tenantId, id);
    if (!list) throw new FacteurError('ERR_LIST_NOT_FOUND', `list ${id} does not exist`, { hint: 'remove it from the campaign or create it', details: { field: 'list_ids' } });
    lists.push(list);
  }
  const fields = [...new Set([...CONTACT_FIELDS, ...(await repos.contacts.fieldNames(tenantId))])];
  const content = campaignContent(tenant, campaign, lists, { platformDomain: opts.platformDomain, fields });
  // Compiling here turns an unknown merge field into an error now, not a blank in every mail.
  if (content.kind === 'template') compileCampaign(content.input);

  return storage.transaction(async (r) => {
    const now = storage.clock.now();
    const message = await r.messages.create(tenantId, {
      campaignId,
      kind: 'campaign',
      subject: campaign.subject,
      fromAddress: content.kind === 'template' ? content.input.from.address : '',
      body: JSON.stringify(content),
    });
    if (!(await r.campaigns.transition(tenantId, campaignId, ['draft', 'scheduled'], 'sending', { startedAt: now }))) {
      throw new FacteurError('ERR_CAMPAIGN_STATE', `campaign ${campaignId} changed state while starting`, { hint: 'look at its status and try again' });
    }
    const deliveries = await r.queue.enqueueCampaign(tenantId, campaignId, message.id, campaign.listIds, now);
    return { messageId: message.id, deliveries };
  });
}

export interface MessageRequest {
  kind: 'transactional' | 'submission' | 'test';
  subject: string;
  fromAddress: string;
  content: MessageContent;
  recipients: { address: string; contactId?: number | null }[];
  idempotencyKey?: string | null;
}

/** Queues one message to a few recipients. With an idempotency key, a repeat returns the first result. */
export async function enqueueMessage(storage: Storage, tenantId: number, req: MessageRequest): Promise<{ message: Message; deliveryIds: number[]; replayed: boolean }> {
  if (req.idempotencyKey) {
    const existing = await storage.repos.messages.getByIdempotencyKey(tenantId, req.idempotencyKey);
    if (existing) {
      const page = await storage.repos.deliveries.list(tenantId, { messageId: existing.id, limit: 500 });
      return { message: existing, deliveryIds: page.items.map((d) => d.id), replayed: true };
    }
  }
  if (req.recipients.length === 0) throw new FacteurError('ERR_VALIDATION', 'no recipient', { hint: 'give at least one recipient', details: { field: 'to' } });
  return storage.transaction(async (r) => {
    const message = await r.messages.create(tenantId, {
      kind: req.kind,
      subject: req.subject,
      fromAddress: req.fromAddress,
      body: JSON.stringify(req.content),
      idempotencyKey: req.idempotencyKey ?? null,
    });
    const deliveryIds = await r.deliveries.insertMany(
      tenantId,
      req.recipients.map((x) => ({ messageId: message.id, recipient: x.address, contactId: x.contactId ?? null })),
    );
    await r.events.append(
      tenantId,
      deliveryIds.map((id) => ({ type: 'accepted' as const, deliveryId: id, messageId: message.id })),
    );
    return { message, deliveryIds, replayed: false };
  });
}
