// Loads rules/hints.toml (or an operator copy): the limits, URL shorteners, role-account names
// and spam-trigger words the content hints and the hygiene report use.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { rulesFile } from '../../lib/paths.ts';
import { FacteurError } from '../errors.ts';

export interface HintRules {
  limits: {
    maxLinks: number;
    maxImages: number;
    subjectMaxChars: number;
    subjectMinChars: number;
    subjectCapsRatio: number;
    subjectCapsMinLetters: number;
    subjectMaxExclamations: number;
    spamWordsBodyMin: number;
    recentShare: number;
    recentDays: number;
  };
  shorteners: string[];
  roleAccounts: string[];
  spamWords: { fr: string[]; en: string[] };
}

export const DEFAULT_HINTS_FILE = rulesFile('hints.toml');

type Table = Record<string, unknown>;

const num = (t: Table, k: string, dflt: number) => (typeof t[k] === 'number' ? (t[k] as number) : dflt);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()) : []);

export function hintRulesFromToml(text: string, source = 'rules/hints.toml'): HintRules {
  let t: Table;
  try {
    t = parseToml(text) as Table;
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_INVALID', `${source} is not valid TOML: ${(e as Error).message}`, { hint: 'fix the TOML syntax at the line shown', cause: e });
  }
  const l = (t.limits ?? {}) as Table;
  const words = (t.spam_words ?? {}) as Table;
  return {
    limits: {
      maxLinks: num(l, 'max_links', 15),
      maxImages: num(l, 'max_images', 10),
      subjectMaxChars: num(l, 'subject_max_chars', 78),
      subjectMinChars: num(l, 'subject_min_chars', 4),
      subjectCapsRatio: num(l, 'subject_caps_ratio', 0.4),
      subjectCapsMinLetters: num(l, 'subject_caps_min_letters', 10),
      subjectMaxExclamations: num(l, 'subject_max_exclamations', 1),
      spamWordsBodyMin: num(l, 'spam_words_body_min', 3),
      recentShare: num(l, 'recent_share', 0.5),
      recentDays: num(l, 'recent_days', 3),
    },
    shorteners: strings(t.shorteners),
    roleAccounts: strings(t.role_accounts),
    spamWords: { fr: strings(words.fr), en: strings(words.en) },
  };
}

let cached: HintRules | undefined;

/** The built-in rules (read once), or an operator file when given. */
export function loadHintRules(file?: string): HintRules {
  if (!file && cached) return cached;
  const path = file || DEFAULT_HINTS_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FacteurError('ERR_CONFIG_FILE', `cannot read hint rules ${path}: ${(e as Error).message}`, { hint: 'check the path of the hints rules file', cause: e });
  }
  const rules = hintRulesFromToml(text, path);
  if (!file) cached = rules;
  return rules;
}
