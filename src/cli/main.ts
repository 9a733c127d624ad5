// The `facteur` command: parses arguments, runs one subcommand, turns errors into one line of
// reason and one of hint (never a stack trace for something the user can fix).
import { Command, CommanderError } from 'commander';
import { isFacteurError } from '../core/errors.ts';
import { stdio } from './context.ts';
import { registerCommands } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('facteur')
    .description('Mass-mailing and delivery for associations: keeps mail deliverable, respects members.')
    .option('-c, --config <file>', 'configuration file (default: ./facteur.toml when present, or FACTEUR_CONFIG)')
    .option('--set <section.key=value...>', 'override a setting, e.g. --set server.port=8081 (repeatable)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit with 0; usage errors were already printed by commander.
      return e.exitCode;
    }
    if (isFacteurError(e)) {
      stdio.err(`facteur: ${e.message}`);
      if (e.hint) stdio.err(`  hint: ${e.hint}`);
      return e.code.startsWith('ERR_CONFIG') ? 2 : 1;
    }
    stdio.err(`facteur: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    return 70; // EX_SOFTWARE
  }
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  process.exitCode = await main(process.argv.slice(2));
}
