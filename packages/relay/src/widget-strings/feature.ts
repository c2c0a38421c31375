import { defineFeature } from '../features/feature.js';
import { WIDGET_STRINGS_MIGRATIONS } from './widget-strings-migrations.js';
import { WidgetStringsRepository } from './widget-strings-repository.js';
import { widgetStringsRoutes } from './widget-strings-routes.js';
import { WidgetStringOverrides } from './widget-strings.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    'widget-strings': WidgetStringOverrides;
  }
}

/**
 * The site's own words in its widget (issue #85; the widget README, "A site's own words"): any string of the
 * catalogue (`WIDGET_STRINGS`, `@parley/protocol`) per locale, set in the inbox and sent in a visitor's welcome for
 * the visitor's locale.
 */
export const widgetStringsFeature = defineFeature({
  name: 'widget-strings',
  migrations: WIDGET_STRINGS_MIGRATIONS,
  adminRoutes: widgetStringsRoutes,
  create: ({ db, log, options }) => {
    const overrides = new WidgetStringOverrides({
      repository: new WidgetStringsRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: overrides,
      hooks: overrides,
      start: () => overrides.start(),
      stop: () => overrides.stop(),
    };
  },
});
