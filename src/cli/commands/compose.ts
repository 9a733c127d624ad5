// facteur compose: one complete, DKIM-signed RFC 5322 message on stdout, exactly as the delivery
// engine would build it for one recipient (for previews, tests and interoperability checks).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { FacteurError } from '../../core/errors.ts';
import { compileCampaign, renderMessage, type Lang } from '../../delivery/compose/index.ts';
import { DkimSigner } from '../../delivery/dkim/index.ts';

interface Opts {
  from: string;
  fromName?: string;
  replyTo?: string;
  to: string;
  toName?: string;
  subject: string;
  markdown?: string;
  html?: string;
  field: string[];
  lang: string;
  tenantName?: string;
  postalAddress: string;
  accent?: string;
  listId?: string;
  listName?: string;
  feedbackId?: string;
  dkimDomain?: string;
  dkimSelector?: string;
  dkimKey?: string;
  ed25519Key?: string;
  ed25519Selector?: string;
  listUnsubscribeUrl?: string;
  listUnsubscribeMailto?: string;
  date?: string;
  messageId?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new FacteurError('ERR_VALIDATION', `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function register(program: Command): void {
  program
    .command('compose')
    .description(
      'Print one complete message (multipart text + HTML, quoted-printable, DKIM-signed) to stdout.\n' +
        'Merge tags: {{ field }} or {{ field | default: "ami·e" }}; fields are those given with --field plus\n' +
        'the built-ins email and unsubscribe_url. An unknown field is an error (ERR_MERGE_FIELD).',
    )
    .requiredOption('--from <address>', 'From address (the tenant verified domain, or the platform domain with --reply-to)')
    .option('--from-name <name>', 'From display name (accents and emoji are RFC 2047-encoded)')
    .option('--reply-to <address>', 'Reply-To address (use it when sending from the platform domain)')
    .requiredOption('--to <address>', 'recipient address')
    .option('--to-name <name>', 'recipient display name')
    .requiredOption('--subject <text>', 'subject; may contain merge tags')
    .option('--markdown <file>', 'body in Markdown (the normal way)')
    .option('--html <file>', 'body in HTML instead of Markdown (advanced: sanitised, no scripts or remote CSS)')
    .option('--field <name=value>', 'a contact field for the merge tags, e.g. --field first_name=Marie (repeatable)', collect, [])
    .option('--lang <fr|en>', 'language of the footer (unsubscribe text, why you receive this)', 'fr')
    .option('--tenant-name <name>', 'association name shown in the header and footer (default: --from-name, else the From domain)')
    .option('--postal-address <text>', 'postal address in the footer; "\\n" separates lines', 'Adresse postale non renseignée')
    .option('--accent <#hex>', 'accent colour of links and rules, #rgb or #rrggbb')
    .option('--list-id <label.domain>', 'List-Id (RFC 2919) (default: news.<From domain>)')
    .option('--list-name <name>', 'human name of the list, in List-Id and the footer')
    .option('--feedback-id <id>', 'Feedback-ID header for provider feedback loops, e.g. campaign:tenant:facteur')
    .option('--dkim-domain <domain>', 'DKIM d= signing domain (with --dkim-key; default: the From domain)')
    .option('--dkim-selector <s>', 'DKIM selector of --dkim-key', 's1')
    .option('--dkim-key <file>', 'private key (PEM) for an rsa-sha256 (or ed25519) signature')
    .option('--ed25519-key <file>', 'private key (PEM or base64 seed) for a second, ed25519-sha256 signature (RFC 8463)')
    .option('--ed25519-selector <s>', 'selector of --ed25519-key', 's2')
    .option('--list-unsubscribe-url <https-url>', 'one-click unsubscribe URL (RFC 8058) (default: https://<From domain>/unsubscribe)')
    .option('--list-unsubscribe-mailto <address>', 'unsubscribe address for List-Unsubscribe (RFC 2369)')
    .option('--date <date>', 'Date header and DKIM t=, as ISO 8601 or seconds since the epoch (default: now)')
    .option('--message-id <id>', 'Message-ID, <left@right> (default: random @ From domain)')
    .action((opts: Opts) => {
      if ((opts.markdown === undefined) === (opts.html === undefined)) {
        throw new FacteurError('ERR_VALIDATION', 'give the body with exactly one of --markdown FILE or --html FILE');
      }
      if (opts.lang !== 'fr' && opts.lang !== 'en') throw new FacteurError('ERR_VALIDATION', `--lang must be fr or en, got "${opts.lang}"`);
      const fields: Record<string, string> = {};
      for (const pair of opts.field) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new FacteurError('ERR_VALIDATION', `--field expects name=value, got "${pair}"`);
        fields[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
      }
      const fromDomain = opts.from.slice(opts.from.lastIndexOf('@') + 1).toLowerCase();
      let now = Date.now();
      if (opts.date !== undefined) {
        now = /^\d+$/.test(opts.date) ? Number(opts.date) * 1000 : Date.parse(opts.date);
        if (!Number.isFinite(now)) throw new FacteurError('ERR_VALIDATION', `--date "${opts.date}" is not a date (ISO 8601 or epoch seconds)`);
      }
      const campaign = compileCampaign({
        tenant: {
          name: opts.tenantName ?? opts.fromName ?? fromDomain,
          postalAddress: opts.postalAddress.replace(/\\n/g, '\n'),
          ...(opts.accent ? { accentColor: opts.accent } : {}),
        },
        from: { address: opts.from, name: opts.fromName },
        ...(opts.replyTo ? { replyTo: { address: opts.replyTo } } : {}),
        subject: opts.subject,
        ...(opts.html !== undefined ? { html: read(opts.html, 'the HTML body') } : { markdown: read(opts.markdown!, 'the Markdown body') }),
        fields: Object.keys(fields),
        list: { id: opts.listId ?? `news.${fromDomain}`, ...(opts.listName ? { name: opts.listName } : {}) },
        ...(opts.feedbackId ? { feedbackId: opts.feedbackId } : {}),
      });
      const signers: DkimSigner[] = [];
      const domain = opts.dkimDomain ?? fromDomain;
      if (opts.dkimKey) signers.push(new DkimSigner({ domain, selector: opts.dkimSelector ?? 's1', privateKey: read(opts.dkimKey, 'the DKIM key') }));
      if (opts.ed25519Key) signers.push(new DkimSigner({ domain, selector: opts.ed25519Selector ?? 's2', privateKey: read(opts.ed25519Key, 'the ed25519 key') }));
      const message = renderMessage(
        campaign,
        {
          to: { address: opts.to, name: opts.toName },
          fields,
          lang: opts.lang as Lang,
          unsubscribeUrl: opts.listUnsubscribeUrl ?? `https://${fromDomain}/unsubscribe`,
          ...(opts.listUnsubscribeMailto ? { unsubscribeMailto: opts.listUnsubscribeMailto } : {}),
          ...(opts.messageId ? { messageId: opts.messageId } : {}),
          date: now,
        },
        signers,
        now,
      );
      process.stdout.write(message);
    });
}
