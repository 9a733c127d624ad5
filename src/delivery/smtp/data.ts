// The DATA payload (RFC 5321 §4.5.2 and §4.1.1.4): line endings made CRLF, lines starting with
// "." doubled (dot-stuffing), and the terminating CRLF "." CRLF appended.

import { isAscii } from 'node:buffer';

const DOT_CRLF = Buffer.from('.\r\n');
const CRLF_DOT_CRLF = Buffer.from('\r\n.\r\n');

/**
 * True when the message can go on the wire as it is: CRLF line endings only and no line that
 * starts with ".". What facteur composes always is (quoted-printable keeps lines short and
 * clean), so the common case costs a few native scans instead of a byte-by-byte copy.
 */
function wireClean(m: Buffer): boolean {
  if (m[0] === 0x2e || m.indexOf('\n.') !== -1) return false;
  for (let i = m.indexOf(0x0a); i !== -1; i = m.indexOf(0x0a, i + 1)) if (i === 0 || m[i - 1] !== 0x0d) return false;
  for (let i = m.indexOf(0x0d); i !== -1; i = m.indexOf(0x0d, i + 1)) if (m[i + 1] !== 0x0a) return false;
  return true;
}

export function encodeData(message: Buffer): Buffer {
  if (wireClean(message)) {
    const endsWithCrlf = message.length >= 2 && message[message.length - 2] === 0x0d && message[message.length - 1] === 0x0a;
    return Buffer.concat([message, endsWithCrlf ? DOT_CRLF : CRLF_DOT_CRLF]);
  }
  const out = Buffer.allocUnsafe(message.length * 2 + 5);
  let o = 0;
  let lineStart = true;
  for (let i = 0; i < message.length; i++) {
    const b = message[i]!;
    if (b === 0x0d || b === 0x0a) {
      // CRLF, bare LF and bare CR all become CRLF: bare ones are forbidden on the wire (RFC 5321 §2.3.8).
      if (b === 0x0d && message[i + 1] === 0x0a) i++;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      lineStart = true;
      continue;
    }
    if (lineStart && b === 0x2e) out[o++] = 0x2e;
    out[o++] = b;
    lineStart = false;
  }
  if (!lineStart) {
    out[o++] = 0x0d;
    out[o++] = 0x0a;
  }
  out[o++] = 0x2e;
  out[o++] = 0x0d;
  out[o++] = 0x0a;
  return out.subarray(0, o);
}

/** True when some byte is outside 7-bit ASCII: the body then needs BODY=8BITMIME (RFC 6152). */
export function has8bit(message: Buffer): boolean {
  return !isAscii(message);
}
