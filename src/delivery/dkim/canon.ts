// DKIM canonicalisation (RFC 6376 §3.4) on "binary" strings (one char per byte, latin1), and
// the helpers to split a raw message into header lines and body.
import { createHash } from 'node:crypto';

/** §3.4.2 relaxed header: lower-case name, unfold, collapse WSP, trim; ends with CRLF. */
export function relaxedHeader(line: string): string {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).replace(/[ \t]+$/, '').toLowerCase();
  const value = line
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}\r\n`;
}

/** §3.4.1 simple header: unchanged. */
export function simpleHeader(line: string): string {
  return line + '\r\n';
}

/** §3.4.4 relaxed body. The fast path covers bodies facteur writes (QP: no WSP runs, no trailing WSP). */
export function relaxedBody(body: string): string {
  let b = body;
  if (b.includes('\t') || b.includes('  ') || b.includes(' \r\n') || b.endsWith(' ')) {
    b = b
      .split('\r\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
      .join('\r\n');
  }
  let end = b.length;
  while (end >= 2 && b.charCodeAt(end - 1) === 10 && b.charCodeAt(end - 2) === 13) end -= 2;
  // A non-empty body ends with exactly one CRLF; an empty one stays empty.
  return end === 0 ? '' : b.slice(0, end) + '\r\n';
}

/** §3.4.3 simple body: trailing empty lines removed, one CRLF at the end (also for an empty body). */
export function simpleBody(body: string): string {
  let end = body.length;
  while (end >= 2 && body.charCodeAt(end - 1) === 10 && body.charCodeAt(end - 2) === 13) end -= 2;
  return body.slice(0, end) + '\r\n';
}

/** The `bh=` value for relaxed body canonicalisation with SHA-256: hash the body once per message. */
export function bodyHash(body: string, canon: 'relaxed' | 'simple' = 'relaxed', length?: number): string {
  let c = canon === 'relaxed' ? relaxedBody(body) : simpleBody(body);
  if (length !== undefined) c = c.slice(0, length);
  return createHash('sha256').update(c, 'latin1').digest('base64');
}

export interface SplitMessage {
  /** Header fields in order, each one unfolded-as-written (CRLF + WSP kept), without its final CRLF. */
  headers: string[];
  body: string;
}

/** Splits a message given as a binary string; bare LF line ends are read as CRLF. */
export function splitMessage(raw: string): SplitMessage {
  const msg = raw.includes('\r\n') ? raw : raw.replace(/\n/g, '\r\n');
  const sep = msg.indexOf('\r\n\r\n');
  const head = sep < 0 ? msg : msg.slice(0, sep);
  const body = sep < 0 ? '' : msg.slice(sep + 4);
  const headers: string[] = [];
  for (const line of head.split('\r\n')) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) headers[headers.length - 1] += '\r\n' + line;
    else if (line !== '') headers.push(line);
  }
  return { headers, body };
}

export function headerName(line: string): string {
  return line.slice(0, line.indexOf(':')).trim().toLowerCase();
}

/**
 * §5.4.2: for each name in `h`, the last not-yet-used instance, bottom-up; a name with no
 * instance left contributes nothing (that is what makes over-signing work).
 */
export function selectHeaders(headers: readonly string[], names: readonly string[]): string[] {
  const used = new Map<string, number>();
  const picked: string[] = [];
  for (const n of names) {
    const name = n.toLowerCase();
    let skip = used.get(name) ?? 0;
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headerName(headers[i]!) !== name) continue;
      if (skip-- > 0) continue;
      picked.push(headers[i]!);
      break;
    }
    used.set(name, (used.get(name) ?? 0) + 1);
  }
  return picked;
}
