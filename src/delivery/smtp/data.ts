// The DATA payload (RFC 5321 §4.5.2 and §4.1.1.4): line endings made CRLF, lines starting with
// "." doubled (dot-stuffing), and the terminating CRLF "." CRLF appended.

export function encodeData(message: Buffer): Buffer {
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
  for (const b of message) if (b > 0x7f) return true;
  return false;
}
