// The campaigns area: list, editor, preview, test, send, progress and the report.
//
// Route table.
//   GET  /admin/campaigns/:id                 report: counts per state and per failure reason
//   GET  /admin/campaigns/:id/failures.csv    the addresses that bounced or complained
import type { FastifyInstance } from 'fastify';
import { toCsv } from '../../api/csv.ts';
import { adminMessages } from '../messages.ts';
import type { AdminKit } from '../kit.ts';
import { campaignPage } from './pages.ts';

export function campaignsArea(app: FastifyInstance, kit: AdminKit): void {
  const { storage } = kit;

  app.get<{ Params: { id: string } }>('/admin/campaigns/:id', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const path = `/admin/campaigns/${req.params.id}`;
    const id = kit.id(req.params.id);
    const campaign = id === undefined ? undefined : await storage.repos.campaigns.get(auth.tenant.id, id);
    if (!campaign) return kit.notFound(reply, auth);
    const counts = await storage.repos.campaignReports.counts(auth.tenant.id, campaign.id);
    return kit.page(reply, 200, campaignPage(kit.ctxOf(path, auth.lang, auth), campaign, counts));
  });

  app.get<{ Params: { id: string } }>('/admin/campaigns/:id/failures.csv', async (req, reply) => {
    const auth = await kit.requireTenant(req, reply);
    if (!auth) return reply;
    const id = kit.id(req.params.id);
    const campaign = id === undefined ? undefined : await storage.repos.campaigns.get(auth.tenant.id, id);
    if (!campaign) return kit.notFound(reply, auth);
    const m = adminMessages(auth.lang);
    const rows: string[][] = [m.campaign.csvHeader];
    let cursor: string | null = null;
    do {
      const pageOf = await storage.repos.campaignReports.failures(auth.tenant.id, campaign.id, { cursor, limit: 10_000 });
      for (const f of pageOf.items) rows.push([f.address, f.name ?? '', f.kind, f.reason ?? '', f.code === null ? '' : String(f.code), f.response ?? '', new Date(f.at).toISOString()]);
      cursor = pageOf.nextCursor;
    } while (cursor);
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${campaign.id}-failures.csv"`)
      .send(toCsv(rows, auth.lang === 'fr' ? ';' : ','));
  });
}
