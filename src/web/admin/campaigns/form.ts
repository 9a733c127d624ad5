// The campaign editor's form: reading it, checking it (lengths, one-line fields) with messages for
// volunteers, turning the shared lifecycle's errors into a message next to the right field, and
// the time zone the schedule is given in.
import { isFacteurError, type FacteurError } from '../../../core/errors.ts';
import type { Campaign, Tenant } from '../../../core/model.ts';
import { DRAFT_LIMITS, MAX_TEST_RECIPIENTS, type DraftFields } from '../../../delivery/campaigns/index.ts';
import { allowedFromDomains } from '../../../delivery/queue/index.ts';
import type { Lang } from '../../i18n/index.ts';
import { nf } from '../layout.ts';
import type { CampaignMessages } from './messages.ts';

/** Most addresses a test from the interface goes to. */
export const TEST_MAX = Math.min(5, MAX_TEST_RECIPIENTS);

export interface DraftForm {
  name: string;
  subject: string;
  fromName: string;
  replyTo: string;
  listIds: number[];
  markdown: string;
}

export type DraftField = keyof DraftForm;
export type FieldErrors = Partial<Record<DraftField, string>>;

const ID = /^[0-9]{1,15}$/;
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
const chars = (s: string) => [...s].length;

export function emptyDraft(): DraftForm {
  return { name: '', subject: '', fromName: '', replyTo: '', listIds: [], markdown: '' };
}

export function draftOf(c: Campaign): DraftForm {
  return { name: c.name, subject: c.subject, fromName: c.fromName ?? '', replyTo: c.replyTo ?? '', listIds: c.listIds, markdown: c.bodyMarkdown };
}

/** The values typed, as they were (one-line fields trimmed at the ends; the body's CRLF as LF). */
export function readDraftForm(form: URLSearchParams): DraftForm {
  const ids = [...new Set(form.getAll('list').filter((v) => ID.test(v)).map(Number))].filter((n) => n > 0);
  return {
    name: (form.get('name') ?? '').trim(),
    subject: (form.get('subject') ?? '').trim(),
    fromName: (form.get('from_name') ?? '').trim(),
    replyTo: (form.get('reply_to') ?? '').trim(),
    listIds: ids,
    markdown: (form.get('markdown') ?? '').replace(/\r\n?/g, '\n'),
  };
}

/** Checks what the page can check alone: required fields, lengths, one-line fields. */
export function checkDraftForm(d: DraftForm, m: CampaignMessages, lang: Lang): FieldErrors {
  const e: FieldErrors = {};
  const len = (field: DraftField, value: string, max: number, required: boolean) => {
    if (required && value.trim() === '') e[field] = m.required;
    else if (chars(value) > max) e[field] = field === 'markdown' ? `${m.bodyTooLarge(nf(lang, max))} ${m.tooLong(nf(lang, max), nf(lang, chars(value)))}` : m.tooLong(nf(lang, max), nf(lang, chars(value)));
    else if (field !== 'markdown' && CONTROL.test(value)) e[field] = m.lineBreak;
  };
  len('name', d.name, DRAFT_LIMITS.name, true);
  len('subject', d.subject, DRAFT_LIMITS.subject, true);
  len('fromName', d.fromName, DRAFT_LIMITS.fromName, false);
  len('replyTo', d.replyTo, DRAFT_LIMITS.address, false);
  len('markdown', d.markdown, DRAFT_LIMITS.markdown, true);
  if (d.listIds.length > DRAFT_LIMITS.lists) e.listIds = m.tooManyLists(DRAFT_LIMITS.lists);
  return e;
}

/** The shared lifecycle's input for a draft form. */
export function draftFields(d: DraftForm): DraftFields {
  return { name: d.name, subject: d.subject, markdown: d.markdown, listIds: d.listIds, fromName: d.fromName || null, replyTo: d.replyTo || null };
}

/** A campaign object holding the typed values (for a preview of what is not saved). */
export function typedCampaign(tenant: Tenant, base: Campaign | undefined, d: DraftForm, now: number): Campaign {
  return {
    id: base?.id ?? 0,
    tenantId: tenant.id,
    name: d.name,
    subject: d.subject,
    bodyMarkdown: d.markdown,
    fromName: d.fromName || null,
    fromAddress: base?.fromAddress ?? null,
    replyTo: d.replyTo || null,
    listIds: d.listIds,
    status: base?.status ?? 'draft',
    scheduledAt: base?.scheduledAt ?? null,
    startedAt: base?.startedAt ?? null,
    finishedAt: base?.finishedAt ?? null,
    createdAt: base?.createdAt ?? now,
    updatedAt: base?.updatedAt ?? now,
  };
}

const API_FIELDS: Record<string, DraftField> = { name: 'name', subject: 'subject', from_name: 'fromName', reply_to: 'replyTo', from_address: 'replyTo', list_ids: 'listIds', markdown: 'markdown' };

export interface Explained {
  field: DraftField | undefined;
  message: string;
}

/**
 * A lifecycle error in the volunteer's words, with the field it belongs to; undefined for errors
 * that are not the input's fault (they propagate as server errors).
 */
export function explain(e: unknown, m: CampaignMessages, ctx: { tenant: Tenant; platformDomain: string; fields: readonly string[]; statusName: (s: string) => string; draft?: DraftForm }): Explained | undefined {
  if (!isFacteurError(e)) return undefined;
  const err = e as FacteurError;
  const d = (err.details ?? {}) as Record<string, unknown>;
  const field = typeof d.field === 'string' ? API_FIELDS[d.field] : undefined;
  const where = d.where === 'subject' ? 'subject' : 'markdown';
  switch (err.code) {
    case 'ERR_MERGE_FIELD':
      return { field: where, message: m.unknownField(String(d.field), where === 'subject' ? m.whereSubject : m.whereBody, ctx.fields.map((f) => `{{ ${f} }}`).join(', ')) };
    case 'ERR_TEMPLATE_SYNTAX':
      return { field: where, message: m.badTag(typeof d.tag === 'string' ? d.tag : '{{', where === 'subject' ? m.whereSubject : m.whereBody) };
    case 'ERR_HEADER_INVALID':
      return { field: field ?? 'subject', message: m.lineBreak };
    case 'ERR_INVALID_ADDRESS': {
      if (d.field === 'From') return { field: undefined, message: m.senderUnusable(String(d.address ?? '')) };
      const value = typeof d.address === 'string' ? d.address : field === 'replyTo' ? (ctx.draft?.replyTo ?? '') : '';
      const hint = typeof d.suggestion === 'string' && d.suggestion ? ` ${m.didYouMean(d.suggestion)}` : '';
      return { field: field ?? 'replyTo', message: `${m.invalidAddress(value)}${hint}` };
    }
    case 'ERR_LIST_NOT_FOUND':
      return { field: 'listIds', message: m.listGone };
    case 'ERR_CAMPAIGN_STATE':
      return { field: undefined, message: m.stateRefused(ctx.statusName(String(d.campaign_status ?? ''))) };
    case 'ERR_VALIDATION':
      if (d.field === 'list_ids') return { field: 'listIds', message: m.noListChosen };
      if (d.field === 'from_address') return { field: 'replyTo', message: m.fromNotAllowed(allowedFromDomains(ctx.tenant, ctx.platformDomain).join(', ')) };
      return { field, message: err.message };
    default:
      return undefined;
  }
}

/** The addresses of the test form: split on commas, semicolons and spaces, at most TEST_MAX. */
export function testAddresses(raw: string, m: CampaignMessages): { to: string[]; error?: string } {
  const to = [...new Set(raw.slice(0, 10_000).split(/[\s,;]+/).filter(Boolean))];
  if (to.length === 0) return { to, error: m.testNone };
  if (to.length > TEST_MAX) return { to, error: m.testTooMany(TEST_MAX) };
  return { to };
}

// --- time zone ------------------------------------------------------------------------------

export const DEFAULT_ZONE = 'Europe/Paris';

/** The tenant's time zone (settings.timezone when it is a valid IANA name), else Europe/Paris. */
export function zoneOf(tenant: Tenant): string {
  const z = tenant.settings.timezone;
  if (typeof z === 'string' && z.length < 64) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: z });
      return z;
    } catch {
      // not a zone name: the default
    }
  }
  return DEFAULT_ZONE;
}

function partsIn(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ms);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

function offsetAt(ms: number, zone: string): number {
  const p = partsIn(ms, zone);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A datetime-local value read in `zone`, as epoch milliseconds; undefined when it is not a real time there. */
export function parseLocal(value: string, zone: string): number | undefined {
  const m = LOCAL.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  let t = naive - offsetAt(naive, zone);
  t = naive - offsetAt(t, zone);
  const back = partsIn(t, zone);
  // 30 February, 25:00, or a time skipped by the change to summer time.
  if (back.y !== y || back.mo !== mo || back.d !== d || back.h !== h || back.mi !== mi) return undefined;
  return t;
}

/** Epoch milliseconds as a datetime-local value in `zone`. */
export function formatLocal(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.y}-${two(p.mo)}-${two(p.d)}T${two(p.h)}:${two(p.mi)}`;
}

/** A date and time for people, in the page language and `zone`. */
export function formatWhen(ms: number, lang: Lang, zone: string): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(ms);
}
