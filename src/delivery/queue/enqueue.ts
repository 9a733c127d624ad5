// Accepting mail: a campaign or a message becomes one delivery per recipient in the same
// transaction that records the message, so nothing accepted lives only in memory.
import { isUniqueViolation, type Storage } from '../../storage/index.ts';
import type { Message } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { compileCampaign } from '../compose/index.ts';
import { campaignContent, type MessageContent } from './content.ts';
import { screenCampaign, holdForCanary, type GuardSettings, type Screened, type CanaryStarted } from '../guard/index.ts';

export interface EnqueueOptions {
  platformDomain: string;
  /** Send to a slice first and hold the rest until the guard judges it (off when absent). */
  canary?: GuardSettings['canary'];
}

export interface CampaignEnqueued {
  messageId: number;
  deliveries: number;
  /** Deliveries marked `suppressed` at once: invalid address (reason invalid_address) or suppressed. */
  screened?: Screened;
  /** The canary slice and how many deliveries wait for its verdict (null: no canary). */
  canary?: CanaryStarted | null;
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
    const screened = await screenCampaign(r, tenantId, campaignId, now);
    const canary = opts.canary ? await holdForCanary(r, tenantId, campaignId, opts.canary, now) : null;
    return { messageId: message.id, deliveries, screened, canary };
  });
}

export interface MessageRequest {
  kind: 'transactional' | 'submission' | 'test';
  subject: string;
  fromAddress: string;
  content: MessageContent;
  recipients: { address: string; contactId?: number | null }[];
  idempotencyKey?: string | null;
  /** Fingerprint of the request: a replay with the same key but another fingerprint is refused (409). */
  requestHash?: string | null;
}

/** Queues one message to a few recipients. With an idempotency key, a repeat returns the first result. */
export async function enqueueMessage(storage: Storage, tenantId: number, req: MessageRequest): Promise<{ message: Message; deliveryIds: number[]; replayed: boolean }> {
  const replay = async (): Promise<{ message: Message; deliveryIds: number[]; replayed: boolean } | undefined> => {
    if (!req.idempotencyKey) return undefined;
    const existing = await storage.repos.messages.getByIdempotencyKey(tenantId, req.idempotencyKey);
    if (!existing) return undefined;
    if (req.requestHash && existing.requestHash && existing.requestHash !== req.requestHash) {
      throw new FacteurError('ERR_IDEMPOTENCY_CONFLICT', `the Idempotency-Key "${req.idempotencyKey}" was already used for a different request (message ${existing.id})`, {
        hint: 'use a new key for a new message; retry with exactly the same body to get the first answer back',
        details: { message_id: existing.id },
      });
    }
    const page = await storage.repos.deliveries.list(tenantId, { messageId: existing.id, limit: 500 });
    return { message: existing, deliveryIds: page.items.map((d) => d.id), replayed: true };
  };
  const first = await replay();
  if (first) return first;
  if (req.recipients.length === 0) throw new FacteurError('ERR_VALIDATION', 'no recipient', { hint: 'give at least one recipient', details: { field: 'to' } });
  try {
    return await insertMessage(storage, tenantId, req);
  } catch (e) {
    // Two requests with the same key at once: the unique index lets one in; the other replays it.
    const again = isUniqueViolation(e) ? await replay() : undefined;
    if (again) return again;
    throw e;
  }
}

function insertMessage(storage: Storage, tenantId: number, req: MessageRequest): Promise<{ message: Message; deliveryIds: number[]; replayed: boolean }> {
  return storage.transaction(async (r) => {
    const message = await r.messages.create(tenantId, {
      kind: req.kind,
      subject: req.subject,
      fromAddress: req.fromAddress,
      body: JSON.stringify(req.content),
      idempotencyKey: req.idempotencyKey ?? null,
      requestHash: req.requestHash ?? null,
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
