// Loads the configuration: defaults → facteur.toml → environment (FACTEUR_SECTION__KEY) → flags,
// then validates it. Any problem is a FacteurError naming the key and the expected form.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { ConfigSchema, type Config } from './schema.ts';
import { FacteurError } from '../core/errors.ts';

export interface LoadOptions {
  /** Explicit file (--config); else FACTEUR_CONFIG; else ./facteur.toml when it exists. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** `section.key=value` overrides from the command line, applied last. */
  overrides?: Record<string, string>;
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** The file that was read, if any. */
  file: string | undefined;
}

type Json = Record<string, unknown>;

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let file = options.file ?? env.FACTEUR_CONFIG;
  if (!file && existsSync(resolve(cwd, 'facteur.toml'))) file = 'facteur.toml';
  const raw: Json = {};

  if (file) {
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new FacteurError('ERR_CONFIG_FILE', `cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        hint: 'check the path given by --config or FACTEUR_CONFIG, or run `facteur config init` to write a sample',
      });
    }
    try {
      Object.assign(raw, parseToml(text));
    } catch (e) {
      throw new FacteurError('ERR_CONFIG_FILE', `${path} is not valid TOML: ${firstLine((e as Error).message)}`, {
        hint: 'fix the syntax at the line shown; `facteur config init` writes a valid sample',
      });
    }
    file = path;
  }

  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('FACTEUR_') || name === 'FACTEUR_CONFIG' || value === undefined) continue;
    const parts = name.slice('FACTEUR_'.length).toLowerCase().split('__');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new FacteurError('ERR_CONFIG_INVALID', `environment variable ${name} does not name a setting`, {
        hint: 'use FACTEUR_SECTION__KEY, e.g. FACTEUR_SERVER__PORT=8080 or FACTEUR_DB__URL=postgres://…',
      });
    }
    setPath(raw, parts, value, `environment variable ${name}`);
  }
  const dbFromEnv = env.FACTEUR_DB__URL;
  if (!dbFromEnv && env.DATABASE_URL) setPath(raw, ['db', 'url'], env.DATABASE_URL, 'DATABASE_URL');

  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    setPath(raw, key.split('.'), value, `option ${key}`);
  }

  return { config: validateConfig(raw), file };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function setPath(target: Json, parts: string[], value: unknown, origin: string): void {
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      throw new FacteurError('ERR_CONFIG_INVALID', `${origin}: ${parts.join('.')} is not a section`, { hint: 'see `facteur config init` for the sections' });
    }
    node = node[part] as Json;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Checks unknown keys and types against the schema, converting strings from the environment. */
export function validateConfig(raw: Json): Config {
  checkUnknownKeys(ConfigSchema, raw, []);
  const coerced = coerce(ConfigSchema, structuredClone(raw), []);
  const withDefaults = Value.Default(ConfigSchema, coerced);
  const first = Value.Errors(ConfigSchema, withDefaults).First();
  if (first) {
    const key = first.path.replace(/^\//, '').replaceAll('/', '.');
    const sub = schemaAt(ConfigSchema, key.split('.'));
    throw new FacteurError('ERR_CONFIG_INVALID', `setting ${key} is invalid: ${first.message} (got ${JSON.stringify(first.value)})`, {
      hint: `expected ${describeExpected(sub)}${sub?.description ? ` — ${sub.description}` : ''}`,
    });
  }
  return withDefaults as Config;
}

function schemaAt(schema: TSchema, parts: string[]): TSchema | undefined {
  let node: TSchema | undefined = schema;
  for (const p of parts) node = node?.properties?.[p] as TSchema | undefined;
  return node;
}

function checkUnknownKeys(schema: TSchema, value: unknown, path: string[]): void {
  if (schema.type !== 'object' || !schema.properties || typeof value !== 'object' || value === null) return;
  if (schema.additionalProperties !== false) return;
  for (const key of Object.keys(value)) {
    const sub = schema.properties[key] as TSchema | undefined;
    const full = [...path, key].join('.');
    if (!sub) {
      const known = Object.keys(schema.properties).map((k) => [...path, k].join('.'));
      throw new FacteurError('ERR_CONFIG_INVALID', `unknown setting ${full}`, {
        hint: `known settings here: ${known.join(', ')}`,
      });
    }
    checkUnknownKeys(sub, (value as Json)[key], [...path, key]);
  }
}

/** Strings from the environment and flags become the schema's type when they parse cleanly. */
function coerce(schema: TSchema, value: unknown, path: string[]): unknown {
  if (schema.type === 'object' && schema.properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties[k] as TSchema | undefined;
      if (sub) (value as Json)[k] = coerce(sub, v, [...path, k]);
    }
    return value;
  }
  if (typeof value !== 'string') return value;
  if (schema.type === 'integer' || schema.type === 'number') {
    return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  }
  if (schema.type === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    return value;
  }
  if (schema.type === 'array') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed);
      } catch {
        return value;
      }
    }
    const items = trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim());
    const itemSchema = schema.items as TSchema | undefined;
    return itemSchema ? items.map((i) => coerce(itemSchema, i, path)) : items;
  }
  return value;
}

function describeExpected(schema: TSchema | undefined): string {
  if (!schema) return 'a known setting';
  if (schema.anyOf) return `one of ${(schema.anyOf as TSchema[]).map((s) => JSON.stringify(s.const)).join(', ')}`;
  switch (schema.type) {
    case 'integer': {
      const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` between ${schema.minimum} and ${schema.maximum}` : '';
      return `a whole number${range}`;
    }
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'array':
      return 'a list (TOML array, or comma-separated in the environment)';
    case 'object':
      return 'a section';
    default:
      return String(schema.type);
  }
}
