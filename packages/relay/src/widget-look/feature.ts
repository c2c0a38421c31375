import { defineFeature } from '../features/feature.js';
import { WIDGET_LOOK_MIGRATIONS } from './widget-look-migrations.js';
import { WidgetLookRepository } from './widget-look-repository.js';
import { widgetLookRoutes } from './widget-look-routes.js';
import { WidgetLooks } from './widget-looks.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'widget-look': WidgetLooks;
  }
}

/**
 * The site's widget look (the widget README, "The site's look, from the inbox"): its theme, side and pre-chat form, set in the inbox
 * and set by the site's loader (`/widget.js?site=…`) with the site's colour, where the embed code sets nothing.
 */
export const widgetLookFeature = defineFeature({
  name: 'widget-look',
  migrations: WIDGET_LOOK_MIGRATIONS,
  adminRoutes: widgetLookRoutes,
  create: ({ admin, db }) => {
    const looks = new WidgetLooks({ admin, repository: new WidgetLookRepository(db) });
    return { instance: looks, hooks: looks, loaderDefaults: (siteId) => looks.loaderDefaults(siteId) };
  },
});
