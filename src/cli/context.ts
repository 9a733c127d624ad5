// What every command gets: loaded config, a lazily opened storage, output streams and the
// exit code convention. Commands never call process.exit themselves.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.ts';

export interface GlobalOptions {
  config?: string;
  set?: string[];
}

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const stdio: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Global options (--config, --set) as seen from any subcommand. */
export function globalsOf(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

export function parseOverrides(pairs: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new Error(`--set expects section.key=value, got "${pair}"`);
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

export function configFor(cmd: Command, extra: Record<string, string> = {}): Config {
  const g = globalsOf(cmd);
  return loadConfig({ file: g.config, overrides: { ...parseOverrides(g.set), ...extra } }).config;
}
