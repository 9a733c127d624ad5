// The imports area of the admin interface: CSV import of contacts in three steps, each a page that
// works without JavaScript. The file is kept server-side between the steps (store.ts); the import
// itself is core/import, the one the API and the CLI run.
//
// Route table.
//   GET  /admin/contacts/import                        the upload form (file, target list, accepted formats)
//   POST /admin/contacts/import                        multipart upload (streamed to disk, 20 MB) → 303 to the preview
//   GET  /admin/contacts/import/:token                 first 10 rows, encoding, separator, column mapping
//   POST /admin/contacts/import/:token                 runs the import with that mapping → 303 to the report
//   GET  /admin/contacts/import/:token/report          created, updated, unchanged, refused rows with reasons
//   GET  /admin/contacts/import/:token/refused.csv     the refused rows, to fix and import again
//   GET  /admin/imports                                → 303 to /admin/contacts/import (an older link)
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FacteurError } from '../../../core/errors.ts';
import { audienceSink, detectEncoding, previewCsv, runImport, type CsvPreview, type SourceEncoding } from '../../../core/import/index.ts';
import type { MailingList } from '../../../core/model.ts';
import { toCsv } from '../../api/csv.ts';
import { FORM_BODY_LIMIT, multipartBoundary } from '../../public/form.ts';
import type { AdminKit, TenantAuth } from '../kit.ts';
import { safeEqual } from '../security.ts';
import { checkMapping, fieldKeys, MAX_COLUMNS, proposedChoices, refusedColumn, type Choice } from './columns.ts';
import { importMessages } from './messages.ts';
import { BadMultipart, readMultipart, UploadTooLarge, type ReceivedFile } from './multipart.ts';
import { MAX_LISTED, previewPage, refusedRows, reportPage, uploadPage, type PreviewView, type UploadForm } from './pages.ts';
import { UploadStore, type UploadRecord } from './store.ts';

/** Largest CSV file accepted from the browser. Imported inside the request (100,000 rows take a few seconds). */
export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
/** Past the limit the rest of the body is read and dropped up to this, so the browser sees the answer. */
const DRAIN_LIMIT_BYTES = 4 * UPLOAD_LIMIT_BYTES;
const PREVIEW_ROWS = 10;
const SWEEP_EVERY_MS = 10 * 60_000;
/** The reasons column of our refused-rows files (either language): ignored when such a file comes back. */
const isRefused = refusedColumn([importMessages('fr').csv.reasonHeader, importMessages('en').csv.reasonHeader]);

interface Upload {
  token: string;
  file: ReceivedFile | null;
  /** The first bytes of the file, to recognise what is not a CSV. */
  head: Buffer;
}

/** What a file that is not a CSV at all looks like, from its first bytes. */
function notCsv(head: Buffer): 'spreadsheet' | 'utf16' | undefined {
  // ZIP (xlsx, ods) and OLE2 (xls) containers.
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'spreadsheet';
  // UTF-16 with its byte-order mark, or ASCII text with every other byte zero.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'utf16';
  if (head.length >= 4 && ((head[1] === 0 && head[3] === 0) || (head[0] === 0 && head[2] === 0))) return 'utf16';
  return undefined;
}

export async function importsArea(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { storage } = kit;
  const store = await UploadStore.open();
  await store.sweep();
  const timer = setInterval(() => void store.sweep(), SWEEP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  /** Imports running now, so a second click does not start the same one twice. */
  const running = new Set<string>();
  const uploads = new WeakMap<FastifyRequest, Upload>();
  const signedIn = new WeakMap<FastifyRequest, TenantAuth>();

  const limitText = (lang: TenantAuth['lang']) => importMessages(lang).upload.megabytes(UPLOAD_LIMIT_BYTES / 1024 / 1024);
  const owner = (auth: TenantAuth) => ({ tenantId: auth.tenant.id, sessionId: auth.session.id });
  const lists = (auth: TenantAuth) => storage.repos.lists.list(auth.tenant.id);
  const showUpload = async (reply: FastifyReply, auth: TenantAuth, status: number, form: UploadForm) =>
    kit.page(reply, status, uploadPage(kit.ctxOf('/admin/contacts/import', auth.lang, auth), await lists(auth), form, limitText(auth.lang)));
  const gone = (reply: FastifyReply, auth: TenantAuth) => {
    const m = importMessages(auth.lang).preview;
    return kit.message(reply, 404, auth, auth.lang, m.goneTitle, m.gone);
  };

  /** The list chosen in a form: a list of the tenant, null for none, undefined when unknown. */
  const chosenList = (all: MailingList[], raw: string | null): MailingList | null | undefined => {
    const v = (raw ?? '').slice(0, 20);
    return v === '' ? null : all.find((l) => String(l.id) === v);
  };

  async function readPreview(token: string): Promise<{ encoding: SourceEncoding; preview: CsvPreview } | undefined> {
    const path = store.csvPath(token);
    try {
      const encoding = await detectEncoding(createReadStream(path));
      return { encoding, preview: await previewCsv(createReadStream(path), { encoding, rows: PREVIEW_ROWS }) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  function previewView(token: string, record: UploadRecord, read: { encoding: SourceEncoding; preview: CsvPreview }, all: MailingList[], list: string, lang: TenantAuth['lang'], choices?: Choice[]) {
    const column = importMessages(lang).preview.column;
    const cols = read.preview.columns.slice(0, MAX_COLUMNS);
    const keys = fieldKeys(cols);
    const proposed = proposedChoices(cols, isRefused);
    const view: PreviewView = {
      token,
      record,
      encoding: read.encoding,
      preview: read.preview,
      lists: all,
      list,
      columns: cols.map((c, i) => ({ title: read.preview.header ? c.header : column(i + 1), key: keys[i]!, choice: choices?.[i] ?? proposed[i]!, refused: isRefused(c.header) })),
      errors: new Map(),
    };
    return { view, keys };
  }

  app.get('/admin/imports', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return reply.redirect('/admin/contacts/import', 303);
  });

  app.get('/admin/contacts/import', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    return showUpload(reply, auth, 200, { list: '', errors: {} });
  });

  // The upload: its own body parser (streams the file part to disk), in a child context so the
  // 64 KB form parser of every other page stays as it is.
  await app.register(async (child) => {
    child.removeContentTypeParser('multipart/form-data');
    child.addContentTypeParser('multipart/form-data', async (req: FastifyRequest, payload: AsyncIterable<Buffer>) => {
      const boundary = multipartBoundary(String(req.headers['content-type'] ?? ''));
      if (!boundary) throw new BadMultipart('multipart/form-data without a boundary');
      if (Number(req.headers['content-length']) > DRAIN_LIMIT_BYTES) throw new UploadTooLarge(UPLOAD_LIMIT_BYTES);
      const { token, file } = await store.create();
      let head = Buffer.alloc(0);
      try {
        const parsed = await readMultipart(payload, boundary, 'file', { maxFileBytes: UPLOAD_LIMIT_BYTES, maxFields: 10, maxFieldBytes: 4096, drainBytes: DRAIN_LIMIT_BYTES }, async (chunk) => {
          if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
          await file.write(chunk);
        });
        await file.close();
        uploads.set(req, { token, file: parsed.file, head });
        return parsed.fields;
      } catch (e) {
        await file.close().catch(() => undefined);
        await store.remove(token);
        // The browser went away mid-upload: nothing to answer, nothing kept.
        if ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as Error).message === 'aborted') throw new BadMultipart('upload interrupted');
        throw e;
      }
    });
    child.setErrorHandler(async (error, req, reply) => {
      const auth = signedIn.get(req);
      if (auth && (error instanceof UploadTooLarge || error instanceof BadMultipart)) {
        const m = importMessages(auth.lang).upload;
        req.log.info({ err: error }, 'CSV upload refused');
        return showUpload(reply, auth, error.statusCode, { list: '', errors: { file: error instanceof UploadTooLarge ? m.tooLarge(limitText(auth.lang)) : m.badUpload } });
      }
      throw error;
    });

    child.post(
      '/admin/contacts/import',
      {
        // Signed in before a byte of the body is read.
        onRequest: async (req, reply) => {
          const auth = await kit.requireTenant(req, reply);
          if (!auth) return reply;
          signedIn.set(req, auth);
        },
      },
      async (req, reply) => {
        const upload = uploads.get(req);
        // A file sent without the session's token is deleted before the 403 goes out.
        const early = signedIn.get(req);
        if (upload && (!early || !safeEqual(kit.form(req).get('csrf') ?? '', early.session.csrfToken))) await store.remove(upload.token);
        const auth = await kit.requireTenant(req, reply, { post: true });
        if (!auth) {
          if (upload) await store.remove(upload.token);
          return reply;
        }
        const m = importMessages(auth.lang).upload;
        const form = kit.form(req);
        const all = await lists(auth);
        const list = chosenList(all, form.get('list'));
        const errors: UploadForm['errors'] = {};
        if (list === undefined) errors.list = m.listUnknown;
        if (!upload?.file || (upload.file.filename === '' && upload.file.bytes === 0)) errors.file = m.noFile;
        else if (upload.file.bytes === 0) errors.file = m.emptyFile;
        else if (notCsv(upload.head)) errors.file = m[notCsv(upload.head)!];
        if (!upload?.file || errors.file || errors.list) {
          if (upload) await store.remove(upload.token);
          return showUpload(reply, auth, errors.list && !errors.file ? 422 : 400, { list: list ? String(list.id) : '', errors });
        }
        await store.save(upload.token, { ...owner(auth), filename: upload.file.filename || 'import.csv', bytes: upload.file.bytes, listId: list?.id ?? null, createdAt: kit.now() });
        void store.sweep();
        return reply.redirect(`/admin/contacts/import/${upload.token}`, 303);
      },
    );
  });

  app.get<{ Params: { token: string } }>('/admin/contacts/import/:token', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const { token } = req.params;
    const record = await store.get(token, owner(auth), kit.now());
    if (!record) return gone(reply, auth);
    if (record.report) return reply.redirect(`/admin/contacts/import/${token}/report`, 303);
    const read = await readPreview(token);
    if (!read) return gone(reply, auth);
    const { view } = previewView(token, record, read, await lists(auth), record.listId === null ? '' : String(record.listId), auth.lang);
    if (view.columns.length && !view.columns.some((c) => c.choice === 'email')) view.notice = importMessages(auth.lang).preview.noAddressFound;
    return kit.page(reply, 200, previewPage(kit.ctxOf(`/admin/contacts/import/${token}`, auth.lang, auth), view));
  });

  app.post<{ Params: { token: string } }>('/admin/contacts/import/:token', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const auth = await kit.requireTenant(req, reply, { post: true });
    if (!auth) return reply;
    const { token } = req.params;
    const m = importMessages(auth.lang);
    const record = await store.get(token, owner(auth), kit.now());
    if (!record) return gone(reply, auth);
    if (record.report) return reply.redirect(`/admin/contacts/import/${token}/report`, 303);
    if (running.has(token)) return kit.message(reply, 409, auth, auth.lang, m.preview.title, m.preview.busy);
    const read = await readPreview(token);
    if (!read) return gone(reply, auth);
    const form = kit.form(req);
    const all = await lists(auth);
    const list = chosenList(all, form.get('list'));
    const width = Math.min(read.preview.columns.length, MAX_COLUMNS);
    const { keys } = previewView(token, record, read, all, '', auth.lang);
    const check = checkMapping(form, width, keys, { ...m.preview, twice: (role) => m.preview.twice(m.preview.targets[role]) });
    if (check.errors.size || list === undefined || width === 0) {
      const { view } = previewView(token, record, read, all, list ? String(list.id) : '', auth.lang, check.choices);
      view.errors = check.errors;
      if (list === undefined) view.listError = m.upload.listUnknown;
      return kit.page(reply, 422, previewPage(kit.ctxOf(`/admin/contacts/import/${token}`, auth.lang, auth), view));
    }
    running.add(token);
    try {
      const report = await runImport(createReadStream(store.csvPath(token)), audienceSink(storage, auth.tenant.id, list?.id ?? null, { consentSource: 'import' }), {
        columns: check.targets,
        encoding: read.encoding,
        delimiter: read.preview.delimiter,
        keepCells: true,
        partialOnFormatError: true,
        maxListed: MAX_LISTED,
      });
      record.report = { ...report, listId: list?.id ?? null, listName: list?.name ?? null, finishedAt: kit.now() };
    } catch (e) {
      if (!(e instanceof FacteurError) || e.code !== 'ERR_IMPORT_FORMAT') throw e;
      // Only when the mapping holds no address column, which the check above rules out.
      const { view } = previewView(token, record, read, all, list ? String(list.id) : '', auth.lang, check.choices);
      view.notice = m.preview.addressRequired;
      return kit.page(reply, 422, previewPage(kit.ctxOf(`/admin/contacts/import/${token}`, auth.lang, auth), view));
    } finally {
      running.delete(token);
    }
    await store.save(token, record);
    await store.removeCsv(token);
    return reply.redirect(`/admin/contacts/import/${token}/report`, 303);
  });

  app.get<{ Params: { token: string } }>('/admin/contacts/import/:token/report', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const { token } = req.params;
    const record = await store.get(token, owner(auth), kit.now());
    if (!record) return gone(reply, auth);
    if (!record.report) return reply.redirect(`/admin/contacts/import/${token}`, 303);
    return kit.page(reply, 200, reportPage(kit.ctxOf(`/admin/contacts/import/${token}/report`, auth.lang, auth), token, record, record.report));
  });

  app.get<{ Params: { token: string } }>('/admin/contacts/import/:token/refused.csv', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const record = await store.get(req.params.token, owner(auth), kit.now());
    if (!record?.report) return gone(reply, auth);
    const r = record.report;
    const m = importMessages(auth.lang);
    const rows = refusedRows(m, auth.lang, r);
    const headers = r.columns.map((c) => (r.header ? c.header : c.target === 'email' ? m.csv.addressHeader : c.header));
    const width = Math.max(headers.length, ...rows.map((x) => x.cells.length));
    const pad = (cells: string[]) => [...cells, ...Array<string>(width - cells.length).fill('')];
    const csv = toCsv([[...pad(headers), m.csv.reasonHeader], ...rows.map((x) => [...pad(x.cells), m.csv.reason(x.line, x.reason)])], r.delimiter);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${auth.lang === 'fr' ? 'lignes-refusees' : 'refused-rows'}.csv"`)
      .send(csv);
  });
}
