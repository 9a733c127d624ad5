// Reading and checking the forms of the contacts area: every value is kept as typed (a form with
// an error is shown again with it), and each problem is tied to the field it concerns. Limits and
// formats are those of the API (core/audience.ts, FIELD_NAME).
import { AUDIENCE_LIMITS as L, LIST_SLUG, slugOf } from '../../../core/audience.ts';
import type { ContactFilter, ContactStatus } from '../../../core/model.ts';
import { FIELD_NAME } from '../../../storage/index.ts';
import type { ContactsMessages } from './messages.ts';

export const CONTACT_STATUSES: readonly ContactStatus[] = ['active', 'unsubscribed', 'bounced', 'complained'];

/** Field key → message. Keys are the ids of the inputs (`address`, `fname-2`…). */
export type FormErrors = Record<string, string>;

export interface FieldRow {
  name: string;
  value: string;
}

/** Blank rows offered after the filled ones, to add fields or conditions without a script. */
export const BLANK_ROWS = 3;

// C0 controls and DEL, plus the Unicode line and paragraph separators: nothing a one-line value
// may hold (they could split a mail header once merged into it).
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;
const CONTROL_KEEP_NEWLINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/;

/** The problem with a one-line text value, if any. */
export function lineProblem(m: ContactsMessages, value: string, max: number): string | undefined {
  if (CONTROL.test(value)) return m.common.controlChars;
  if (value.length > max) return m.common.tooLong(max);
  return undefined;
}

/** The problem with a multi-line text (descriptions), if any. */
export function textProblem(m: ContactsMessages, value: string, max: number): string | undefined {
  if (CONTROL_KEEP_NEWLINES.test(value)) return m.common.controlChars;
  if (value.length > max) return m.common.tooLong(max);
  return undefined;
}

const str = (form: URLSearchParams, name: string) => form.get(name) ?? '';

/** The name/value rows of a form (inputs `fname` and `fvalue`, in order), rows left empty dropped. */
export function rowsOf(form: URLSearchParams): FieldRow[] {
  const names = form.getAll('fname');
  const values = form.getAll('fvalue');
  const rows: FieldRow[] = [];
  for (let i = 0; i < Math.max(names.length, values.length); i++) {
    const row = { name: (names[i] ?? '').trim(), value: (values[i] ?? '').trim() };
    if (row.name !== '' || row.value !== '') rows.push(row);
  }
  return rows;
}

function checkRowName(m: ContactsMessages, errors: FormErrors, key: string, row: FieldRow): boolean {
  if (row.name === '') {
    errors[key] = m.common.fieldNoName;
    return false;
  }
  if (!FIELD_NAME.test(row.name)) {
    errors[key] = m.common.fieldNameInvalid;
    return false;
  }
  return true;
}

/**
 * Contact fields from rows: each name once, values one line each. A field shown unchanged from
 * `old` passes as it is (the API and imports may have stored names or values a form would refuse).
 */
export function contactFieldsOf(m: ContactsMessages, rows: FieldRow[], errors: FormErrors, old: Record<string, unknown> = {}): Record<string, string> {
  const fields: Record<string, string> = {};
  const extra = rows.filter((r) => !Object.hasOwn(old, r.name)).length;
  if (extra > 0 && rows.length > Math.max(L.fields, Object.keys(old).length)) errors['fname-1'] = m.common.tooManyFields(L.fields);
  rows.forEach((row, i) => {
    const key = `fname-${i + 1}`;
    const unchanged = Object.hasOwn(old, row.name) && fieldText(old[row.name]) === row.value;
    if (!unchanged && !checkRowName(m, errors, key, row)) return;
    if (Object.hasOwn(fields, row.name)) {
      errors[key] = m.common.fieldNameTwice(row.name);
      return;
    }
    const p = unchanged ? undefined : lineProblem(m, row.value, L.fieldValue);
    if (p) errors[`fvalue-${i + 1}`] = p;
    else fields[row.name] = row.value;
  });
  return fields;
}

/** A stored field value as text in a form (the API may have stored numbers, booleans or JSON). */
export function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/**
 * The patch turning `old` fields into the form's: fields no longer there are removed (null), a
 * value shown unchanged keeps its stored type (a number stays a number).
 */
export function fieldsPatch(old: Record<string, unknown>, next: Record<string, string>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(old)) if (!Object.hasOwn(next, k)) patch[k] = null;
  for (const [k, v] of Object.entries(next)) if (!Object.hasOwn(old, k) || fieldText(old[k]) !== v) patch[k] = v;
  return patch;
}

/** Ids from repeated checkbox or hidden inputs; undefined when one is malformed. */
export function idsOf(values: string[]): number[] | undefined {
  const ids: number[] = [];
  for (const v of values) {
    if (!/^[0-9]{1,15}$/.test(v) || Number(v) < 1) return undefined;
    ids.push(Number(v));
  }
  return [...new Set(ids)];
}

export interface NewContactForm {
  address: string;
  name: string;
  consent: string;
  rows: FieldRow[];
  listIds: string[];
}

export function newContactFormOf(form: URLSearchParams): NewContactForm {
  return { address: str(form, 'address').trim(), name: str(form, 'name').trim(), consent: str(form, 'consent').trim(), rows: rowsOf(form), listIds: form.getAll('list') };
}

export interface EditContactForm {
  name: string;
  status: string;
  rows: FieldRow[];
}

export function editContactFormOf(form: URLSearchParams): EditContactForm {
  return { name: str(form, 'name').trim(), status: str(form, 'status'), rows: rowsOf(form) };
}

export interface ListForm {
  name: string;
  slug: string;
  description: string;
}

export function listFormOf(form: URLSearchParams): ListForm {
  return { name: str(form, 'name').trim(), slug: str(form, 'slug').trim(), description: str(form, 'description').trim() };
}

/** Checks a list form; for a new list the slug (derived from the name when left empty) too. */
export function checkListForm(m: ContactsMessages, f: ListForm, isNew: boolean): { errors: FormErrors; slug: string } {
  const errors: FormErrors = {};
  if (f.name === '') errors.name = m.lists.nameRequired;
  else {
    const p = lineProblem(m, f.name, L.listName);
    if (p) errors.name = p;
  }
  const d = textProblem(m, f.description, L.description);
  if (d) errors.description = d;
  let slug = '';
  if (isNew) {
    slug = f.slug === '' ? slugOf(f.name) : f.slug;
    if (f.slug !== '' || (f.name !== '' && !errors.name)) {
      if (!LIST_SLUG.test(slug)) errors.slug = m.lists.slugInvalid;
    }
  }
  return { errors, slug };
}

export interface SegmentForm {
  name: string;
  description: string;
  statuses: string[];
  listId: string;
  address: string;
  rows: FieldRow[];
}

export function segmentFormOf(form: URLSearchParams): SegmentForm {
  return {
    name: str(form, 'name').trim(),
    description: str(form, 'description').trim(),
    statuses: form.getAll('status'),
    listId: str(form, 'list'),
    address: str(form, 'address').trim(),
    rows: rowsOf(form),
  };
}

/** The form of a saved filter, to edit it. */
export function segmentFormFrom(s: { name: string; description: string | null; filter: ContactFilter }): SegmentForm {
  return {
    name: s.name,
    description: s.description ?? '',
    statuses: s.filter.status ?? [],
    listId: s.filter.listId === undefined ? '' : String(s.filter.listId),
    address: s.filter.address ?? '',
    rows: Object.entries(s.filter.fields ?? {}).flatMap(([name, values]) => values.map((value) => ({ name, value }))),
  };
}

/**
 * Checks a segment form and builds its filter. `listId` is returned apart when set: the caller
 * checks it is the tenant's (404 otherwise). The name is required only when saving.
 */
export function checkSegmentForm(m: ContactsMessages, f: SegmentForm, saving: boolean): { errors: FormErrors; filter: ContactFilter; malformedList: boolean } {
  const errors: FormErrors = {};
  const filter: ContactFilter = {};
  if (saving && f.name === '') errors.name = m.segments.nameRequired;
  else {
    const p = lineProblem(m, f.name, L.segmentName);
    if (p) errors.name = p;
  }
  const d = textProblem(m, f.description, L.description);
  if (d) errors.description = d;
  const statuses = [...new Set(f.statuses)];
  if (statuses.some((s) => !CONTACT_STATUSES.includes(s as ContactStatus))) errors['status-active'] = m.contacts.statusUnknown;
  else if (statuses.length > 0) filter.status = statuses as ContactStatus[];
  let malformedList = false;
  if (f.listId !== '') {
    const ids = idsOf([f.listId]);
    if (ids === undefined) malformedList = true;
    else filter.listId = ids[0]!;
  }
  if (f.address !== '') {
    const p = lineProblem(m, f.address, L.filterAddress);
    if (p) errors.address = p;
    else filter.address = f.address;
  }
  const fields: Record<string, string[]> = {};
  f.rows.forEach((row, i) => {
    const key = `fname-${i + 1}`;
    if (!checkRowName(m, errors, key, row)) return;
    const p = row.value === '' ? m.segments.conditionNoValue : lineProblem(m, row.value, L.filterValue);
    if (p) {
      errors[`fvalue-${i + 1}`] = p;
      return;
    }
    const values = (fields[row.name] ??= []);
    if (values.length >= L.filterValues) errors[key] = m.common.tooManyFields(L.filterValues);
    else if (!values.includes(row.value)) values.push(row.value);
  });
  if (Object.keys(fields).length > 0) filter.fields = fields;
  return { errors, filter, malformedList };
}
