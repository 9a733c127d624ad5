// RFC 3464 delivery-status reader: the per-message block and one block per recipient
// (§2.3: Final-Recipient, Original-Recipient, Action, Status, Diagnostic-Code). Tolerates
// missing blank lines between blocks, the field names in any case and "X-" extensions.
import { parseHeaderBlock } from './mime.ts';
import { cleanAddress, findEnhanced, findReplyCode, findCommand } from './fields.ts';
import type { RawRecipient } from './types.ts';

export interface DsnFields {
  perMessage: Record<string, string>;
  recipients: Array<Record<string, string>>;
}

/** True when the text carries RFC 3464 per-recipient fields (even if not typed delivery-status). */
export function looksLikeDsn(text: string): boolean {
  return /^(?:final|original)-recipient\s*:/im.test(text) && /^(?:action|status)\s*:/im.test(text);
}

export function readDsnFields(text: string): DsnFields {
  const fields = parseHeaderBlock(text.replace(/\r/g, '').replace(/\n[ \t]*\n(?=[ \t]*\n)/g, '\n'), false);
  // Blank lines are dropped by the header parser, so blocks are rebuilt: a new recipient starts
  // at Final-Recipient (or Original-Recipient when it is not followed by its Final-Recipient).
  const perMessage: Record<string, string> = {};
  const recipients: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const f of fields) {
    const n = f.name;
    const startsRecipient = (n === 'final-recipient' || n === 'original-recipient')
      && (current === null || current[n] !== undefined || current.action !== undefined || current.status !== undefined);
    if (startsRecipient) {
      current = {};
      recipients.push(current);
    }
    const target = current ?? perMessage;
    if (target[n] === undefined) target[n] = f.value;
  }
  return { perMessage, recipients };
}

/** Strip the address-type of RFC 3464 §2.3.2 ("rfc822; a@b"). */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const a = cleanAddress(v.trim().replace(/^<|>$/g, ''));
  // A usable mailbox: a local part and a dotted domain (not "@relay" nor "user@localhost-name").
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a) ? a : null;
}

/** Diagnostic-Code: "smtp; 550 5.1.1 …" → its type and text (RFC 3464 §2.3.6). */
export function splitDiagnostic(value: string | undefined): { type: string | null; text: string } {
  if (!value) return { type: null, text: '' };
  const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*;\s*(.*)$/s.exec(value);
  return m ? { type: m[1]!.toUpperCase(), text: m[2]!.trim() } : { type: null, text: value.trim() };
}

/**
 * The Status: field or the code quoted in the diagnostic? The one whose class agrees with the
 * reply code; else the more precise one: vague fields (X.0.0, X.Y.0, 4.4.7 "expired", 4.7.0,
 * 5.3.x, X.5.x protocol codes, and 5.1.1 next to a precise non-protocol code) lose to the quote.
 */
export function preferStatus(field: string | null, quoted: string | null, reply: number | null): string | null {
  if (!field || !quoted) return field ?? quoted;
  if (field === quoted) return field;
  if (reply !== null && field[0] !== quoted[0]) {
    const c = String(reply)[0];
    if (c === field[0]) return field;
    if (c === quoted[0]) return quoted;
  }
  const vague = (s: string) => s.includes('.0');
  if (field.endsWith('.0.0')) return quoted.endsWith('.0.0') ? field : quoted;
  if (vague(field) && !vague(quoted)) return quoted;
  if (quoted.endsWith('.0.0')) return field;
  if (field === '4.4.7' || field === '4.7.0' || field.startsWith('5.3.') || /^\d\.5\.[1245]$/.test(field)) return quoted;
  if (field === '5.1.1') return vague(quoted) || quoted.startsWith('5.5.') ? field : quoted;
  if (field === '5.1.3' && quoted.startsWith('5.7.')) return quoted;
  return field;
}

export function dsnRecipients(fields: DsnFields): RawRecipient[] {
  const out: RawRecipient[] = [];
  for (const block of fields.recipients) {
    // Per-recipient fields some reporters write before Final-Recipient end up in the
    // per-message block: they belong to the recipient when it has none of its own.
    const r = { ...block };
    for (const n of ['status', 'diagnostic-code', 'action', 'remote-mta']) {
      const inherited = fields.perMessage[n];
      if (r[n] === undefined && inherited !== undefined) r[n] = inherited;
    }
    const recipient = addressOf(r['final-recipient']) ?? addressOf(r['original-recipient']) ?? addressOf(r['x-actual-recipient']);
    if (!recipient) continue;
    const diag = splitDiagnostic(r['diagnostic-code']);
    const statusField = /([245]\.\d{1,3}\.\d{1,3})/.exec(r.status ?? '')?.[1] ?? null;
    const status = preferStatus(statusField, findEnhanced(diag.text), findReplyCode(diag.text));
    out.push({
      recipient,
      status,
      replycode: findReplyCode(diag.text),
      diagnostic: diag.text,
      action: (r.action ?? '').trim().toLowerCase() || null,
      command: findCommand(diag.text),
      // Postfix labels relayed replies X-Postfix too; with a reply code in it, it is an SMTP reply.
      diagnosticType: diag.type === 'X-POSTFIX' && findReplyCode(diag.text) !== null ? 'SMTP' : diag.type,
      origin: [r['remote-mta'], fields.perMessage['reporting-mta'], fields.perMessage['received-from-mta']].filter(Boolean).join(' ') || null,
    });
  }
  return out;
}
