// Shaping rules as data: rules/shaping.toml, optionally merged with an operator file, parsed into
// per-provider limits (matched by MX host suffix) and adaptive rules (matched on SMTP replies).
// The format is described in docs/shaping.md; an invalid file fails at start with the key named.
import { rulesFile } from '../../lib/paths.ts';
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';

/** A message rate: `count` messages per `perMs` milliseconds. */
export interface Rate {
  count: number;
  perMs: number;
}

export interface ShapingLimits {
  maxConnections: number;
  maxMessagesPerConnection: number;
  maxMessageRate: Rate | null;
  /** Close a pooled connection left unused this long (RFC 5321 §4.5.3.2.7: the server waits 5 min, we should not hog it). */
  idleTimeoutMs: number;
  /** Quiet time after which a throttled site gets one halving back. */
  rampIntervalMs: number;
  /** Per-site overrides of delivery.*_timeout_seconds; null uses the configured value. */
  connectTimeoutMs: number | null;
  greetingTimeoutMs: number | null;
  commandTimeoutMs: number | null;
  dataTimeoutMs: number | null;
}

export interface Provider {
  name: string;
  /** MX host suffixes: ".google.com" matches "aspmx.l.google.com"; "127.0.0.1" matches that host only. */
  mxSuffixes: string[];
  limits: ShapingLimits;
}

export type AdaptiveAction = { kind: 'suspend'; durationMs: number } | { kind: 'throttle' };

export interface AdaptiveRule {
  name: string;
  /** Provider names the rule is limited to; empty: any site. */
  providers: string[];
  code: RegExp | null;
  enhanced: RegExp | null;
  text: RegExp | null;
  actions: AdaptiveAction[];
}

export interface ShapingRules {
  default: ShapingLimits;
  providers: Provider[];
  adaptive: AdaptiveRule[];
}

export class ShapingError extends Error {
  override name = 'ShapingError';
}

/** rules/shaping.toml shipped with facteur. */
export const BUILTIN_SHAPING_FILE = rulesFile('shaping.toml');

/** Reads the built-in file, then the operator file over it (keys override, providers and rules extend). */
export function loadShapingRules(operatorFile?: string, builtinFile = BUILTIN_SHAPING_FILE): ShapingRules {
  const base = readToml(builtinFile);
  const over = operatorFile ? readToml(operatorFile) : {};
  return parseShaping(mergeShaping(base, over));
}

/** Parses TOML text (tests, or a file already read); `base` is merged under it when given. */
export function shapingFromToml(text: string, base?: string): ShapingRules {
  const over = parseToml(text) as Raw;
  return parseShaping(base === undefined ? over : mergeShaping(parseToml(base) as Raw, over));
}

type Raw = Record<string, unknown>;

function readToml(path: string): Raw {
  try {
    return parseToml(readFileSync(path, 'utf8')) as Raw;
  } catch (e) {
    throw new ShapingError(`cannot read shaping file ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** The operator's [default] and [provider.X] keys override the base ones; the operator's adaptive rules come first, so they win. */
export function mergeShaping(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  out.default = { ...asTable(base.default, 'default'), ...asTable(over.default, 'default') };
  const providers: Raw = { ...asTable(base.provider, 'provider') };
  for (const [name, block] of Object.entries(asTable(over.provider, 'provider'))) {
    providers[name] = { ...asTable(providers[name], `provider.${name}`), ...asTable(block, `provider.${name}`) };
  }
  out.provider = providers;
  out.adaptive = [...asArray(over.adaptive), ...asArray(base.adaptive)];
  return out;
}

function asTable(v: unknown, where: string): Raw {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapingError(`shaping: [${where}] must be a table`);
  return v as Raw;
}

function asArray(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ShapingError('shaping: adaptive rules must be an array of tables ([[adaptive]])');
  return v;
}

const HARD_DEFAULTS: ShapingLimits = {
  maxConnections: 10,
  maxMessagesPerConnection: 100,
  maxMessageRate: null,
  idleTimeoutMs: 5_000,
  rampIntervalMs: 10 * 60_000,
  connectTimeoutMs: null,
  greetingTimeoutMs: null,
  commandTimeoutMs: null,
  dataTimeoutMs: null,
};

const LIMIT_KEYS = new Set([
  'max_connections',
  'max_messages_per_connection',
  'max_message_rate',
  'idle_timeout',
  'ramp_interval',
  'connect_timeout',
  'greeting_timeout',
  'command_timeout',
  'data_timeout',
]);

function parseShaping(raw: Raw): ShapingRules {
  for (const key of Object.keys(raw)) {
    if (!['default', 'provider', 'adaptive'].includes(key)) throw new ShapingError(`shaping: unknown section [${key}] (known: default, provider, adaptive)`);
  }
  const def = parseLimits(asTable(raw.default, 'default'), HARD_DEFAULTS, 'default');
  const providers: Provider[] = [];
  for (const [name, block] of Object.entries(asTable(raw.provider, 'provider'))) {
    const t = asTable(block, `provider.${name}`);
    const suffixes = t.mx_suffix ?? [];
    if (!Array.isArray(suffixes) || suffixes.some((s) => typeof s !== 'string')) {
      throw new ShapingError(`shaping: provider.${name}.mx_suffix must be a list of strings`);
    }
    const { mx_suffix: _ignored, ...rest } = t;
    providers.push({ name, mxSuffixes: (suffixes as string[]).map((s) => s.toLowerCase()), limits: parseLimits(rest, def, `provider.${name}`) });
  }
  const adaptive = asArray(raw.adaptive).map((r, i) => parseRule(asTable(r, `adaptive #${i + 1}`), i));
  return { default: def, providers, adaptive };
}

function parseLimits(t: Raw, base: ShapingLimits, where: string): ShapingLimits {
  for (const k of Object.keys(t)) if (!LIMIT_KEYS.has(k)) throw new ShapingError(`shaping: unknown key ${where}.${k} (known: ${[...LIMIT_KEYS].join(', ')})`);
  const out = { ...base };
  if (t.max_connections !== undefined) out.maxConnections = positiveInt(t.max_connections, `${where}.max_connections`);
  if (t.max_messages_per_connection !== undefined) out.maxMessagesPerConnection = positiveInt(t.max_messages_per_connection, `${where}.max_messages_per_connection`);
  if (t.max_message_rate !== undefined) out.maxMessageRate = t.max_message_rate === '' ? null : parseRate(String(t.max_message_rate), `${where}.max_message_rate`);
  if (t.idle_timeout !== undefined) out.idleTimeoutMs = parseDuration(t.idle_timeout, `${where}.idle_timeout`);
  if (t.ramp_interval !== undefined) out.rampIntervalMs = parseDuration(t.ramp_interval, `${where}.ramp_interval`);
  if (t.connect_timeout !== undefined) out.connectTimeoutMs = parseDuration(t.connect_timeout, `${where}.connect_timeout`);
  if (t.greeting_timeout !== undefined) out.greetingTimeoutMs = parseDuration(t.greeting_timeout, `${where}.greeting_timeout`);
  if (t.command_timeout !== undefined) out.commandTimeoutMs = parseDuration(t.command_timeout, `${where}.command_timeout`);
  if (t.data_timeout !== undefined) out.dataTimeoutMs = parseDuration(t.data_timeout, `${where}.data_timeout`);
  return out;
}

function parseRule(t: Raw, i: number): AdaptiveRule {
  const name = typeof t.name === 'string' ? t.name : `rule ${i + 1}`;
  const where = `adaptive "${name}"`;
  const regex = (key: string): RegExp | null => {
    const v = t[key];
    if (v === undefined) return null;
    try {
      return new RegExp(String(v), 'i');
    } catch (e) {
      throw new ShapingError(`shaping: ${where}.${key} is not a valid regular expression: ${(e as Error).message}`);
    }
  };
  const rawActions = Array.isArray(t.action) ? t.action : [t.action];
  const actions = rawActions.map((a) => parseAction(a, where));
  const providers = t.provider === undefined ? [] : Array.isArray(t.provider) ? t.provider.map(String) : [String(t.provider)];
  const rule: AdaptiveRule = { name, providers, code: regex('code'), enhanced: regex('enhanced'), text: regex('text'), actions };
  if (!rule.code && !rule.enhanced && !rule.text) throw new ShapingError(`shaping: ${where} matches nothing: give code, enhanced or text`);
  return rule;
}

function parseAction(a: unknown, where: string): AdaptiveAction {
  const s = String(a ?? '').trim();
  if (s === 'throttle') return { kind: 'throttle' };
  const m = /^suspend\s+(\S+)$/.exec(s);
  if (m?.[1]) return { kind: 'suspend', durationMs: parseDuration(m[1], `${where}.action`) };
  throw new ShapingError(`shaping: ${where}.action "${s}" is not "throttle" or "suspend <duration>"`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000, d: 86_400_000, day: 86_400_000 };

/** "500ms", "30s", "5m", "2h", "1d"; a bare number is seconds. */
export function parseDuration(v: unknown, where = 'duration'): number {
  if (typeof v === 'number' && v >= 0) return v * 1000;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(v));
  const unit = UNIT_MS[(m?.[2] || 's').toLowerCase()];
  if (!m?.[1] || unit === undefined) throw new ShapingError(`shaping: ${where} = ${JSON.stringify(v)} is not a duration like "30s", "5m", "1h"`);
  return Number(m[1]) * unit;
}

/** "100/s", "1000/h", "20/min", "5000/d". */
export function parseRate(v: string, where = 'rate'): Rate {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)\s*$/i.exec(v);
  const unit = m?.[2] ? UNIT_MS[m[2].toLowerCase()] : undefined;
  if (!m?.[1] || unit === undefined || Number(m[1]) <= 0) throw new ShapingError(`shaping: ${where} = "${v}" is not a rate like "100/s" or "1000/h"`);
  return { count: Number(m[1]), perMs: unit };
}

function positiveInt(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ShapingError(`shaping: ${where} must be a whole number ≥ 1 (got ${JSON.stringify(v)})`);
  return v;
}

function hostMatches(host: string, suffix: string): boolean {
  const bare = suffix.replace(/^\./, '');
  return host === bare || host.endsWith(`.${bare}`);
}

/** The provider of an MX set: the first host (in priority order) that a provider's suffixes match. */
export function providerForHosts(rules: ShapingRules, hosts: readonly string[]): Provider | undefined {
  for (const raw of hosts) {
    const host = raw.toLowerCase().replace(/\.$/, '');
    const p = rules.providers.find((pr) => pr.mxSuffixes.some((s) => hostMatches(host, s)));
    if (p) return p;
  }
  return undefined;
}

export function limitsFor(rules: ShapingRules, provider: string | undefined): ShapingLimits {
  return (provider && rules.providers.find((p) => p.name === provider)?.limits) || rules.default;
}

export interface ReplyLike {
  code: number;
  enhanced?: string | null | undefined;
  text: string;
}

/** First adaptive rule matching a reply (every given field must match) for a site of this provider. */
export function matchAdaptive(rules: ShapingRules, provider: string | undefined, reply: ReplyLike): AdaptiveRule | undefined {
  return rules.adaptive.find(
    (r) =>
      (r.providers.length === 0 || (provider !== undefined && r.providers.includes(provider))) &&
      (!r.code || r.code.test(String(reply.code))) &&
      (!r.enhanced || (reply.enhanced != null && r.enhanced.test(reply.enhanced))) &&
      (!r.text || r.text.test(reply.text)),
  );
}
