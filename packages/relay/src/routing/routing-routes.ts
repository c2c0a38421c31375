import {
  AvailabilityBody,
  type DeepReadonly,
  type RoutingStaff as RoutingStaffJson,
  RoutingSettings,
  RoutingStaffPatch,
  type Team,
  TeamBody,
} from '@parley/protocol/admin';
import { ONLINE_WINDOW_MS } from './routing-kinds.js';
import type { Routing } from './routing.js';
import { readRouting } from './routing-settings.js';
import type { RoutingStaff } from './routing-store.js';
import { randomId } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';

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
  {
    method: 'GET',
    path: '/v1/admin/routing',
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
  },
  {
    method: 'PUT',
    path: '/v1/admin/routing',
    permission: 'settings.manage',
    requestBody: RoutingSettings,
    run: async (call) => {
      const settings = await parseBody(call.request, RoutingSettings);
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
  },
  {
    method: 'PATCH',
    path: '/v1/admin/routing/staff/{id}',
    permission: 'team.manage',
    requestBody: RoutingStaffPatch,
    run: async (call) => {
      const patch = await parseBody(call.request, RoutingStaffPatch);
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
  },
  {
    method: 'GET',
    path: '/v1/admin/me/availability',
    run: async (call) => {
      const staff = await call.admin.repos.routing.getRoutingStaff(call.site.id, call.staff.id);
      if (!staff) throw new ApiError('not_found', 'No such active staff member on this site.');
      return { status: 200, body: staffJson(call, staff) };
    },
  },
  {
    method: 'PUT',
    path: '/v1/admin/me/availability',
    requestBody: AvailabilityBody,
    run: async (call) => {
      const { availability } = await parseBody(call.request, AvailabilityBody);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/teams',
    permission: 'team.manage',
    requestBody: TeamBody,
    run: async (call) => {
      const body = await parseBody(call.request, TeamBody);
      const team = await saveTeam(call, randomId('team'), body, 'team.create');
      return { status: 201, body: team satisfies DeepReadonly<Team> };
    },
  },
  {
    method: 'PUT',
    path: '/v1/admin/teams/{id}',
    permission: 'team.manage',
    requestBody: TeamBody,
    run: async (call) => {
      const body = await parseBody(call.request, TeamBody);
      const teams = await call.admin.repos.routing.listTeams(call.site.id);
      if (!teams.some((found) => found.id === call.params.id))
        throw new ApiError('not_found', 'No such team on this site.');
      const team = await saveTeam(call, call.params.id!, body, 'team.update');
      return { status: 200, body: team satisfies DeepReadonly<Team> };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/teams/{id}',
    permission: 'team.manage',
    run: async (call) => {
      await call.request.body;
      if (!(await call.admin.repos.routing.deleteTeam(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such team on this site.');
      await audit(call, 'team.delete', 'team', call.params.id!, {});
      await call.use('visibility')?.membersChanged(call.site.id);
      return { status: 204 };
    },
  },
];
