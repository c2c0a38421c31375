import {
  AvailabilityBody,
  type DeepReadonly,
  RoutingAnswer,
  RoutingSaved,
  RoutingStaff as RoutingStaffJson,
  RoutingSettings,
  RoutingStaffPatch,
  Team,
  TeamBody,
} from '@parley/protocol/admin';
import { ONLINE_WINDOW_MS } from './routing-kinds.js';
import type { Routing } from './routing.js';
import { readRouting } from './routing-settings.js';
import type { RoutingStaff } from './routing-store.js';
import { randomId } from '../auth/tokens.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';

const tag = 'routing';

/** Writes the team `id` with the name and members of a request's `body`, audited as `action`. */
async function saveTeam(call: Call, id: string, body: TeamBody, action: 'team.create' | 'team.update') {
  const team = await call.admin.repos.routing.putTeam(call.site.id, { id, ...body }, call.now);
  if (team === 'bad_member')
    throw new ApiError('bad_request', 'Invalid body.memberIds: not all are active staff of this site.');
  await audit(call, action, 'team', team.id, { name: team.name, members: team.memberIds.length });
  // Where teams decide what agents see (issue #41), their connections reconnect into it.
  await call.use('visibility')?.membersChanged(call.site.id);
  return team;
}

function routingOf(call: Call): Routing {
  const routing = call.use('routing');
  if (!routing) throw new ApiError('not_found', 'Routing is not part of this relay.');
  return routing;
}

/** A staff member as the API shows them: `connected` when a relay saw them lately, `online` when also available. */
function staffJson(call: Call, staff: RoutingStaff): DeepReadonly<RoutingStaffJson> {
  const now = call.use('routing')?.now() ?? call.now;
  const connected = staff.lastSeenAt >= now - ONLINE_WINDOW_MS;
  return { ...staff, connected, online: connected && staff.availability === 'online' };
}

/** Routes of routing and SLA (issue #17): the site's settings, staff availability and capacity, teams. */
export const routingRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/routing',
    doc: {
      summary: "The site's routing",
      description:
        'Its routing and SLA settings, its staff with their availability, capacity and open conversations, and its teams. See docs/automations.md ("Routing", "SLA").',
      tag,
      responses: ok('Settings, staff and teams.', RoutingAnswer),
    },
    run: async (call) => {
      const record = await call.admin.repos.routing.getRoutingSettings(call.site.id);
      const [staff, teams] = await Promise.all([
        call.admin.repos.routing.listRoutingStaff(call.site.id),
        call.admin.repos.routing.listTeams(call.site.id),
      ]);
      return {
        status: 200,
        body: {
          settings: readRouting(record?.settings),
          updatedAt: record?.updatedAt ?? null,
          staff: staff.map((member) => staffJson(call, member)),
          teams,
        },
      };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/routing',
    permission: 'settings.manage',
    requestBody: RoutingSettings,
    doc: {
      summary: "Replace the site's routing",
      description:
        'The whole document. Takes effect at once on this relay and within about 10 s on the others; recorded in the audit log (`routing.update`).',
      tag,
      responses: ok('The settings now.', RoutingSaved),
    },
    run: async (call) => {
      const settings = call.body;
      const record = await call.admin.repos.routing.putRoutingSettings(call.site.id, settings, call.now);
      await audit(call, 'routing.update', 'site', call.site.id, {
        mode: settings.mode,
        defaultCapacity: settings.defaultCapacity,
        reassignAfterMinutes: settings.reassignAfterMinutes,
        sla: settings.sla !== null,
      });
      call.core.siteSettingsChanged(call.site.id, 'routing', record.settings);
      return { status: 200, body: { settings: readRouting(record.settings), updatedAt: record.updatedAt } };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/routing/staff/{id}',
    permission: 'team.manage',
    resource: 'staff',
    requestBody: RoutingStaffPatch,
    doc: {
      summary: "Change a staff member's routing",
      description:
        'Their capacity (null: the site’s default) or availability. Setting `offline` starts the reassignment timer when the site reassigns. Audited (`routing.staff.update`).',
      tag,
      responses: ok('The staff member now.', RoutingStaffJson),
    },
    run: async (call) => {
      const patch = call.body;
      const routing = routingOf(call);
      const effects =
        patch.availability === 'offline' ? routing.reassignEffects(call.site.id, call.params.id!) : undefined;
      const updated = await call.admin.repos.routing.updateRoutingStaff(
        call.site.id,
        call.params.id!,
        patch,
        routing.now(),
        effects,
      );
      if (!updated) throw new ApiError('not_found', 'No such active staff member on this site.');
      if (effects) call.admin.outbox.nudge();
      if (patch.availability !== undefined)
        call.admin.core.presence.setStaffAvailable(call.site.id, updated.id, patch.availability !== 'offline');
      await audit(call, 'routing.staff.update', 'staff', updated.id, { ...patch });
      return { status: 200, body: staffJson(call, updated) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/me/availability',
    doc: {
      summary: 'My availability',
      description: 'The caller’s availability and routing facts.',
      tag,
      notFound: true,
      responses: ok('The caller.', RoutingStaffJson),
    },
    run: async (call) => {
      const staff = await call.admin.repos.routing.getRoutingStaff(call.site.id, call.staff.id);
      if (!staff) throw new ApiError('not_found', 'No such active staff member on this site.');
      return { status: 200, body: staffJson(call, staff) };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/me/availability',
    requestBody: AvailabilityBody,
    doc: {
      summary: 'Set my availability',
      description:
        '`online`: routing gives the caller conversations while connected; `away`: none new; `offline`: none, and their open conversations go to others after the site’s minutes. Audited (`availability.update`).',
      tag,
      notFound: true,
      responses: ok('The caller now.', RoutingStaffJson),
    },
    run: async (call) => {
      const { availability } = call.body;
      const routing = routingOf(call);
      const effects = availability === 'offline' ? routing.reassignEffects(call.site.id, call.staff.id) : undefined;
      const updated = await call.admin.repos.routing.updateRoutingStaff(
        call.site.id,
        call.staff.id,
        { availability },
        routing.now(),
        effects,
      );
      if (!updated) throw new ApiError('not_found', 'No such active staff member on this site.');
      if (effects) call.admin.outbox.nudge();
      // Visitors hear at once whether someone is online: Offline does not count (issue #36).
      call.admin.core.presence.setStaffAvailable(call.site.id, call.staff.id, availability !== 'offline');
      await audit(call, 'availability.update', 'staff', call.staff.id, { availability });
      return { status: 200, body: staffJson(call, updated) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/teams',
    permission: 'team.manage',
    requestBody: TeamBody,
    doc: {
      summary: 'Create a team',
      description:
        'Its name and members (active staff of the site). A conversation moved to a team is routed inside it. Audited (`team.create`).',
      tag,
      responses: ok('The team.', Team, '201'),
    },
    run: async (call) => {
      const team = await saveTeam(call, randomId('team'), call.body, 'team.create');
      return { status: 201, body: team satisfies DeepReadonly<Team> };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/teams/{id}',
    permission: 'team.manage',
    resource: 'team',
    requestBody: TeamBody,
    doc: {
      summary: 'Replace a team',
      description: 'Its name and members. Audited (`team.update`).',
      tag,
      responses: ok('The team.', Team),
    },
    run: async (call) => {
      const teams = await call.admin.repos.routing.listTeams(call.site.id);
      if (!teams.some((found) => found.id === call.params.id))
        throw new ApiError('not_found', 'No such team on this site.');
      const team = await saveTeam(call, call.params.id!, call.body, 'team.update');
      return { status: 200, body: team satisfies DeepReadonly<Team> };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/teams/{id}',
    permission: 'team.manage',
    resource: 'team',
    doc: {
      summary: 'Delete a team',
      description: 'Its conversations keep their assignee and lose the team. Audited (`team.delete`).',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.repos.routing.deleteTeam(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such team on this site.');
      await audit(call, 'team.delete', 'team', call.params.id!, {});
      await call.use('visibility')?.membersChanged(call.site.id);
      return { status: 204 };
    },
  }),
];
