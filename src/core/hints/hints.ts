// Content hints before sending: a pure function over the subject, the body (Markdown and/or
// HTML, optional text part) and recent-send figures, returning advice in French and English.
// Hints never block a mailing; they say what filters and members are likely to dislike.
import type { HintRules } from './rules.ts';
import { loadHintRules } from './rules.ts';

export type HintCode =
  | 'subject_empty'
  | 'subject_too_short'
  | 'subject_too_long'
  | 'subject_caps'
  | 'subject_exclamations'
  | 'spam_words_subject'
  | 'spam_words_body'
  | 'too_many_links'
  | 'url_shortener'
  | 'too_many_images'
  | 'remote_images'
  | 'missing_text_part'
  | 'recently_mailed';

export interface Hint {
  code: HintCode;
  severity: 'info' | 'warning';
  message: { fr: string; en: string };
  details?: Record<string, unknown>;
}

export interface HintInput {
  subject: string;
  markdown?: string | null;
  html?: string | null;
  /** The text/plain part, when the content is not Markdown (Markdown always yields one). */
  text?: string | null;
  /** Among this mailing's recipients, how many already got one in the last `days` days. */
  recent?: { recipients: number; recentlyMailed: number; days: number };
}

const URL_RE = /\bhttps?:\/\/[^\s<>()"'`\]]+/giu;
const MD_IMAGE = /!\[[^\]]*\]\(\s*<?([^\s)>]+)/gu;
const HTML_IMG = /<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)/giu;
// Bounded and anchored at the start of a word: an unbounded `[…]+@` is retried from every
// character of a long run without "@" (a base64 image, a pasted blob), quadratic in its length.
const MERGE_TAG = /\{\{[^{}]*\}\}/gu;
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}.-]{1,255}/gu;

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Distinct spam-trigger phrases of `words` found whole in `text`. */
function spamWords(text: string, words: string[]): string[] {
  const t = text.toLowerCase().replace(URL_RE, ' ').replace(EMAIL_RE, ' ');
  const found = new Set<string>();
  for (const w of words) {
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escape(w)}(?![\\p{L}\\p{N}])`, 'u').test(t)) found.add(w);
  }
  // A phrase that contains another found one ("100 % gratuit" ⊃ "gratuit") counts once.
  return [...found].filter((w) => ![...found].some((o) => o !== w && o.includes(w)));
}

function hint(code: HintCode, severity: Hint['severity'], fr: string, en: string, details?: Record<string, unknown>): Hint {
  return { code, severity, message: { fr, en }, ...(details ? { details } : {}) };
}

export function contentHints(input: HintInput, rules: HintRules = loadHintRules()): Hint[] {
  const L = rules.limits;
  const out: Hint[] = [];
  const words = [...rules.spamWords.fr, ...rules.spamWords.en];

  // Subject. Merge tags ({{ first_name }}) are left out: they become a name, not capitals.
  const subject = input.subject.replace(MERGE_TAG, '').trim();
  const chars = [...input.subject.trim()].length;
  if (subject === '' && input.subject.trim() === '') {
    out.push(hint('subject_empty', 'warning', 'Le sujet est vide : beaucoup de filtres le reprochent et les membres ne savent pas de quoi il s’agit.', 'The subject is empty: many filters penalise it and members cannot tell what the mail is about.'));
  } else if (chars < L.subjectMinChars) {
    out.push(hint('subject_too_short', 'info', 'Le sujet est très court : dites en quelques mots de quoi parle le message.', 'The subject is very short: say in a few words what the mail is about.', { chars }));
  }
  if (chars > L.subjectMaxChars) {
    out.push(hint('subject_too_long', 'info', `Le sujet fait ${chars} caractères : il sera coupé sur les téléphones (au-delà de ${L.subjectMaxChars}).`, `The subject is ${chars} characters long: phones cut it beyond ${L.subjectMaxChars}.`, { chars, max: L.subjectMaxChars }));
  }
  const letters = [...subject].filter((c) => /\p{L}/u.test(c));
  const upper = letters.filter((c) => /\p{Lu}/u.test(c));
  if (letters.length >= L.subjectCapsMinLetters && upper.length / letters.length > L.subjectCapsRatio) {
    out.push(hint('subject_caps', 'warning', 'Le sujet est en grande partie en MAJUSCULES : les filtres anti-spam le pénalisent, écrivez-le normalement.', 'The subject is mostly in CAPITALS: spam filters penalise it; write it normally.', { ratio: Math.round((upper.length / letters.length) * 100) / 100 }));
  }
  const bangs = (subject.match(/[!¡]/gu) ?? []).length;
  if (bangs > L.subjectMaxExclamations) {
    out.push(hint('subject_exclamations', 'warning', `Le sujet contient ${bangs} points d’exclamation : un seul suffit (ou aucun).`, `The subject has ${bangs} exclamation marks: one is enough (or none).`, { count: bangs }));
  }
  const inSubject = spamWords(subject, words);
  if (inSubject.length > 0) {
    out.push(hint('spam_words_subject', 'warning', `Le sujet contient des mots que les filtres associent au spam : ${inSubject.join(', ')}.`, `The subject contains words filters associate with spam: ${inSubject.join(', ')}.`, { words: inSubject }));
  }

  // Body: Markdown and HTML are read together (links, images); the text is what a filter reads.
  const body = [input.markdown ?? '', input.html ?? ''].join('\n');
  const images: string[] = [];
  for (const m of body.matchAll(MD_IMAGE)) images.push(m[1]!);
  for (const m of body.matchAll(HTML_IMG)) images.push(m[1]!);
  const imageSet = new Set(images);
  const urls = [...body.matchAll(URL_RE)].map((m) => m[0].replace(/[.,;:!?]+$/u, ''));
  const links = urls.filter((u) => !imageSet.has(u));
  const distinctLinks = new Set(links);
  if (distinctLinks.size > L.maxLinks) {
    out.push(hint('too_many_links', 'warning', `Le message contient ${distinctLinks.size} liens différents : au-delà de ${L.maxLinks}, il ressemble à une publicité pour les filtres.`, `The message has ${distinctLinks.size} distinct links: beyond ${L.maxLinks} filters take it for an advertisement.`, { links: distinctLinks.size, max: L.maxLinks }));
  }
  const shortened = [...new Set(links.map(hostOf).filter((h): h is string => h !== null && rules.shorteners.includes(h)))];
  if (shortened.length > 0) {
    out.push(hint('url_shortener', 'warning', `Le message utilise un raccourcisseur d’adresses (${shortened.join(', ')}) : il cache la destination, les filtres s’en méfient. Mettez l’adresse complète.`, `The message uses a URL shortener (${shortened.join(', ')}): it hides the destination and filters distrust it. Use the full address.`, { hosts: shortened }));
  }
  if (images.length > L.maxImages) {
    out.push(hint('too_many_images', 'warning', `Le message contient ${images.length} images : beaucoup d’images et peu de texte, c’est ce que font les spams.`, `The message has ${images.length} images: many images and little text is what spam looks like.`, { images: images.length, max: L.maxImages }));
  }
  const remote = images.filter((src) => /^https?:\/\//iu.test(src));
  if (remote.length > 0) {
    out.push(hint('remote_images', 'warning', `${remote.length} image(s) sont chargées depuis un autre site : la messagerie des membres les télécharge à l’ouverture (ce qui révèle qu’ils ont lu le message) et beaucoup les bloquent. Joignez l’image ou mettez un lien.`, `${remote.length} image(s) are loaded from another site: members' mail programs fetch them when the mail is opened (revealing that it was read) and many block them. Attach the image or link to it.`, { count: remote.length, hosts: [...new Set(remote.map(hostOf).filter(Boolean))] }));
  }
  const hasText = (input.markdown ?? '').trim() !== '' || (input.text ?? '').trim() !== '';
  if (!hasText && (input.html ?? '').trim() !== '') {
    out.push(hint('missing_text_part', 'warning', 'Le message n’a pas de version texte : ajoutez-en une, les filtres pénalisent le HTML seul et certains membres lisent en texte.', 'The message has no plain-text version: add one; filters penalise HTML-only mail and some members read text.'));
  }
  const bodyText = [input.markdown ?? '', (input.html ?? '').replace(/<[^>]*>/g, ' '), input.text ?? ''].join('\n').replace(MERGE_TAG, ' ');
  const inBody = spamWords(bodyText, words);
  if (inBody.length >= L.spamWordsBodyMin) {
    out.push(hint('spam_words_body', 'info', `Le texte contient plusieurs expressions typiques du spam : ${inBody.join(', ')}. Reformulez-les si possible.`, `The text contains several phrases typical of spam: ${inBody.join(', ')}. Rephrase them if you can.`, { words: inBody }));
  }

  // Mail fatigue: most recipients were mailed very recently.
  const r = input.recent;
  if (r && r.recipients > 0 && r.recentlyMailed / r.recipients >= L.recentShare) {
    const pct = Math.round((r.recentlyMailed / r.recipients) * 100);
    out.push(hint('recently_mailed', 'warning', `${pct} % des destinataires ont déjà reçu un envoi ces ${r.days} derniers jours : trop d’envois rapprochés font grimper les plaintes et les désinscriptions.`, `${pct} % of the recipients already got a mailing in the last ${r.days} days: mailings too close together raise complaints and unsubscribes.`, { share: pct / 100, recentlyMailed: r.recentlyMailed, recipients: r.recipients, days: r.days }));
  }
  return out;
}
