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
  return a.includes('@') ? a : null;
}

/** Diagnostic-Code: "smtp; 550 5.1.1 …" → its type and text (RFC 3464 §2.3.6). */
export function splitDiagnostic(value: string | undefined): { type: string | null; text: string } {
  if (!value) return { type: null, text: '' };
  const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*;\s*(.*)$/s.exec(value);
  return m ? { type: m[1]!.toUpperCase(), text: m[2]!.trim() } : { type: null, text: value.trim() };
}

export function dsnRecipients(fields: DsnFields): RawRecipient[] {
  const out: RawRecipient[] = [];
  for (const r of fields.recipients) {
    const recipient = addressOf(r['final-recipient']) ?? addressOf(r['original-recipient']) ?? addressOf(r['x-actual-recipient']);
    if (!recipient) continue;
    const diag = splitDiagnostic(r['diagnostic-code']);
    const statusField = /([245]\.\d{1,3}\.\d{1,3})/.exec(r.status ?? '')?.[1] ?? null;
    const fromText = findEnhanced(diag.text);
    // A vague Status (x.0.0) loses to a precise code quoted in the diagnostic.
    const status = statusField && !(statusField.endsWith('.0.0') && fromText && fromText[0] === statusField[0]) ? statusField : fromText ?? statusField;
    out.push({
      recipient,
      status,
      replycode: findReplyCode(diag.text),
      diagnostic: diag.text,
      action: (r.action ?? '').trim().toLowerCase() || null,
      command: findCommand(diag.text),
      diagnosticType: diag.type,
    });
  }
  return out;
}
