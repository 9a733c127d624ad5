// facteur smtp-credential create|list|revoke: SMTP submission credentials of a tenant from the
// shell. The password is printed once, at creation; only its hash is stored.
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import { issueSmtpCredential, type SmtpCredential } from '../../core/auth/smtp-credential.ts';


function positive(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new FacteurError('ERR_VALIDATION', `${name} must be a positive whole number, got "${v}"`, { hint: `e.g. ${name} 600` });
  return Number(v);
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
const show = (c: SmtpCredential) =>
  `${c.id}\t${c.username}\t${c.allowedSenders.join(',')}\t${c.revokedAt ? `revoked ${iso(c.revokedAt)}` : 'active'}\tlast used ${iso(c.lastUsedAt)}\t${c.name}`;
export const credentialJson = (c: SmtpCredential) => ({
  id: c.id,
  name: c.name,
  username: c.username,
  allowed_senders: c.allowedSenders,
  max_message_bytes: c.maxMessageBytes,
  rate_per_minute: c.ratePerMinute,
  list_id: c.listId,
  created_at: iso(c.createdAt),
  last_used_at: c.lastUsedAt && iso(c.lastUsedAt),
  revoked_at: c.revokedAt && iso(c.revokedAt),
});

export function register(program: Command): void {
  const cred = program.command('smtp-credential').description("Create, list and revoke a tenant's SMTP submission credentials (for Paheko, Nextcloud…)");

  cred
    .command('create')
    .description('Create an SMTP credential and print its password (once: it cannot be shown again)')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .requiredOption('--name <name>', 'what it is for, e.g. "Paheko"')
    .option('--allow <senders>', "comma-separated domains or addresses it may send from (default: the tenant's sending domain)")
    .option('--max-size <bytes>', 'largest message, in bytes (default: submission.max_message_bytes)')
    .option('--rate <per-minute>', 'recipients accepted per minute (default: no limit)')
    .option('--list <id>', 'list whose List-Id/List-Unsubscribe headers are added (bulk mail)')
    .option('--json', 'print {id, username, password, …} as JSON')
    .action(async (opts: { tenant: string; name: string; allow?: string; maxSize?: string; rate?: string; list?: string; json?: boolean }, cmd: Command) => {
      if (!opts.name.trim()) throw new FacteurError('ERR_VALIDATION', 'the name is empty', { hint: 'pass --name "what this credential is for"' });
      const maxMessageBytes = positive('--max-size', opts.maxSize);
      const ratePerMinute = positive('--rate', opts.rate);
      const listId = positive('--list', opts.list);
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const fallback = typeof t.settings.sending_domain === 'string' ? t.settings.sending_domain : undefined;
        if (!opts.allow && !fallback) {
          throw new FacteurError('ERR_VALIDATION', `tenant ${t.slug} has no sending domain, so the credential needs --allow`, { hint: '--allow asso.example (any address there) or --allow news@asso.example' });
        }
        if (listId !== null && !(await rt.storage.repos.lists.get(t.id, listId))) {
          throw new FacteurError('ERR_LIST_NOT_FOUND', `no list ${listId} for ${t.slug}`, { hint: 'list ids come from the API (GET /api/v1/lists)' });
        }
        const issued = await issueSmtpCredential(rt.storage.repos.smtpCredentials, t, { name: opts.name, allowedSenders: (opts.allow ?? fallback!).split(','), maxMessageBytes, ratePerMinute, listId });
        const row = issued.credential;
        const sub = rt.config.submission;
        if (opts.json) stdio.out(JSON.stringify({ ...credentialJson(row), password: issued.password, tenant: t.slug }));
        else {
          stdio.out(`user name: ${row.username}`);
          stdio.out(`password:  ${issued.password}`);
          stdio.err(`created SMTP credential ${row.id} for ${t.slug}, allowed senders: ${row.allowedSenders.join(', ')}; store the password now, it will not be shown again`);
          stdio.err(`server: ${sub.hostname || rt.config.platform.domain}, port ${sub.port} (STARTTLS) or ${sub.tls_port} (TLS)${sub.enabled ? '' : ' — submission.enabled is false: turn it on in facteur.toml'}`);
        }
      });
    });

  cred
    .command('list')
    .description("List a tenant's SMTP credentials (never the passwords)")
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .option('--json', 'print JSON lines')
    .action(async (opts: { tenant: string; json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const all = await rt.storage.repos.smtpCredentials.list(t.id);
        if (opts.json) for (const c of all) stdio.out(JSON.stringify(credentialJson(c)));
        else if (all.length === 0) stdio.out(`no SMTP credentials for ${t.slug}: create one with \`facteur smtp-credential create --tenant ${t.slug} --name NAME\``);
        else for (const c of all) stdio.out(show(c));
      });
    });

  cred
    .command('revoke <id>')
    .description('Revoke an SMTP credential at once (new logins with it get 535)')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .action(async (id: string, opts: { tenant: string }, cmd: Command) => {
      if (!/^\d+$/.test(id)) throw new FacteurError('ERR_VALIDATION', `the credential id must be a number, got "${id}"`, { hint: 'ids are in the first column of `facteur smtp-credential list`' });
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        if (!(await rt.storage.repos.smtpCredentials.revoke(t.id, Number(id)))) {
          throw new FacteurError('ERR_NOT_FOUND', `no active SMTP credential ${id} for ${t.slug}`, { hint: `see \`facteur smtp-credential list --tenant ${t.slug}\`` });
        }
        stdio.out(`revoked SMTP credential ${id}`);
      });
    });
}
