// What a message row holds and how a campaign becomes one: the compile input of the template
// (stored once per campaign, personalised per recipient at send time) or a raw MIME message.
import type { Campaign, MailingList, Tenant } from '../../core/model.ts';
import type { CampaignInput } from '../compose/index.ts';
import type { PoolSigning } from '../compose/index.ts';
import { FacteurError } from '../../core/errors.ts';

/**
 * `listId` scopes the unsubscribe link (0 or absent: unsubscribe from everything). `optIn`: a
 * subscription confirmation the member asked for, which the engine lets through the tenant's
 * own `unsubscribe` suppression of the address (never a bounce, complaint or platform one).
 */
export type MessageContent = { kind: 'template'; input: CampaignInput; listId?: number; optIn?: true } | { kind: 'raw'; mime: string };

/** A tenant's DKIM keys, kept in tenant.settings.dkim (never returned by the API). */
export function tenantSigning(tenant: Tenant): PoolSigning[] {
  const dkim = tenant.settings.dkim;
  if (!Array.isArray(dkim)) return [];
  return dkim.filter((k): k is PoolSigning => typeof k === 'object' && k !== null && 'domain' in k && 'selector' in k && 'privateKey' in k);
}

export function parseContent(body: string): MessageContent {
  const parsed = JSON.parse(body) as MessageContent;
  if (parsed.kind !== 'template' && parsed.kind !== 'raw') throw new Error(`unknown message content kind ${(parsed as { kind: string }).kind}`);
  return parsed;
}

export interface ContentContext {
  platformDomain: string;
  /** Field names the tenant's contacts have (merge tags must use these). */
  fields: readonly string[];
}

/** The template input for a campaign: branding and sender from the tenant, body from the campaign. */
export function campaignContent(tenant: Tenant, campaign: Campaign, lists: MailingList[], ctx: ContentContext): MessageContent {
  const settings = tenant.settings as { sending_domain?: string; accent_color?: string; postal_address?: string; reply_to?: string; from_name?: string };
  const domain = settings.sending_domain;
  let fromAddress = campaign.fromAddress;
  if (!fromAddress) fromAddress = domain ? `${tenant.slug}@${domain}` : `${tenant.slug}@${ctx.platformDomain}`;
  const fromDomain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  if (fromDomain !== ctx.platformDomain && fromDomain !== domain) {
    throw new FacteurError('ERR_VALIDATION', `the From address ${fromAddress} is not on the tenant's verified domain`, {
      hint: domain ? `use an address @${domain}` : 'set up a sending domain for this tenant, or leave the From address empty to send from the platform domain',
      details: { field: 'from_address' },
    });
  }
  const replyTo = campaign.replyTo ?? settings.reply_to;
  const first = lists[0];
  const input: CampaignInput = {
    tenant: { name: tenant.name, postalAddress: settings.postal_address ?? '', ...(settings.accent_color ? { accentColor: settings.accent_color } : {}) },
    from: { address: fromAddress, name: campaign.fromName ?? settings.from_name ?? tenant.name },
    ...(replyTo ? { replyTo: { address: replyTo } } : {}),
    subject: campaign.subject,
    markdown: campaign.bodyMarkdown,
    fields: ctx.fields,
    // RFC 2919: a List-Id unique to this list, under a domain the platform controls.
    list: { id: `${first ? first.slug : 'campaign'}.${tenant.slug}.${ctx.platformDomain}`, ...(first ? { name: first.name } : {}) },
    feedbackId: `${campaign.id}:${tenant.id}:facteur`,
  };
  return { kind: 'template', input, ...(first ? { listId: first.id } : {}) };
}

export interface TransactionalSpec {
  subject: string;
  markdown?: string;
  fromAddress?: string | null;
  fromName?: string | null;
  replyTo?: string | null;
}

/**
 * The template input of a message outside any campaign (API transactional mail, password reset,
 * subscription confirmation): the tenant's branding and sender, a List-Id of its own, and a
 * Feedback-ID that tells these apart from campaigns at the mailbox providers.
 */
export function transactionalContent(tenant: Tenant, spec: TransactionalSpec, ctx: ContentContext & { now: number }): MessageContent & { kind: 'template' } {
  const pseudo: Campaign = {
    id: 0, tenantId: tenant.id, name: 'transactional', subject: spec.subject, bodyMarkdown: spec.markdown ?? '', fromName: spec.fromName ?? null,
    fromAddress: spec.fromAddress ?? null, replyTo: spec.replyTo ?? null, listIds: [], status: 'draft', scheduledAt: null, startedAt: null, finishedAt: null,
    createdAt: ctx.now, updatedAt: ctx.now,
  };
  const base = campaignContent(tenant, pseudo, [], ctx);
  if (base.kind !== 'template') throw new Error('unreachable');
  return {
    kind: 'template',
    input: { ...base.input, list: { id: `transactional.${tenant.slug}.${ctx.platformDomain}` }, feedbackId: `tx:${tenant.id}:facteur` },
    listId: 0,
  };
}
