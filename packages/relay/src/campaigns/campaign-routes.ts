import {
  Campaign,
  CampaignCreate,
  CampaignList,
  CampaignPatch,
  CampaignStats,
  type CampaignCounts,
  MAX_CAMPAIGNS,
  MAX_LIVE_CAMPAIGNS,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { CampaignRecord } from './campaign-repository.js';
import type { Campaigns } from './campaigns.js';

function campaignsOf(call: Call): Campaigns {
  const campaigns = call.use('campaigns');
  if (!campaigns) throw new ApiError('not_found', 'Campaigns are not part of this relay.');
  return campaigns;
}

const tag = 'campaigns';

const json = (record: CampaignRecord): Campaign => {
  const { siteId: _site, ...campaign } = record;
  return campaign;
};

/** A member named as the sender must be an active member of the site. */
async function checkSender(call: Call, sender: Campaign['sender'] | undefined): Promise<void> {
  if (sender?.kind !== 'member') return;
  const staff = await call.admin.repos.desk.getStaff(call.site.id, sender.staffId);
  if (!staff || staff.revokedAt !== null || staff.deactivatedAt !== null)
    throw new ApiError('bad_request', 'Invalid body.sender.staffId: no active member of this site has that id.');
}

/** Live campaigns ride in every first visit's loader: a site runs a few at once. */
async function checkLiveCount(call: Call, campaigns: Campaigns, except?: string): Promise<void> {
  const live = (await campaigns.repository.list(call.site.id)).filter((c) => c.status === 'live' && c.id !== except);
  if (live.length >= MAX_LIVE_CAMPAIGNS)
    throw new ApiError('conflict', `A site runs at most ${MAX_LIVE_CAMPAIGNS} live campaigns; pause one first.`);
}

const sum = (counts: readonly CampaignCounts[]): CampaignCounts => {
  const total = { shown: 0, opened: 0, conversations: 0, replied: 0, ratings: 0, csat: null as number | null };
  let scores = 0;
  for (const c of counts) {
    total.shown += c.shown;
    total.opened += c.opened;
    total.conversations += c.conversations;
    total.replied += c.replied;
    total.ratings += c.ratings;
    scores += (c.csat ?? 0) * c.ratings;
  }
  total.csat = total.ratings > 0 ? scores / total.ratings : null;
  return total;
};

/**
 * Campaigns' admin routes (docs/campaigns.md): any member reads them and their stats; changing them takes
 * `settings.manage`. Every change is in the audit log, and the site's loader has the new rules within seconds.
 */
export const campaignRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/campaigns',
    doc: {
      summary: 'List campaigns',
      description: 'Every campaign of the site, live and paused, oldest first.',
      tag,
      responses: ok('The campaigns.', CampaignList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await campaignsOf(call).repository.list(call.site.id)).map(json) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/campaigns',
    permission: 'settings.manage',
    requestBody: CampaignCreate,
    doc: {
      summary: 'Add a campaign',
      description:
        'A proactive message the site’s loader shows by the launcher when its rules match (docs/campaigns.md). Live at once unless `status` is `paused`. At most 50 per site, 10 live (409 `conflict`). A member named as the sender must be an active member (400).',
      tag,
      conflict: true,
      responses: ok('Added.', Campaign, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const campaigns = campaignsOf(call);
      const existing = await campaigns.repository.list(call.site.id);
      if (existing.length >= MAX_CAMPAIGNS)
        throw new ApiError('conflict', `A site keeps at most ${MAX_CAMPAIGNS} campaigns.`);
      await checkSender(call, body.sender);
      const status = body.status ?? 'live';
      if (status === 'live') await checkLiveCount(call, campaigns);
      const created: Campaign = {
        id: randomId('cmp'),
        name: body.name,
        status,
        variants: body.variants,
        buttons: body.buttons ?? [],
        sender: body.sender ?? { kind: 'bot' },
        urls: body.urls ?? [],
        delaySeconds: body.delaySeconds ?? 0,
        scrollPercent: body.scrollPercent ?? 0,
        exitIntent: body.exitIntent ?? false,
        visitors: body.visitors ?? 'all',
        identified: body.identified ?? 'all',
        languages: body.languages ?? [],
        startAt: body.startAt ?? null,
        endAt: body.endAt ?? null,
        businessHoursOnly: body.businessHoursOnly ?? false,
        frequency: body.frequency ?? { kind: 'once' },
        createdAt: call.now,
        updatedAt: call.now,
      };
      await campaigns.repository.create(call.site.id, created);
      campaigns.changed(call.site.id);
      await audit(call, 'campaign.create', 'campaign', created.id, { name: created.name, status });
      return { status: 201, body: created };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/campaigns/{id}',
    resource: 'campaign',
    doc: { summary: 'Read a campaign', description: '', tag, responses: ok('The campaign.', Campaign) },
    run: async (call) => {
      const campaign = await campaignsOf(call).repository.get(call.site.id, call.params.id!);
      if (!campaign) throw new ApiError('not_found', 'No such campaign on this site.');
      return { status: 200, body: json(campaign) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/campaigns/{id}',
    permission: 'settings.manage',
    resource: 'campaign',
    requestBody: CampaignPatch,
    doc: {
      summary: 'Change a campaign',
      description:
        'Any of its fields; `status: "paused"` pauses it (its bubble stops showing within seconds, and replies to it are refused).',
      tag,
      conflict: true,
      responses: ok('Changed.', Campaign),
    },
    run: async (call) => {
      const body = call.body;
      const campaigns = campaignsOf(call);
      const before = await campaigns.repository.get(call.site.id, call.params.id!);
      if (!before) throw new ApiError('not_found', 'No such campaign on this site.');
      const updated: Campaign = { ...json(before), ...body, updatedAt: call.now };
      if (updated.startAt !== null && updated.endAt !== null && updated.startAt >= updated.endAt)
        throw new ApiError('bad_request', 'Invalid body.endAt: startAt must be before endAt.');
      await checkSender(call, body.sender);
      if (updated.status === 'live' && before.status !== 'live') await checkLiveCount(call, campaigns, before.id);
      await campaigns.repository.update(call.site.id, updated);
      campaigns.changed(call.site.id);
      await audit(call, 'campaign.update', 'campaign', updated.id, { fields: Object.keys(body) });
      return { status: 200, body: updated };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/campaigns/{id}',
    permission: 'settings.manage',
    resource: 'campaign',
    doc: {
      summary: 'Delete a campaign',
      description: 'With its counts; conversations it started keep their messages.',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const campaigns = campaignsOf(call);
      if (!(await campaigns.repository.delete(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such campaign on this site.');
      campaigns.changed(call.site.id);
      await audit(call, 'campaign.delete', 'campaign', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/campaigns/{id}/stats',
    resource: 'campaign',
    doc: {
      summary: 'A campaign’s results',
      description:
        'Shown and opened (clicked) bubbles, conversations it started, those the visitor wrote in, and their ratings (CSAT), in total and per variant of the text.',
      tag,
      responses: ok('The counts.', CampaignStats),
    },
    run: async (call) => {
      const campaigns = campaignsOf(call);
      const campaign = await campaigns.repository.get(call.site.id, call.params.id!);
      if (!campaign) throw new ApiError('not_found', 'No such campaign on this site.');
      await campaigns.flushCounts();
      const rows = await campaigns.repository.stats(campaign.id);
      const stats: CampaignStats = {
        total: sum(rows),
        variants: rows.map(({ variant, ...counts }) => ({
          variant,
          text: campaign.variants[variant] ?? null,
          counts,
        })),
      };
      return { status: 200, body: stats };
    },
  }),
];
