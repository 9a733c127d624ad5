// RFC 5322 header fields: RFC 2047 encoded-words for non-ASCII text, folding at 78 characters
// (§2.1.1), addresses and display names, Date (§3.3). Policy against header injection: a CR, LF
// or other control character in any structural input is REJECTED with ERR_HEADER_INVALID.
import { domainToASCII } from 'node:url';
import { FacteurError } from '../../core/errors.ts';

export interface Mailbox {
  address: string;
  name?: string | undefined;
}

export function assertNoControls(what: string, value: string): void {
  // TAB is allowed in unstructured text; everything else below 0x20 and DEL are not.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) {
    throw new FacteurError('ERR_HEADER_INVALID', `${what} contains a line break or control character`, {
      hint: 'remove the line break: a header value must stay on one line',
      details: { field: what },
    });
  }
}

/** Checks an address and returns it with an IDN domain in A-labels (RFC 5890). */
export function normaliseAddress(what: string, address: string): string {
  assertNoControls(what, address);
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = at > 0 ? domainToASCII(address.slice(at + 1)) : '';
  // Dot-atom local parts only (RFC 5322 §3.4.1): no quoted strings, no SMTPUTF8 (RFC 6531) here.
  if (at <= 0 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) || local.length > 64 || !domain || !domain.includes('.')) {
    throw new FacteurError('ERR_INVALID_ADDRESS', `${what}: "${address}" is not a usable e-mail address`, { details: { field: what, address } });
  }
  return `${local}@${domain}`;
}

const Q_SAFE = /^[A-Za-z0-9!*+\-/]$/;

/** RFC 2047 §4.2 "Q" encoding of one character, restricted to the set allowed in phrases (§5(3)). */
function qChar(ch: string): string {
  if (ch === ' ') return '_';
  if (Q_SAFE.test(ch)) return ch;
  let out = '';
  for (const b of Buffer.from(ch, 'utf8')) out += '=' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  return out;
}

/**
 * Encoded-words of at most 75 characters (§2), each holding whole characters (§5: a multi-byte
 * character is never split across two words). `firstMax` is the room left on the first line.
 */
export function encodeWords(text: string, firstMax = 75): string[] {
  const words: string[] = [];
  const open = '=?UTF-8?Q?';
  let max = Math.max(Math.min(firstMax, 75), 24) - open.length - 2;
  let cur = '';
  for (const ch of text) {
    const enc = qChar(ch);
    if (cur.length + enc.length > max && cur !== '') {
      words.push(open + cur + '?=');
      cur = '';
      max = 75 - open.length - 2;
    }
    cur += enc;
  }
  words.push(open + cur + '?=');
  return words;
}

const NEEDS_ENCODING = /[^\x20-\x7e\t]|=\?/;

/**
 * An unstructured value (Subject) for the line `Name: value`, folded so no line exceeds 78
 * characters where whitespace allows (§2.1.1); never more than 998.
 */
export function unstructured(name: string, value: string): string {
  if (NEEDS_ENCODING.test(value)) return foldTokens(name, encodeWords(value, 78 - name.length - 2));
  return foldTokens(name, value.split(' '));
}

/** Joins tokens with single spaces after `Name:`, breaking the line before a token that would pass column 78. */
function foldTokens(name: string, tokens: string[]): string {
  let out = `${name}:`;
  let col = out.length;
  for (const tok of tokens) {
    if (col + 1 + tok.length > 78 && col > name.length + 1 && tok !== '') {
      out += '\r\n ' + tok;
      col = 1 + tok.length;
    } else {
      out += ' ' + tok;
      col += 1 + tok.length;
    }
  }
  if (out.split('\r\n').some((l) => l.length > 998)) {
    throw new FacteurError('ERR_HEADER_INVALID', `${name} has a word longer than 998 characters`, { details: { field: name } });
  }
  return out;
}

/** RFC 5322 §3.2.3 atext plus space: a display name made only of these needs no quoting. */
const PHRASE_ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*$/;

export function displayName(name: string, firstMax = 75): string[] {
  if (NEEDS_ENCODING.test(name)) return encodeWords(name, firstMax);
  if (PHRASE_ATOMS.test(name)) return [name];
  return ['"' + name.replace(/[\\"]/g, (c) => '\\' + c) + '"'];
}

/** `Name: phrase <angle>` (mailboxes, List-Id): the phrase is encoded-words when not ASCII. */
export function phraseAndAngle(field: string, phrase: string, angle: string): string {
  assertNoControls(`${field} display name`, phrase);
  return foldTokens(field, [...displayName(phrase, 78 - field.length - 2), `<${angle}>`]);
}

export function mailboxHeader(field: string, mbox: Mailbox): string {
  const address = normaliseAddress(field, mbox.address);
  const name = mbox.name?.trim();
  return name ? phraseAndAngle(field, name, address) : `${field}: ${address}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? '0' : '') + n;

/** RFC 5322 §3.3 date-time in UTC (`+0000`). */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** Message-ID `<id@domain>` (§3.6.4): checked when given, else made from 128 random bits. */
export function messageIdHeader(id: string): string {
  assertNoControls('Message-ID', id);
  const bare = id.replace(/^<|>$/g, '');
  if (!/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.[\]:]+$/.test(bare)) {
    throw new FacteurError('ERR_HEADER_INVALID', `Message-ID "${id}" is not of the form <left@right>`, { details: { field: 'Message-ID' } });
  }
  return `Message-ID: <${bare}>`;
}
