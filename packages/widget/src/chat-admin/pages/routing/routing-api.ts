import { AreaApi, at } from '../../area-api.js';
import type { Availability, RoutingSettings, RoutingStaff, Team } from '../../admin-types.js';

/** The Routing page's changes (admins); what it reads is `AdminApi.routing`, which the inbox reads too. */
export class RoutingApi extends AreaApi {
  /** Replaces the routing and SLA settings. */
  save(settings: RoutingSettings): Promise<{ settings: RoutingSettings; updatedAt: number }> {
    return this.api.request('PUT', '/routing', settings);
  }

  /** A staff member's capacity (`null`: the site's default) or availability. */
  updateStaff(id: string, patch: { capacity?: number | null; availability?: Availability }): Promise<RoutingStaff> {
    return this.api.request('PATCH', `/routing/staff/${at(id)}`, patch);
  }

  createTeam(body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.api.request('POST', '/teams', body);
  }

  saveTeam(id: string, body: { name: string; memberIds: string[] }): Promise<Team> {
    return this.api.request('PUT', `/teams/${at(id)}`, body);
  }

  async deleteTeam(id: string): Promise<void> {
    await this.api.request('DELETE', `/teams/${at(id)}`);
  }
}
