import { AccountError, type AcceptedAccount, type Accounts } from './accounts.js';
import type { InvitationCodeMailer } from './invitation-code.js';

/** A site's own role, as an invitation gives it. */
export interface InvitedRole {
  readonly id: string;
  readonly name: string;
}

/**
 * The site's own roles an invitation may give (issue #41): the custom roles feature's repository (`roles/`), which
 * the relay's start hands to the accounts' routes, so that they accept invitations without importing the feature.
 */
export interface InvitationRoles {
  /** The site's own role an invitation gives: `undefined` when it gives a built-in one, `'gone'` when deleted since. */
  invitationRole(linkId: string): Promise<InvitedRole | 'gone' | undefined>;
  /**
   * Gives `staffId`, the member the accepted invitation made, the role it gives, and forgets the invitation: the
   * role, or `'gone'` when the invitation's row or its role is no longer there (and nothing changed).
   */
  settleInvitation(siteId: string, linkId: string, staffId: string, at: number): Promise<InvitedRole | 'gone'>;
}

/** What accepting an invitation came to: the new session, and the site's own role it gave, if any. */
export interface AcceptedInvitation {
  readonly made: AcceptedAccount;
  readonly customRole: InvitedRole | undefined;
}

const GONE =
  'The role this invitation gives no longer exists, so it cannot be accepted: ask whoever invited you for a new one.';

/**
 * Accepts an invitation (`Accounts.acceptInvitation`) and gives the new member the site's own role the invitation
 * names, when it names one (issue #41, docs/accounts.md "Roles and permissions").
 *
 * A role gone before acceptance fails it clearly (409 `conflict`, nothing changed: no account, no membership, the
 * link still unused) rather than falling back to `agent`: an agent may hold more than the role did (a role may grant
 * nothing), and what the inviter chose is not for the relay to widen. Deleting a role is refused while a pending
 * invitation gives it, so this takes a change made by hand, or a deletion racing the acceptance; the role counts
 * as held for a while after the link is used (`INVITATION_HOLD_MS`), and should it still be gone when the member is
 * given it, the new membership is deactivated and its session ended before the same refusal.
 *
 * Without the roles feature, an invitation gives its built-in role (`agent`), as every member then holds theirs.
 */
export async function acceptInvitation(
  accounts: Accounts,
  roles: InvitationRoles | undefined,
  token: string,
  fields: { name?: string | undefined; password: string; code?: string | undefined },
  meta: { ip: string; userAgent: string },
  now: number,
  mailer?: InvitationCodeMailer,
): Promise<AcceptedInvitation> {
  const link = await accounts.inspectLink(token, 'invite', now);
  const given = roles ? await roles.invitationRole(link.id) : undefined;
  if (given === 'gone') throw new AccountError('conflict', GONE);
  const made = await accounts.acceptInvitation(token, fields, meta, now, mailer);
  if (!given || !roles) return { made, customRole: undefined };
  const { siteId, accountId } = made.session;
  const member = await accounts.repos.accounts.memberOf(accountId, siteId);
  const settled = member ? await roles.settleInvitation(siteId, link.id, member.id, now) : 'gone';
  if (settled !== 'gone') return { made, customRole: settled };
  if (member) await accounts.repos.accounts.updateMember(siteId, member.id, { deactivatedAt: now });
  await accounts.repos.accounts.revokeSessions(accountId, now, { siteId });
  throw new AccountError('conflict', GONE);
}
