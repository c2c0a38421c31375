import { defineFeature } from '../features/feature.js';
import { loadSnowball } from '../snowball.js';
import { HelpCenter } from './help-center.js';
import { HelpDomains } from './help-domains.js';
import { HelpFeedback } from './help-feedback.js';
import { HELP_CENTER_MIGRATIONS } from './help-migrations.js';
import { helpPaths } from './help-openapi.js';
import { registerHelpPublic, type HelpPortalRoot } from './help-public.js';
import { HelpRepository } from './help-repository.js';
import { helpRoutes } from './help-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'help-center': HelpCenter;
  }
}

/**
 * The help center (docs/help-center.md, issue #42): articles in Markdown per site, collection and locale, rendered
 * safely, searched with each store's full-text index, and served as a public portal at `/help/<site key>`. Its
 * articles name their authors (staff ids), never a contact or a conversation: nothing of it is erased with them.
 */
export const helpCenterFeature = defineFeature({
  name: 'help-center',
  migrations: HELP_CENTER_MIGRATIONS,
  adminRoutes: helpRoutes,
  apiTag: {
    name: 'help-center',
    description: 'Articles in Markdown, in collections and locales, and the public search of the published ones.',
  },
  apiPaths: helpPaths,
  create: ({ db, core, config, log, publicOrigin, use, options }) => {
    const help = new HelpCenter({
      repository: new HelpRepository(db),
      feedback: new HelpFeedback(db, options.clock ?? Date.now),
      domains: new HelpDomains(db),
      siteByKey: (key) => core.store.getSiteByKey(key),
      siteById: (id) => core.store.getSite(id),
      accent: async (siteId) => (await use('widget-look')?.loaderDefaults(siteId))?.['accent'],
      ...(options.clock ? { now: options.clock } : {}),
    });
    let portal: HelpPortalRoot | undefined;
    return {
      instance: help,
      http: (app) => {
        portal = registerHelpPublic(app, {
          help,
          publicOrigin,
          trustProxy: config.trustProxy,
          log,
          siteDir: config.siteDir,
          // Two rows at most, whatever the number of sites: one says which, two say it is not one.
          soleSiteKey: async () => {
            const rows = await db.all<{ site_key: string }>('SELECT site_key FROM sites ORDER BY id LIMIT 2');
            return rows.length === 1 ? rows[0]!.site_key : undefined;
          },
        });
      },
      rootFor: (host) => portal?.rootFor(host),
      loaderDefaults: (siteId) => help.loaderDefaults(siteId),
      start: () => {
        // In the background: the relay answers while the indexes are made, a few milliseconds at a time.
        void help.warm();
        return help.domains.start();
      },
      close: () => {
        help.domains.stop();
        return help.close();
      },
      // SQLite's index is searched by the words stemmed here (PostgreSQL stems its own).
      ...(db.dialect === 'sqlite' ? { preload: loadSnowball } : {}),
    };
  },
});
