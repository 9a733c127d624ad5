// Streaming CSV import: bytes → text (encoding detected) → records (separator detected, quoted
// fields with line breaks) → mapped, validated rows → batches handed to a sink that writes them
// (the caller wires it to storage, one transaction per batch). Memory stays flat: one batch, the
// set of addresses already seen (for in-file duplicates) and a capped list of rejections.
// A bad row is reported with its line number and never stops the import.
import { pipeline, Readable } from 'node:stream';
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
  /**
   * Writes (or, in a dry run, only looks up) one batch; says how many contacts were new and how
   * many existed (`unchanged`: those of the existing ones the batch left as they were, if known).
   */
  write(rows: ImportRow[]): Promise<{ created: number; updated: number; unchanged?: number }>;
}

export interface Rejection {
  line: number;
  input: string;
  code: string;
  reason: string;
  suggestion: string | null;
  /** The row's cells, with `keepCells` (a file of the refused rows to fix and re-import). */
  cells?: string[];
}

export interface ImportReport {
  encoding: SourceEncoding;
  delimiter: Delimiter;
  header: boolean;
  columns: { header: string; target: Target }[];
  rows: number;
  imported: number;
  updated: number;
  /** Of the `updated` contacts, those the file left exactly as they were (0 when the sink cannot tell). */
  unchanged: number;
  duplicates: number;
  rejected: number;
  /** The first `maxListed` rejections, in file order. */
  rejections: Rejection[];
  /** The first `maxListed` imported addresses that look like a typo of a common domain (gmial.com), with the likely one. */
  suggestions: { line: number; address: string; suggestion: string }[];
  /** The first `maxListed` in-file duplicates: the line skipped and the line kept. */
  duplicate_lines: { line: number; address: string; first_line: number; cells?: string[] }[];
  truncated: boolean;
  dry_run: boolean;
  /** With `partialOnFormatError`: where the file stopped being readable as CSV (rows before it were imported). */
  error?: { line: number; message: string };
}

export interface ImportOptions {
  /** Explicit column mapping (see parseMap). */
  map?: Map<string, Target>;
  delimiter?: Delimiter;
  encoding?: SourceEncoding;
  dryRun?: boolean;
  batchSize?: number;
  maxListed?: number;
  /**
   * The target of each column by position (an interactive mapping); overrides `map` and the
   * header recognition. Columns past its end are ignored.
   */
  columns?: Target[];
  /** Keep the cells of rejected and duplicate rows in the report. */
  keepCells?: boolean;
  /**
   * A file that stops being valid CSV (an unclosed quote…) ends the import with the rows read so
   * far written and `error` set in the report, instead of an ERR_IMPORT_FORMAT error.
   */
  partialOnFormatError?: boolean;
}

/**
 * How a contact address is keyed: the parsed normal form, compared case-insensitively. A valid
 * address may still carry a suggestion (a likely typo of a common domain, e.g. gmial.com).
 */
export function contactAddress(
  input: string,
): { ok: true; address: string; addressNormalized: string; suggestion: string | null } | { ok: false; code: string; reason: string; suggestion: string | null } {
  const p = parseAddress(input);
  if (!p.valid || !p.normalized) return { ok: false, code: p.code ?? 'invalid', reason: p.reason ?? 'The address is invalid.', suggestion: p.suggestion };
  return { ok: true, address: p.normalized, addressNormalized: p.normalized.toLowerCase(), suggestion: p.suggestion };
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

export interface CsvRecords {
  decoder: AutoDecoder;
  delimiter: Delimiter;
  /** Records with the spreadsheet line they start on (blank lines skipped). */
  records: AsyncGenerator<{ line: number; cells: string[] }>;
  /** The line the next record starts on (where a parse error happened). */
  nextLine(): number;
}

/** Bytes → text (encoding detected) → records (separator detected from the first line). */
export async function readRecords(source: Readable, options: { delimiter?: Delimiter; encoding?: SourceEncoding } = {}): Promise<CsvRecords> {
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
  // pipeline, not pipe: an error on either side (a read error, a parse error, the reader stopping
  // early) ends both, and reaches the reader through the parser.
  const parser = pipeline(
    Readable.from(text()),
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, raw: true, max_record_size: 1024 * 1024 }),
    () => undefined,
  );
  let nextLine = 1;
  async function* records(): AsyncGenerator<{ line: number; cells: string[] }> {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      // Line numbers from the raw text (csv-parse's own count is off after a quoted CRLF); a
      // record's raw text starts with the blank lines skipped before it.
      const line = nextLine + (/^(?:\r\n|\r|\n)*/.exec(item.raw)![0].match(NEWLINE)?.length ?? 0);
      nextLine += item.raw.match(NEWLINE)?.length ?? 0;
      yield { line, cells: item.record };
    }
  }
  return { decoder, delimiter, records: records(), nextLine: () => nextLine };
}

/**
 * The columns of a file from its first record: a header line (mapped by `map`, then by the
 * recognised names) or, when that line already holds an address, data (a plain list of
 * addresses: that column is the e-mail). `columns` maps by position instead.
 */
export function firstColumns(cells: string[], options: { map?: Map<string, Target>; columns?: Target[] } = {}): { header: boolean; columns: Column[] } {
  const dataCol = cells.findIndex((c) => contactAddress(c).ok);
  const header = dataCol < 0;
  if (options.columns) {
    const targets = options.columns;
    const width = Math.max(cells.length, targets.length);
    return { header, columns: Array.from({ length: width }, (_, index) => ({ index, header: header && index < cells.length ? cells[index]! : `column_${index + 1}`, target: targets[index] ?? 'ignore' })) };
  }
  if (!header) return { header, columns: cells.map((_, index) => ({ index, header: `column_${index + 1}`, target: index === dataCol ? 'email' : (`field:column_${index + 1}` as Target) })) };
  return { header, columns: mapHeaders(cells, options.map) };
}

/** A cell as stored: trimmed, without the apostrophe CSV exports (ours too) put before = + - @ against formula injection. */
export function cellValue(raw: string | undefined): string {
  return (raw ?? '').trim().replace(/^'(?=[=+\-@])/, '');
}

export async function runImport(source: Readable, sink: ImportSink, options: ImportOptions = {}): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const maxListed = options.maxListed ?? 1000;
  const { decoder, delimiter, records, nextLine } = await readRecords(source, options);

  const report: ImportReport = {
    encoding: 'utf-8',
    delimiter,
    header: true,
    columns: [],
    rows: 0,
    imported: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    suggestions: [],
    duplicate_lines: [],
    truncated: false,
    dry_run: options.dryRun ?? false,
  };
  const seen = new Map<string, number>();
  let columns: Column[] | undefined;
  let emailCol = -1;
  let batch: ImportRow[] = [];

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
    report.unchanged += r.unchanged ?? 0;
    batch = [];
  };

  try {
    for await (const { line, cells } of records) {
      if (!columns) {
        const first = firstColumns(cells, options);
        report.header = first.header;
        columns = first.columns;
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
      const input = cellValue(cells[emailCol]);
      const addr = contactAddress(input);
      if (!addr.ok) {
        reject({ line, input, code: addr.code, reason: addr.reason, suggestion: addr.suggestion, ...(options.keepCells ? { cells } : {}) });
        continue;
      }
      const first = seen.get(addr.addressNormalized);
      if (first !== undefined) {
        report.duplicates++;
        if (report.duplicate_lines.length < maxListed) report.duplicate_lines.push({ line, address: addr.address, first_line: first, ...(options.keepCells ? { cells } : {}) });
        else report.truncated = true;
        continue;
      }
      seen.set(addr.addressNormalized, line);
      if (addr.suggestion) {
        if (report.suggestions.length < maxListed) report.suggestions.push({ line, address: addr.address, suggestion: addr.suggestion });
        else report.truncated = true;
      }
      batch.push(toRow(columns, cells, line, addr.address, addr.addressNormalized));
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (e) {
    if (e instanceof FacteurError) throw e;
    const err = e as Error & { code?: string };
    if (!err.code?.startsWith('CSV_')) throw e;
    // Rows before the unreadable part are good: write them before saying so.
    await flush();
    if (!options.partialOnFormatError) {
      throw new FacteurError('ERR_IMPORT_FORMAT', `the file cannot be read as CSV near line ${nextLine()}: ${err.message}`, {
        hint: 'save it again from the spreadsheet as "CSV" (UTF-8 or Windows-1252, separator ; or ,); rows before that line were imported',
        details: { line: nextLine(), imported: report.imported, updated: report.updated },
      });
    }
    report.error = { line: nextLine(), message: err.message };
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
    const v = cellValue(cells[c.index]);
    if (!v) continue;
    if (c.target === 'name') full = v;
    else if (c.target === 'first_name') first = fields.first_name = v;
    else if (c.target === 'last_name') last = fields.last_name = v;
    else if (c.target.startsWith('field:')) fields[c.target.slice(6)] = v;
  }
  const name = full || [first, last].filter(Boolean).join(' ') || null;
  return { line, address, addressNormalized, name, fields };
}
