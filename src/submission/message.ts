// What happens to a submitted message's header before it is queued (RFC 6409 §8): the submitted
// header is kept as it is, Bcc is removed (§8.1: it must not reach the recipients), and a missing
// Date or Message-ID is added (§8.2, §8.3); a missing From gets the envelope sender. The addresses
// of From and Sender are returned so the caller can check them against the credential.
import { randomToken } from '../lib/ids.ts';

export interface PreparedMessage {
  /** The message as it will be queued: latin1 string, one char per byte. */
  mime: string;
  subject: string;
  /** Addresses in From: (and Sender:), lower-cased. */
  authors: string[];
  added: string[];
}

interface SplitHead {
  head: string[];
  eol: string;
  rest: string;
}

function split(text: string): SplitHead {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  let sep: number;
  let eol: string;
  if (crlf >= 0 && (lf < 0 || crlf <= lf - 1)) {
    sep = crlf;
    eol = '\r\n';
  } else if (lf >= 0) {
    sep = lf;
    eol = '\n';
  } else {
    // No body: the whole message is a header (RFC 5322 allows a message without a body).
    sep = text.length;
    eol = text.includes('\r\n') ? '\r\n' : '\n';
  }
  const headText = text.slice(0, sep);
  const head: string[] = [];
  for (const line of headText.split(eol)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && head.length > 0) head[head.length - 1] += eol + line;
    else if (line !== '') head.push(line);
  }
  return { head, eol, rest: text.slice(sep) };
}

const nameOf = (field: string) => field.slice(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase();
const valueOf = (field: string) => field.slice(field.indexOf(':') + 1).replace(/\r?\n[ \t]/g, ' ').trim();

/** Addresses of an address-list header value: quoted names and comments removed, `<…>` or bare. */
export function addressesIn(value: string): string[] {
  const cleaned = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const out: string[] = [];
  for (const part of cleaned.replace(/[^:;]*:([^;]*);/g, '$1,').split(',')) {
    const angle = /<([^<>]*)>/.exec(part);
    const addr = (angle ? angle[1]! : part).trim();
    if (addr.includes('@')) out.push(addr.toLowerCase());
  }
  return out;
}

/** RFC 2047 encoded words (B and Q) decoded, for the subject shown in reports. */
export function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, charset: string, enc: string, text: string) => {
    try {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset.toLowerCase().split('*')[0], { fatal: false }).decode(bytes);
    } catch {
      return text;
    }
  });
}

/** Raw 8-bit header text (RFC 6532 allows UTF-8) read as UTF-8 when it is valid UTF-8. */
function utf8OrLatin1(binary: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(binary, 'latin1'));
  } catch {
    return binary;
  }
}

function rfc5322Date(ms: number): string {
  // Date.toUTCString gives "Tue, 02 Jan 2024 10:00:00 GMT"; RFC 5322 §3.3 prefers a numeric zone.
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

export interface PrepareOptions {
  envelopeFrom: string;
  /** Domain of generated Message-IDs (the sender's domain keeps them recognisable). */
  messageIdDomain: string;
  now: number;
}

export function prepareMessage(raw: Buffer, options: PrepareOptions): PreparedMessage {
  const text = raw.toString('latin1');
  const { head, eol, rest } = split(text);
  const kept = head.filter((f) => nameOf(f) !== 'bcc');
  const added: string[] = [];
  const has = (name: string) => kept.some((f) => nameOf(f) === name);
  const extra: string[] = [];
  if (!has('from')) {
    extra.push(`From: <${options.envelopeFrom}>`);
    added.push('From');
  }
  if (!has('date')) {
    extra.push(`Date: ${rfc5322Date(options.now)}`);
    added.push('Date');
  }
  if (!has('message-id')) {
    extra.push(`Message-ID: <${randomToken(18).replace(/[-_]/g, 'x')}@${options.messageIdDomain}>`);
    added.push('Message-ID');
  }
  if (head.length !== kept.length) added.push('-Bcc');
  const all = [...kept, ...extra];
  const authors = all.filter((f) => nameOf(f) === 'from' || nameOf(f) === 'sender').flatMap((f) => addressesIn(valueOf(f)));
  const subjectField = all.find((f) => nameOf(f) === 'subject');
  const subject = subjectField ? decodeWords(utf8OrLatin1(valueOf(subjectField))).slice(0, 500) : '';
  const mime = extra.length === 0 && head.length === kept.length ? text : all.join(eol) + (rest === '' ? eol : rest);
  return { mime, subject, authors, added };
}

/** Header fields inserted at the top of a prepared message (list headers for bulk mail). */
export function withHeaders(mime: string, fields: readonly string[]): string {
  if (fields.length === 0) return mime;
  const eol = mime.includes('\r\n') ? '\r\n' : '\n';
  return fields.join(eol) + eol + mime;
}
