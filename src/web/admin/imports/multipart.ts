// A streaming multipart/form-data reader (RFC 7578) for the CSV upload: the file part is handed
// chunk by chunk to a writer (a file on disk), never held in memory; text fields (the CSRF token,
// the list) are collected with small limits. The form parser of the other admin pages drops file
// parts and caps bodies at 64 KB on purpose; this one is registered for the upload route only.

export interface MultipartLimits {
  /** Largest file part accepted, in bytes. */
  maxFileBytes: number;
  /** Text fields accepted, and the size of each. */
  maxFields: number;
  maxFieldBytes: number;
  /**
   * After the file went over its limit, the rest of the body is read and dropped up to this many
   * bytes in all, so the browser gets the answer instead of a reset connection; past it, reading stops.
   */
  drainBytes: number;
}

export interface ReceivedFile {
  /** As the browser sent it, for display only (never a path: the part after the last / or \). */
  filename: string;
  bytes: number;
}

export interface Multipart {
  fields: URLSearchParams;
  /** The first part named `fileField` with a filename; null when there was none. */
  file: ReceivedFile | null;
}

/** The body went over the limit: answered with a page saying so (413). */
export class UploadTooLarge extends Error {
  readonly statusCode = 413;
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
  }
}

/** A body that is not the multipart/form-data it claims to be (400). */
export class BadMultipart extends Error {
  readonly statusCode = 400;
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;
/** Overhead allowed around the file: the other parts, headers, boundaries. */
const SLACK = 256 * 1024;

/** A parameter of Content-Disposition. Browsers percent-encode quotes in names (HTML §4.10.21.8) and send backslashes as they are. */
function param(disposition: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(disposition) ?? new RegExp(`(?:^|;)\\s*${name}=([^\\s;"]+)`, 'i').exec(disposition);
  return m?.[1];
}

/**
 * Reads a multipart body. `write` receives the file's bytes in order (awaited: backpressure);
 * it is called only for the first part named `fileField` that carries a filename.
 */
export async function readMultipart(
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  boundary: string,
  fileField: string,
  limits: MultipartLimits,
  write: (chunk: Buffer) => Promise<void>,
): Promise<Multipart> {
  const first = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new URLSearchParams();
  let file: ReceivedFile | null = null;
  let state = 'preamble' as 'preamble' | 'after' | 'headers' | 'body' | 'done';
  let buf: Buffer = Buffer.alloc(0);
  let total = 0;
  let tooLarge = false;
  // The part being read.
  let part: { kind: 'field'; name: string; chunks: Buffer[]; size: number } | { kind: 'file' } | { kind: 'skip' } = { kind: 'skip' };

  const startPart = (headers: string) => {
    const disposition = /^content-disposition:\s*form-data\s*(;.*)?$/im.exec(headers)?.[1] ?? '';
    const name = param(disposition, 'name');
    const filename = param(disposition, 'filename');
    if (name === undefined) part = { kind: 'skip' };
    else if (filename !== undefined) {
      if (name === fileField && file === null) {
        file = { filename: filename.split(/[/\\]/).pop()!.slice(0, 200), bytes: 0 };
        part = { kind: 'file' };
      } else part = { kind: 'skip' };
    } else {
      if ([...fields.keys()].length >= limits.maxFields) throw new BadMultipart('too many form fields');
      part = { kind: 'field', name, chunks: [], size: 0 };
    }
  };
  const emit = async (data: Buffer) => {
    if (data.length === 0) return;
    if (part.kind === 'file' && file) {
      file.bytes += data.length;
      if (file.bytes > limits.maxFileBytes) {
        tooLarge = true;
        return;
      }
      await write(data);
    } else if (part.kind === 'field') {
      part.size += data.length;
      if (part.size > limits.maxFieldBytes) throw new BadMultipart(`the form field ${part.name} is too long`);
      part.chunks.push(Buffer.from(data));
    }
  };
  const endPart = () => {
    if (part.kind === 'field') fields.append(part.name, Buffer.concat(part.chunks).toString('utf8'));
    part = { kind: 'skip' };
  };

  const pump = async () => {
    for (;;) {
      if (state === 'preamble') {
        const i = buf.indexOf(first);
        if (i < 0) {
          buf = buf.subarray(Math.max(0, buf.length - first.length + 1));
          return;
        }
        buf = buf.subarray(i + first.length);
        state = 'after';
      } else if (state === 'after') {
        // After a boundary: "--" closes the body, otherwise (optional padding) CRLF starts a part.
        if (buf.length < 2) return;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          buf = Buffer.alloc(0);
          return;
        }
        const eol = buf.indexOf(CRLF);
        if (eol < 0) {
          if (buf.length > 1024) throw new BadMultipart('malformed multipart boundary line');
          return;
        }
        buf = buf.subarray(eol + 2);
        state = 'headers';
      } else if (state === 'headers') {
        // A part without headers starts with the empty line at once.
        const end = buf[0] === 0x0d && buf[1] === 0x0a ? -2 : buf.indexOf(HEADERS_END);
        if (end === -1) {
          if (buf.length > MAX_HEADER_BYTES) throw new BadMultipart('multipart part headers too long');
          return;
        }
        startPart(end < 0 ? '' : buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + 4);
        state = 'body';
      } else if (state === 'body') {
        const i = buf.indexOf(delimiter);
        if (i < 0) {
          // Keep what could be the start of a delimiter cut by the chunk boundary.
          const keep = delimiter.length - 1;
          if (buf.length > keep) {
            await emit(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
          }
          return;
        }
        await emit(buf.subarray(0, i));
        endPart();
        buf = buf.subarray(i + delimiter.length);
        state = 'after';
      } else {
        buf = Buffer.alloc(0);
        return;
      }
    }
  };

  for await (const chunk of source) {
    total += chunk.length;
    if (tooLarge || total > limits.maxFileBytes + SLACK) {
      tooLarge = true;
      // Drop the rest, up to the drain limit, then answer.
      if (total > limits.drainBytes) throw new UploadTooLarge(limits.maxFileBytes);
      continue;
    }
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    await pump();
  }
  if (tooLarge) throw new UploadTooLarge(limits.maxFileBytes);
  if (state !== 'done') throw new BadMultipart('multipart body not terminated');
  return { fields, file };
}
