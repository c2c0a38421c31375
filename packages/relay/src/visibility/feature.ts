import { defineFeature } from '../features/feature.js';
import { VISIBILITY_MIGRATIONS } from './visibility-migrations.js';
import { VisibilityRepository } from './visibility-repository.js';
import { visibilityRoutes } from './visibility-routes.js';
import { Visibility } from './visibility.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    visibility: Visibility;
  }
}

/** Who sees what: a site shows agents all conversations, their teams' or their own (docs/accounts.md). */
export const visibilityFeature = defineFeature({
  name: 'visibility',
  migrations: VISIBILITY_MIGRATIONS,
  adminRoutes: visibilityRoutes,
  create: ({ admin, core, db }) => {
    const visibility = new Visibility({ repository: new VisibilityRepository(db), admin, core });
    return { instance: visibility, hooks: visibility };
  },
});
