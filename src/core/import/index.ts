// Public API of CSV import: streaming parse with encoding and separator detection, header mapping
// (French/English, Paheko), and the report. Writing is the caller's ImportSink.
export { runImport, detectDelimiter, contactAddress, readRecords, firstColumns, cellValue } from './importer.ts';
export { previewCsv } from './preview.ts';
export type { CsvPreview } from './preview.ts';
export type { ImportRow, ImportSink, ImportReport, ImportOptions, Rejection, Delimiter } from './importer.ts';
export { mapHeaders, parseMap, normalizeHeader, fieldKey } from './mapping.ts';
export type { Column, Target } from './mapping.ts';
export { AutoDecoder, looksUtf8, detectEncoding } from './decode.ts';
export type { SourceEncoding } from './decode.ts';
export { audienceSink } from './sink.ts';
export type { TransactionalAudience } from './sink.ts';
