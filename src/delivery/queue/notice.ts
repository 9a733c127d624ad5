// Mail facteur itself sends on an association's behalf: a password reset, an invitation to the
// team, a subscription confirmation (double opt-in). Queued like any transactional message, so it
// is signed with the tenant's DKIM keys, shaped, retried, and its bounces are processed.
import type { Tenant } from '../../core/model.ts';
import type { Storage } from '../../storage/index.ts';
import { compileCampaign } from '../compose/index.ts';
import { transactionalContent } from './content.ts';
import { enqueueMessage } from './enqueue.ts';

export interface NoticeRequest {
  /** One recipient, already checked (contactAddress). */
  to: string;
  subject: string;
  /** The body in Markdown; no merge fields (values are written in by the caller, escaped for Markdown). */
  markdown: string;
  /** The contact this is about, when there is one (deliveries and reports link to it). */
  contactId?: number | null;
  /** A repeat with the same key sends nothing more (double-clicked forms). */
  idempotencyKey?: string | null;
  /** A double opt-in confirmation: may reach an address its owner unsubscribed earlier (see MessageContent). */
  optIn?: boolean;
}

/** Queues a notice from the tenant's usual sender; returns the message and delivery ids. */
export async function sendNotice(storage: Storage, platformDomain: string, tenant: Tenant, req: NoticeRequest): Promise<{ messageId: number; deliveryId: number }> {
  const content = transactionalContent(tenant, { subject: req.subject, markdown: req.markdown }, { platformDomain, fields: [], now: storage.clock.now() });
  if (req.optIn) content.optIn = true;
  compileCampaign(content.input); // a template fault shows here, not as a failed delivery later
  const r = await enqueueMessage(storage, tenant.id, {
    kind: 'transactional',
    subject: req.subject,
    fromAddress: content.input.from.address,
    content,
    recipients: [{ address: req.to, contactId: req.contactId ?? null }],
    idempotencyKey: req.idempotencyKey ?? null,
  });
  return { messageId: r.message.id, deliveryId: r.deliveryIds[0]! };
}

/**
 * Escapes text for Markdown so a name or an address cannot add links, emphasis or markup. `:`
 * and `@` are escaped too: GFM turns a bare `https://…`, `www.…` or address into a link otherwise.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&:@]/g, (c) => `\\${c}`).replace(/[\r\n\u2028\u2029]+/g, ' ');
}
