// DKIM signer (RFC 6376 §5) for rsa-sha256 and ed25519-sha256 (RFC 8463), relaxed/relaxed.
// The key is imported once; the body hash is computed once per message and shared by every
// signature (all use SHA-256 + relaxed); each signer only hashes headers and signs.
import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { FacteurError } from '../../core/errors.ts';
import { bodyHash, relaxedHeader, selectHeaders, splitMessage } from './canon.ts';
import { loadPrivateKey } from './keys.ts';

export type DkimAlgorithm = 'rsa-sha256' | 'ed25519-sha256';

/** What facteur signs (RFC 6376 §5.4.1 recommends From, Subject, Date, To, List-*, MIME headers). */
export const DEFAULT_SIGNED_HEADERS = [
  'from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding',
  'list-id', 'list-unsubscribe', 'list-unsubscribe-post', 'feedback-id', 'reply-to',
] as const;
/** Listed once more than present (§8.15): a second From or Subject added later breaks the signature. */
export const DEFAULT_OVERSIGNED = ['from', 'subject'] as const;

export interface DkimSignerOptions {
  domain: string;
  selector: string;
  /** PEM, base64 Ed25519 seed, or a KeyObject; the algorithm follows the key type. */
  privateKey: string | Buffer | KeyObject;
  headers?: readonly string[];
  oversign?: readonly string[];
  /** i= (the AUID), e.g. `@football.example.com`; omitted when not given. */
  identity?: string;
  /** Write `q=dns/txt` (the default value, so optional). */
  writeQueryMethod?: boolean;
  /** `:` (compact) or ` : ` (as in RFC 8463's example). */
  headerSeparator?: ':' | ' : ';
  /** x= seconds after t=; none by default. */
  expireAfterSeconds?: number;
}

export class DkimSigner {
  readonly domain: string;
  readonly selector: string;
  readonly algorithm: DkimAlgorithm;
  private readonly key: KeyObject;
  private readonly names: readonly string[];
  private readonly opts: DkimSignerOptions;

  constructor(opts: DkimSignerOptions) {
    for (const [what, v] of [['domain', opts.domain], ['selector', opts.selector]] as const) {
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(v)) {
        throw new FacteurError('ERR_DKIM_KEY', `DKIM ${what} "${v}" is not a valid DNS name`);
      }
    }
    this.domain = opts.domain.toLowerCase();
    this.selector = opts.selector;
    this.key = loadPrivateKey(opts.privateKey);
    this.algorithm = this.key.asymmetricKeyType === 'ed25519' ? 'ed25519-sha256' : 'rsa-sha256';
    this.names = [...(opts.headers ?? DEFAULT_SIGNED_HEADERS), ...(opts.oversign ?? DEFAULT_OVERSIGNED)].map((h) => h.toLowerCase());
    this.opts = opts;
  }

  /** Keeps the key out of logs and JSON. */
  toJSON(): object {
    return { domain: this.domain, selector: this.selector, algorithm: this.algorithm };
  }

  /**
   * The `DKIM-Signature: …` field (folded, without final CRLF) for header fields given as
   * written (`Name: value`, folded lines joined by CRLF) and a precomputed relaxed `bh=`.
   */
  sign(headerLines: readonly string[], bh: string, timeSeconds: number): string {
    const o = this.opts;
    const present = new Set(headerLines.map((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase()));
    // Over-signing only means something for headers that are there; absent ones are still
    // listed once when asked for (signing "nothing" forbids adding them later).
    const hList = this.names.filter((n, i) => this.names.indexOf(n) === i || present.has(n));
    const sep = o.headerSeparator ?? ':';
    const tags: string[] = ['v=1;', `a=${this.algorithm};`, 'c=relaxed/relaxed;', `d=${this.domain};`];
    if (o.identity) tags.push(`i=${o.identity};`);
    if (o.writeQueryMethod) tags.push('q=dns/txt;');
    tags.push(`s=${this.selector};`, `t=${timeSeconds};`);
    if (o.expireAfterSeconds) tags.push(`x=${timeSeconds + o.expireAfterSeconds};`);
    // h= may be folded after a ':' (FWS is allowed around it, §3.5); spaces in " : " are fold points too.
    const hWords = sep === ':' ? hList.map((h, i) => (i === 0 ? 'h=' : '') + h + (i < hList.length - 1 ? ':' : ';')) : ('h=' + hList.join(' : ') + ';').split(' ');
    const words: { text: string; space: boolean }[] = [
      ...tags.map((text) => ({ text, space: true })),
      ...hWords.map((text, i) => ({ text, space: sep !== ':' || i === 0 })),
      { text: `bh=${bh};`, space: true },
      { text: 'b=', space: true },
    ];
    let field = 'DKIM-Signature:';
    let col = field.length;
    for (const w of words) {
      const add = (w.space ? 1 : 0) + w.text.length;
      if (col + add > 76) {
        field += '\r\n ' + w.text;
        col = 1 + w.text.length;
      } else {
        field += (w.space ? ' ' : '') + w.text;
        col += add;
      }
    }
    // §3.7: the selected headers, then this field with an empty b= and no final CRLF.
    let data = '';
    for (const line of selectHeaders(headerLines, hList)) data += relaxedHeader(line);
    data += relaxedHeader(field).slice(0, -2);
    const bytes = Buffer.from(data, 'latin1');
    // rsa-sha256: PKCS#1 v1.5 over SHA-256 of the data; ed25519-sha256 (RFC 8463 §3): PureEdDSA
    // over the SHA-256 digest, not over the data.
    const sig = this.algorithm === 'rsa-sha256' ? cryptoSign('sha256', bytes, this.key) : cryptoSign(null, createHash('sha256').update(bytes).digest(), this.key);
    const b = sig.toString('base64');
    return field + foldBase64(b, col);
  }
}

function foldBase64(b: string, startCol: number): string {
  let out = '';
  let i = 0;
  let room = Math.max(8, 76 - startCol);
  while (i < b.length) {
    if (i > 0) out += '\r\n ';
    out += b.slice(i, i + room);
    i += room;
    room = 74;
  }
  return out;
}

/** Signs a complete message (binary string or Buffer) with each signer; returns it with the signatures prepended. */
export function signMessage(raw: string | Buffer, signers: readonly DkimSigner[], timeSeconds = Math.floor(Date.now() / 1000)): string {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const { headers, body } = splitMessage(text);
  const bh = bodyHash(body);
  const sigs = signers.map((s) => s.sign(headers, bh, timeSeconds) + '\r\n').join('');
  return sigs + (text.includes('\r\n') ? text : text.replace(/\n/g, '\r\n'));
}
