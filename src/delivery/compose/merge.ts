// Personalisation tags. Syntax (documented in docs and --help): `{{ name }}` or
// `{{ name | default: "ami·e" }}`, one flat namespace: the contact's fields plus the built-ins
// `email` and `unsubscribe_url`. Names are checked when the template is compiled, never blanked.
import { randomBytes } from 'node:crypto';
import { FacteurError } from '../../core/errors.ts';

export const BUILTIN_FIELDS = ['email', 'unsubscribe_url'] as const;

/** How a value is written into its slot. */
export type SlotMode = 'html' | 'url' | 'text' | 'header';

export interface Slot {
  field: string;
  /** Used when the recipient has no value (undefined, null or ''). */
  fallback: string | undefined;
}

/** A template split once into static chunks and slots: `chunks[0] slot[0] chunks[1] … chunks[n]`. */
export interface SplitTemplate {
  chunks: string[];
  /** Index into the campaign's slot table, and the escaping for that position. */
  slots: { slot: number; mode: SlotMode }[];
}

const TAG = /\{\{([^{}]*)\}\}/g;
const BODY = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*default\s*:\s*(?:"([^"]*)"|'([^']*)')\s*)?$/;

/**
 * Replaces each `{{ … }}` of `source` with an ASCII sentinel that survives Markdown, sanitising
 * and URL-encoding unchanged, and records the slot in `table`. Unknown fields throw.
 */
export class SlotTable {
  readonly slots: Slot[] = [];
  /** Random per compilation, so an author's text cannot contain a sentinel by accident. */
  readonly nonce = 'Mf' + randomBytes(5).toString('hex').toUpperCase();
  private readonly known: Set<string>;

  constructor(fields: readonly string[]) {
    this.known = new Set([...BUILTIN_FIELDS, ...fields]);
  }

  sentinel(slot: number): string {
    return `${this.nonce}N${slot}Q`;
  }

  /** Registers an internal slot (e.g. the footer's unsubscribe link) and returns its sentinel. */
  internal(field: string): string {
    this.slots.push({ field, fallback: undefined });
    return this.sentinel(this.slots.length - 1);
  }

  replaceTags(source: string, where: string): string {
    const out = source.replace(TAG, (_all, inner: string) => {
      const m = BODY.exec(inner);
      if (!m) {
        throw new FacteurError('ERR_TEMPLATE_SYNTAX', `${where}: cannot read the tag {{${inner}}}`, {
          hint: 'write {{ field }} or {{ field | default: "text" }}',
          details: { tag: `{{${inner}}}`, where },
        });
      }
      const field = m[1]!;
      if (!this.known.has(field)) {
        throw new FacteurError('ERR_MERGE_FIELD', `${where}: unknown field "${field}" in {{${inner}}}`, {
          hint: `known fields: ${[...this.known].join(', ')}`,
          details: { field, where },
        });
      }
      this.slots.push({ field, fallback: m[2] ?? m[3] });
      return this.sentinel(this.slots.length - 1);
    });
    if (out.includes('{{')) {
      throw new FacteurError('ERR_TEMPLATE_SYNTAX', `${where}: a "{{" is not closed by "}}"`, { details: { where } });
    }
    return out;
  }

  /** Splits text that went through Markdown/sanitising back into chunks and slots. */
  split(text: string, mode: 'html' | 'text' | 'header'): SplitTemplate {
    const re = new RegExp(`${this.nonce}N(\\d+)Q`, 'g');
    const chunks: string[] = [];
    const slots: SplitTemplate['slots'] = [];
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = text.slice(last, m.index);
      chunks.push(before);
      // A slot that starts an href/src value could smuggle a javascript: URL: check it at render.
      const slotMode: SlotMode = mode === 'html' && /(?:href|src)="$/i.test(before) ? 'url' : mode;
      slots.push({ slot: Number(m[1]), mode: slotMode });
      last = m.index + m[0].length;
    }
    chunks.push(text.slice(last));
    return { chunks, slots };
  }
}

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => HTML_ESC[c]!) : s;
}

export type FieldValues = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Resolved values for every slot of a campaign, computed once per recipient. */
export function resolveSlots(table: readonly Slot[], values: FieldValues): string[] {
  const out = new Array<string>(table.length);
  for (let i = 0; i < table.length; i++) {
    const s = table[i]!;
    const v = values[s.field];
    out[i] = v === undefined || v === null || v === '' ? (s.fallback ?? '') : String(v);
  }
  return out;
}

const SAFE_URL = /^(?:https?:\/\/|mailto:|tel:)/i;

/** Concatenates chunks and escaped values: the per-recipient hot path. */
export function fill(t: SplitTemplate, resolved: readonly string[]): string {
  let out = t.chunks[0]!;
  for (let i = 0; i < t.slots.length; i++) {
    const { slot, mode } = t.slots[i]!;
    const v = resolved[slot]!;
    switch (mode) {
      case 'html':
        out += escapeHtml(v);
        break;
      case 'url':
        out += SAFE_URL.test(v) ? escapeHtml(v) : '#';
        break;
      case 'header':
        // Member data cannot break out of the header: controls become spaces (documented choice).
        out += v.replace(/[\x00-\x1f\x7f]+/g, ' ');
        break;
      default:
        out += v.includes('\r') ? v.replace(/\r\n?/g, '\n') : v;
    }
    out += t.chunks[i + 1]!;
  }
  return out;
}
