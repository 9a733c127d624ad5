// The column mapping of the import form: what each CSV column can become (a choice in a
// <select>), the choices proposed from the header recognition, and the check of what came back.
import { fieldKey, normalizeHeader, type Column, type Target } from '../../../core/import/index.ts';

/** Columns offered for mapping; the rest of a wider file is ignored. */
export const MAX_COLUMNS = 200;

export const CHOICES = ['email', 'name', 'first_name', 'last_name', 'field', 'ignore'] as const;
export type Choice = (typeof CHOICES)[number];
/** Roles a single column at most may have. */
const SINGLE = ['email', 'name', 'first_name', 'last_name'] as const;
type Single = (typeof SINGLE)[number];

/**
 * The field key of each column when it becomes a contact field: the one the header recognition
 * gives (e.g. "Téléphone" → phone), otherwise derived from the column's title, never twice.
 */
export function fieldKeys(columns: Column[]): string[] {
  const used = new Set<string>();
  for (const c of columns) if (c.target.startsWith('field:')) used.add(c.target.slice(6));
  return columns.map((c) => {
    if (c.target.startsWith('field:')) return c.target.slice(6);
    const base = fieldKey(c.header, c.index);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}_${n}`;
    used.add(key);
    return key;
  });
}

/** A matcher of the reasons column of our own refused-rows files, by its header in any language. */
export function refusedColumn(headers: string[]): (header: string) => boolean {
  const refused = new Set(headers.map(normalizeHeader));
  return (header) => refused.has(normalizeHeader(header));
}

/** The choice the header recognition proposes; the reasons column of a refused-rows file is ignored. */
export function proposedChoices(columns: Column[], isRefused: (header: string) => boolean): Choice[] {
  return columns.map((c) => {
    if (isRefused(c.header)) return 'ignore';
    if (c.target.startsWith('field:')) return 'field';
    return c.target as Choice;
  });
}

export function isChoice(v: string): v is Choice {
  return (CHOICES as readonly string[]).includes(v);
}

export interface MappingCheck {
  /** Per column: the choice as sent (an unknown value is kept as 'ignore' for re-display). */
  choices: Choice[];
  /** Errors by column index; `-1` for the form as a whole. */
  errors: Map<number, string[]>;
  targets: Target[];
}

export interface MappingWords {
  addressRequired: string;
  addressTwice: string;
  badTarget: string;
  twice: (role: Single) => string;
}

/** Reads `col0`, `col1`… from the form and checks them: one address column, other roles at most once. */
export function checkMapping(form: URLSearchParams, width: number, keys: string[], words: MappingWords): MappingCheck {
  const errors = new Map<number, string[]>();
  const add = (i: number, text: string) => errors.set(i, [...(errors.get(i) ?? []), text]);
  const choices: Choice[] = [];
  for (let i = 0; i < width; i++) {
    const raw = (form.get(`col${i}`) ?? '').slice(0, 20);
    if (isChoice(raw)) choices.push(raw);
    else {
      choices.push('ignore');
      add(i, words.badTarget);
    }
  }
  for (const role of SINGLE) {
    const at = choices.flatMap((c, i) => (c === role ? [i] : []));
    if (at.length > 1) for (const i of at) add(i, role === 'email' ? words.addressTwice : words.twice(role));
  }
  if (!choices.includes('email')) add(-1, words.addressRequired);
  const targets: Target[] = choices.map((c, i) => (c === 'field' ? (`field:${keys[i]!}` as const) : c));
  return { choices, errors, targets };
}
