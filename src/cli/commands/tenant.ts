// facteur tenant create|list|suspend|resume: operators manage associations from the shell.
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import type { Tenant } from '../../core/model.ts';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function positiveInt(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new FacteurError('ERR_VALIDATION', `${name} must be a whole number, got "${v}"`, { hint: `e.g. ${name} 5000` });
    return Number(v);
  };
}

function show(t: Tenant): string {
  const quota = t.quotaDaily || t.quotaHourly ? ` quota=${t.quotaHourly ?? '-'}/h,${t.quotaDaily ?? '-'}/day` : '';
  return `${t.id}\t${t.slug}\t${t.status}${t.statusReason ? ` (${t.statusReason})` : ''}\t${t.name}${quota}`;
}

/** A tenant as printed: DKIM private keys (settings.dkim, settings.dkim_pending) never leave the database. */
export function printable(t: Tenant): Tenant {
  const hide = (v: unknown) =>
    Array.isArray(v) ? v.map((k: unknown) => (k && typeof k === 'object' && 'privateKey' in k ? { ...k, privateKey: '(hidden)' } : k)) : v;
  const settings = { ...t.settings };
  for (const key of ['dkim', 'dkim_pending']) if (key in settings) settings[key] = hide(settings[key]);
  return { ...t, settings };
}

export function register(program: Command): void {
  const tenant = program.command('tenant').description('Create, list, suspend and resume tenants (associations)');

  tenant
    .command('create')
    .description('Create a tenant')
    .requiredOption('--slug <slug>', 'short unique name: lower-case letters, digits and dashes (e.g. atelier-velo)')
    .requiredOption('--name <name>', 'display name (e.g. "Atelier Vélo Solidaire")')
    .option('--quota-hourly <n>', 'maximum messages per hour (default: none)', positiveInt('--quota-hourly'))
    .option('--quota-daily <n>', 'maximum messages per day (default: none)', positiveInt('--quota-daily'))
    .option('--json', 'print the tenant as JSON')
    .action(async (opts: { slug: string; name: string; quotaHourly?: number; quotaDaily?: number; json?: boolean }, cmd: Command) => {
      if (!SLUG.test(opts.slug)) {
        throw new FacteurError('ERR_VALIDATION', `invalid slug "${opts.slug}"`, { hint: 'use 1–63 lower-case letters, digits and dashes, not starting or ending with a dash' });
      }
      if (!opts.name.trim()) throw new FacteurError('ERR_VALIDATION', 'the name is empty', { hint: 'pass --name "Association name"' });
      await withRuntime(cmd, async (rt) => {
        const t = await rt.storage.repos.tenants.create({ slug: opts.slug, name: opts.name.trim(), quotaHourly: opts.quotaHourly ?? null, quotaDaily: opts.quotaDaily ?? null });
        stdio.out(opts.json ? JSON.stringify(printable(t)) : `created tenant ${t.id} (${t.slug})`);
      });
    });

  tenant
    .command('list')
    .description('List tenants: id, slug, status, name')
    .option('--json', 'print JSON lines instead of a table')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const all = await rt.storage.repos.tenants.list();
        if (opts.json) for (const t of all) stdio.out(JSON.stringify(printable(t)));
        else if (all.length === 0) stdio.out('no tenants yet: create one with `facteur tenant create --slug SLUG --name NAME`');
        else for (const t of all) stdio.out(show(t));
      });
    });

  tenant
    .command('suspend <tenant>')
    .description('Suspend a tenant (slug or id): nothing more is sent for it until resumed; queued mail waits')
    .option('--reason <text>', 'why, shown to the tenant and in the logs', 'suspended by an operator')
    .action(async (ref: string, opts: { reason: string }, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, ref);
        const updated = await rt.storage.repos.tenants.setStatus(t.id, 'suspended', opts.reason);
        stdio.out(`suspended ${show(updated)}`);
      });
    });

  tenant
    .command('resume <tenant>')
    .description('Resume a suspended or paused tenant (slug or id); its waiting mail goes out')
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, ref);
        const updated = await rt.storage.repos.tenants.setStatus(t.id, 'active', null);
        await rt.storage.repos.events.append(t.id, { type: 'tenant.resumed', data: { by: 'operator' } });
        stdio.out(`resumed ${show(updated)}`);
      });
    });
}
