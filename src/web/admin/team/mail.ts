// The mail carrying a password link ("forgot your password", invitation to the team), sent
// through facteur itself from the association's usual sender (sendNotice: DKIM-signed, shaped,
// retried, bounces processed like any transactional message).
import type { Tenant, User } from '../../../core/model.ts';
import type { Lang } from '../../i18n/index.ts';
import { markdownText, sendNotice } from '../../../delivery/queue/notice.ts';
import type { AdminKit } from '../kit.ts';
import { teamMessages } from './messages.ts';
import { linkKey, makeLinkToken, type LinkPurpose } from './token.ts';

/**
 * The platform secret when password links can be made: it keys them, and they need an absolute
 * public address (config server.public_url) to point at. Undefined: the feature is unavailable.
 */
export function linkSecret(kit: AdminKit): string | undefined {
  return /^https?:\/\/[^/]/i.test(kit.settings.publicUrl) ? kit.settings.secret : undefined;
}

/** The address of the page a link opens (the token is URL-safe; `lang` picks the page's language). */
export function passwordLink(publicUrl: string, token: string, lang: Lang): string {
  return `${publicUrl}/admin/password/reset/${token}?lang=${lang}`;
}

export interface PasswordMail {
  tenant: Tenant;
  user: User;
  purpose: LinkPurpose;
  lang: Lang;
  /** Invitations: who invites (their e-mail address). */
  inviter?: string;
}

/** Queues the mail with a fresh link; `secret` is linkSecret(kit). */
export async function sendPasswordMail(kit: AdminKit, secret: string, p: PasswordMail): Promise<void> {
  const m = teamMessages(p.lang).mail;
  const token = makeLinkToken(linkKey(secret), p.user, p.purpose, kit.now());
  const link = passwordLink(kit.settings.publicUrl, token, p.lang);
  const association = markdownText(p.tenant.name);
  const email = markdownText(p.user.email);
  const platform = markdownText(kit.settings.platformName);
  const slug = markdownText(p.tenant.slug);
  const mail =
    p.purpose === 'reset'
      ? { subject: m.resetSubject(p.tenant.name), markdown: m.resetBody({ association, slug, email, link, platform }) }
      : {
          subject: m.inviteSubject(p.tenant.name),
          markdown: m.inviteBody({ association, slug, email, link, platform, name: markdownText(p.user.name), inviter: markdownText(p.inviter ?? p.tenant.name) }),
        };
  // A reset is asked for by the person: it reaches them even if they unsubscribed from the
  // association's mailings (bounces, complaints and platform suppressions still block it).
  await sendNotice(kit.storage, kit.settings.platformDomain, p.tenant, { to: p.user.email, subject: oneLine(mail.subject), markdown: mail.markdown, optIn: p.purpose === 'reset' });
}

/** A header value on one line (a tenant name typed with a line break must not end the header). */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').trim();
}
