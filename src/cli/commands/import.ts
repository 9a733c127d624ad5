// facteur import FILE --tenant T --list L: imports members from a CSV file (spreadsheet or Paheko
// export) into a list, streaming, and prints the report — or checks the file with --dry-run.
import { createReadStream, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { configFor, stdio } from '../context.ts';
import { openRuntime } from '../runtime.ts';
import { findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import { runImport, parseMap, audienceSink, type ImportReport, type Delimiter, type SourceEncoding } from '../../core/import/index.ts';

function summary(r: ImportReport, list: string): string[] {
  const lines = [
    `${r.dry_run ? 'dry run (nothing written): ' : ''}${r.rows} rows read (${r.encoding}, separator ${r.delimiter === '\t' ? 'tab' : r.delimiter})`,
    `columns: ${r.columns.map((c) => `${c.header} → ${c.target}`).join(', ')}`,
    `${r.imported} new contacts, ${r.updated} updated, ${r.duplicates} duplicates skipped, ${r.rejected} rejected${r.dry_run ? '' : ` — list ${list}`}`,
  ];
  for (const x of r.rejections) lines.push(`line ${x.line}: ${JSON.stringify(x.input)} ${x.code}: ${x.reason}${x.suggestion ? ` (did you mean ${x.suggestion}?)` : ''}`);
  for (const d of r.duplicate_lines) lines.push(`line ${d.line}: ${d.address} already on line ${d.first_line}, skipped`);
  if (r.truncated) lines.push('(more rejections or duplicates than listed: see --json)');
  return lines;
}

export function register(program: Command): void {
  program
    .command('import <file>')
    .description('Import contacts from a CSV file (UTF-8 or Windows-1252; separator , ; or tab; French/English headers; Paheko exports) into a list')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .requiredOption('--list <list>', 'list slug or id')
    .option('--map <mapping>', 'TARGET=Header pairs, e.g. email=Courriel,first_name=Prénom,city=Ville (targets: email, name, first_name, last_name, ignore, or a field name)')
    .option('--delimiter <char>', 'force the separator: "," ";" or "tab"')
    .option('--encoding <name>', 'force the encoding: utf-8 or windows-1252')
    .option('--create-list', 'create the list (slug given by --list) when it does not exist')
    .option('--dry-run', 'read and check the whole file, write nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { tenant: string; list: string; createList?: boolean; map?: string; delimiter?: string; encoding?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      if (!existsSync(file)) throw new FacteurError('ERR_VALIDATION', `no file ${file}`, { hint: 'give the path of the CSV file exported from the spreadsheet or Paheko' });
      const delimiter = opts.delimiter === undefined ? undefined : opts.delimiter === 'tab' ? '\t' : opts.delimiter;
      if (delimiter !== undefined && ![',', ';', '\t'].includes(delimiter)) throw new FacteurError('ERR_VALIDATION', `unsupported separator "${opts.delimiter}"`, { hint: 'use --delimiter "," or ";" or tab' });
      if (opts.encoding !== undefined && !['utf-8', 'windows-1252'].includes(opts.encoding)) {
        throw new FacteurError('ERR_VALIDATION', `unsupported encoding "${opts.encoding}"`, { hint: 'use --encoding utf-8 or --encoding windows-1252 (leave it out to detect)' });
      }
      const map = parseMap(opts.map);
      const rt = await openRuntime(configFor(cmd), { migrate: true, quiet: true });
      try {
        const tenant = await findTenant(rt, opts.tenant);
        let list = /^\d+$/.test(opts.list) ? await rt.storage.repos.lists.get(tenant.id, Number(opts.list)) : await rt.storage.repos.lists.getBySlug(tenant.id, opts.list);
        if (!list && opts.createList && !opts.dryRun && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(opts.list)) {
          list = await rt.storage.repos.lists.create(tenant.id, { slug: opts.list, name: opts.list });
          stdio.err(`created list ${list.slug}`);
        }
        if (!list) throw new FacteurError('ERR_LIST_NOT_FOUND', `no list "${opts.list}" in ${tenant.slug}`, { hint: 'add --create-list to create it (a slug: lower-case letters, digits, dashes), or give an existing slug or id' });
        const report = await runImport(createReadStream(file), audienceSink(rt.storage, tenant.id, list.id, { dryRun: opts.dryRun, consentSource: 'import' }), {
          map,
          dryRun: opts.dryRun ?? false,
          ...(delimiter ? { delimiter: delimiter as Delimiter } : {}),
          ...(opts.encoding ? { encoding: opts.encoding as SourceEncoding } : {}),
        });
        if (opts.json) stdio.out(JSON.stringify(report));
        else for (const l of summary(report, list.slug)) stdio.out(l);
      } finally {
        await rt.close();
      }
    });
}
