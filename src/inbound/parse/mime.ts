// A tolerant MIME reader for bounce analysis: never throws on malformed input, keeps the DSN
// parts (message/delivery-status, message/rfc822, text/rfc822-headers, message/feedback-report)
// reachable as a tree. Works on a "binary" (latin1) string so no byte is lost before decoding.
import iconv from 'iconv-lite';

export interface Header {
  name: string; // lower-case
  value: string; // unfolded, RFC 2047 words decoded
}

export interface MimePart {
  headers: Header[];
  /** Lower-case "type/subtype"; text/plain when absent or unreadable (RFC 2045 §5.2). */
  type: string;
  params: Record<string, string>;
  /** Body after transfer decoding, still in bytes (latin1 string). */
  raw: string;
  /** Multipart children, or the one embedded message of message/rfc822 and rfc822-headers. */
  parts: MimePart[];
}

const MAX_DEPTH = 12;
const MAX_PARTS = 500;

export function header(part: MimePart, name: string): string | undefined {
  const n = name.toLowerCase();
  return part.headers.find((h) => h.name === n)?.value;
}

export function headersAll(part: MimePart, name: string): string[] {
  const n = name.toLowerCase();
  return part.headers.filter((h) => h.name === n).map((h) => h.value);
}

/** Split a header block into fields, unfolding continuation lines (RFC 5322 §2.2.3). */
export function parseHeaderBlock(block: string, decodeWords = true): Header[] {
  const out: Header[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) {
      const last = out[out.length - 1]!;
      last.value += ' ' + line.trim();
      continue;
    }
    const m = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (m) out.push({ name: m[1]!.toLowerCase(), value: m[2]!.trimEnd() });
  }
  if (decodeWords) for (const h of out) h.value = decodeWords2047(h.value);
  return out;
}

/** Decode RFC 2047 encoded words; unknown charsets fall back to latin1. */
export function decodeWords2047(value: string): string {
  if (!value.includes('=?')) return value;
  return value
    .replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s*]+)(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=/g, (_all, cs: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(decodeQP(text.replace(/_/g, ' ')), 'latin1');
      return toText(bytes, cs);
    });
}

export function toText(bytes: Buffer, charset: string | undefined): string {
  const cs = (charset ?? 'utf-8').trim().toLowerCase().replace(/^"|"$/g, '');
  if (cs === 'us-ascii' || cs === 'ascii' || cs === 'utf-8' || cs === 'utf8' || cs === '') return bytes.toString('utf8');
  try {
    if (iconv.encodingExists(cs)) return iconv.decode(bytes, cs);
  } catch {
    // fall through: an unknown or broken charset still yields readable ASCII
  }
  return bytes.toString('latin1');
}

export function decodeQP(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Parse Content-Type (RFC 2045 §5.1), tolerating missing quotes, stray spaces and garbage. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  if (!value) return { type: 'text/plain', params };
  const semi = value.indexOf(';');
  let type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) type = 'text/plain';
  const rest = semi < 0 ? '' : value.slice(semi + 1);
  const re = /([A-Za-z0-9*_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;\s]*)/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    let v = m[2]!;
    if (v.startsWith('"')) v = v.slice(1, v.endsWith('"') && v.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    params[m[1]!.toLowerCase()] = v;
  }
  return { type, params };
}

function splitHeadBody(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) {
    // No blank line: all header if it looks like headers, otherwise all body.
    return /^[!-9;-~]+:/.test(text) ? [text, ''] : ['', text];
  }
  return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

function transferDecode(body: string, cte: string | undefined): string {
  const enc = (cte ?? '').trim().toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  if (enc === 'quoted-printable') return decodeQP(body);
  return body;
}

function splitMultipart(body: string, boundary: string): string[] {
  const esc = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^--${esc}(--)?[ \\t]*\\r?$`, 'gm');
  const parts: string[] = [];
  let start = -1;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (start >= 0) parts.push(body.slice(start, m.index).replace(/\r?\n$/, ''));
    if (m[1]) { start = -1; break; }
    start = m.index + m[0].length + 1;
    if (parts.length >= MAX_PARTS) break;
  }
  // Closing delimiter missing (truncated message): keep what follows the last boundary.
  if (start >= 0 && start <= body.length) parts.push(body.slice(start));
  return parts;
}

/** Parse a message or body part. `raw` is a latin1 string of the bytes. */
export function parseMime(raw: string, depth = 0, defaultType = 'text/plain'): MimePart {
  const [head, body0] = splitHeadBody(raw.replace(/^\uFEFF/, ''));
  const headers = parseHeaderBlock(head);
  const ctHeader = headers.find((h) => h.name === 'content-type')?.value;
  const { type, params } = ctHeader ? parseContentType(ctHeader) : { type: defaultType, params: {} };
  const cte = headers.find((h) => h.name === 'content-transfer-encoding')?.value;
  const part: MimePart = { headers, type, params, raw: '', parts: [] };
  if (depth >= MAX_DEPTH) { part.raw = body0; return part; }

  if (type.startsWith('multipart/') && !params.boundary) {
    // A boundary parameter lost to a badly folded header ("boundary=…" on an unindented line):
    // take it from the head, else from the first delimiter-looking line of the body.
    const b = /^\s*boundary\s*=\s*"?([^";\r\n]+)"?/im.exec(head)?.[1] ?? /^--([^\s-][^\s]*)[ \t]*\r?$/m.exec(body0)?.[1];
    if (b) params.boundary = b.trim();
  }
  if (type.startsWith('multipart/') && params.boundary) {
    const childDefault = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    const chunks = splitMultipart(body0, params.boundary);
    if (chunks.length === 0) {
      part.raw = body0; // boundary never found: treat it as text so nothing is lost
      return part;
    }
    part.parts = chunks.map((c) => parseMime(c, depth + 1, childDefault));
    return part;
  }
  const body = transferDecode(body0, cte);
  part.raw = body;
  if (type === 'message/rfc822' || type === 'message/global' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers' || type === 'message/global-headers') {
    part.parts = [parseMime(body.replace(/^\s*\r?\n/, ''), depth + 1)];
  }
  return part;
}

/** The decoded text of a leaf part, in its declared charset. */
export function textOf(part: MimePart): string {
  return toText(Buffer.from(part.raw, 'latin1'), part.params.charset);
}

/** Depth-first walk over every part, including embedded messages. */
export function* walk(part: MimePart): Generator<MimePart> {
  yield part;
  for (const p of part.parts) yield* walk(p);
}

/** Walk that does not descend into embedded messages (the returned original). */
export function* walkOuter(part: MimePart, top = true): Generator<MimePart> {
  yield part;
  if (!top && part.type.startsWith('message/')) return;
  if (part.type === 'message/rfc822' || part.type === 'text/rfc822-headers' || part.type === 'message/global') return;
  for (const p of part.parts) yield* walkOuter(p, false);
}
