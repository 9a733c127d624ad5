// The tenant's mail template: a responsive, accessible single-column layout (role="presentation"
// tables, lang, 600px max width, every key style inline) and its plain-text twin, with a footer
// saying who sends, from where, why the member receives it, and how to unsubscribe (fr/en).
import { FacteurError } from '../../core/errors.ts';
import { escapeHtml } from './merge.ts';
import { wrap } from './markdown.ts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

export interface TenantBranding {
  /** The association's name, shown in the header and footer. */
  name: string;
  /** `#rgb` or `#rrggbb`; links, header rule and button. Default a calm blue. */
  accentColor?: string;
  /** Postal address (CAN-SPAM, and members like to know): one or more lines. */
  postalAddress: string;
}

const FOOTER: Record<Lang, { why: (tenant: string, list: string | undefined) => string; unsubscribe: string; unsubscribeText: string }> = {
  fr: {
    why: (t, l) => (l ? `Vous recevez ce message parce que vous êtes inscrit·e à la liste « ${l} » de l’association ${t}.` : `Vous recevez ce message parce que vous êtes membre de ${t}.`),
    unsubscribe: 'Se désinscrire en un clic',
    unsubscribeText: 'Se désinscrire en un clic :',
  },
  en: {
    why: (t, l) => (l ? `You receive this message because you subscribed to the “${l}” list of ${t}.` : `You receive this message because you are a member of ${t}.`),
    unsubscribe: 'Unsubscribe in one click',
    unsubscribeText: 'Unsubscribe in one click:',
  },
};

export function accentOf(branding: TenantBranding): string {
  const c = branding.accentColor ?? '#1f5fa8';
  if (!/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(c)) {
    throw new FacteurError('ERR_VALIDATION', `accent colour "${c}" is not a #rgb or #rrggbb colour`, { details: { field: 'accentColor' } });
  }
  return c;
}

export interface FooterText {
  /** Overrides the default "why you receive this" sentence, per language. */
  why?: Partial<Record<Lang, string>>;
  listName?: string;
}

/**
 * Wraps a sanitised HTML fragment. `unsub` is the sentinel of the unsubscribe URL slot; the
 * returned document contains it in an href, so the slot is URL-checked at render time.
 */
export function htmlLayout(branding: TenantBranding, lang: Lang, bodyHtml: string, unsub: string, footer: FooterText, title: string): string {
  const accent = accentOf(branding);
  const f = FOOTER[lang];
  const name = escapeHtml(branding.name);
  const why = escapeHtml(footer.why?.[lang] ?? f.why(branding.name, footer.listName));
  const address = branding.postalAddress.split(/\r?\n/).map(escapeHtml).join('<br>\n');
  const font = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  // The <style> block only adds a small-screen tweak; nothing depends on it.
  return `<!DOCTYPE html>
<html lang="${lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>@media (max-width:620px){.fct-body{padding:16px !important}}</style>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6">
<tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-top:4px solid ${accent}">
<tr><td style="padding:20px 32px 0 32px;font-family:${font};font-size:14px;font-weight:bold;color:${accent}">${name}</td></tr>
<tr><td class="fct-body" style="padding:16px 32px 24px 32px;font-family:${font};font-size:16px;line-height:1.5;color:#1a1a1a">
${bodyHtml}
</td></tr>
<tr><td style="padding:16px 32px 24px 32px;border-top:1px solid #e5e7eb;font-family:${font};font-size:13px;line-height:1.5;color:#555555">
<p style="margin:0 0 8px 0">${why}</p>
<p style="margin:0 0 8px 0">${name}<br>
${address}</p>
<p style="margin:0"><a href="${unsub}" style="color:${accent};text-decoration:underline">${f.unsubscribe}</a></p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export function textLayout(branding: TenantBranding, lang: Lang, bodyText: string, unsub: string, footer: FooterText): string {
  const f = FOOTER[lang];
  const why = footer.why?.[lang] ?? f.why(branding.name, footer.listName);
  // "-- " is the conventional signature separator (son-of-RFC 1036): readers fold the footer.
  return `${bodyText.trimEnd()}\n\n-- \n${wrap(why)}\n${branding.name}\n${branding.postalAddress.trim()}\n\n${f.unsubscribeText}\n${unsub}\n`;
}
