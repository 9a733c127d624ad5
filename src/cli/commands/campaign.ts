// facteur campaign create|send|status: a campaign from a Markdown file, sent now, and its report
// (deliveries per state and failure reason) — the same operations as /api/v1/campaigns.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stdio } from '../context.ts';
import { withRuntime, findTenant } from '../runtime.ts';
import { FacteurError } from '../../core/errors.ts';
import { contactAddress } from '../../core/import/index.ts';
import { assertFromAllowed, enqueueCampaign, prepareCampaign } from '../../delivery/queue/index.ts';
import { guardSettings } from '../../delivery/guard/index.ts';


export function campaignId(v: string): number {
  if (!/^\d+$/.test(v)) throw new FacteurError('ERR_VALIDATION', `"${v}" is not a campaign id`, { hint: 'give the number printed by `facteur campaign create`' });
  return Number(v);
}

/** "Name <addr>" or "addr". */
function parseFrom(v: string): { name: string | null; address: string } {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(v);
  const raw = m ? m[2]! : v.trim();
  const a = contactAddress(raw);
  if (!a.ok) throw new FacteurError('ERR_INVALID_ADDRESS', `--from: ${a.reason}`, { hint: 'write --from "Atelier vélo <bureau@example.org>" or just the address' });
  return { name: m?.[1]?.replace(/^"|"$/g, '') || null, address: a.address };
}

export function register(program: Command): void {
  const campaign = program.command('campaign').description('Create a campaign from Markdown, send it, and see what became of it');

  campaign
    .command('create')
    .description('Create a draft campaign to a list from a Markdown file; prints its id')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .requiredOption('--list <list>', 'target list slug or id (repeat with commas: news,members)')
    .requiredOption('--subject <subject>', 'subject; may use merge fields such as {{ first_name }}')
    .requiredOption('--markdown <file>', 'the body, in Markdown (UTF-8)')
    .option('--from <from>', '"Name <address>" on the tenant\'s sending domain or the platform\'s')
    .option('--name <name>', 'name for the admins (default: the subject)')
    .option('--json', 'print the campaign as JSON')
    .action(async (opts: { tenant: string; list: string; subject: string; markdown: string; from?: string; name?: string; json?: boolean }, cmd: Command) => {
      let body: string;
      try {
        body = readFileSync(opts.markdown, 'utf8');
      } catch (e) {
        throw new FacteurError('ERR_VALIDATION', `cannot read ${opts.markdown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { hint: 'give the path of a Markdown file' });
      }
      const from = opts.from ? parseFrom(opts.from) : undefined;
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const listIds: number[] = [];
        for (const ref of opts.list.split(',').map((s) => s.trim()).filter(Boolean)) {
          const l = /^\d+$/.test(ref) ? await rt.storage.repos.lists.get(t.id, Number(ref)) : await rt.storage.repos.lists.getBySlug(t.id, ref);
          if (!l) throw new FacteurError('ERR_LIST_NOT_FOUND', `no list "${ref}" in ${t.slug}`, { hint: 'give a list slug or id (see the lists API, or create one with `facteur import --create-list`)' });
          listIds.push(l.id);
        }
        if (from) assertFromAllowed(t, rt.config.platform.domain, from.address, 'from');
        const c = await rt.storage.repos.campaigns.create(t.id, { name: opts.name ?? opts.subject, subject: opts.subject, bodyMarkdown: body, listIds, ...(from ? { fromAddress: from.address, fromName: from.name } : {}) });
        // Compile now: a merge-field typo is reported here rather than at send time.
        await prepareCampaign(rt.storage, t, c, { platformDomain: rt.config.platform.domain });
        if (opts.json) stdio.out(JSON.stringify({ id: c.id, tenant: t.slug, status: c.status, list_ids: listIds }));
        else {
          stdio.out(String(c.id));
          stdio.err(`created draft campaign ${c.id} for ${t.slug}; send it with \`facteur campaign send ${c.id} --tenant ${t.slug}\``);
        }
      });
    });

  campaign
    .command('send <id>')
    .description('Send a draft (or scheduled) campaign now: queues one delivery per subscribed member; the engine of `facteur serve`/`worker` sends them')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .action(async (id: string, opts: { tenant: string }, cmd: Command) => {
      const cid = campaignId(id);
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const c = await rt.storage.repos.campaigns.get(t.id, cid);
        if (!c) throw new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `no campaign ${cid} in ${t.slug}`, { hint: 'see the campaigns API for ids' });
        await prepareCampaign(rt.storage, t, c, { platformDomain: rt.config.platform.domain, requireLists: true });
        const r = await enqueueCampaign(rt.storage, t.id, cid, { platformDomain: rt.config.platform.domain, canary: guardSettings(rt.config.guard).canary });
        await rt.storage.repos.events.append(t.id, { type: 'campaign.started', campaignId: cid, messageId: r.messageId, data: { deliveries: r.deliveries, by: 'cli', ...(r.canary ? { canary: r.canary } : {}) } });
        stdio.out(`campaign ${cid}: ${r.deliveries} recipients queued${r.canary ? ` (canary: ${r.canary.slice} first; ${r.canary.held} wait for the slice's verdict)` : ''}`);
      });
    });

  campaign
    .command('status <id>')
    .description('What became of a campaign: deliveries per state, failures per reason')
    .requiredOption('--tenant <tenant>', 'tenant slug or id')
    .option('--json', 'print as JSON')
    .action(async (id: string, opts: { tenant: string; json?: boolean }, cmd: Command) => {
      const cid = campaignId(id);
      await withRuntime(cmd, async (rt) => {
        const t = await findTenant(rt, opts.tenant);
        const c = await rt.storage.repos.campaigns.get(t.id, cid);
        if (!c) throw new FacteurError('ERR_CAMPAIGN_NOT_FOUND', `no campaign ${cid} in ${t.slug}`, { hint: 'see the campaigns API for ids' });
        const s = await rt.storage.repos.campaignReports.counts(t.id, cid);
        const total = Object.values(s.byState).reduce((a, b) => a + b, 0);
        if (opts.json) {
          stdio.out(JSON.stringify({ id: cid, name: c.name, status: c.status, total, by_state: s.byState, by_reason: s.byReason, complaints: s.complaints, unsubscribes: s.unsubscribes }));
          return;
        }
        stdio.out(`campaign ${cid} "${c.name}": ${c.status}, ${total} recipients`);
        for (const [state, n] of Object.entries(s.byState).sort((a, b) => b[1] - a[1])) stdio.out(`  ${state.padEnd(11)} ${n}`);
        if (s.byReason.length > 0) {
          stdio.out('failures by reason:');
          for (const r of s.byReason) stdio.out(`  ${r.state.padEnd(11)} ${r.reason.padEnd(16)} ${r.count}`);
        }
        if (s.complaints + s.unsubscribes > 0) stdio.out(`complaints ${s.complaints}, unsubscribes ${s.unsubscribes}`);
      });
    });
}
