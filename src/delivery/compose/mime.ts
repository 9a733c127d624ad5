// MIME body encoding (RFC 2045 §6.7 quoted-printable) and the multipart/alternative envelope
// (RFC 2046 §5.1.4): text first, HTML last, so readers prefer the richer part they support.
import { randomBytes } from 'node:crypto';

const HEX = Buffer.from('0123456789ABCDEF');
const EQ = 0x3d;

// Output scratch space, reused across calls (renders are synchronous, one per thread at a time).
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Quoted-printable of UTF-8 text with `\n` or `\r\n` line ends: output lines end in CRLF and
 * are at most 76 characters (soft breaks `=`); trailing spaces, `=`, controls and 8-bit bytes
 * are encoded; a leading "." or "From " is encoded too, so no transport can mangle the line.
 * Reads UTF-16 code units and writes UTF-8 bytes directly: no intermediate Buffer.
 */
export function qpEncode(text: string): string {
  const n = text.length;
  // Worst case: 4 UTF-8 bytes per surrogate pair (2 units) → 12 chars, plus soft breaks.
  if (scratch.length < n * 10 + 16) scratch = Buffer.allocUnsafe(n * 10 + 16);
  const out = scratch;
  let o = 0;
  let col = 0;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) === 10)) {
      if (c === 13) i++;
      out[o++] = 13;
      out[o++] = 10;
      col = 0;
      continue;
    }
    if (c < 128) {
      let literal = (c >= 33 && c <= 126 && c !== EQ) || ((c === 32 || c === 9) && i + 1 < n && text.charCodeAt(i + 1) !== 10 && text.charCodeAt(i + 1) !== 13);
      if (literal && col === 0 && (c === 0x2e || (c === 0x46 && text.startsWith('From ', i)))) literal = false;
      if (literal) {
        if (col === 75) {
          out[o++] = EQ;
          out[o++] = 13;
          out[o++] = 10;
          col = 0;
        }
        out[o++] = c;
        col++;
        continue;
      }
      if (col + 3 > 75) {
        out[o++] = EQ;
        out[o++] = 13;
        out[o++] = 10;
        col = 0;
      }
      out[o++] = EQ;
      out[o++] = HEX[c >> 4]!;
      out[o++] = HEX[c & 15]!;
      col += 3;
      continue;
    }
    // UTF-8 (RFC 3629 §3), each byte as =XX; a character may straddle a soft break, which QP allows.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    let k: number;
    let shift: number;
    if (c < 0x800) {
      k = 0xc0 | (c >> 6);
      shift = 0;
    } else if (c < 0x10000) {
      k = 0xe0 | (c >> 12);
      shift = 6;
    } else {
      k = 0xf0 | (c >> 18);
      shift = 12;
    }
    for (;;) {
      if (col + 3 > 75) {
        out[o++] = EQ;
        out[o++] = 13;
        out[o++] = 10;
        col = 0;
      }
      out[o++] = EQ;
      out[o++] = HEX[k >> 4]!;
      out[o++] = HEX[k & 15]!;
      col += 3;
      if (shift < 0) break;
      k = 0x80 | ((c >> shift) & 63);
      shift -= 6;
    }
  }
  return out.toString('latin1', 0, o);
}

/** A boundary that cannot occur in QP output ("=_" is never produced by qpEncode). */
export function newBoundary(): string {
  return '=_facteur_' + randomBytes(12).toString('hex');
}

/** The body of a multipart/alternative message from two QP-encoded parts. */
export function alternativeBody(boundary: string, textQp: string, htmlQp: string): string {
  return (
    `This is a multi-part message in MIME format.\r\n--${boundary}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
    textQp +
    (textQp.endsWith('\r\n') ? '' : '\r\n') +
    `--${boundary}\r\n` +
    'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' +
    htmlQp +
    (htmlQp.endsWith('\r\n') ? '' : '\r\n') +
    `--${boundary}--\r\n`
  );
}
