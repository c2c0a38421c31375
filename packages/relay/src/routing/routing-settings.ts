import * as z from 'zod/mini';
import { ConversationPriority } from '@parley/protocol';

/*
 * A site's routing and SLA settings (issue #17): how new conversations are assigned, agents' default capacity,
 * when an offline agent's conversations go to someone else, and the first-reply deadline. One JSON document per
 * site, replaced as a whole by `PUT /v1/admin/routing`; a site that never saved one has routing and SLA off.
 */

const minutes = z.int().check(z.gte(1), z.lte(7 * 24 * 60));

/** The schema of a site's routing settings, as the admin API takes and returns them. */
export const RoutingSettings = z.strictObject({
  /** `off`: nobody is assigned automatically. */
  mode: z.enum(['off', 'round-robin', 'least-open']),
  /** Open conversations an agent takes at most, unless they have a capacity of their own. */
  defaultCapacity: z.int().check(z.gte(0), z.lte(1000)),
  /** An assignee offline this long loses their open conversations to another agent; `null`: never. */
  reassignAfterMinutes: z.nullable(minutes),
  /** The first-reply deadline; `null`: no SLA. */
  sla: z.nullable(
    z.strictObject({
      /** No staff reply within this after the conversation opened: it is overdue. */
      firstResponseMinutes: minutes,
      /** Its priority is raised to at least this. */
      raisePriorityTo: ConversationPriority,
      /** Its team (or, without one, the site's admins) gets a notification email (staff who turned them on). */
      notifyEmail: z.boolean(),
    }),
  ),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

/** What a site that never saved settings has: routing and SLA off. */
export const DEFAULT_ROUTING: RoutingSettings = {
  mode: 'off',
  defaultCapacity: 10,
  reassignAfterMinutes: null,
  sla: null,
};

/** The stored document, checked; the defaults when it is missing or no longer valid. */
export function readRouting(stored: unknown): RoutingSettings {
  const parsed = z.safeParse(RoutingSettings, stored);
  return parsed.success ? parsed.data : DEFAULT_ROUTING;
}
