// Markdown → HTML fragment (marked, GFM) and → readable plain text. The text part is written from
// the same token tree, so it reads like the author's words rather than like stripped HTML.
import { Marked, type Token, type Tokens } from 'marked';
import { htmlToText } from './html.ts';

const marked = new Marked({ gfm: true, breaks: false, async: false });

export function markdownToHtml(src: string): string {
  return marked.parse(src, { async: false });
}

const WIDTH = 72;

/** Greedy word wrap; words longer than the width (URLs) stay whole. */
export function wrap(text: string, width = WIDTH, prefix = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      if (word === '') continue;
      if (line === '') line = word;
      else if (prefix.length + line.length + 1 + word.length <= width) line += ' ' + word;
      else {
        out.push(prefix + line);
        line = word;
      }
    }
    out.push(prefix + line);
  }
  return out.join('\n');
}

function decodeEntities(s: string): string {
  return s.includes('&') ? htmlToText(s, { inline: true }) : s;
}

function inline(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
      case 'em':
      case 'del':
        out += inline((t as Tokens.Strong).tokens);
        break;
      case 'codespan':
        out += decodeEntities((t as Tokens.Codespan).text);
        break;
      case 'br':
        out += '\n';
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const label = inline(l.tokens);
        const href = l.href.replace(/^mailto:/i, '');
        out += label === href || label === l.href ? href : `${label} <${href}>`;
        break;
      }
      case 'image': {
        const img = t as Tokens.Image;
        out += img.text ? `[${img.text}]` : '';
        break;
      }
      case 'html':
        out += htmlToText((t as Tokens.HTML).text, { inline: true });
        break;
      case 'text':
      case 'escape': {
        const tx = t as Tokens.Text;
        out += tx.tokens ? inline(tx.tokens) : decodeEntities(tx.text);
        break;
      }
      default:
        out += 'text' in t && typeof t.text === 'string' ? decodeEntities(t.text) : '';
    }
  }
  return out;
}

function blocks(tokens: readonly Token[], prefix: string): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'heading': {
        const h = t as Tokens.Heading;
        const text = inline(h.tokens);
        const rule = h.depth === 1 ? '=' : h.depth === 2 ? '-' : '';
        out.push(prefix + text + (rule ? `\n${prefix}${rule.repeat(Math.min(text.length, WIDTH))}` : ''));
        break;
      }
      case 'paragraph':
        out.push(wrap(inline((t as Tokens.Paragraph).tokens), WIDTH, prefix));
        break;
      case 'text':
        out.push(wrap(inline((t as Tokens.Text).tokens ?? [t]), WIDTH, prefix));
        break;
      case 'blockquote':
        out.push(blocks((t as Tokens.Blockquote).tokens, prefix + '> ').join(`\n${prefix}>\n`));
        break;
      case 'list': {
        const l = t as Tokens.List;
        const start = typeof l.start === 'number' ? l.start : 1;
        const items = l.items.map((item, i) => {
          const bullet = l.ordered ? `${start + i}. ` : '- ';
          const task = item.task ? (item.checked ? '[x] ' : '[ ] ') : '';
          const body = blocks(item.tokens, ' '.repeat(bullet.length)).join('\n').replace(/^ +/, '');
          return prefix + bullet + task + body.replace(/\n/g, `\n${prefix}`);
        });
        out.push(items.join('\n'));
        break;
      }
      case 'code':
        out.push((t as Tokens.Code).text.split('\n').map((line) => prefix + '    ' + line).join('\n'));
        break;
      case 'hr':
        out.push(prefix + '-'.repeat(20));
        break;
      case 'table': {
        const tb = t as Tokens.Table;
        const row = (cells: Tokens.TableCell[]) => prefix + cells.map((c) => inline(c.tokens)).join(' | ');
        out.push([row(tb.header), ...tb.rows.map(row)].join('\n'));
        break;
      }
      case 'html':
        out.push(wrap(htmlToText((t as Tokens.HTML).text), WIDTH, prefix));
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out.push(prefix + t.text);
    }
  }
  return out.filter((b) => b.trim() !== '');
}

export function markdownToText(src: string): string {
  return blocks(marked.lexer(src), '').join('\n\n') + '\n';
}
