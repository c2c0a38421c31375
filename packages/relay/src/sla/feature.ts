import { defineFeature } from '../features/feature.js';
import { memberPermissions } from '../roles/public.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import { SLA_MIGRATIONS } from './sla-migrations.js';
import { SlaRepository } from './sla-repository.js';
import { slaRoutes } from './sla-routes.js';
import { slaHandlers } from './sla-jobs.js';
import { Sla } from './sla.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    sla: Sla;
  }
}

/** SLA policies (docs/sla.md): first-response, next-response and resolution targets, clocks, breaches, attainment. */
export const slaFeature = defineFeature({
  name: 'sla',
  migrations: SLA_MIGRATIONS,
  adminRoutes: slaRoutes,
  apiTag: { name: 'sla', description: 'SLA policies, their clocks and attainment (docs/sla.md).' },
  erasure: { conversations: [{ table: 'sla_clocks' }, { table: 'sla_conversations' }] },
  create: ({ admin, db, log, options, use }) => {
    const sla = new Sla({
      admin,
      repository: new SlaRepository(db),
      hours: (siteId) => use('automations')?.settings(siteId).hours ?? undefined,
      emailEnabled: () => use('email')?.enabled ?? false,
      permissionsOf: memberPermissions(() => use('roles')),
      ...(options.clock ? { now: options.clock } : {}),
    });
    const consumer = new LogConsumer({
      name: 'sla',
      db,
      log,
      handle: (batch) => sla.handle(batch),
      // Without any policy, the log is not read: its cursor keeps to the end.
      wanted: () => sla.anyPolicy,
    });
    return {
      instance: sla,
      hooks: sla,
      desk: sla,
      handlers: slaHandlers(sla),
      logConsumers: [consumer],
      start: () => sla.start(),
      stop: () => sla.stop(),
    };
  },
});
