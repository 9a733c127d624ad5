// Parses one e-mail address as a recipient for SENDING: RFC 5321 §4.1.2 mailbox syntax, RFC 6531
// UTF-8 local parts, RFC 5890/5891 IDN domains. Pure: never throws for bad input, returns a
// verdict with a stable reason code, a normalised form, the ASCII (A-label) form and a suggestion.
import { domainToASCII, domainToUnicode } from 'node:url';
import { REASONS, type ReasonCode } from './reasons.ts';
import { suggestDomain } from './typos.ts';

export interface ParsedAddress {
  valid: boolean;
  /** Local part as written (unquoted when quotes were useless) @ lower-case domain, IDN labels as U-labels. */
  normalized: string | null;
  /** Same with the domain as A-labels; null when the local part is non-ASCII (needs SMTPUTF8). */
  ascii: string | null;
  /** True when the local part is non-ASCII, so the receiving server must offer SMTPUTF8 (RFC 6531). */
  smtputf8: boolean;
  /** Stable code of what is wrong, null when valid. */
  code: ReasonCode | null;
  /** English sentence: what is wrong and what to do; null when valid. */
  reason: string | null;
  /** A likely intended address (typo of a common provider, or the address inside `Name <…>`). */
  suggestion: string | null;
  /** Normalised local part and domain (U-label form) and the domain as A-labels, when valid. */
  local: string | null;
  domain: string | null;
  asciiDomain: string | null;
}

// RFC 5321 §4.1.2 / RFC 5322 §3.2.3 atext, ASCII part.
const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
// Non-ASCII code points refused even though RFC 6531 allows "UTF8-non-ascii": controls, unpaired
// surrogates, unassigned and private-use code points, spaces and invisible format characters
// (bidi overrides are a spoofing vector), except ZWNJ/ZWJ which some scripts need.
const BAD_UNICODE = /[\p{Cc}\p{Cs}\p{Cn}\p{Co}\p{Z}]|(?![\u200c\u200d])\p{Cf}/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SPACE = /[\s\p{Z}]/u;
const NON_ASCII = /[^\u0000-\u007f]/;

const MAX_LOCAL_OCTETS = 64; // RFC 5321 §4.5.3.1.1
const MAX_DOMAIN_OCTETS = 253; // RFC 1035 §2.3.4: 255 octets on the wire = 253 characters written
const MAX_LABEL_OCTETS = 63; // RFC 1035 §2.3.4
const MAX_ADDRESS_OCTETS = 254; // RFC 5321 §4.5.3.1.3: a 256-octet path includes the "<" and ">"

class Reject {
  constructor(
    readonly code: ReasonCode,
    readonly detail?: string,
    readonly suggestion: string | null = null,
  ) {}
}

function rejected(r: Reject, suggestion: string | null): ParsedAddress {
  const reason = r.detail ? `${REASONS[r.code]} ${r.detail}` : REASONS[r.code];
  return {
    valid: false,
    normalized: null,
    ascii: null,
    smtputf8: false,
    code: r.code,
    reason,
    suggestion: r.suggestion ?? suggestion,
    local: null,
    domain: null,
    asciiDomain: null,
  };
}

const octets = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Null when `s` is a valid RFC 5321 Dot-string (with RFC 6531 UTF-8), else why not. */
function dotStringError(s: string): Reject | null {
  if (s === '') return new Reject('local_empty');
  if (s.startsWith('.') || s.endsWith('.') || s.includes('..')) return new Reject('local_dot');
  for (const ch of s) {
    if (ch === '.') continue;
    if (NON_ASCII.test(ch) ? BAD_UNICODE.test(ch) : !ATEXT.test(ch)) {
      return new Reject('local_invalid_char', `Found ${JSON.stringify(ch)}.`);
    }
  }
  return null;
}

/**
 * Reads an RFC 5321 Quoted-string at the start of `s`: qtextSMTP (plus UTF-8, RFC 6531 §3.3)
 * and quoted-pairSMTP ("\" followed by a printable ASCII character).
 */
function readQuoted(s: string): { value: string; end: number } | Reject {
  let value = '';
  let i = 1;
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\\') {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 32 && next <= 126)) return new Reject('quoted_invalid', 'A backslash must be followed by a printable character.');
      value += s[i + 1];
      i += 2;
      continue;
    }
    if (cp >= 0x80 ? BAD_UNICODE.test(ch) : cp < 32 || cp === 127) return new Reject('quoted_invalid', `Found ${JSON.stringify(ch)}.`);
    value += ch;
    i += ch.length;
  }
  return new Reject('quoted_invalid', 'The quote is never closed.');
}

/** Splits off and checks the local part; returns it normalised and the rest (starting at "@"). */
function parseLocal(s: string): { local: string; rest: string } | Reject {
  if (s.startsWith('"')) {
    const q = readQuoted(s);
    if (q instanceof Reject) return q;
    const rest = s.slice(q.end);
    if (!rest.startsWith('@')) {
      if (rest === '') return new Reject('no_at');
      const c = rest[0]!;
      if (c === '.') return new Reject('obsolete_local_part');
      if (c === '(') return new Reject('comment');
      if (SPACE.test(c)) return new Reject('whitespace');
      return new Reject('quoted_invalid', 'Text follows the closing quote.');
    }
    if (octets(s.slice(0, q.end)) > MAX_LOCAL_OCTETS) return new Reject('local_too_long');
    // RFC 5321 §4.1.2: quoting a Dot-string changes nothing, so drop the quotes; a local part
    // that really needs them is legal but "SHOULD" be avoided, and providers refuse it.
    // Only quotes around a literal Dot-string are dropped: `"a\\b"` means "ab" to RFC 5321,
    // but a backslash in a member file is more likely a mistake than an intended escape.
    if (q.value === '') return new Reject('local_empty');
    if (s.slice(1, q.end - 1) !== q.value || dotStringError(q.value) !== null) return new Reject('quoted_local_part');
    return { local: q.value, rest };
  }
  const at = s.indexOf('@');
  if (at < 0) return SPACE.test(s) ? new Reject('whitespace') : new Reject('no_at');
  const local = s.slice(0, at);
  if (/[()]/.test(local)) return new Reject('comment');
  if (local.includes('"')) {
    // RFC 5322 §4.4 obs-local-part: words, some quoted, joined by dots.
    return /(^|\.)"|"(\.|$)/.test(local) ? new Reject('obsolete_local_part') : new Reject('local_invalid_char', 'Found a stray quote.');
  }
  if (SPACE.test(local)) return new Reject('whitespace');
  const err = dotStringError(local);
  if (err) return err;
  if (octets(local) > MAX_LOCAL_OCTETS) return new Reject('local_too_long');
  return { local, rest: s.slice(at) };
}

interface Domain {
  unicode: string;
  ascii: string;
}

/** Checks a domain: LDH labels (RFC 5321 §4.1.2, RFC 1035), IDN U-/A-labels (RFC 5891 §5). */
function parseDomain(d: string): Domain | Reject {
  if (d === '') return new Reject('domain_empty');
  if (d.startsWith('[')) return new Reject('domain_literal');
  if (d.includes('@')) return new Reject('multiple_at');
  if (/[()]/.test(d)) return new Reject('comment');
  if (SPACE.test(d)) return new Reject('whitespace');
  if (d.startsWith('.') || d.endsWith('.') || d.includes('..')) return new Reject('domain_dot');
  const unicode: string[] = [];
  const ascii: string[] = [];
  for (const label of d.split('.')) {
    if (!NON_ASCII.test(label)) {
      const l = label.toLowerCase();
      if (!/^[a-z0-9-]+$/.test(l)) return new Reject('domain_invalid_char', `The faulty part is "${label}".`);
      if (l.startsWith('-') || l.endsWith('-')) return new Reject('domain_hyphen');
      if (l.length > MAX_LABEL_OCTETS) return new Reject('label_too_long');
      // RFC 5891 §5.4: an "xn--" label must be a valid A-label (decodes and re-encodes to itself).
      if (l.startsWith('xn--')) {
        const u = domainToUnicode(l);
        if (u === '' || u === l || domainToASCII(u) !== l) return new Reject('invalid_idn', `"${label}" is not a valid A-label.`);
      }
      unicode.push(l); // kept as written: an A-label stays an A-label
      ascii.push(l);
      continue;
    }
    const a = domainToASCII(label);
    if (a === '') return new Reject('invalid_idn', `The faulty part is "${label}".`);
    const u = domainToUnicode(a);
    // RFC 5891 §5.3: a U-label is already NFC and lower-case; UTS #46 mappings (full-width
    // letters, ideographic full stop, …) belong to the user interface, so suggest, don't guess.
    if (a.includes('.') || u !== label.toLowerCase().normalize('NFC')) {
      const mapped = domainToUnicode(domainToASCII(d));
      return new Reject('idn_not_canonical', mapped ? `Write "${mapped}".` : undefined);
    }
    if (a.length > MAX_LABEL_OCTETS) return new Reject('label_too_long');
    unicode.push(u);
    ascii.push(a);
  }
  const asciiDomain = ascii.join('.');
  if (asciiDomain.length > MAX_DOMAIN_OCTETS) return new Reject('domain_too_long');
  // A mail domain needs a TLD (RFC 5321 §2.3.5 "fully-qualified"); numeric TLDs don't exist
  // (RFC 3696 §2) and an all-numeric name is an IPv4 address written without brackets.
  if (ascii.length < 2) return new Reject('tld_missing');
  if (/^[0-9]+$/.test(ascii[ascii.length - 1]!)) return new Reject('tld_numeric');
  return { unicode: unicode.join('.'), ascii: asciiDomain };
}

/** If `s` is `Name <addr>` or `<addr>`, the part inside the brackets. */
function bracketed(s: string): string | null {
  if (!s.endsWith('>')) return null;
  const open = s.lastIndexOf('<');
  return open < 0 ? null : s.slice(open + 1, -1).trim();
}

/** Parses one recipient address. Surrounding whitespace is ignored; nothing else is repaired. */
export function parseAddress(input: string): ParsedAddress {
  const s = input.trim();
  if (s === '') return rejected(new Reject('empty'), null);
  if (CONTROL.test(s)) return rejected(new Reject('control_character'), null);

  // Plain addresses only: an address book export ("Jeanne <j@x.fr>") is a data problem the
  // member file should fix; we name it and offer the inner address as the suggestion.
  const inner = bracketed(s);
  if (inner !== null) {
    const p = parseAddress(inner);
    return rejected(new Reject('display_name', undefined, p.valid ? (p.suggestion ?? p.normalized) : p.suggestion), null);
  }
  const parts = s.split(/[,;]/).map((x) => x.trim());
  if (parts.length > 1 && parts.filter((x) => x.includes('@')).length > 1) {
    return rejected(new Reject('several_addresses'), null);
  }

  const l = parseLocal(s);
  if (l instanceof Reject) return rejected(l, null);
  const rawDomain = l.rest.slice(1);
  const typo = suggestDomain(rawDomain.toLowerCase());
  const suggestion = typo === null ? null : withSuggestedDomain(l.local, typo);
  const d = parseDomain(rawDomain);
  if (d instanceof Reject) {
    if (d.code === 'idn_not_canonical') {
      const mapped = parseAddress(`${l.local}@${domainToUnicode(domainToASCII(rawDomain))}`);
      return rejected(d, mapped.valid ? mapped.normalized : suggestion);
    }
    return rejected(d, suggestion);
  }

  const smtputf8 = NON_ASCII.test(l.local);
  if (octets(l.local) + 1 + d.ascii.length > MAX_ADDRESS_OCTETS) return rejected(new Reject('address_too_long'), null);
  return {
    valid: true,
    normalized: `${l.local}@${d.unicode}`,
    ascii: smtputf8 ? null : `${l.local}@${d.ascii}`,
    smtputf8,
    code: null,
    reason: null,
    suggestion,
    local: l.local,
    domain: d.unicode,
    asciiDomain: d.ascii,
  };
}

export interface ParsedDomain {
  valid: boolean;
  /** Lower-case, IDN labels as U-labels (A-labels written as such are kept). */
  domain: string | null;
  /** All labels as A-labels: what goes to the DNS. */
  ascii: string | null;
  code: ReasonCode | null;
  reason: string | null;
}

/** The domain rules of parseAddress, alone (e.g. to check a domain before a DNS query). */
export function parseDomainName(input: string): ParsedDomain {
  const d = parseDomain(input.trim());
  if (d instanceof Reject) {
    return { valid: false, domain: null, ascii: null, code: d.code, reason: d.detail ? `${REASONS[d.code]} ${d.detail}` : REASONS[d.code] };
  }
  return { valid: true, domain: d.unicode, ascii: d.ascii, code: null, reason: null };
}

function withSuggestedDomain(local: string, domain: string): string | null {
  const p = parseAddress(`${local}@${domain}`);
  return p.valid ? p.normalized : null;
}
