// Small extractors shared by the DSN, NDR and ARF readers: addresses, reply codes (RFC 5321
// §4.2), enhanced status codes (RFC 3463 §2) and the SMTP command a reply answered.

const ADDR = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;

/** Every address-looking token in the text, with its offset. */
export function findAddresses(text: string): Array<{ address: string; index: number }> {
  const out: Array<{ address: string; index: number }> = [];
  for (const m of text.matchAll(ADDR)) out.push({ address: cleanAddress(m[0]), index: m.index });
  return out;
}

export function cleanAddress(a: string): string {
  return a.trim()
    .replace(/^<?@[^:,<>\s]+(?:,@[^:,<>\s]+)*:/, '') // RFC 5321 §4.1.2 source route "<@relay:user@host>"
    .replace(/^<?"([^"@]*)"@/, '$1@') // quoted local part: compared without its quotes
    .replace(/^[.'"<(\s]+|[.'">)\s,;:]+$/g, '')
    .replace(/^mailto:/i, '').toLowerCase();
}

/** The first address in a header value like `"Name" <a@b>` or `rfc822; a@b`. */
export function firstAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (angle) return cleanAddress(angle[1]!);
  const m = findAddresses(value)[0];
  return m ? m.address : null;
}

/** Enhanced status code, preferring one that follows a reply code ("550 5.1.1"). */
export function findEnhanced(text: string): string | null {
  const afterReply = /\b[245]\d\d[\s-]+['"]?#?([245]\.\d{1,3}\.\d{1,3})\b/.exec(text);
  if (afterReply) return afterReply[1]!;
  const any = /(?:^|[\s(#[;:])([245]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/.exec(text);
  return any ? any[1]! : null;
}

/** Reply code of RFC 5321 §4.2.1: 2yz, 4yz or 5yz, read where it stands as a reply. */
export function findReplyCode(text: string): number | null {
  const patterns = [
    /(?:^|said:|error:|replied:|response:|reply:|smtp;|\]:|\):|>:)\s*([245][0-5]\d)(?=[\s-]|$)/im,
    /\b([45][0-5]\d)[\s-]+#?[45]\.\d{1,3}\.\d{1,3}\b/,
    /(?:^|[\s(])([45][0-5]\d)(?=[\s-][A-Za-z<])/m,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}

/** The SMTP command a reply answered, from phrasing such as "after RCPT TO" or "in reply to MAIL FROM". */
export function findCommand(text: string): string | null {
  if (/after (?:the )?initial connection|(?:on|upon|after) connect(?:ion)?\b|greeting/i.test(text)) return 'CONNECT';
  if (/\[RCPT_TO\]/i.test(text)) return 'RCPT';
  const tagged = /\bsmtp:(RCPT|MAIL|DATA|EHLO|HELO)\b/i.exec(text);
  if (tagged) return tagged[1]!.toUpperCase();
  const named = /smtp command:?\s*(DATA|RCPT|MAIL|EHLO|HELO)\b/i.exec(text);
  if (named) return named[1]!.toUpperCase();
  // Session transcripts (Sendmail, Courier): the last command sent before the failing reply.
  const fail = /<<<\s*[45]\d\d/.exec(text);
  if (fail) {
    const sent = [...text.slice(0, fail.index).matchAll(/>>>\s*([A-Za-z]+)/g)].pop();
    if (sent) return sent[1]!.toUpperCase() === 'RCPT' ? 'RCPT' : sent[1]!.toUpperCase();
  }
  const m = /\b(?:after|in reply to|in response to|while (?:sending|talking)|at|to|our)\s+(?:the\s+)?(?:end of\s+)?(?:end of data|data|rcpt(?: to)?|mail(?: from)?|helo|ehlo|starttls|auth)\b/i.exec(text);
  if (!m) return null;
  const s = m[0].toLowerCase();
  if (/end of data|data/.test(s)) return 'DATA';
  if (/rcpt/.test(s)) return 'RCPT';
  if (/mail/.test(s)) return 'MAIL';
  if (/helo|ehlo/.test(s)) return s.includes('ehlo') ? 'EHLO' : 'HELO';
  if (/starttls/.test(s)) return 'STARTTLS';
  return null;
}

export function isLikelyMailerAddress(a: string): boolean {
  return /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon|bounces?|noreply|no-reply|nobody|root|double-bounce|mdaemon)@/i.test(a);
}
