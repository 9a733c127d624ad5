// HTML form bodies for the public pages, as URLSearchParams whatever the encoding:
// application/x-www-form-urlencoded and multipart/form-data (RFC 7578), because RFC 8058 §3.2
// lets a mail client send the one-click POST in either. Registered only inside the public-pages
// plugin, so the API's own parsers are untouched.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Small on purpose: these forms carry a handful of short fields. */
export const FORM_BODY_LIMIT = 64 * 1024;

const URLENCODED = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

function badForm(message: string): Error & { statusCode: number } {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** The boundary parameter of a multipart Content-Type (RFC 2046 §5.1.1), or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The text fields of a multipart/form-data body (RFC 7578). File parts (those with a filename)
 * are skipped: no public form uploads anything.
 */
export function parseMultipart(body: Buffer, boundary: string): URLSearchParams {
  const fields = new URLSearchParams();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw badForm('multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    // "--" after a delimiter closes the body (RFC 2046 §5.1.1).
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw badForm('multipart body not terminated');
    // The part sits between the CRLF that ends the delimiter line and the CRLF before the next one.
    const lineEnd = body.indexOf('\r\n', pos);
    const part = lineEnd >= 0 && lineEnd + 2 <= next - 2 ? body.subarray(lineEnd + 2, next - 2) : Buffer.alloc(0);
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const headers = part.subarray(0, split).toString('utf8');
      const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1] ?? '';
      const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1] ?? /(?:^|;)\s*name=([^\s;]+)/i.exec(disposition)?.[1];
      const isFile = /(?:^|;)\s*filename\*?=/i.test(disposition);
      if (name !== undefined && !isFile) fields.append(name, part.subarray(split + 4).toString('utf8'));
    }
    pos = next;
  }
  return fields;
}

/** Installs both form parsers on an (encapsulated) Fastify instance, replacing any inherited ones. */
export function installFormParsers(app: FastifyInstance): void {
  app.removeContentTypeParser([URLENCODED, MULTIPART]);
  app.addContentTypeParser(URLENCODED, { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });
  app.addContentTypeParser(MULTIPART, { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT }, (req, body, done) => {
    const boundary = multipartBoundary(String(req.headers['content-type'] ?? ''));
    if (!boundary) return done(badForm('multipart/form-data without a boundary'), undefined);
    try {
      done(null, parseMultipart(body as Buffer, boundary));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}

/** The parsed form of a request, or an empty one (no body, or a body of another type). */
export function formOf(req: FastifyRequest): URLSearchParams {
  return req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
}
