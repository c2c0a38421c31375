import {
  AdminApiError,
  type Availability,
  type RoutingAnswer,
  type RoutingSettings,
} from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** Routing, availability and teams (`/routing`, `/me/availability`, `/teams`) of the fake admin API. */
export function withRouting<B extends FakeBase>(Base: B) {
  return class extends Base {
    routingValue: RoutingAnswer = {
      settings: { mode: 'off', defaultCapacity: 10, reassignAfterMinutes: null, sla: null, assignOnReply: true },
      updatedAt: null,
      staff: [
        {
          id: 'staff_1',
          name: 'Ada',
          role: 'admin',
          availability: 'online',
          availabilityAt: 0,
          capacity: null,
          lastSeenAt: Date.now(),
          open: 2,
          teamIds: [],
          connected: true,
          online: true,
        },
        {
          id: 'staff_2',
          name: 'Grace',
          role: 'agent',
          availability: 'away',
          availabilityAt: 0,
          capacity: 3,
          lastSeenAt: 0,
          open: 0,
          teamIds: ['team_1'],
          connected: false,
          online: false,
        },
      ],
      teams: [{ id: 'team_1', name: 'Sales', memberIds: ['staff_2'], createdAt: 1 }],
    };
    savedRouting: RoutingSettings[] = [];
    staffPatches: Array<{ id: string; patch: { capacity?: number | null; availability?: Availability } }> = [];
    availabilityChanges: Availability[] = [];
    teamSaves: Array<{ id: string | undefined; body: { name: string; memberIds: string[] } }> = [];
    refuseAvailability = false;

    async routing() {
      return structuredClone(this.routingValue);
    }
    async saveRouting(settings: RoutingSettings) {
      this.savedRouting.push(structuredClone(settings));
      this.routingValue = { ...this.routingValue, settings: structuredClone(settings), updatedAt: Date.now() };
      return { settings: structuredClone(settings), updatedAt: Date.now() };
    }
    async updateStaffRouting(id: string, patch: { capacity?: number | null; availability?: Availability }) {
      this.staffPatches.push({ id, patch });
      const staff = { ...this.routingValue.staff.find((each) => each.id === id)!, ...patch };
      this.routingValue.staff = this.routingValue.staff.map((each) => (each.id === id ? staff : each));
      return staff;
    }
    async availability() {
      return structuredClone(this.routingValue.staff[0]!);
    }
    async setAvailability(availability: Availability) {
      if (this.refuseAvailability) throw new AdminApiError('internal', 'The relay is down.', 500);
      this.availabilityChanges.push(availability);
      this.routingValue.staff[0] = { ...this.routingValue.staff[0]!, availability };
      return structuredClone(this.routingValue.staff[0]!);
    }
    async createTeam(body: { name: string; memberIds: string[] }) {
      this.teamSaves.push({ id: undefined, body });
      const team = { id: `team_${this.routingValue.teams.length + 1}`, ...body, createdAt: Date.now() };
      this.routingValue.teams.push(team);
      return team;
    }
    async saveTeam(id: string, body: { name: string; memberIds: string[] }) {
      this.teamSaves.push({ id, body });
      const team = { ...this.routingValue.teams.find((each) => each.id === id)!, ...body };
      this.routingValue.teams = this.routingValue.teams.map((each) => (each.id === id ? team : each));
      return team;
    }
    async deleteTeam(id: string) {
      this.routingValue.teams = this.routingValue.teams.filter((each) => each.id !== id);
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /routing': () => this.routing(),
        'PUT /routing': (c) => this.saveRouting(c.body as RoutingSettings),
        'PATCH /routing/staff/{id}': (c) =>
          this.updateStaffRouting(c.ref!, c.body as { capacity?: number | null; availability?: Availability }),
        'GET /me/availability': () => this.availability(),
        'PUT /me/availability': (c) => this.setAvailability((c.body as { availability: Availability }).availability),
        'POST /teams': (c) => this.createTeam(c.body as { name: string; memberIds: string[] }),
        'PUT /teams/{id}': (c) => this.saveTeam(c.ref!, c.body as { name: string; memberIds: string[] }),
        'DELETE /teams/{id}': (c) => this.deleteTeam(c.ref!),
      } satisfies FakeRoutes);
    }
  };
}
