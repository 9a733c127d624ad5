// Turns the bytes of an uploaded spreadsheet export into text without reading the whole file:
// UTF-8 (with or without BOM) or Windows-1252 (what French Excel and LibreOffice "CSV" exports
// produce; a superset of Latin-1 for printable text). The choice is made at the first non-ASCII
// byte — everything before it is the same in both encodings, so nothing is decoded twice.
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { isAscii } from 'node:buffer';
import iconv from 'iconv-lite';

export type SourceEncoding = 'utf-8' | 'windows-1252';

/** Longest UTF-8 sequence: a chunk may end inside one. */
const MAX_SEQ = 4;

/** True when `buf` is valid UTF-8, ignoring a sequence cut at its very end. */
export function looksUtf8(buf: Buffer): boolean {
  // Trim an incomplete trailing sequence (a chunk boundary), then decode strictly.
  let end = buf.length;
  for (let i = Math.max(0, buf.length - MAX_SEQ + 1); i < buf.length; i++) {
    const b = buf[i]!;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (need > 0 && i + need > buf.length) {
      end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

const BOM = (b: Buffer) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

/** The encoding a chunk decides, or null while it is all ASCII (the AutoDecoder's rule). */
function decide(chunk: Buffer): SourceEncoding | null {
  return isAscii(chunk) ? null : looksUtf8(chunk) ? 'utf-8' : 'windows-1252';
}

/**
 * The encoding AutoDecoder will find in these bytes, read to the first non-ASCII chunk (or the
 * end: an all-ASCII file is UTF-8). For showing it before the import, which can then force it.
 */
export async function detectEncoding(source: AsyncIterable<Buffer>): Promise<SourceEncoding> {
  let first = true;
  for await (const chunk of source) {
    if (first && BOM(chunk)) return 'utf-8';
    first = false;
    const found = decide(chunk);
    if (found) return found;
  }
  return 'utf-8';
}

export class AutoDecoder extends Transform {
  /** Null until the first non-ASCII byte decides. */
  encoding: SourceEncoding | null;
  private utf8 = new StringDecoder('utf8');
  private cp1252: ReturnType<typeof iconv.getDecoder> | null = null;
  private first = true;

  constructor(forced?: SourceEncoding) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    this.encoding = forced ?? null;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.first) {
      this.first = false;
      if (BOM(chunk)) {
        this.encoding = 'utf-8';
        chunk = chunk.subarray(3);
      }
    }
    if (this.encoding === null) this.encoding = decide(chunk);
    done(null, this.decode(chunk));
  }

  override _flush(done: TransformCallback): void {
    const rest = this.encoding === 'windows-1252' ? (this.cp1252?.end() ?? '') : this.utf8.end();
    done(null, rest || undefined);
  }

  private decode(chunk: Buffer): string {
    if (this.encoding === 'windows-1252') {
      this.cp1252 ??= iconv.getDecoder('win1252');
      return this.cp1252.write(chunk);
    }
    // Undecided means all ASCII so far: UTF-8 decoding is exact.
    return this.utf8.write(chunk);
  }
}
