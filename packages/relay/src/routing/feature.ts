import { defineFeature } from '../features/feature.js';
import * as routingQueries from './routing-queries.js';
import { routingRoutes } from './routing-routes.js';
import { Routing } from './routing.js';
import { ROUTING_MIGRATIONS } from './routing-migrations.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    routing: Routing;
  }
}

/** Routing (docs/automations.md): who gets a conversation, reassignment. Deadlines are the SLA feature's. */
export const routingFeature = defineFeature({
  name: 'routing',
  repositories: { routing: routingQueries },
  migrations: ROUTING_MIGRATIONS,
  adminRoutes: routingRoutes,
  create: ({ admin, options }) => {
    const routing = new Routing({
      admin,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return { instance: routing, hooks: routing, start: () => routing.start(), stop: () => routing.stop() };
  },
});
