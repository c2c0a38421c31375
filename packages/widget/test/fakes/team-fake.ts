import type { CreatedInvitation, TeamAnswer, TeamMember } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A member of the fake team. */
export function member(
  id: string,
  name: string,
  role: TeamMember['role'],
  overrides: Partial<TeamMember> = {},
): TeamMember {
  return {
    id,
    accountId: `acct_${id}`,
    name,
    email: `${name.toLowerCase()}@example.com`,
    role,
    totpEnabled: false,
    active: true,
    availability: 'online',
    lastSeenAt: null,
    ...overrides,
  };
}

/** The site's members and invitations (`/team`) of the fake admin API. */
export function withTeam<B extends FakeBase>(Base: B) {
  return class extends Base {
    teamValue: TeamAnswer = {
      items: [
        member('staff_1', 'Ada', 'owner', { totpEnabled: true }),
        member('staff_2', 'Grace', 'agent', { availability: 'away' }),
      ],
      invitations: [],
    };
    teamCalls: Array<[string, ...unknown[]]> = [];
    /** Whether an invitation is emailed (no link in the answer). */
    emailInvitations = false;
    async team() {
      return structuredClone(this.teamValue);
    }
    async invite(body: { email: string; role?: 'admin' | 'agent'; roleId?: string }) {
      this.teamCalls.push(['invite', structuredClone(body)]);
      const invitation = {
        id: `inv_${this.teamValue.invitations.length + 1}`,
        email: body.email,
        role: body.role ?? 'agent',
        // One of the site's own roles: an agent's invitation that gives it.
        ...(body.roleId !== undefined
          ? { customRole: { id: body.roleId, name: this.customRoleNames[body.roleId] ?? body.roleId } }
          : {}),
        createdAt: Date.now(),
        expiresAt: Date.now() + 7 * 86_400_000,
      };
      this.teamValue.invitations.push(invitation);
      const answer: CreatedInvitation = { ...invitation, emailed: this.emailInvitations };
      if (!this.emailInvitations) answer.link = 'https://chat.example.com/admin#invite=inv_secret_0123456789';
      return answer;
    }
    async revokeInvitation(id: string) {
      this.teamCalls.push(['revokeInvitation', id]);
      this.teamValue.invitations = this.teamValue.invitations.filter((each) => each.id !== id);
    }
    /** The site's own roles the team page may give (`roleId`), by id. */
    customRoleNames: Record<string, string> = {};
    async updateMember(id: string, patch: { role?: 'admin' | 'agent'; roleId?: string; active?: boolean }) {
      this.teamCalls.push(['update', id, structuredClone(patch)]);
      const found = this.teamValue.items.find((each) => each.id === id)!;
      const { roleId, ...rest } = patch;
      Object.assign(found, rest);
      if (roleId !== undefined) {
        found.role = 'agent';
        found.customRole = { id: roleId, name: this.customRoleNames[roleId] ?? roleId };
      } else if (rest.role !== undefined) delete found.customRole;
      return structuredClone(found);
    }
    async memberResetLink(id: string) {
      this.teamCalls.push(['resetLink', id]);
      return { link: 'https://chat.example.com/admin#reset=rst_secret_0123456789', expiresAt: Date.now() + 3_600_000 };
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'POST /team/invitations': (c) =>
          this.invite(c.body as { email: string; role?: 'admin' | 'agent'; roleId?: string }),
        'DELETE /team/invitations/{id}': (c) => this.revokeInvitation(c.ref!),
        'PATCH /team/{id}': (c) =>
          this.updateMember(c.ref!, c.body as { role?: 'admin' | 'agent'; roleId?: string; active?: boolean }),
        'POST /team/members/{id}/reset-link': (c) => this.memberResetLink(c.ref!),
      } satisfies FakeRoutes);
    }
  };
}
