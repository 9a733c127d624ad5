// POST /api/v1/lists/{id}/imports: a CSV file as the request body (text/csv), streamed through
// core/import — encoding and separator detected, headers mapped (Paheko exports need no mapping),
// rows upserted and subscribed in transactions of 500. Answers with the import report.
import { Transform, type Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { route } from './route.ts';
import { IdParams } from './schemas.ts';
import { mustGetList } from './lists.ts';
import { FacteurError } from '../../core/errors.ts';
import { runImport, parseMap, audienceSink, type Delimiter } from '../../core/import/index.ts';

export const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

const ImportQuery = Type.Object(
  {
    map: Type.Optional(Type.String({ maxLength: 2000, description: 'explicit mapping TARGET=Header,… e.g. email=Courriel,city=Ville (targets: email, name, first_name, last_name, ignore, or a field name)' })),
    dry_run: Type.Optional(Type.Boolean({ default: false, description: 'read and check the whole file, write nothing' })),
    delimiter: Type.Optional(Type.Union([Type.Literal(','), Type.Literal(';'), Type.Literal('tab')], { description: 'default: detected from the header line' })),
    encoding: Type.Optional(Type.Union([Type.Literal('utf-8'), Type.Literal('windows-1252')], { description: 'default: detected (UTF-8, or Windows-1252 for older spreadsheet exports)' })),
  },
  { additionalProperties: false },
);

const Line = Type.Integer({ minimum: 1 });
export const ImportReportSchema = Type.Object({
  encoding: Type.String(),
  delimiter: Type.String(),
  header: Type.Boolean({ description: 'false when the first line already held an address' }),
  columns: Type.Array(Type.Object({ header: Type.String(), target: Type.String({ description: 'email, name, first_name, last_name, ignore or field:KEY' }) })),
  rows: Type.Integer({ description: 'data rows read (blank rows not counted)' }),
  imported: Type.Integer({ description: 'new contacts' }),
  updated: Type.Integer({ description: 'contacts that existed and were merged' }),
  duplicates: Type.Integer({ description: 'rows repeating an address seen earlier in the file (skipped)' }),
  rejected: Type.Integer(),
  rejections: Type.Array(Type.Object({ line: Line, input: Type.String(), code: Type.String(), reason: Type.String(), suggestion: Type.Union([Type.String(), Type.Null()]) })),
  duplicate_lines: Type.Array(Type.Object({ line: Line, address: Type.String(), first_line: Line })),
  truncated: Type.Boolean({ description: 'true when more rejections or duplicates happened than are listed (1,000 of each)' }),
  dry_run: Type.Boolean(),
});

export const importRoutes = [
  route({
    method: 'POST',
    url: '/lists/:id/imports',
    operationId: 'importContacts',
    summary: 'Import contacts from a CSV file into a list',
    description:
      'Send the file as the body (Content-Type: text/csv). UTF-8 with or without BOM and Windows-1252 are detected, as are the separators , ; and tab. ' +
      'Headers in French or English are recognised (E-mail, Courriel, Adresse E-Mail, Prénom, Nom, Nom & prénom, Téléphone, Ville…), including Paheko member exports. ' +
      'Existing contacts are merged; members who unsubscribed from the list stay unsubscribed.',
    tags: ['imports'],
    scope: 'write',
    consumes: ['text/csv'],
    schema: { params: IdParams, querystring: ImportQuery, response: { 200: ImportReportSchema } },
    handler: async (req, _reply, ctx) => {
      const list = await mustGetList(ctx, req.params.id);
      const body = req.body as unknown;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        throw new FacteurError('ERR_VALIDATION', 'the request body must be the CSV file itself, with Content-Type: text/csv', {
          hint: 'e.g. curl --data-binary @members.csv -H "Content-Type: text/csv" …',
          details: { field: 'body', in: 'body' },
        });
      }
      const max = ctx.config.api.import_max_mb * 1024 * 1024;
      const delimiter: Delimiter | undefined = req.query.delimiter === 'tab' ? '\t' : req.query.delimiter;
      return runImport(limitBytes(body as Readable, max), audienceSink(ctx.storage, ctx.tenantId, list.id, { dryRun: req.query.dry_run, consentSource: 'import' }), {
        map: parseMap(req.query.map),
        dryRun: req.query.dry_run ?? false,
        ...(delimiter ? { delimiter } : {}),
        ...(req.query.encoding ? { encoding: req.query.encoding } : {}),
      });
    },
  }),
];

function limitBytes(source: Readable, max: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) {
        done(
          new FacteurError('ERR_PAYLOAD_TOO_LARGE', `the file is larger than ${Math.round(max / 1024 / 1024)} MB`, {
            hint: 'split it, or ask the operator to raise api.import_max_mb; rows already read were imported',
          }),
        );
      } else done(null, chunk);
    },
  });
  source.on('error', (e) => counter.destroy(e));
  return source.pipe(counter);
}
