// Author HTML made safe for mail and styled inline: sanitize-html keeps plain markup, links and
// the images the author wrote (no scripts, handlers, frames, forms, CSS url()); key styles are
// written into style="" because many webmails drop <style>. Also HTML → plain text.
import sanitizeHtml from 'sanitize-html';

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** Inline style per tag; `ACCENT` is replaced by the tenant's colour (validated as #hex). */
const STYLES: Record<string, string> = {
  p: 'margin:0 0 16px 0;line-height:1.5',
  h1: `${FONT};font-size:26px;line-height:1.25;margin:0 0 16px 0;color:#1a1a1a`,
  h2: `${FONT};font-size:21px;line-height:1.3;margin:24px 0 12px 0;color:#1a1a1a`,
  h3: `${FONT};font-size:18px;line-height:1.3;margin:20px 0 8px 0;color:#1a1a1a`,
  h4: 'font-size:16px;margin:16px 0 8px 0',
  a: 'color:ACCENT;text-decoration:underline',
  ul: 'margin:0 0 16px 0;padding:0 0 0 24px',
  ol: 'margin:0 0 16px 0;padding:0 0 0 24px',
  li: 'margin:0 0 6px 0;line-height:1.5',
  blockquote: 'margin:0 0 16px 0;padding:0 0 0 12px;border-left:4px solid ACCENT;color:#444444',
  img: 'max-width:100%;height:auto;border:0',
  pre: 'background:#f4f4f4;padding:12px;overflow-x:auto;white-space:pre-wrap;font-size:14px',
  code: "font-family:Menlo,Consolas,'Courier New',monospace",
  table: 'border-collapse:collapse;margin:0 0 16px 0',
  th: 'border:1px solid #cccccc;padding:6px 8px;text-align:left',
  td: 'border:1px solid #cccccc;padding:6px 8px',
  hr: 'border:0;border-top:1px solid #dddddd;margin:24px 0',
};

/** Author CSS that could fetch something or run script is dropped whole. */
const UNSAFE_CSS = /url\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding|javascript:/i;

export function sanitizeAndStyle(html: string, accent: string): string {
  const styled = (tag: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const own = attribs.style && !UNSAFE_CSS.test(attribs.style) ? attribs.style : '';
    const base = (STYLES[tag] ?? '').replace(/ACCENT/g, accent);
    const style = [base, own].filter(Boolean).join(';');
    const out: sanitizeHtml.Attributes = { ...attribs };
    if (style) out.style = style;
    else delete out.style;
    return { tagName, attribs: out };
  };
  const transformTags: Record<string, sanitizeHtml.Transformer> = { '*': styled('*') };
  for (const tag of Object.keys(STYLES)) transformTags[tag] = styled(tag);
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
      'img', 'h1', 'h2', 'span', 'del', 's', 'u', 'center', 'font',
    ],
    allowedAttributes: {
      '*': ['style', 'dir', 'lang', 'title', 'align'],
      a: ['href', 'name'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'valign', 'width', 'scope'],
      table: ['width', 'cellpadding', 'cellspacing', 'border', 'role'],
      ol: ['start'],
      font: ['color'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags,
  });
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»',
  eacute: 'é', egrave: 'è', ecirc: 'ê', agrave: 'à', acirc: 'â', ccedil: 'ç', ocirc: 'ô',
  ucirc: 'û', ugrave: 'ù', icirc: 'î', iuml: 'ï', euml: 'ë', oelig: 'œ', hellip: '…',
  mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', ldquo: '“', rdquo: '”', euro: '€', middot: '·',
};

export function decodeHtmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

const BLOCK = /^(p|div|h[1-6]|ul|ol|table|tr|blockquote|pre|hr|section|article|header|footer|center)$/;

/** Readable text from (sanitised) HTML: blocks become paragraphs, links `text <url>`. */
export function htmlToText(html: string, opts: { inline?: boolean } = {}): string {
  let out = '';
  const hrefs: (string | null)[] = [];
  let linkStart = 0;
  let listDepth = 0;
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--[\s\S]*?-->|([^<]+)|</g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[4] !== undefined || m[0] === '<') {
      out += decodeHtmlEntities((m[4] ?? '<').replace(/\s+/g, ' '));
      continue;
    }
    if (!m[2]) continue;
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (tag === 'br') out += '\n';
    else if (tag === 'li' && !closing) out += `\n${'  '.repeat(Math.max(0, listDepth - 1))}- `;
    else if (tag === 'ul' || tag === 'ol') {
      listDepth += closing ? -1 : 1;
      out += '\n';
    } else if (tag === 'img' && !closing) {
      const alt = /\balt="([^"]*)"/i.exec(m[3] ?? '');
      if (alt?.[1]) out += `[${decodeHtmlEntities(alt[1])}]`;
    } else if (tag === 'a') {
      if (!closing) {
        const href = /\bhref="([^"]*)"/i.exec(m[3] ?? '');
        hrefs.push(href?.[1] ? decodeHtmlEntities(href[1]) : null);
        linkStart = out.length;
      } else {
        const href = hrefs.pop();
        const label = out.slice(linkStart).trim();
        if (href && !href.startsWith('#')) {
          const shown = href.replace(/^mailto:/i, '');
          if (label !== shown && label !== href) out += ` <${shown}>`;
        }
      }
    } else if (tag === 'td' || tag === 'th') {
      if (closing) out += ' ';
    } else if (BLOCK.test(tag)) out += '\n\n';
  }
  if (opts.inline) return out;
  return (
    out
      .split('\n')
      .map((l) => l.replace(/[ \t\u00a0]+$/g, '').replace(/^ (?! *-)/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
