// The life of a campaign, shared by the HTTP API (src/web/api/campaigns.ts) and the admin
// interface (src/web/admin/campaigns/): checking a draft's fields, previewing it for one contact,
// test sends, scheduling, sending now, pausing, resuming and cancelling. Each step checks the
// campaign's state and moves it with a conditional update, so two people clicking at once cannot
// both win; a refused transition is ERR_CAMPAIGN_STATE with a hint.
import type { CampaignInput, Storage } from '../../storage/index.ts';
import type { Campaign, CampaignStatus, Tenant } from '../../core/model.ts';
import { FacteurError } from '../../core/errors.ts';
import { contactAddress } from '../../core/import/index.ts';
import { previewMessage, type Preview } from '../compose/index.ts';
import { assertFromAllowed, enqueueCampaign, enqueueMessage, prepareCampaign, type CampaignEnqueued } from '../queue/index.ts';
import type { GuardSettings } from '../guard/index.ts';

/** Longest values a draft may hold (characters; list_ids: how many lists). */
export const DRAFT_LIMITS = { name: 200, subject: 500, markdown: 1_000_000, fromName: 200, address: 320, lists: 100 } as const;

/** Most addresses one test send may go to. */
export const MAX_TEST_RECIPIENTS = 10;

export type CampaignAction = 'change' | 'schedule' | 'send' | 'pause' | 'resume' | 'cancel';

/** States each action starts from. */
export const ACTION_FROM: Record<CampaignAction, CampaignStatus[]> = {
  change: ['draft', 'scheduled'],
  schedule: ['draft', 'scheduled'],
  send: ['draft', 'scheduled'],
  pause: ['sending'],
  resume: ['paused'],
  cancel: ['draft', 'scheduled', 'sending', 'paused'],
};

export function campaignAllows(c: Campaign, action: CampaignAction): boolean {
  return ACTION_FROM[action].includes(c.status);
}

const HINTS: Record<string, Partial<Record<CampaignStatus, string>>> = {
  change: { sending: 'it is being sent: pause or cancel it; create a new campaign for new content', sent: 'create a new campaign', cancelled: 'create a new campaign', paused: 'cancel it and create a new one' },
  schedule: { sending: 'it is already being sent', paused: 'resume it instead', sent: 'create a new campaign', cancelled: 'create a new campaign' },
  send: { sending: 'it is already being sent', paused: 'resume it instead (POST …/resume)', sent: 'it was sent; create a new campaign', cancelled: 'create a new campaign' },
  pause: { draft: 'it has not started: nothing to pause', scheduled: 'it has not started: cancel it or change its time', paused: 'it is already paused', sent: 'it is finished', cancelled: 'it was cancelled' },
  resume: { draft: 'send it instead (POST …/send)', scheduled: 'it will start at its scheduled time', sending: 'it is already sending', sent: 'it is finished', cancelled: 'it was cancelled' },
  cancel: { sent: 'it is finished: nothing left to cancel', cancelled: 'it is already cancelled' },
};

export function campaignStateError(c: Campaign, action: CampaignAction): FacteurError {
  return new FacteurError('ERR_CAMPAIGN_STATE', `cannot ${action} campaign ${c.id}: it is ${c.status}`, {
    hint: HINTS[action]?.[c.status] ?? 'look at its status (GET /api/v1/campaigns/{id})',
    details: { campaign_status: c.status },
  });
}

export function assertCampaignState(c: Campaign, action: CampaignAction): void {
  if (!campaignAllows(c, action)) throw campaignStateError(c, action);
}

async function reread(storage: Storage, c: Campaign): Promise<Campaign> {
  return (await storage.repos.campaigns.get(c.tenantId, c.id)) ?? c;
}

/** The fields of a draft as given (undefined: unchanged; null: back to the default). */
export interface DraftFields {
  name?: string;
  subject?: string;
  markdown?: string;
  listIds?: number[];
  fromName?: string | null;
  fromAddress?: string | null;
  replyTo?: string | null;
}

const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/**
 * Checks a draft's fields and returns the repository's input: lists of the tenant, addresses,
 * a From on an allowed domain, and no line break in what becomes a mail header (subject, sender
 * name) or in the name. Errors carry `details.field` (the API's field name).
 */
export async function draftInput(storage: Storage, tenant: Tenant, platformDomain: string, b: DraftFields): Promise<Partial<CampaignInput>> {
  const oneLine = (v: string | null | undefined, field: string) => {
    if (typeof v === 'string' && CONTROL.test(v)) {
      throw new FacteurError('ERR_HEADER_INVALID', `${field} contains a line break or control character`, { hint: 'keep it on one line', details: { field } });
    }
  };
  oneLine(b.name, 'name');
  oneLine(b.subject, 'subject');
  oneLine(b.fromName, 'from_name');
  if (b.listIds) {
    for (const id of b.listIds) {
      if (!(await storage.repos.lists.get(tenant.id, id))) {
        throw new FacteurError('ERR_LIST_NOT_FOUND', `no list ${id}`, { hint: 'list ids come from GET /api/v1/lists', details: { field: 'list_ids' } });
      }
    }
  }
  const addr = (v: string | null | undefined, field: string): string | null | undefined => {
    if (v === undefined || v === null) return v;
    const a = contactAddress(v);
    if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', `${field}: ${a.reason}`, { details: { field, reason_code: a.code, suggestion: a.suggestion } });
    return a.address;
  };
  const fromAddress = addr(b.fromAddress, 'from_address');
  if (fromAddress) assertFromAllowed(tenant, platformDomain, fromAddress, 'from_address');
  const replyTo = addr(b.replyTo, 'reply_to');
  return {
    ...(b.name !== undefined ? { name: b.name } : {}),
    ...(b.subject !== undefined ? { subject: b.subject } : {}),
    ...(b.markdown !== undefined ? { bodyMarkdown: b.markdown } : {}),
    ...(b.listIds !== undefined ? { listIds: b.listIds } : {}),
    ...(b.fromName !== undefined ? { fromName: b.fromName } : {}),
    ...(fromAddress !== undefined ? { fromAddress } : {}),
    ...(replyTo !== undefined ? { replyTo } : {}),
  };
}

/** Saves changes to a draft (or scheduled) campaign; returns it as saved. */
export async function changeDraft(storage: Storage, c: Campaign, patch: Partial<CampaignInput>): Promise<Campaign> {
  assertCampaignState(c, 'change');
  if (!(await storage.repos.campaigns.update(c.tenantId, c.id, patch, ACTION_FROM.change))) throw campaignStateError(await reread(storage, c), 'change');
  return reread(storage, c);
}

export interface PreviewFor {
  /** A contact of the tenant, or an address (its contact's fields when it is one). */
  contactId?: number;
  address?: string;
  lang?: 'fr' | 'en';
  platformDomain: string;
  /** server.public_url: the unsubscribe link of the preview starts with it. */
  publicUrl: string;
}

/** The campaign (saved or not) as one contact would get it. Unknown merge fields are errors. */
export async function previewCampaign(storage: Storage, tenant: Tenant, c: Campaign, p: PreviewFor): Promise<Preview & { address: string }> {
  let contact = p.contactId !== undefined ? await storage.repos.contacts.get(tenant.id, p.contactId) : undefined;
  if (p.contactId !== undefined && !contact) throw new FacteurError('ERR_CONTACT_NOT_FOUND', `no contact ${p.contactId}`, { hint: 'contact ids come from GET /api/v1/contacts' });
  let address = contact?.address ?? '';
  if (p.address !== undefined) {
    const a = contactAddress(p.address);
    if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', a.reason, { details: { field: 'address', reason_code: a.code, suggestion: a.suggestion } });
    contact = await storage.repos.contacts.getByAddress(tenant.id, a.addressNormalized);
    address = contact?.address ?? a.address;
  }
  const prepared = await prepareCampaign(storage, tenant, c, { platformDomain: p.platformDomain });
  const fields = { ...(contact?.fields ?? {}) } as Record<string, string>;
  if (contact?.name && fields.name === undefined) fields.name = contact.name;
  const preview = previewMessage(prepared.compiled, {
    to: { address },
    fields,
    lang: p.lang ?? (fields.lang === 'en' ? 'en' : 'fr'),
    unsubscribeUrl: `${p.publicUrl.replace(/\/+$/, '') || 'https://facteur.invalid'}/u/preview`,
  });
  return { ...preview, address };
}

/** Queues the campaign as a test message (kind `test`, subject prefixed [TEST]) to a few addresses; the lists are not mailed. */
export async function sendTest(storage: Storage, tenant: Tenant, c: Campaign, to: string[], platformDomain: string): Promise<{ messageId: number; deliveryIds: number[] }> {
  if (to.length === 0) throw new FacteurError('ERR_VALIDATION', 'no address to send the test to', { details: { field: 'to' } });
  if (to.length > MAX_TEST_RECIPIENTS) throw new FacteurError('ERR_VALIDATION', `at most ${MAX_TEST_RECIPIENTS} test addresses`, { details: { field: 'to' } });
  const recipients = [];
  for (const [i, raw] of to.entries()) {
    const a = contactAddress(raw);
    if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', `${raw}: ${a.reason}`, { details: { field: `to.${i}`, reason_code: a.code, suggestion: a.suggestion } });
    const contact = await storage.repos.contacts.getByAddress(tenant.id, a.addressNormalized);
    recipients.push({ address: a.addressNormalized, contactId: contact?.id ?? null });
  }
  const subject = `[TEST] ${c.subject}`;
  const prepared = await prepareCampaign(storage, tenant, { ...c, subject }, { platformDomain });
  const r = await enqueueMessage(storage, tenant.id, { kind: 'test', subject, fromAddress: prepared.content.input.from.address, content: { ...prepared.content, listId: 0 }, recipients });
  return { messageId: r.message.id, deliveryIds: r.deliveryIds };
}

/** Sets (or changes) the time a draft or scheduled campaign starts; the template and lists are checked now. */
export async function scheduleCampaign(storage: Storage, tenant: Tenant, c: Campaign, at: number, platformDomain: string): Promise<Campaign> {
  assertCampaignState(c, 'schedule');
  if (!Number.isFinite(at) || at <= storage.clock.now()) {
    throw new FacteurError('ERR_VALIDATION', `${Number.isFinite(at) ? new Date(at).toISOString() : 'this time'} is in the past`, { details: { field: 'at' }, hint: 'give a future time, or POST /send to send now' });
  }
  await prepareCampaign(storage, tenant, c, { platformDomain, requireLists: true });
  if (!(await storage.repos.campaigns.transition(tenant.id, c.id, ACTION_FROM.schedule, 'scheduled', { scheduledAt: at }))) throw campaignStateError(await reread(storage, c), 'schedule');
  await storage.repos.events.append(tenant.id, { type: 'campaign.scheduled', campaignId: c.id, data: { at: new Date(at).toISOString() } });
  return reread(storage, c);
}

/** Sends a draft or scheduled campaign now: one delivery per subscribed, active member of its lists. */
export async function startCampaign(storage: Storage, tenant: Tenant, c: Campaign, opts: { platformDomain: string; canary?: GuardSettings['canary'] }): Promise<CampaignEnqueued> {
  assertCampaignState(c, 'send');
  await prepareCampaign(storage, tenant, c, { platformDomain: opts.platformDomain, requireLists: true });
  const r = await enqueueCampaign(storage, tenant.id, c.id, { platformDomain: opts.platformDomain, ...(opts.canary ? { canary: opts.canary } : {}) });
  await storage.repos.events.append(tenant.id, { type: 'campaign.started', campaignId: c.id, messageId: r.messageId, data: { deliveries: r.deliveries, ...(r.canary ? { canary: r.canary } : {}) } });
  return r;
}

/** Pauses a sending campaign, or resumes a paused one; `by` says who (recorded in the event). */
export async function pauseOrResume(storage: Storage, c: Campaign, action: 'pause' | 'resume', by: Record<string, unknown>): Promise<Campaign> {
  assertCampaignState(c, action);
  const to: CampaignStatus = action === 'pause' ? 'paused' : 'sending';
  if (!(await storage.repos.campaigns.transition(c.tenantId, c.id, ACTION_FROM[action], to))) throw campaignStateError(await reread(storage, c), action);
  await storage.repos.events.append(c.tenantId, { type: action === 'pause' ? 'campaign.paused' : 'campaign.resumed', campaignId: c.id, data: by });
  return reread(storage, c);
}

/** Cancels a campaign: deliveries not yet sent are cancelled, those in flight finish. Returns how many were cancelled. */
export async function cancelCampaign(storage: Storage, c: Campaign): Promise<{ campaign: Campaign; cancelled: number }> {
  assertCampaignState(c, 'cancel');
  const from = ACTION_FROM.cancel;
  const cancelled = await storage.transaction(async (r) => {
    const now = storage.clock.now();
    if (!(await r.campaigns.transition(c.tenantId, c.id, from, 'cancelled', { finishedAt: now }))) return -1;
    const n = await r.queue.cancelCampaign(c.tenantId, c.id, now);
    await r.events.append(c.tenantId, { type: 'campaign.cancelled', campaignId: c.id, data: { deliveries: n } });
    return n;
  });
  if (cancelled < 0) throw campaignStateError(await reread(storage, c), 'cancel');
  return { campaign: await reread(storage, c), cancelled };
}
