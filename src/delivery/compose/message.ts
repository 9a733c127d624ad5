// A campaign is compiled ONCE (Markdown parsed, sanitised, styled, laid out, split into static
// chunks + slots, static headers encoded); each recipient's message is then built by concatenation,
// QP-encoded, body-hashed once and DKIM-signed. The compiled campaign is plain data (structured-
// clonable) so worker threads can render it too.
import { randomBytes } from 'node:crypto';
import { FacteurError } from '../../core/errors.ts';
import type { DkimSigner } from '../dkim/sign.ts';
import { bodyHash } from '../dkim/canon.ts';
import { assertNoControls, mailboxHeader, phraseAndAngle, messageIdHeader, normaliseAddress, rfc5322Date, unstructured, type Mailbox } from './headers.ts';
import { sanitizeAndStyle, htmlToText } from './html.ts';
import { htmlLayout, LANGS, textLayout, accentOf, type FooterText, type Lang, type TenantBranding } from './layout.ts';
import { markdownToHtml, markdownToText, wrap } from './markdown.ts';
import { fill, resolveSlots, SlotTable, type FieldValues, type Slot, type SplitTemplate } from './merge.ts';
import { alternativeBody, newBoundary, qpEncode } from './mime.ts';

export interface CampaignInput {
  tenant: TenantBranding;
  /** The tenant's verified domain, or the platform's domain (then give replyTo). */
  from: Mailbox;
  replyTo?: Mailbox;
  /** May contain merge tags. */
  subject: string;
  /** The body: Markdown (the normal way) or, as an advanced option, HTML (sanitised). */
  markdown?: string;
  html?: string;
  /** Field names the tenant's contacts have: any other name in a tag is ERR_MERGE_FIELD. */
  fields: readonly string[];
  /** RFC 2919 List-Id: `label.domain` and an optional human name. */
  list: { id: string; name?: string };
  /** Feedback-ID (Gmail FBL): e.g. `campaign:tenant:facteur`. */
  feedbackId?: string;
  footer?: Omit<FooterText, 'listName'>;
}

interface Variant {
  html: SplitTemplate;
  text: SplitTemplate;
}

export interface CompiledCampaign {
  slots: Slot[];
  subject: SplitTemplate;
  variants: Record<Lang, Variant>;
  /** Header lines that are the same for every recipient, encoded and folded: before To, after List-Unsubscribe. */
  headHeaders: string[];
  tailHeaders: string[];
  messageIdDomain: string;
  boundary: string;
}

const LIST_ID = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)+$/;

export function compileCampaign(input: CampaignInput): CompiledCampaign {
  if ((input.markdown === undefined) === (input.html === undefined)) {
    throw new FacteurError('ERR_VALIDATION', 'give the body as Markdown or as HTML (exactly one)', { details: { field: 'markdown' } });
  }
  const accent = accentOf(input.tenant);
  const table = new SlotTable(input.fields);
  assertNoControls('Subject', input.subject);
  const subject = table.split(table.replaceTags(input.subject, 'subject'), 'header');

  let bodyHtml: string;
  let bodyText: string;
  if (input.markdown !== undefined) {
    const md = table.replaceTags(input.markdown, 'body');
    bodyHtml = sanitizeAndStyle(markdownToHtml(md), accent);
    bodyText = markdownToText(md);
  } else {
    bodyHtml = sanitizeAndStyle(table.replaceTags(input.html!, 'body'), accent);
    bodyText = htmlToText(bodyHtml)
      .split('\n')
      .map((l) => (l.length > 72 ? wrap(l) : l))
      .join('\n');
  }
  const unsub = table.internal('unsubscribe_url');
  const footer: FooterText = { ...input.footer, ...(input.list.name ? { listName: input.list.name } : {}) };
  const variants = {} as Record<Lang, Variant>;
  for (const lang of LANGS) {
    variants[lang] = {
      html: table.split(htmlLayout(input.tenant, lang, bodyHtml, unsub, footer, input.tenant.name.replace(/[<>&"]/g, '')), 'html'),
      text: table.split(textLayout(input.tenant, lang, bodyText, unsub, footer), 'text'),
    };
  }

  if (!LIST_ID.test(input.list.id)) {
    throw new FacteurError('ERR_HEADER_INVALID', `List-Id "${input.list.id}" must look like label.domain (RFC 2919 §2)`, { details: { field: 'List-Id' } });
  }
  const from = mailboxHeader('From', input.from);
  const headHeaders = [from];
  if (input.replyTo) headHeaders.push(mailboxHeader('Reply-To', input.replyTo));
  const staticHeaders: string[] = [];
  const listName = input.list.name?.trim();
  staticHeaders.push(listName ? phraseAndAngle('List-Id', listName, input.list.id) : `List-Id: <${input.list.id}>`);
  if (input.feedbackId) {
    assertNoControls('Feedback-ID', input.feedbackId);
    staticHeaders.push(`Feedback-ID: ${input.feedbackId}`);
  }
  const boundary = newBoundary();
  staticHeaders.push('MIME-Version: 1.0', `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`);
  const fromAddress = normaliseAddress('From', input.from.address);
  return { slots: table.slots, subject, variants, headHeaders, tailHeaders: staticHeaders, messageIdDomain: fromAddress.slice(fromAddress.indexOf('@') + 1), boundary };
}

export interface RecipientInput {
  to: Mailbox;
  fields: FieldValues;
  lang?: Lang;
  /** https URL of the one-click unsubscribe endpoint for this recipient (RFC 8058 §3.1). */
  unsubscribeUrl: string;
  /** mailto: address (or URI) that unsubscribes too (RFC 2369). */
  unsubscribeMailto?: string;
  messageId?: string;
  /** Milliseconds since the epoch; default now. */
  date?: number;
}

export interface Preview {
  subject: string;
  html: string;
  text: string;
}

function resolved(c: CompiledCampaign, r: RecipientInput): string[] {
  return resolveSlots(c.slots, { ...r.fields, email: r.to.address, unsubscribe_url: r.unsubscribeUrl });
}

/** Subject, HTML and text for one recipient (the admin UI's preview uses this). */
export function previewMessage(c: CompiledCampaign, r: RecipientInput): Preview {
  const values = resolved(c, r);
  const v = c.variants[r.lang ?? 'fr'];
  return { subject: fill(c.subject, values).trim(), html: fill(v.html, values), text: fill(v.text, values) };
}

function listUnsubscribe(r: RecipientInput): string {
  assertNoControls('List-Unsubscribe URL', r.unsubscribeUrl);
  // RFC 8058 §3.1 requires HTTPS. Plain http is tolerated for a loopback host only, so a local
  // trial (`npm start`, public_url http://127.0.0.1:8080) can still send to a test sink.
  if (!/^https:\/\/[^\s<>,]+$/i.test(r.unsubscribeUrl) && !/^http:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?\/[^\s<>,]*$/i.test(r.unsubscribeUrl)) {
    throw new FacteurError('ERR_HEADER_INVALID', `the unsubscribe URL must be https:// (RFC 8058 §3.1), got "${r.unsubscribeUrl}"`, {
      details: { field: 'List-Unsubscribe' },
      hint: 'set server.public_url to the https:// address members reach facteur at',
    });
  }
  let value = `<${r.unsubscribeUrl}>`;
  if (r.unsubscribeMailto) {
    assertNoControls('List-Unsubscribe mailto', r.unsubscribeMailto);
    const m = r.unsubscribeMailto.replace(/^mailto:/i, '');
    const [addr = '', query] = m.split('?', 2);
    value += `,\r\n <mailto:${normaliseAddress('List-Unsubscribe mailto', addr)}${query ? '?' + query.replace(/[\s<>,]/g, encodeURIComponent) : ''}>`;
  }
  return `List-Unsubscribe: ${value}`;
}

/** The header lines of one recipient's message, in the order they are written. */
export function recipientHeaders(c: CompiledCampaign, r: RecipientInput, values: string[], now: number): string[] {
  const subject = fill(c.subject, values).replace(/\s+/g, ' ').trim();
  const id = r.messageId ?? `${Date.now().toString(36)}.${randomBytes(10).toString('hex')}@${c.messageIdDomain}`;
  return [
    ...c.headHeaders,
    mailboxHeader('To', r.to),
    unstructured('Subject', subject),
    `Date: ${rfc5322Date(r.date ?? now)}`,
    messageIdHeader(id),
    listUnsubscribe(r),
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ...c.tailHeaders,
  ];
}

/**
 * One complete RFC 5322 message for one recipient, DKIM-signed by each signer (the body is hashed
 * once for all). The envelope sender (VERP) is not written: the receiving MTA adds Return-Path.
 */
export function renderMessage(c: CompiledCampaign, r: RecipientInput, signers: readonly DkimSigner[] = [], now = Date.now()): Buffer {
  const values = resolved(c, r);
  const v = c.variants[r.lang ?? 'fr'];
  if (!v) throw new FacteurError('ERR_VALIDATION', `unknown language "${String(r.lang)}" (fr or en)`);
  const headers = recipientHeaders(c, r, values, now);
  const body = alternativeBody(c.boundary, qpEncode(fill(v.text, values)), qpEncode(fill(v.html, values)));
  let sigs = '';
  if (signers.length > 0) {
    const bh = bodyHash(body);
    const t = Math.floor(now / 1000);
    for (const s of signers) sigs += s.sign(headers, bh, t) + '\r\n';
  }
  return Buffer.from(sigs + headers.join('\r\n') + '\r\n\r\n' + body, 'latin1');
}
