// SMTP replies (RFC 5321 §4.2): an incremental parser for multi-line replies, the RFC 3463
// enhanced status code (RFC 2034 puts it at the start of each line's text) and the outcome a
// reply code means for a delivery attempt (2xx delivered, 4xx deferred, 5xx failed).

export interface Reply {
  code: number;
  /** RFC 3463 enhanced status code ("5.1.1"), when the server gave one (RFC 2034). */
  enhanced: string | null;
  /** Text of all lines, without codes, joined with a newline. */
  text: string;
  /** The reply as received, lines joined with CRLF: what the scheduler stores and shows. */
  raw: string;
}

export type Outcome = 'delivered' | 'deferred' | 'failed';

const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/;

/** Feeds bytes, yields complete replies. Lines are ASCII or UTF-8 (RFC 6531 allows UTF-8 text). */
export class ReplyParser {
  private buffer = '';
  private lines: string[] = [];

  push(chunk: Buffer | string): Reply[] {
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    const out: Reply[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.lines.push(line);
      // "250-…" continues, "250 …" or a bare "250" ends (RFC 5321 §4.2.1); anything else ends too.
      if (!/^\d{3}-/.test(line)) {
        out.push(toReply(this.lines));
        this.lines = [];
      }
    }
    return out;
  }

  /** Bytes received but not yet a complete reply (a STARTTLS upgrade must start clean, RFC 3207 §4.2). */
  get pending(): boolean {
    return this.buffer.length > 0 || this.lines.length > 0;
  }
}

function toReply(lines: string[]): Reply {
  const first = lines[0] ?? '';
  const code = /^\d{3}/.test(first) ? Number(first.slice(0, 3)) : 0;
  const texts = lines.map((l) => l.slice(4));
  const enhanced = ENHANCED.exec(texts[0] ?? '')?.[1] ?? null;
  return { code, enhanced, text: texts.join('\n'), raw: lines.join('\r\n') };
}

/** RFC 5321 §4.2.1: the first digit says whether the command succeeded, failed for now, or for good. */
export function outcomeOf(code: number): Outcome {
  if (code >= 200 && code < 400) return 'delivered';
  if (code >= 500 && code < 600) return 'failed';
  return 'deferred';
}
