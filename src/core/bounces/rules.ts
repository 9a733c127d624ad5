// Loads rules/bounces.toml (and an optional operator override file) into compiled matchers.
// Loaded once and cached; a broken file is a FacteurError naming the file and the key.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { FacteurError } from '../errors.ts';
import { isReason, type Reason } from './reasons.ts';

export interface BounceRules {
  order: Reason[];
  patterns: Map<Reason, RegExp[]>;
  /** Tried before `order`, in file order (see [patterns_first]). */
  patternsFirst: Array<[Reason, RegExp[]]>;
  statusFirst: Map<string, Reason>;
  status: Map<string, Reason>;
  hardAlways: Set<Reason>;
  hardWhenPermanent: Set<Reason>;
  guards: Map<Reason, Guard>;
  domainFallback: Map<string, Reason>;
  pseudoStatus: Map<Reason, string>;
}

/** A text match kept only when the status or the command confirms it (see rules/bounces.toml). */
export interface Guard {
  status: RegExp[];
  commands: string[];
  otherwise: Reason | null;
}

export const DEFAULT_RULES_FILE = new URL('../../../rules/bounces.toml', import.meta.url);

type Table = Record<string, unknown>;

function readToml(path: string | URL): Table {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_FILE', `cannot read bounce rules ${String(path)}: ${(e as Error).message}`, {
      hint: 'check the path of the bounce rules override file',
      cause: e,
    });
  }
  try {
    return parseToml(text) as Table;
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_INVALID', `bounce rules ${String(path)} are not valid TOML: ${(e as Error).message}`, {
      hint: 'fix the TOML syntax at the line shown',
      cause: e,
    });
  }
}

function reasonOf(value: unknown, where: string): Reason {
  if (typeof value === 'string' && isReason(value)) return value;
  throw new FacteurError('ERR_CONFIG_INVALID', `${where}: "${String(value)}" is not a known bounce reason`, {
    hint: 'use one of the reasons listed in src/core/bounces/reasons.ts',
  });
}

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new FacteurError('ERR_CONFIG_INVALID', `${where} must be a list of strings`);
  }
  return value as string[];
}

function compile(source: string, where: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_INVALID', `${where}: invalid pattern /${source}/: ${(e as Error).message}`, { cause: e });
  }
}

/** Merge one parsed file into the rules; entries from later files take precedence. */
function apply(rules: BounceRules, t: Table, file: string): void {
  if (t.order !== undefined) rules.order = stringList(t.order, `${file}: order`).map((r) => reasonOf(r, `${file}: order`));
  const hard = (t.hard ?? {}) as Table;
  if (hard.always !== undefined) rules.hardAlways = new Set(stringList(hard.always, `${file}: hard.always`).map((r) => reasonOf(r, `${file}: hard.always`)));
  if (hard.when_permanent !== undefined) {
    rules.hardWhenPermanent = new Set(stringList(hard.when_permanent, `${file}: hard.when_permanent`).map((r) => reasonOf(r, `${file}: hard.when_permanent`)));
  }
  for (const [key, target] of [['status_first', rules.statusFirst], ['status', rules.status]] as const) {
    for (const [code, reason] of Object.entries((t[key] ?? {}) as Table)) {
      target.set(code, reasonOf(reason, `${file}: ${key}."${code}"`));
    }
  }
  for (const [reason, detail] of Object.entries((t.pseudo_status ?? {}) as Table)) {
    rules.pseudoStatus.set(reasonOf(reason, `${file}: pseudo_status`), String(detail));
  }
  for (const [domain, reason] of Object.entries((t.recipient_domain_fallback ?? {}) as Table)) {
    rules.domainFallback.set(domain.toLowerCase(), reasonOf(reason, `${file}: recipient_domain_fallback."${domain}"`));
  }
  for (const [name, g] of Object.entries((t.guards ?? {}) as Table)) {
    const where = `${file}: guards.${name}`;
    const gt = (g ?? {}) as Table;
    rules.guards.set(reasonOf(name, where), {
      status: stringList(gt.status, `${where}.status`).map((p) => compile(p, `${where}.status`)),
      commands: stringList(gt.commands, `${where}.commands`).map((c) => c.toUpperCase()),
      otherwise: gt.otherwise === undefined ? null : reasonOf(gt.otherwise, `${where}.otherwise`),
    });
  }
  const first: Array<[Reason, RegExp[]]> = [];
  for (const [name, list] of Object.entries((t.patterns_first ?? {}) as Table)) {
    const where = `${file}: patterns_first.${name}`;
    first.push([reasonOf(name, where), stringList(list, where).map((p) => compile(p, where))]);
  }
  rules.patternsFirst = [...first, ...rules.patternsFirst];
  for (const [name, list] of Object.entries((t.patterns ?? {}) as Table)) {
    const reason = reasonOf(name, `${file}: patterns`);
    const compiled = stringList(list, `${file}: patterns.${name}`).map((p) => compile(p, `${file}: patterns.${name}`));
    // Operator patterns go first so that they win over the shipped ones.
    rules.patterns.set(reason, [...compiled, ...(rules.patterns.get(reason) ?? [])]);
    if (!rules.order.includes(reason)) rules.order.push(reason);
  }
}

/** Load the shipped rules, then `extraPath` (an operator override) when given. */
export function loadBounceRules(extraPath?: string): BounceRules {
  const rules: BounceRules = {
    order: [], patterns: new Map(), patternsFirst: [], statusFirst: new Map(), status: new Map(), hardAlways: new Set(), hardWhenPermanent: new Set(), guards: new Map(), domainFallback: new Map(), pseudoStatus: new Map(),
  };
  apply(rules, readToml(DEFAULT_RULES_FILE), 'rules/bounces.toml');
  if (extraPath) apply(rules, readToml(extraPath), extraPath);
  return rules;
}

let cached: BounceRules | undefined;

/** The shipped rules, loaded on first use. */
export function defaultRules(): BounceRules {
  cached ??= loadBounceRules();
  return cached;
}
