// `facteur config init`: an annotated facteur.toml generated from the schema itself, so the
// sample can never disagree with what the loader accepts.
import type { TSchema } from '@sinclair/typebox';
import { stringify } from 'smol-toml';
import { ConfigSchema } from './schema.ts';

export function sampleConfig(): string {
  const lines = [
    '# facteur configuration. Every setting is optional: the values shown are the defaults.',
    '# Precedence: this file < environment (FACTEUR_SECTION__KEY, e.g. FACTEUR_SERVER__PORT=8080) < command-line flags.',
    '# Tenant settings (domains, quotas, templates) live in the database, not here.',
    '',
  ];
  writeSection(ConfigSchema, [], lines);
  return lines.join('\n') + '\n';
}

function writeSection(schema: TSchema, path: string[], lines: string[]): void {
  const props = (schema.properties ?? {}) as Record<string, TSchema>;
  const scalars = Object.entries(props).filter(([, s]) => s.type !== 'object' || s.additionalProperties !== false);
  const sections = Object.entries(props).filter(([, s]) => s.type === 'object' && s.additionalProperties === false);
  if (path.length > 0) {
    if (schema.description) lines.push(`# ${schema.description}`);
    lines.push(`[${path.join('.')}]`);
  }
  for (const [key, sub] of scalars) {
    if (sub.description) for (const l of String(sub.description).split('\n')) lines.push(`# ${l}`);
    const value = stringify({ [key]: sub.default ?? '' }).trim();
    lines.push(`# ${value}`);
  }
  if (path.length > 0) lines.push('');
  for (const [key, sub] of sections) writeSection(sub, [...path, key], lines);
}
