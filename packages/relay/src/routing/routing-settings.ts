import * as z from 'zod/mini';
import { RoutingSettings } from '@parley/protocol/admin';

/*
 * A site's routing and SLA settings (issue #17): how new conversations are assigned, agents' default capacity,
 * when an offline agent's conversations go to someone else, and the first-reply deadline. One JSON document per
 * site, replaced as a whole by `PUT /v1/admin/routing`; a site that never saved one has routing and SLA off.
 * Its schema is the admin API's contract (`RoutingSettings`, @parley/protocol/admin).
 */

export { RoutingSettings };

/** What a site that never saved settings has: routing and SLA off, a reply assigns an unassigned conversation. */
export const DEFAULT_ROUTING: RoutingSettings = {
  mode: 'off',
  defaultCapacity: 10,
  reassignAfterMinutes: null,
  sla: null,
  assignOnReply: true,
};

/** The stored document, checked; the defaults when it is missing or no longer valid. */
export function readRouting(stored: unknown): RoutingSettings {
  const parsed = z.safeParse(RoutingSettings, stored);
  return parsed.success ? parsed.data : DEFAULT_ROUTING;
}
