import { AreaApi, at } from '../../area-api.js';
import type { InvitationCreate, MemberPatch } from '@parley/protocol/admin';
import type { CreatedInvitation, TeamMember } from '../../admin-types.js';

/** The Team page's changes (admins); the team itself is `AdminApi.team`, which the inbox reads too. */
export class TeamApi extends AreaApi {
  /**
   * Invites someone by email, as a built-in `role` or one of the site's own (`roleId`); the link comes back only
   * when it could not be emailed.
   */
  invite(body: InvitationCreate): Promise<CreatedInvitation> {
    return this.api.request('POST', '/team/invitations', body);
  }

  revokeInvitation(id: string): Promise<void> {
    return this.api.request('DELETE', `/team/invitations/${at(id)}`);
  }

  /** Changes a member's role (built in, or one of the site's own by `roleId`), or (de)activates them. */
  updateMember(id: string, patch: MemberPatch): Promise<TeamMember> {
    return this.api.request('PATCH', `/team/${at(id)}`, patch);
  }

  /** A password reset link for a member, to hand over. */
  resetLink(id: string): Promise<{ link: string; expiresAt: number }> {
    return this.api.request('POST', `/team/members/${at(id)}/reset-link`, {});
  }
}
