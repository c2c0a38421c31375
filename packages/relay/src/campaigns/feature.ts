import { defineFeature } from '../features/feature.js';
import { CAMPAIGN_MIGRATIONS } from './campaign-migrations.js';
import { campaignPaths } from './campaign-openapi.js';
import { registerCampaignPublic } from './campaign-public.js';
import { CampaignRepository } from './campaign-repository.js';
import { campaignRoutes } from './campaign-routes.js';
import { Campaigns } from './campaigns.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    campaigns: Campaigns;
  }
}

/**
 * Campaigns (docs/campaigns.md, issue #42): proactive messages by the launcher. The site's loader gets the live
 * campaigns' rules (`data-campaigns`) and decides in the browser; the relay counts what was shown and clicked, and
 * starts a visitor's conversation with the campaign's message when they reply.
 */
export const campaignsFeature = defineFeature({
  name: 'campaigns',
  migrations: CAMPAIGN_MIGRATIONS,
  adminRoutes: campaignRoutes,
  apiTag: {
    name: 'campaigns',
    description: 'Proactive messages shown by the launcher on rules the site’s loader evaluates, and their results.',
  },
  apiPaths: campaignPaths,
  erasure: { conversations: [{ table: 'campaign_conversations' }] },
  create: ({ admin, core, db, config, log, use, options }) => {
    const campaigns = new Campaigns({
      repository: new CampaignRepository(db),
      admin,
      use,
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: campaigns,
      hooks: campaigns,
      http: (app) =>
        registerCampaignPublic(app, {
          campaigns,
          siteByKey: (key) => core.store.getSiteByKey(key),
          trustProxy: config.trustProxy,
          log,
        }),
      loaderDefaults: (siteId) => campaigns.loaderDefaults(siteId),
      close: () => campaigns.close(),
    };
  },
});
