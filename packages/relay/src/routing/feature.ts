import { defineFeature } from '../features/feature.js';
import * as routingQueries from './routing-queries.js';
import { routingRoutes } from './routing-routes.js';
import { memberPermissions } from '../roles/public.js';
import { Routing } from './routing.js';
import { ROUTING_MIGRATIONS } from './routing-migrations.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    routing: Routing;
  }
}

/** Routing and SLA (docs/automations.md): who gets a conversation, first-reply deadlines, reassignment. */
export const routingFeature = defineFeature({
  name: 'routing',
  repositories: { routing: routingQueries },
  migrations: ROUTING_MIGRATIONS,
  adminRoutes: routingRoutes,
  create: ({ admin, options, use }) => {
    const routing = new Routing({
      admin,
      emailEnabled: () => use('email')?.enabled ?? false,
      permissionsOf: memberPermissions(() => use('roles')),
      ...(options.clock ? { now: options.clock } : {}),
    });
    return { instance: routing, hooks: routing, start: () => routing.start(), stop: () => routing.stop() };
  },
});
