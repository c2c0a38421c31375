import {
  AvailabilityBody,
  RoutingAnswer,
  RoutingSaved,
  RoutingSettings,
  RoutingStaff,
  RoutingStaffPatch,
  Team,
  TeamBody,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** Routing and SLA (issue #17). (`routing-routes.ts` serves them.) */
export const routingPaths = (): Record<string, Json> => ({
  '/v1/admin/routing': {
    get: operation(
      "The site's routing",
      'Its routing and SLA settings, its staff with their availability, capacity and open conversations, and its teams. See docs/automations.md ("Routing", "SLA").',
      {
        tag: 'routing',
        responses: ok('Settings, staff and teams.', RoutingAnswer),
      },
    ),
    put: operation(
      "Replace the site's routing",
      'The whole document. Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`routing.update`).',
      {
        tag: 'routing',
        adminOnly: true,
        requestBody: body(RoutingSettings),
        responses: ok('The settings now.', RoutingSaved),
      },
    ),
  },
  '/v1/admin/routing/staff/{id}': {
    patch: operation(
      "Change a staff member's routing",
      'Their capacity (null: the site’s default) or availability. Setting `offline` starts the reassignment timer when the site reassigns. Audited (`routing.staff.update`).',
      {
        tag: 'routing',
        adminOnly: true,
        parameters: [idParam('staff')],
        requestBody: body(RoutingStaffPatch),
        notFound: true,
        responses: ok('The staff member now.', RoutingStaff),
      },
    ),
  },
  '/v1/admin/me/availability': {
    get: operation('My availability', 'The caller’s availability and routing facts.', {
      tag: 'routing',
      notFound: true,
      responses: ok('The caller.', RoutingStaff),
    }),
    put: operation(
      'Set my availability',
      '`online`: routing gives the caller conversations while connected; `away`: none new; `offline`: none, and their open conversations go to others after the site’s minutes. Audited (`availability.update`).',
      {
        tag: 'routing',
        requestBody: body(AvailabilityBody),
        notFound: true,
        responses: ok('The caller now.', RoutingStaff),
      },
    ),
  },
  '/v1/admin/teams': {
    post: operation(
      'Create a team',
      'Its name and members (active staff of the site). A conversation moved to a team is routed inside it. Audited (`team.create`).',
      {
        tag: 'routing',
        adminOnly: true,
        requestBody: body(TeamBody),
        responses: ok('The team.', Team, '201'),
      },
    ),
  },
  '/v1/admin/teams/{id}': {
    put: operation('Replace a team', 'Its name and members. Audited (`team.update`).', {
      tag: 'routing',
      adminOnly: true,
      parameters: [idParam('team')],
      requestBody: body(TeamBody),
      notFound: true,
      responses: ok('The team.', Team),
    }),
    delete: operation(
      'Delete a team',
      'Its conversations keep their assignee and lose the team. Audited (`team.delete`).',
      {
        tag: 'routing',
        adminOnly: true,
        parameters: [idParam('team')],
        notFound: true,
        responses: { '204': { description: 'Deleted.' } },
      },
    ),
  },
});
