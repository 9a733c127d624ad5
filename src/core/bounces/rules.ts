// Loads rules/bounces.toml (and an optional operator override file) into compiled matchers.
// Loaded once and cached; a broken file is a FacteurError naming the file and the key.
import { rulesFile } from '../../lib/paths.ts';
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { FacteurError } from '../errors.ts';
import { isReason, type Reason } from './reasons.ts';

/**
 * How a reason of the first pass is confirmed (see [probe.*] in rules/bounces.toml). By default
 * a reason holds when the enhanced status names it or when one of its text patterns matches.
 */
export interface Probe {
  /** A status naming this reason is overruled when the text matches one of these reasons. */
  statusUnless: Reason[];
  /** The status alone is not enough: the text must match too (this reason or `alsoText`). */
  statusNeedsText: boolean;
  /** The text counts only after one of these commands (empty: any command). */
  textCommands: string[];
  /** …or, when the command does not qualify, when the status names one of these ('' = none). */
  textWhenStatus: string[];
  /** The text never counts after these commands. */
  textNotAfter: string[];
  /** Patterns of these reasons also confirm this one. */
  alsoText: Reason[];
  /** SMTP reply codes that settle this reason on their own. */
  replyCodes: number[];
  /** The text does not count when the status names one of these reasons. */
  notWhenStatus: string[];
}

/**
 * A receiving or reporting service's own reply phrasing ([[providers]] in rules/bounces.toml):
 * when `origin` matches who refused or reported (host names, the report's sender), these
 * wordings settle the reason before the general rules.
 */
export interface ProviderRule {
  name: string;
  origin: RegExp;
  patterns: Array<[Reason, RegExp[]]>;
}

export interface BounceRules {
  /** Provider reply tables, tried first when their origin matches. */
  providers: ProviderRule[];
  /** First pass, in order: status- and command-aware probes. */
  probeOrder: Reason[];
  /** Second pass, in order: text only, when the status decided nothing firm. */
  textOrder: Reason[];
  /** Reasons named by a status that are still worth a look at the text. */
  retry: Set<Reason>;
  probes: Map<Reason, Probe>;
  patterns: Map<Reason, RegExp[]>;
  /** Tried before everything, in file order (see [patterns_first]). */
  patternsFirst: Array<[Reason, RegExp[]]>;
  statusFirst: Map<string, Reason>;
  status: Map<string, Reason>;
  hardAlways: Set<Reason>;
  hardWhenPermanent: Set<Reason>;
  domainFallback: Map<string, Reason>;
  pseudoStatus: Map<Reason, string>;
}

export const DEFAULT_RULES_FILE = rulesFile('bounces.toml');

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

function reasonList(value: unknown, where: string): Reason[] {
  return stringList(value, where).map((r) => reasonOf(r, where));
}

function compile(source: string, where: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_INVALID', `${where}: invalid pattern /${source}/: ${(e as Error).message}`, { cause: e });
  }
}

function probeOf(t: Table, where: string): Probe {
  const codes = t.reply_codes ?? [];
  if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'number')) throw new FacteurError('ERR_CONFIG_INVALID', `${where}.reply_codes must be a list of numbers`);
  return {
    statusUnless: reasonList(t.status_unless, `${where}.status_unless`),
    statusNeedsText: t.status_needs_text === true,
    textCommands: stringList(t.text_commands, `${where}.text_commands`).map((c) => c.toUpperCase()),
    textWhenStatus: stringList(t.text_when_status, `${where}.text_when_status`),
    textNotAfter: stringList(t.text_not_after, `${where}.text_not_after`).map((c) => c.toUpperCase()),
    alsoText: reasonList(t.also_text, `${where}.also_text`),
    replyCodes: codes as number[],
    notWhenStatus: stringList(t.not_when_status, `${where}.not_when_status`),
  };
}

/** Merge one parsed file into the rules; entries from later files take precedence. */
function apply(rules: BounceRules, t: Table, file: string): void {
  const passes = (t.passes ?? {}) as Table;
  if (passes.probe !== undefined) rules.probeOrder = reasonList(passes.probe, `${file}: passes.probe`);
  if (passes.text !== undefined) rules.textOrder = reasonList(passes.text, `${file}: passes.text`);
  if (passes.retry !== undefined) rules.retry = new Set(reasonList(passes.retry, `${file}: passes.retry`));
  const hard = (t.hard ?? {}) as Table;
  if (hard.always !== undefined) rules.hardAlways = new Set(reasonList(hard.always, `${file}: hard.always`));
  if (hard.when_permanent !== undefined) rules.hardWhenPermanent = new Set(reasonList(hard.when_permanent, `${file}: hard.when_permanent`));
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
  for (const [name, p] of Object.entries((t.probe ?? {}) as Table)) {
    const where = `${file}: probe.${name}`;
    rules.probes.set(reasonOf(name, where), probeOf((p ?? {}) as Table, where));
  }
  const providers = t.providers ?? [];
  if (!Array.isArray(providers)) throw new FacteurError('ERR_CONFIG_INVALID', `${file}: providers must be an array of tables ([[providers]])`);
  const loaded: ProviderRule[] = [];
  for (const [i, entry] of (providers as Table[]).entries()) {
    const name = typeof entry.name === 'string' ? entry.name : `#${i + 1}`;
    const where = `${file}: providers ${name}`;
    if (typeof entry.origin !== 'string') throw new FacteurError('ERR_CONFIG_INVALID', `${where}: origin must be a pattern string`);
    const patterns: Array<[Reason, RegExp[]]> = [];
    for (const [reason, list] of Object.entries((entry.replies ?? {}) as Table)) {
      patterns.push([reasonOf(reason, `${where}.replies`), stringList(list, `${where}.replies.${reason}`).map((x) => compile(x, `${where}.replies.${reason}`))]);
    }
    loaded.push({ name, origin: compile(entry.origin, `${where}.origin`), patterns });
  }
  // An operator's providers are tried before the shipped ones.
  rules.providers = [...loaded, ...rules.providers];
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
    if (!rules.probeOrder.includes(reason) && !rules.textOrder.includes(reason)) rules.textOrder.push(reason);
  }
}

/** Load the shipped rules, then `extraPath` (an operator override) when given. */
export function loadBounceRules(extraPath?: string): BounceRules {
  const rules: BounceRules = {
    providers: [], probeOrder: [], textOrder: [], retry: new Set(), probes: new Map(), patterns: new Map(), patternsFirst: [], statusFirst: new Map(),
    status: new Map(), hardAlways: new Set(), hardWhenPermanent: new Set(), domainFallback: new Map(), pseudoStatus: new Map(),
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
