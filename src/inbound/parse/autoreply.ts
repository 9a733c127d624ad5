// RFC 3834 automatic responses (vacation, out-of-office): they are not bounces; the address
// works. Detected from Auto-Submitted (§5), the de-facto X-Autoreply / X-Autorespond /
// Precedence headers, and subject wording of the common clients.
import { header, type MimePart } from './mime.ts';

const SUBJECT = /^(?:auto(?:matic)?[- ]?(?:reply|response|antwort)|out of (?:the )?office|r[ée]ponse automatique|absence|abwesenheit|vacation|away from|on vacation|auto:|autoreply|i am (?:out|away)|\[auto)/i;

export function isAutoReply(root: MimePart): boolean {
  const auto = (header(root, 'auto-submitted') ?? '').toLowerCase();
  if (auto.startsWith('auto-replied')) return true;
  if (header(root, 'x-autoreply') || header(root, 'x-autorespond') || header(root, 'x-autoreply-from')) return true;
  const precedence = (header(root, 'precedence') ?? '').toLowerCase();
  if (precedence.includes('auto_reply') || precedence.includes('auto-reply')) return true;
  if (/^(?:oof|autoreply|vacation)/i.test(header(root, 'x-auto-response-suppress') ?? '') && SUBJECT.test(header(root, 'subject') ?? '')) return true;
  return SUBJECT.test((header(root, 'subject') ?? '').trim());
}
