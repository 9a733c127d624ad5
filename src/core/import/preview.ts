// The first rows of a CSV file as the import will read them, for a person to check before
// importing: encoding, separator, whether the first line is a header, the columns with the
// mapping the header recognition proposes, and the first data rows. Reads only what it shows.
import type { Readable } from 'node:stream';
import { firstColumns, readRecords, type Delimiter } from './importer.ts';
import type { Column } from './mapping.ts';
import type { SourceEncoding } from './decode.ts';

export interface CsvPreview {
  delimiter: Delimiter;
  /** False when the first line already holds an address (no header line). */
  header: boolean;
  /** The first record's columns with the proposed targets; empty for an empty file. */
  columns: Column[];
  /** The first data rows, with their spreadsheet line numbers. */
  rows: { line: number; cells: string[] }[];
  /** Where the file stops being readable as CSV, when that happens within the rows shown. */
  error: { line: number; message: string } | null;
}

export async function previewCsv(source: Readable, options: { rows?: number; encoding?: SourceEncoding } = {}): Promise<CsvPreview> {
  const limit = options.rows ?? 10;
  const { decoder, delimiter, records, nextLine } = await readRecords(source, options.encoding ? { encoding: options.encoding } : {});
  const preview: CsvPreview = { delimiter, header: true, columns: [], rows: [], error: null };
  try {
    for await (const { line, cells } of records) {
      if (preview.columns.length === 0) {
        const first = firstColumns(cells);
        preview.header = first.header;
        preview.columns = first.columns;
        if (first.header) continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      preview.rows.push({ line, cells });
      if (preview.rows.length >= limit) break;
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (!err.code?.startsWith('CSV_')) throw e;
    preview.error = { line: nextLine(), message: err.message };
  } finally {
    decoder.destroy();
    source.destroy();
  }
  return preview;
}
