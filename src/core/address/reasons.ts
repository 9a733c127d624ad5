// Stable reason codes for rejected addresses, each with an English sentence saying what is wrong
// and what to do. Codes are part of the API (stored, shown in reports); the wording may change.

export const REASONS = {
  empty: 'The address is empty: enter an address such as jeanne@example.org.',
  display_name: 'This looks like a name with an address in angle brackets: keep only the address itself (name@domain).',
  control_character: 'The address contains an invisible control character (line break, tab, …): retype it.',
  whitespace: 'The address contains a space: remove it (an address has no spaces).',
  several_addresses: 'This holds several addresses: enter one address per contact.',
  no_at: 'The address has no "@": it must look like name@domain, e.g. jeanne@example.org.',
  multiple_at: 'The address contains more than one "@": keep only one, between the name and the domain.',
  comment: 'The address contains a comment in parentheses: remove the parentheses and what they enclose.',
  local_empty: 'Nothing comes before the "@": add the mailbox name, e.g. jeanne@example.org.',
  local_dot: 'The part before "@" starts or ends with a dot, or has two dots in a row: check the spelling.',
  local_invalid_char: 'The part before "@" contains a character that addresses cannot contain: check the spelling.',
  local_too_long: 'The part before "@" is longer than 64 bytes, the limit of RFC 5321: check the address.',
  quoted_local_part:
    'The part before "@" needs quotes (it has spaces or special characters); such mailboxes are refused by most providers, so bulk mail is not sent to them: ask the member for another address.',
  quoted_invalid: 'The quoted part before "@" is malformed (unclosed quote, or a stray character): check the address.',
  obsolete_local_part: 'The part before "@" mixes quoted and unquoted words, an obsolete form: check the address.',
  domain_empty: 'Nothing comes after the "@": add the domain, e.g. example.org.',
  domain_literal: 'The domain is an IP address in brackets; bulk mail is only sent to named domains: ask the member for an address at a domain name.',
  domain_dot: 'The domain starts or ends with a dot, or has two dots in a row: check the spelling.',
  domain_invalid_char: 'The domain contains a character that domain names cannot contain (only letters, digits and hyphens between dots): check the spelling.',
  domain_hyphen: 'A part of the domain starts or ends with a hyphen, which domain names do not allow: check the spelling.',
  label_too_long: 'A part of the domain between dots is longer than 63 characters, the DNS limit: check the address.',
  domain_too_long: 'The domain is longer than 253 characters, the DNS limit: check the address.',
  address_too_long: 'The address is longer than 254 characters, the SMTP limit: check it.',
  invalid_idn: 'The domain is not a valid internationalised domain name: check its spelling.',
  idn_not_canonical: 'The domain uses characters that must be written differently (e.g. full-width letters or a non-ASCII dot): use the suggested form.',
  tld_missing: 'The domain has no ending such as .fr or .com: complete it.',
  tld_numeric: 'The domain ends with a number, so it is not a domain name (perhaps an IP address): check the address.',
  // Domain checks (DNS), see domain-check.ts.
  nxdomain: 'The domain does not exist: check its spelling.',
  null_mx: 'The domain declares that it accepts no mail (null MX, RFC 7505): ask the member for another address.',
  no_mail: 'The domain has no mail server (no MX and no address record): check its spelling or ask the member for another address.',
  temp_error: 'The domain could not be checked right now (DNS timeout or server failure): try again later.',
} as const;

export type ReasonCode = keyof typeof REASONS;

export function reasonText(code: ReasonCode): string {
  return REASONS[code];
}
