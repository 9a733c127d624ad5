// Non-standard NDRs (qmail, Exim, old Sendmail, Exchange, Gmail, Yahoo, Orange, …) written
// as prose: find the human-readable notice, the failed addresses in it and the text about each.
// Heuristics only; they are written against MTA wording, never against particular messages.
import { header, textOf, walkOuter, type MimePart } from './mime.ts';
import { findAddresses, findCommand, findEnhanced, findReplyCode, firstAddress, isLikelyMailerAddress } from './fields.ts';
import { reasonFromText } from '../../core/bounces/index.ts';
import type { RawRecipient } from './types.ts';

/** Lines after which an NDR quotes the returned message (so addresses there are not failures). */
const ORIGINAL_MARKER = new RegExp([
  '^[- ]*(?:below this line is a copy of the message|this is a copy of the message|original message|the original message|returned message)',
  '^[- ]*(?:the )?(?:header|headers) of (?:the )?original message',
  '^[- ]*(?:unsent|undelivered|undeliverable) message',
  '^[- ]*(?:original|returned) (?:message )?(?:headers?|mail|text) (?:follows|below|are)',
  '^\\s*-+\\s*(?:original message|message d.origine|forwarded message)',
  '^[- ]*(?:the )?(?:first|following) (?:\\d+ )?(?:lines?|part) of (?:the|your) (?:original )?message',
  '^(?:return-path|received|dkim-signature|message-id|x-[a-z-]+|authentication-results):\\s',
].join('|'), 'im');

const BOUNCE_SUBJECT = /(?:mail (?:failure|failed)|undeliver|undelivered|delivery (?:status|failure|failed|notification|report|has failed|problem)|returned mail|mail delivery (?:failed|failure|system|subsystem)|failure notice|failed delivery|could not be delivered|non[- ]?delivery|nondeliverable|delivery problem|message (?:not delivered|delivery failed)|rejected|bounced?|mail (?:system error|could not be delivered)|warning: message|delayed mail|delivery delayed|error sending|unzustellbar|non remis|non distribu|échec|non consegnato|no se puede entregar|notification d.état|zustellungsbericht|user unknown|mailbox (?:full|unavailable)|permanent error)/i;

const BOUNCE_BODY = /(?:could not be delivered|couldn.t be delivered|wasn.t able to deliver|was not able to deliver|unable to deliver|delivery (?:to the following|has failed|failed|of your message)|permanent (?:error|fatal|failure)|following address(?:es)? (?:had|failed)|undeliverable|message (?:was|has been) (?:rejected|returned|blocked|bounced)|did not reach|couldn.t reach|not (?:been )?delivered|delivery status notification|mail delivery failed|returned to sender|fatal errors|failed recipient|could not deliver|user unknown|rejected your message|remote (?:host|server) (?:said|replied|returned)|smtp error|error (?:from|while)|giving up|gave up|retry timeout|transcript of session follows|error message below:)/i;

const MAILER_FROM = /(?:mailer-daemon|mail-daemon|post_?master|mail delivery|maildelivery|mail administrator|delivery subsystem|mail system|mdaemon|noreply-dsn|bounce)/i;

/** The readable notice of the report, without the quoted original. */
export function humanText(root: MimePart): { text: string; tail: string } {
  const texts: string[] = [];
  for (const p of walkOuter(root)) {
    if (p.parts.length > 0 || p.type.startsWith('multipart/')) continue;
    if (p.type === 'text/plain' || p.type === 'text/enriched' || p.type === 'message/delivery-status' || p.type === 'text/delivery-status' || p.type === 'text/x-aol') {
      texts.push(textOf(p));
    } else if (p.type === 'text/html' && !texts.length) {
      texts.push(htmlToText(textOf(p)));
    }
  }
  let full = texts.join('\n');
  if (!full.trim()) {
    for (const p of walkOuter(root)) if (p.type === 'text/html') full += htmlToText(textOf(p));
  }
  // Skip the first lines so that a marker-looking first line does not cut everything.
  const m = ORIGINAL_MARKER.exec(full.slice(1));
  if (!m) return { text: full, tail: '' };
  const at = m.index + 1;
  return { text: full.slice(0, at), tail: full.slice(at) };
}

export function htmlToText(html: string): string {
  return html
    .replace(/<(?:script|style)[^>]*>[\s\S]*?<\/(?:script|style)>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
}

/** Signals that a message is a delivery failure report at all. */
export function looksLikeBounce(root: MimePart, text: string): boolean {
  const from = header(root, 'from') ?? '';
  const subject = header(root, 'subject') ?? '';
  const returnPath = header(root, 'return-path');
  const nullSender = returnPath !== undefined && /^\s*<\s*>\s*$/.test(returnPath);
  if (header(root, 'x-failed-recipients')) return true;
  const mailerish = MAILER_FROM.test(from);
  const subjectSays = BOUNCE_SUBJECT.test(subject);
  const bodySays = BOUNCE_BODY.test(text);
  if ((mailerish || nullSender) && (subjectSays || bodySays)) return true;
  if (subjectSays && bodySays) return true;
  return false;
}

/** Addresses that are ours or the MTA's, never the failed recipient. */
function excludedAddresses(root: MimePart, original: MimePart | null, text: string): Set<string> {
  const out = new Set<string>();
  const add = (v: string | null | undefined) => { const a = firstAddress(v); if (a) out.add(a); };
  add(header(root, 'to'));
  add(header(root, 'from'));
  add(header(root, 'reply-to'));
  if (original) {
    add(header(original, 'from'));
    add(header(original, 'return-path'));
    add(header(original, 'sender'));
  }
  for (const m of text.matchAll(/mail from:?\s*<([^>\s]+)>/gi)) add(m[1]);
  for (const m of text.matchAll(/(?:envelope[- ]sender|sender was|from:)\s*<?([^>\s]+@[^>\s]+?)>?(?:[\s,;]|$)/gim)) add(m[1]);
  return out;
}

/**
 * Postfix's notice to the postmaster ("errors from <client>") is a server-side transcript:
 * " In:  RCPT TO:<a@b>" lines name the recipients, the first 4yz/5yz " Out:" line is the failure,
 * the last " In:" command before it what it answered.
 */
function serverTranscript(text: string): RawRecipient[] | null {
  const fail = /^[ \t]*Out:[ \t]*([45]\d\d)\b.*$/m.exec(text);
  if (!fail || !/^[ \t]*In:[ \t]+RCPT\s+TO:/im.test(text)) return null;
  const before = text.slice(0, fail.index);
  const command = [...before.matchAll(/^[ \t]*In:[ \t]+([A-Za-z]+)/gm)].pop()?.[1]?.toUpperCase() ?? null;
  const diagnostic = fail[0].replace(/^[ \t]*Out:[ \t]*/, '').trim();
  const rcpts = [...before.matchAll(/^[ \t]*In:[ \t]+RCPT\s+TO:\s*<?([^\s<>]+@[^\s<>]+)>?/gim)].map((m) => firstAddress(m[1]!)).filter((a): a is string => !!a);
  return [...new Set(rcpts)].map((recipient) => ({
    recipient, status: findEnhanced(diagnostic), replycode: Number(fail[1]), diagnostic, action: null, command: command === 'RCPT' || command === 'MAIL' || command === 'DATA' ? command : null,
  }));
}

export function ndrRecipients(root: MimePart, original: MimePart | null, quotedTo: string | null = null): RawRecipient[] {
  const { text } = humanText(root);
  const transcript = serverTranscript(text);
  if (transcript?.length) return transcript;
  const excluded = excludedAddresses(root, original, text);
  let candidates: Array<{ address: string; index: number }> = [];
  const failed = header(root, 'x-failed-recipients');
  const listed = failed ? findAddresses(failed).map((a) => a.address) : [];
  for (const a of findAddresses(text)) {
    const lineStart = text.lastIndexOf('\n', a.index) + 1;
    const before = text.slice(lineStart, a.index);
    if (/message-id|references|in-reply-to|^\s*(?:from|sender|reply-to|return-path)\s*:|mail from|envelope-from|\bid\s*$/i.test(before)) continue;
    if (excluded.has(a.address) || isLikelyMailerAddress(a.address)) continue;
    if (/^[a-f0-9.$_-]{16,}@/i.test(a.address)) continue; // queue/message ids, not mailboxes
    candidates.push(a);
  }
  // X-Failed-Recipients names the failures, unless the notice lists none of them but others
  // (a header rewritten on the way back): then the notice is the better witness.
  if (listed.length && (candidates.length === 0 || candidates.some((c) => listed.includes(c.address)))) {
    candidates = listed.map((address) => candidates.find((c) => c.address === address) ?? { address, index: -1 });
  }
  if (candidates.length === 0) {
    // Nothing named in the notice: the To: of the returned original (attached or quoted inline).
    const to = (original ? firstAddress(header(original, 'to')) : null) ?? quotedTo;
    if (to && !excluded.has(to)) candidates.push({ address: to, index: -1 });
  }
  // Keep the first mention of each address; the text about it runs to the next other address.
  const seen = new Map<string, number>();
  for (const c of candidates) if (!seen.has(c.address)) seen.set(c.address, c.index);
  const firsts = [...seen.entries()].sort((a, b) => a[1] - b[1]);
  return firsts.map(([address, index], i) => {
    let window = '';
    if (index >= 0) {
      const next = firsts.slice(i + 1).find(([, j]) => j > index)?.[1] ?? text.length;
      // From the start of the line: a transcript names the command there (">>> RCPT To:<a@b>").
      const lineStart = text.lastIndexOf('\n', index) + 1;
      const from = /^\s*>>>/.test(text.slice(lineStart, index)) ? lineStart : index;
      window = text.slice(from, Math.min(next, index + 1500));
    }
    const diagnostic = diagnosticFrom(window, text);
    return {
      recipient: address,
      status: findEnhanced(diagnostic),
      replycode: findReplyCode(diagnostic),
      diagnostic,
      action: null,
      command: findCommand(diagnostic),
    };
  });
}

/** The text about one recipient; the whole notice when that window says nothing useful. */
function diagnosticFrom(window: string, whole: string): string {
  const w = (/^\s*>>>/.test(window) ? window : window.replace(/^\S+/, '')).trim();
  if (w.length > 20 && (findReplyCode(w) !== null || findEnhanced(w) !== null)) return w;
  // "a@b ... unknown host": a short line of its own that already says why.
  const line = (w.split('\n')[0] ?? '').trim();
  if (line && reasonFromText(line) !== null) return line;
  const compact = whole.replace(/\s+/g, ' ').trim();
  return (w ? w + ' ' : '') + compact.slice(0, 4000);
}
