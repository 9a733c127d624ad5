// GET /admin: the dashboard. A team member sees what needs attention (guard pause, suspension,
// paused campaigns, no sending domain) and the latest campaigns with their figures; a platform
// operator sees the hosted associations.
import type { FastifyInstance } from 'fastify';
import { ReputationGuard } from '../../delivery/guard/index.ts';
import { tenantSigning } from '../../delivery/queue/index.ts';
import { silentLogger } from '../../lib/logger.ts';
import type { AdminKit } from './kit.ts';
import { dashboardPage, operatorDashboardPage, type CampaignRow } from './pages.ts';

export function dashboardArea(app: FastifyInstance, kit: AdminKit, latest = 10): void {
  const { storage } = kit;
  // Read-only use of the guard: its status() judges the window and the warm-up allowance.
  const guard = new ReputationGuard({ storage, clock: storage.clock, logger: silentLogger(), settings: kit.settings.guard });
  app.get('/admin', async (req, reply) => {
    const auth = await kit.requireAuth(req, reply);
    if (!auth) return reply;
    const ctx = kit.ctxOf('/admin', auth.lang, auth);
    if (!auth.tenant) return kit.page(reply, 200, operatorDashboardPage(ctx, await storage.repos.tenants.list()));
    const tenant = auth.tenant;
    const ids = await kit.sessions.latestCampaignIds(tenant.id, latest);
    const campaigns: CampaignRow[] = [];
    for (const id of ids) {
      const campaign = await storage.repos.campaigns.get(tenant.id, id);
      if (campaign) campaigns.push({ campaign, counts: await storage.repos.campaignReports.counts(tenant.id, id) });
    }
    const domain = tenant.settings.sending_domain;
    const hasSendingDomain = typeof domain === 'string' && domain.trim() !== '';
    const standing = await guard.status(tenant.id, kit.now());
    return kit.page(reply, 200, dashboardPage(ctx, { tenant, campaigns, hasSendingDomain, hasDkim: tenantSigning(tenant).length > 0, standing, now: kit.now() }));
  });
}
