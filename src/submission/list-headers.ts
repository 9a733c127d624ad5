// Bulk mail submitted under a credential with a list context gets the list headers campaign mail
// has: List-Id (RFC 2919) on every copy, and for recipients who are contacts of the tenant their own
// List-Unsubscribe with a one-click URL and a mailto: (RFC 2369, RFC 8058) — the token names the
// contact, so each such recipient gets a copy of its own. Addresses that are not contacts share one
// copy with List-Id only: there is no one to unsubscribe. Headers the application already set win.
import type { Repositories } from '../storage/index.ts';
import type { MailingList } from '../core/model.ts';
import { parseAddress } from '../core/address/index.ts';
import { unsubscribeToken } from '../core/tokens.ts';
import { withHeaders } from './message.ts';

export interface ListContext {
  secret: string;
  publicUrl: string;
  bounceDomain: string;
  platformDomain: string;
}

export interface Copy {
  mime: string;
  recipients: { address: string; contactId: number | null }[];
}

function hasField(mime: string, name: string): boolean {
  const end = mime.search(/\r?\n\r?\n/);
  return new RegExp(`^${name}:`, 'im').test(end < 0 ? mime : mime.slice(0, end));
}

export async function listCopies(
  repos: Repositories,
  tenant: { id: number; slug: string },
  list: MailingList,
  mime: string,
  recipients: readonly string[],
  ctx: ListContext,
): Promise<Copy[]> {
  const listId = `${list.slug}.${tenant.slug}.${ctx.platformDomain}`;
  const base = hasField(mime, 'List-Id') ? mime : withHeaders(mime, [`List-Id: <${listId}>`]);
  const appOwnsUnsubscribe = hasField(mime, 'List-Unsubscribe');
  const shared: Copy = { mime: base, recipients: [] };
  const copies: Copy[] = [];
  for (const address of recipients) {
    const normalized = parseAddress(address).normalized;
    const contact = normalized ? await repos.contacts.getByAddress(tenant.id, normalized) : undefined;
    if (!contact || appOwnsUnsubscribe) {
      shared.recipients.push({ address, contactId: contact?.id ?? null });
      continue;
    }
    const token = unsubscribeToken(ctx.secret, { tenantId: tenant.id, contactId: contact.id, listId: list.id });
    copies.push({
      mime: withHeaders(base, [
        `List-Unsubscribe: <${ctx.publicUrl}/u/${token}>, <mailto:unsubscribe+${token}@${ctx.bounceDomain}>`,
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      ]),
      recipients: [{ address, contactId: contact.id }],
    });
  }
  if (shared.recipients.length > 0) copies.unshift(shared);
  return copies;
}
