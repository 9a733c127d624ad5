// Language choice for member-facing pages: an explicit ?lang= wins, then Accept-Language
// (RFC 9110 §12.5.4, q-values honoured), then French, the default.
import type { Messages } from './messages.ts';
import { fr } from './fr.ts';
import { en } from './en.ts';

export type { Messages } from './messages.ts';
export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const DEFAULT_LANG: Lang = 'fr';

const CATALOGUES: Record<Lang, Messages> = { fr, en };

export function messagesFor(lang: Lang): Messages {
  return CATALOGUES[lang];
}

function asLang(tag: string | undefined): Lang | undefined {
  const primary = tag?.trim().toLowerCase().split('-')[0];
  return LANGS.find((l) => l === primary);
}

/** The language of a request: `?lang=`, else the best Accept-Language match we have, else French. */
export function negotiateLang(queryLang: unknown, acceptLanguage: string | undefined): Lang {
  const explicit = typeof queryLang === 'string' ? asLang(queryLang) : undefined;
  if (explicit) return explicit;
  if (!acceptLanguage) return DEFAULT_LANG;
  let best: { lang: Lang; q: number } | undefined;
  for (const range of acceptLanguage.slice(0, 1000).split(',')) {
    const [tag, ...params] = range.split(';');
    const lang = asLang(tag);
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}
