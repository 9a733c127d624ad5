// facteur apikey create|list|revoke: tenant API keys from the shell. The key is printed once, at
// creation; only its hash is stored.
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import { API_SCOPES, type ApiKey, type ApiScope } from '../../core/model.ts';
import { generateApiKey } from '../../core/auth/apikey.ts';



function parseScopes(v: string): ApiScope[] {
  const scopes = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = scopes.filter((s) => !API_SCOPES.includes(s as ApiScope));
  if (scopes.length === 0 || bad.length > 0) {
    throw new FacteurError('ERR_VALIDATION', `unknown scope${bad.length > 1 ? 's' : ''}: ${bad.join(', ') || '(none given)'}`, {
      hint: 'use a comma-separated subset of read,write,send (e.g. --scopes read,write)',
    });
  }
  return scopes as ApiScope[];
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
const show = (k: ApiKey) => `${k.id}\tfct_${k.prefix}_…\t${k.scopes.join(',')}\t${k.revokedAt ? `revoked ${iso(k.revokedAt)}` : 'active'}\tlast used ${iso(k.lastUsedAt)}\t${k.name}`;

export function register(program: Command): void {
  const apikey = program.command('apikey').description("Create, list and revoke a tenant's API keys");

  apikey
    .command('create')
    .description('Create an API key and print it (once: it cannot be shown again)')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .requiredOption('--name <name>', 'what the key is for, e.g. "Paheko sync"')
    .option('--scopes <list>', 'comma-separated: read, write, send', 'read')
    .option('--json', 'print {id, key, scopes} as JSON')
    .action(async (opts: { tenant: string; name: string; scopes: string; json?: boolean }, cmd: Command) => {
      const scopes = parseScopes(opts.scopes);
      if (!opts.name.trim()) throw new FacteurError('ERR_VALIDATION', 'the name is empty', { hint: 'pass --name "what this key is for"' });
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const k = generateApiKey();
        const row = await rt.storage.repos.apiKeys.create(t.id, { name: opts.name.trim(), prefix: k.prefix, secretHash: k.secretHash, scopes });
        if (opts.json) stdio.out(JSON.stringify({ id: row.id, key: k.key, scopes, tenant: t.slug }));
        else {
          stdio.out(k.key);
          stdio.err(`created API key ${row.id} for ${t.slug} (scopes: ${scopes.join(',')}); store it now, it will not be shown again`);
        }
      });
    });

  apikey
    .command('list')
    .description("List a tenant's API keys (never the secrets)")
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .option('--json', 'print JSON lines')
    .action(async (opts: { tenant: string; json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const keys = await rt.storage.repos.apiKeys.list(t.id);
        if (opts.json) for (const k of keys) stdio.out(JSON.stringify({ id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, created_at: iso(k.createdAt), last_used_at: k.lastUsedAt && iso(k.lastUsedAt), revoked_at: k.revokedAt && iso(k.revokedAt) }));
        else if (keys.length === 0) stdio.out(`no API keys for ${t.slug}: create one with \`facteur apikey create --tenant ${t.slug} --name NAME --scopes read,write\``);
        else for (const k of keys) stdio.out(show(k));
      });
    });

  apikey
    .command('revoke <id>')
    .description('Revoke an API key at once (requests with it get 401)')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .action(async (id: string, opts: { tenant: string }, cmd: Command) => {
      if (!/^\d+$/.test(id)) throw new FacteurError('ERR_VALIDATION', `the key id must be a number, got "${id}"`, { hint: 'ids are in the first column of `facteur apikey list`' });
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        if (!(await rt.storage.repos.apiKeys.revoke(t.id, Number(id)))) {
          throw new FacteurError('ERR_APIKEY_NOT_FOUND', `no active API key ${id} for ${t.slug}`, { hint: `see \`facteur apikey list --tenant ${t.slug}\`` });
        }
        stdio.out(`revoked API key ${id}`);
      });
    });
}
