import { defineFeature } from '../features/feature.js';
import { SavedViews } from './saved-views.js';
import { viewFilters } from './view-points.js';
import { VIEWS_MIGRATIONS } from './views-migrations.js';
import { ViewsRepository } from './views-repository.js';
import { viewsRoutes } from './views-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    views: SavedViews;
  }
}

/** Saved views of the conversation list, shared or personal, with their counts (docs/views-and-bulk.md). */
export const viewsFeature = defineFeature({
  name: 'views',
  migrations: VIEWS_MIGRATIONS,
  adminRoutes: viewsRoutes,
  // Criteria of a view's filter that other features apply (custom attributes').
  points: [viewFilters],
  create: ({ admin, contributions, db, log }) => {
    const views = new SavedViews(new ViewsRepository(db), log, admin.conversationFilters, contributions(viewFilters));
    return { instance: views, start: () => views.start(), stop: () => views.stop() };
  },
});
