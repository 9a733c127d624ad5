// facteur config init|check: write an annotated sample; validate the effective configuration.
import type { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { sampleConfig } from '../../config/index.ts';
import { configFor, stdio } from '../context.ts';
import { FacteurError } from '../../core/errors.ts';

export function register(program: Command): void {
  const config = program.command('config').description('Write or check the configuration file');
  config
    .command('init')
    .description('Write an annotated facteur.toml with every setting and its default')
    .option('-o, --output <file>', 'where to write it ("-" for stdout)', 'facteur.toml')
    .option('-f, --force', 'overwrite an existing file')
    .action((opts: { output: string; force?: boolean }) => {
      const text = sampleConfig();
      if (opts.output === '-') return void process.stdout.write(text);
      if (existsSync(opts.output) && !opts.force) {
        throw new FacteurError('ERR_CONFIG_FILE', `${opts.output} already exists`, { hint: 'pass --force to overwrite it, or -o to write elsewhere' });
      }
      writeFileSync(opts.output, text);
      stdio.out(`wrote ${opts.output}`);
    });
  config
    .command('check')
    .description('Validate the effective configuration (file, environment, flags) and print it as JSON, secrets hidden')
    .action((_opts: unknown, cmd: Command) => {
      const cfg = configFor(cmd);
      const shown = structuredClone(cfg);
      if (shown.db.url) shown.db.url = shown.db.url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
      stdio.out(JSON.stringify(shown, null, 2));
    });
}
