// Streaming CSV import: bytes → text (encoding detected) → records (separator detected, quoted
// fields with line breaks) → mapped, validated rows → batches handed to a sink that writes them
// (the caller wires it to storage, one transaction per batch). Memory stays flat: one batch, the
// set of addresses already seen (for in-file duplicates) and a capped list of rejections.
// A bad row is reported with its line number and never stops the import.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { AutoDecoder, type SourceEncoding } from './decode.ts';
import { mapHeaders, type Column, type Target } from './mapping.ts';
import { parseAddress } from '../address/index.ts';
import { FacteurError } from '../errors.ts';

export type Delimiter = ',' | ';' | '\t';

export interface ImportRow {
  line: number;
  address: string;
  addressNormalized: string;
  name: string | null;
  /** Non-empty mapped cells only, so a blank cell never erases a value already stored. */
  fields: Record<string, string>;
}

export interface ImportSink {
  /** Writes (or, in a dry run, only looks up) one batch; says how many contacts were new and how many existed. */
  write(rows: ImportRow[]): Promise<{ created: number; updated: number }>;
}

export interface Rejection {
  line: number;
  input: string;
  code: string;
  reason: string;
  suggestion: string | null;
}

export interface ImportReport {
  encoding: SourceEncoding;
  delimiter: Delimiter;
  header: boolean;
  columns: { header: string; target: Target }[];
  rows: number;
  imported: number;
  updated: number;
  duplicates: number;
  rejected: number;
  /** The first `maxListed` rejections, in file order. */
  rejections: Rejection[];
  /** The first `maxListed` in-file duplicates: the line skipped and the line kept. */
  duplicate_lines: { line: number; address: string; first_line: number }[];
  truncated: boolean;
  dry_run: boolean;
}

export interface ImportOptions {
  /** Explicit column mapping (see parseMap). */
  map?: Map<string, Target>;
  delimiter?: Delimiter;
  encoding?: SourceEncoding;
  dryRun?: boolean;
  batchSize?: number;
  maxListed?: number;
}

/** How a contact address is keyed: the parsed normal form, compared case-insensitively. */
export function contactAddress(input: string): { ok: true; address: string; addressNormalized: string } | { ok: false; code: string; reason: string; suggestion: string | null } {
  const p = parseAddress(input);
  if (!p.valid || !p.normalized) return { ok: false, code: p.code ?? 'invalid', reason: p.reason ?? 'The address is invalid.', suggestion: p.suggestion };
  return { ok: true, address: p.normalized, addressNormalized: p.normalized.toLowerCase() };
}

/** The separator of a header line: the most frequent of ; tab , outside quotes (ties: ; then tab). */
export function detectDelimiter(line: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === '\t' || ch === ',')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t', ','] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

const HEAD_LIMIT = 64 * 1024;
const NEWLINE = /\r\n|\r|\n/g;

export async function runImport(source: Readable, sink: ImportSink, options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const maxListed = options.maxListed ?? 1000;
  const decoder = new AutoDecoder(options.encoding);
  source.on('error', (e) => decoder.destroy(e));
  source.pipe(decoder);
  const chunks = decoder[Symbol.asyncIterator]() as AsyncIterator<string>;

  // Read up to the end of the first line to choose the separator.
  let head = '';
  while (!/[\r\n]/.test(head) && head.length < HEAD_LIMIT) {
    const r = await chunks.next();
    if (r.done) break;
    head += r.value;
  }
  const firstLine = head.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = options.delimiter ?? detectDelimiter(firstLine);

  async function* text(): AsyncGenerator<string> {
    if (head) yield head;
    for (;;) {
      const r = await chunks.next();
      if (r.done) return;
      yield r.value;
    }
  }
  const parser = Readable.from(text()).pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, raw: true, max_record_size: 1024 * 1024 }),
  );

  const report: ImportReport = {
    encoding: 'utf-8',
    delimiter,
    header: true,
    columns: [],
    rows: 0,
    imported: 0,
    updated: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    duplicate_lines: [],
    truncated: false,
    dry_run: options.dryRun ?? false,
  };
  const seen = new Map<string, number>();
  let columns: Column[] | undefined;
  let emailCol = -1;
  let batch: ImportRow[] = [];
  let nextLine = 1;

  const reject = (r: Rejection) => {
    report.rejected++;
    if (report.rejections.length < maxListed) report.rejections.push(r);
    else report.truncated = true;
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await sink.write(batch);
    report.imported += r.created;
    report.updated += r.updated;
    batch = [];
  };

  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      // Line numbers from the raw text (csv-parse's own count is off after a quoted CRLF); a
      // record's raw text starts with the blank lines skipped before it.
      const line = nextLine + (/^(?:\r\n|\r|\n)*/.exec(item.raw)![0].match(NEWLINE)?.length ?? 0);
      nextLine += item.raw.match(NEWLINE)?.length ?? 0;
      const cells = item.record;
      if (!columns) {
        columns = mapHeaders(cells, options.map);
        // A first line holding an address is data, not a header: a plain list of addresses.
        const dataCol = cells.findIndex((c) => contactAddress(c).ok);
        if (dataCol >= 0) {
          report.header = false;
          columns = cells.map((_, index) => ({ index, header: `column_${index + 1}`, target: index === dataCol ? 'email' : (`field:column_${index + 1}` as Target) }));
        }
        emailCol = columns.find((c) => c.target === 'email')?.index ?? -1;
        if (emailCol < 0) {
          throw new FacteurError('ERR_IMPORT_FORMAT', `no e-mail column among the headers: ${cells.map((c) => JSON.stringify(c)).join(', ')}`, {
            hint: 'name the column "E-mail" or "Courriel", or give the mapping, e.g. --map email=MyColumn (API: ?map=email=MyColumn)',
          });
        }
        report.columns = columns.map((c) => ({ header: c.header, target: c.target }));
        if (report.header) continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      report.rows++;
      const input = (cells[emailCol] ?? '').trim();
      const addr = contactAddress(input);
      if (!addr.ok) {
        reject({ line, input, code: addr.code, reason: addr.reason, suggestion: addr.suggestion });
        continue;
      }
      const first = seen.get(addr.addressNormalized);
      if (first !== undefined) {
        report.duplicates++;
        if (report.duplicate_lines.length < maxListed) report.duplicate_lines.push({ line, address: addr.address, first_line: first });
        else report.truncated = true;
        continue;
      }
      seen.set(addr.addressNormalized, line);
      batch.push(toRow(columns, cells, line, addr.address, addr.addressNormalized));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (e) {
    if (e instanceof FacteurError) throw e;
    const err = e as Error & { code?: string };
    if (err.code?.startsWith('CSV_')) {
      throw new FacteurError('ERR_IMPORT_FORMAT', `the file cannot be read as CSV near line ${nextLine}: ${err.message}`, {
        hint: 'save it again from the spreadsheet as "CSV" (UTF-8 or Windows-1252, separator ; or ,); rows before that line were imported',
        details: { line: nextLine, imported: report.imported, updated: report.updated },
      });
    }
    throw e;
  } finally {
    decoder.destroy();
  }
  report.encoding = decoder.encoding ?? 'utf-8';
  return report;
}

function toRow(columns: Column[], cells: string[], line: number, address: string, addressNormalized: string): ImportRow {
  const fields: Record<string, string> = {};
  let full = '';
  let first = '';
  let last = '';
  for (const c of columns) {
    const v = (cells[c.index] ?? '').trim();
    if (!v) continue;
    if (c.target === 'name') full = v;
    else if (c.target === 'first_name') first = fields.first_name = v;
    else if (c.target === 'last_name') last = fields.last_name = v;
    else if (c.target.startsWith('field:')) fields[c.target.slice(6)] = v;
  }
  const name = full || [first, last].filter(Boolean).join(' ') || null;
  return { line, address, addressNormalized, name, fields };
}
