import {
  type Availability,
  BUILT_IN_PERMISSIONS,
  PERMISSIONS,
  InvitationCreate,
  type Permission,
  InvitationCreated,
  MemberPatch,
  type DeepReadonly,
  ResetLink,
  type StaffMember,
  StaffMemberCreated,
  StaffMemberList,
  TeamAnswer,
  TeamMember,
  TokenCreate,
} from '@parley/protocol/admin';
import type { Accounts } from '../../auth/accounts.js';
import { hashToken, randomId, randomToken } from '../../auth/tokens.js';
import type { TeamMemberRecord } from '../../store/account-store.js';
import { DEFAULT_SITE_ID, TOKEN_SCOPES, type Staff, type StaffRole, type TokenScope } from '../../store/store.js';
import type { RoleRecord } from '../../roles/public.js';
import { builtInPermissions } from '../../core/staff-permissions.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';

function accountsOf(call: Call): Accounts {
  if (!call.accounts) throw new ApiError('not_found', 'This relay runs without staff accounts.');
  return call.accounts;
}

/** A member as the team page shows them. */
function memberJson(
  member: TeamMemberRecord,
  routing: { availability: Availability; lastSeenAt: number } | undefined,
  customRole: { readonly id: string; readonly name: string } | undefined,
): TeamMember {
  return {
    id: member.id,
    accountId: member.accountId,
    name: member.name,
    email: member.email,
    role: member.role,
    ...(customRole && member.role === 'agent' ? { customRole: { id: customRole.id, name: customRole.name } } : {}),
    totpEnabled: member.totpEnabled,
    active: member.deactivatedAt === null,
    availability: routing?.availability ?? 'offline',
    lastSeenAt: routing && routing.lastSeenAt > 0 ? routing.lastSeenAt : null,
  };
}

/** An invitation's `customRole`, when it gives one of the site's own roles. */
function customRoleJson(role: RoleRecord | undefined): { customRole?: { id: string; name: string } } {
  return role ? { customRole: { id: role.id, name: role.name } } : {};
}

async function routingOf(call: Call): Promise<Map<string, { availability: Availability; lastSeenAt: number }>> {
  const rows = await call.admin.repos.routing.listRoutingStaff(call.site.id);
  return new Map(rows.map((row) => [row.id, { availability: row.availability, lastSeenAt: row.lastSeenAt }]));
}

/** Each member's custom role (id and name), for those who hold one. */
async function customRolesOf(call: Call): Promise<Map<string, { id: string; name: string }>> {
  const roles = call.use('roles');
  if (!roles) return new Map();
  const [assignments, list] = await Promise.all([
    roles.repository.assignments(call.site.id),
    roles.repository.list(call.site.id),
  ]);
  const byId = new Map(list.map((role) => [role.id, role]));
  const out = new Map<string, { id: string; name: string }>();
  for (const [staffId, roleId] of assignments) {
    const role = byId.get(roleId);
    if (role) out.set(staffId, { id: role.id, name: role.name });
  }
  return out;
}

/**
 * The role a member is to hold, from `PATCH /v1/admin/team/{id}`'s `role`: built in, or one of the site's own. The
 * caller must hold every permission of the member's role now and of the one given: nobody hands out, or takes
 * away, more than they may do themselves (an admin holds every permission, so admins are never refused here).
 */
async function givenRole(
  call: Call,
  member: TeamMemberRecord,
  role: string | undefined,
): Promise<{ readonly role: StaffRole; readonly custom: RoleRecord | undefined } | undefined> {
  const roles = call.use('roles');
  const now = roles ? (await roles.permissionsOf(call.site.id, member)).permissions : BUILT_IN_PERMISSIONS[member.role];
  checkGrants(call, now, 'This member’s role');
  if (role === undefined) return undefined;
  return grantable(call, role);
}

/** Nobody hands out more than they hold: refuses (403) a role granting a permission the caller lacks. */
function checkGrants(call: Call, permissions: readonly Permission[], what: string): void {
  const missing = permissions.filter((permission) => !call.permissions.includes(permission));
  if (missing.length > 0)
    throw new ApiError('forbidden', `${what} grants permissions you do not hold: ${missing.join(', ')}.`);
}

/**
 * A role the caller may give (to a member, or by an invitation): `admin` or `agent`, or one of the site's own by id.
 * 400 when there is no such role on the site, 403 when it grants what the caller does not hold.
 */
async function grantable(
  call: Call,
  role: string,
): Promise<{ readonly role: StaffRole; readonly custom: RoleRecord | undefined }> {
  if (role === 'admin' || role === 'agent') {
    checkGrants(call, BUILT_IN_PERMISSIONS[role], `The ${role} role`);
    return { role, custom: undefined };
  }
  const custom = await call.use('roles')?.repository.get(call.site.id, role);
  if (!custom) throw new ApiError('bad_request', 'Invalid body.roleId: no such role on this site.');
  checkGrants(call, custom.permissions, 'That role');
  return { role: 'agent', custom };
}

/** True when the caller is an owner of the site (a member; API tokens never are). */
function isOwner(call: Call): boolean {
  return call.staff.accountId != null && call.staff.role === 'owner';
}

/**
 * Checks that the caller may act on the member's whole **account** — a reset link changes how the person signs in
 * to every site they belong to, not only this one (issue #33). That takes the right on each of those sites: there,
 * `team.manage` and every permission the account's membership holds (owners and admins hold all; a custom role that
 * grants them does too), and an owner where it is an owner. An API token holds its scopes on its own site only.
 * Nobody makes a reset link for their own account: they change their password with the current one. Resolves the
 * caller's staff id on each of the account's sites, for the audit log.
 */
async function accountWideActor(
  call: Call,
  accounts: Accounts,
  target: TeamMemberRecord,
): Promise<Map<string, string>> {
  const callerAccount = call.staff.accountId ?? undefined;
  if (callerAccount === target.accountId)
    throw new ApiError('forbidden', 'Change your own password on your account page, with the current one.');
  const mine = callerAccount === undefined ? [] : await accounts.repos.accounts.memberships(callerAccount);
  // The relay's operator — an owner of its default site, who made the first account — may act on any account,
  // as the CLI's reset link does on the relay's machine.
  const operator = mine.some((m) => m.siteId === DEFAULT_SITE_ID && m.role === 'owner' && m.deactivatedAt === null);
  // On every site, permissions decide: the caller's here as the request carries them, elsewhere their membership's
  // there (a custom role's, or their built-in role's).
  const roles = call.use('roles');
  const permissionsOf = async (siteId: string, member: { id: string; role: StaffRole }) =>
    roles ? (await roles.permissionsOf(siteId, member)).permissions : BUILT_IN_PERMISSIONS[member.role];
  const actors = new Map<string, string>();
  for (const site of await accounts.repos.accounts.memberships(target.accountId)) {
    const callerThere =
      site.siteId === call.site.id
        ? { role: call.staff.role, permissions: call.permissions }
        : await (async () => {
            const membership = mine.find((m) => m.siteId === site.siteId && m.deactivatedAt === null);
            return membership
              ? {
                  role: membership.role,
                  permissions: await permissionsOf(site.siteId, { id: membership.staffId, role: membership.role }),
                }
              : undefined;
          })();
    const targetThere = await permissionsOf(site.siteId, { id: site.staffId, role: site.role });
    const manages =
      callerThere !== undefined &&
      callerThere.permissions.includes('team.manage') &&
      targetThere.every((permission) => callerThere.permissions.includes(permission));
    const allowed =
      operator || (site.role === 'owner' ? callerAccount !== undefined && callerThere?.role === 'owner' : manages);
    if (!allowed)
      throw new ApiError(
        'forbidden',
        site.role === 'owner'
          ? `This account is an owner of ${site.siteName}: only an owner there may make its reset link.`
          : site.siteId === call.site.id
            ? 'This member’s role grants permissions you do not hold.'
            : `This account is also a member of ${site.siteName}, where you may not manage it.`,
      );
    actors.set(site.siteId, mine.find((m) => m.siteId === site.siteId)?.staffId ?? call.staff.id);
  }
  return actors;
}

/** Routes of the team: members (issue #19), invitations, reset links, and API tokens. */
export const teamRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/team',
    doc: {
      summary: 'The team',
      description:
        'The site’s members (their accounts, roles, two-factor, availability from routing) and pending invitations. Any member may read it.',
      tag: 'staff',
      responses: ok('The team.', TeamAnswer),
    },
    run: async (call) => {
      const accounts = accountsOf(call);
      const [members, invitations, routing, custom, invited] = await Promise.all([
        accounts.repos.accounts.listMembers(call.site.id),
        accounts.repos.accounts.listInvitations(call.site.id, call.now),
        routingOf(call),
        customRolesOf(call),
        call.use('roles')?.repository.invitationRoles(call.site.id) ?? new Map<string, RoleRecord>(),
      ]);
      return {
        status: 200,
        body: {
          items: members.map((member) => memberJson(member, routing.get(member.id), custom.get(member.id))),
          invitations: invitations.map((link) => ({
            id: link.id,
            email: link.email,
            role: link.role,
            ...customRoleJson(invited.get(link.id)),
            createdAt: link.createdAt,
            expiresAt: link.expiresAt,
          })),
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/team/invitations',
    permission: 'team.manage',
    requestBody: InvitationCreate,
    doc: {
      summary: 'Invite a member',
      description:
        'Makes a one-time invitation link (`<relay>/admin#invite=<token>`, 7 days; only its hash is kept). With SMTP configured it is emailed and not returned; otherwise (or if sending failed) `link` is in this answer only, for the admin to hand over. It gives a built-in `role` or one of the site’s own (`roleId`, one of the two); accepting it gives the membership that role. A role granting a permission the caller lacks answers 403 `forbidden`; a `roleId` of no role of the site, 400. 409 `conflict` when that person is a member already.',
      tag: 'staff',
      conflict: true,
      responses: ok('Invited.', InvitationCreated, '201'),
    },
    run: async (call) => {
      const accounts = accountsOf(call);
      const body = call.body;
      if ((body.role === undefined) === (body.roleId === undefined))
        throw new ApiError('bad_request', 'Invalid body: give a built-in role or a roleId (one of the two).');
      const given = await grantable(call, body.roleId ?? body.role!);
      const email = body.email.trim().toLowerCase();
      const existing = await accounts.repos.accounts.findAccountByEmail(email);
      if (existing && (await accounts.repos.accounts.memberOf(existing.id, call.site.id)))
        throw new ApiError('conflict', 'That person is a member of this site already.');
      const { token, link } = await accounts.createInvitation(
        call.site.id,
        { email, role: given.role, name: body.name, createdBy: call.staff.id },
        call.now,
      );
      // The link is nobody's until this answer or its email, both after: no one accepts it without its role.
      if (given.custom) {
        try {
          await call.use('roles')!.repository.setInvitationRole(call.site.id, link.id, given.custom.id, call.now);
        } catch (error) {
          await accounts.repos.accounts.deleteInvitation(call.site.id, link.id);
          throw error;
        }
      }
      const url = `${call.baseUrl}/admin#invite=${token}`;
      const mail = call.use('email')?.accountMail;
      // No origin to email (see `PublicOrigin.forEmail`): the admin hands the link over instead.
      const emailed =
        mail !== undefined &&
        call.emailBaseUrl !== undefined &&
        (await mail(email, {
          kind: 'invite',
          siteName: call.site.name,
          inviter: call.staff.name,
          link: `${call.emailBaseUrl}/admin#invite=${token}`,
        }));
      // Only a link that went to the address proves its mailbox when accepted (a handed-over one asks for a code).
      if (emailed) await accounts.repos.accounts.markInvitationMailed(link.id, call.now);
      await audit(call, 'invitation.create', 'invitation', link.id, {
        email,
        role: given.custom?.id ?? given.role,
        emailed,
      });
      return {
        status: 201,
        body: {
          id: link.id,
          email,
          role: given.role === 'admin' ? 'admin' : 'agent',
          ...customRoleJson(given.custom),
          expiresAt: link.expiresAt,
          emailed,
          // Shown once, to the admin who hands it over, when no email carried it.
          ...(emailed ? {} : { link: url }),
        } satisfies InvitationCreated,
      };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/team/invitations/{id}',
    permission: 'team.manage',
    resource: 'invitation',
    doc: {
      summary: 'Withdraw an invitation',
      description: 'Its link stops working.',
      tag: 'staff',
      responses: { '204': { description: 'Withdrawn.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (!(await accountsOf(call).repos.accounts.deleteInvitation(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such pending invitation on this site.');
      await call.use('roles')?.repository.forgetInvitation(call.site.id, call.params.id!);
      await audit(call, 'invitation.delete', 'invitation', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/team/{id}',
    permission: 'team.manage',
    resource: 'staff',
    requestBody: MemberPatch,
    doc: {
      summary: 'Change a member',
      description:
        'Change the role — built in (`role`: `admin` or `agent`) or one of the site’s own (`roleId`, from `GET /v1/admin/roles`; not both) — or deactivate (`active: false`) and reactivate a member. Not yourself (409); an owner only by an owner (403). Nobody hands out or takes away more than they hold: the caller must hold every permission of the member’s role now and of the one given (403). An unknown `roleId` is 400 and changes nothing. Deactivating ends the member’s sessions on this site and closes their sockets at once (4014 `revoked`).',
      tag: 'staff',
      conflict: true,
      responses: ok('The member now.', TeamMember),
    },
    run: async (call) => {
      const accounts = accountsOf(call);
      const patch = call.body;
      const id = call.params.id!;
      if (id === call.staff.id)
        throw new ApiError('conflict', 'You cannot change your own role or deactivate yourself.');
      const member = await accounts.repos.accounts.getMember(call.site.id, id);
      if (!member) throw new ApiError('not_found', 'No such member on this site.');
      if (member.role === 'owner' && !isOwner(call))
        throw new ApiError('forbidden', 'Only an owner may change an owner.');
      if (patch.role !== undefined && patch.roleId !== undefined)
        throw new ApiError('bad_request', 'Invalid body: give a built-in role or a roleId, not both.');
      const given = await givenRole(call, member, patch.roleId ?? patch.role);
      const before = (await customRolesOf(call)).get(id);
      const deactivate = patch.active === false && member.deactivatedAt === null;
      const updated = await accounts.repos.accounts.updateMember(call.site.id, id, {
        ...(given ? { role: given.role } : {}),
        ...(patch.active !== undefined
          ? { deactivatedAt: patch.active ? null : (member.deactivatedAt ?? call.now) }
          : {}),
      });
      if (!updated) throw new ApiError('not_found', 'No such member on this site.');
      if (given) await call.use('roles')?.repository.assign(call.site.id, id, given.custom?.id ?? null, call.now);
      let sessionsRevoked = 0;
      let socketsClosed = 0;
      if (deactivate) {
        // At once: the member's browser sessions on this site, and every socket of theirs here.
        const revoked = await accounts.repos.accounts.revokeSessions(member.accountId, call.now, {
          siteId: call.site.id,
        });
        sessionsRevoked = revoked.length;
        socketsClosed = call.admin.closeStaffSockets(id) + call.admin.closeSessionSockets(revoked);
      }
      // What they see may have changed with their role: their connections reconnect into it.
      if (given) await call.use('visibility')?.membersChanged(call.site.id);
      await audit(call, 'member.update', 'staff', id, {
        ...(given ? { role: patch.roleId ?? patch.role, previousRole: before?.id ?? member.role } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(deactivate ? { sessionsRevoked, socketsClosed } : {}),
      });
      return { status: 200, body: memberJson(updated, (await routingOf(call)).get(id), given ? given.custom : before) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/team/members/{id}/reset-link',
    permission: 'team.manage',
    resource: 'staff',
    doc: {
      summary: 'Make a password reset link',
      description:
        'A one-time link (`<relay>/admin#reset=<token>`, one hour) for the admin to hand over without email. It resets the whole **account**, which may belong to other sites: the caller needs the right on every site of the account — here, `team.manage` and every permission the member holds; elsewhere an admin (or owner) where it is an admin or agent; an owner where it is an owner — or to be the relay’s operator (an owner of the default site); else 403. An API token acts on its own site only. Nobody makes one for their own account (403: change the password with the current one). Written to the audit log of every site of the account.',
      tag: 'staff',
      responses: ok('The link, shown once.', ResetLink, '201'),
    },
    run: async (call) => {
      await call.request.body;
      const accounts = accountsOf(call);
      const member = await accounts.repos.accounts.getMember(call.site.id, call.params.id!);
      if (!member) throw new ApiError('not_found', 'No such member on this site.');
      const actors = await accountWideActor(call, accounts, member);
      const { token, link } = await accounts.createResetLink(
        member.accountId,
        { siteId: call.site.id, createdBy: call.staff.id },
        call.now,
      );
      // In the audit log of every site of the account, each in the name of the caller's member there.
      for (const site of await accounts.repos.accounts.memberships(member.accountId))
        await call.admin.repos.audit.appendAudit({
          siteId: site.siteId,
          at: call.now,
          actorId: actors.get(site.siteId) ?? call.staff.id,
          actorName: call.staff.name,
          action: 'member.reset_link',
          targetType: 'staff',
          targetId: site.staffId,
          details: site.siteId === call.site.id ? {} : { fromSiteId: call.site.id },
        });
      return {
        status: 201,
        body: { link: `${call.baseUrl}/admin#reset=${token}`, expiresAt: link.expiresAt } satisfies ResetLink,
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/tokens',
    permission: 'webhooks.manage',
    doc: {
      summary: 'API tokens',
      description: 'The site’s active API tokens (never the tokens; members are in `/v1/admin/team`).',
      tag: 'staff',
      responses: ok('API tokens.', StaffMemberList),
    },
    run: async (call) => {
      const [tokens, listed] = await Promise.all([
        call.admin.repos.desk.listStaff(call.site.id),
        call.use('roles')?.repository.tokensPermissions(call.site.id) ?? new Map<string, Permission[]>(),
      ]);
      const items = tokens.map((token) => {
        const permissions = listed.get(token.id);
        return permissions ? { ...token, permissions } : token;
      });
      return { status: 200, body: { items: items satisfies DeepReadonly<StaffMember>[] } };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/tokens',
    permission: 'webhooks.manage',
    requestBody: TokenCreate,
    doc: {
      summary: 'Create an API token',
      description:
        'For bots and integrations. Give `scopes` (or, as before scopes, a `role`: admin → every scope, agent → read and write) and optionally `expiresAt` (ms, in the future), and `permissions` to list what it may do instead of what its scopes grant (only permissions the caller holds; docs/accounts.md "Roles and permissions"). The token is in this answer only; only its hash is stored.',
      tag: 'staff',
      responses: ok('Created.', StaffMemberCreated, '201'),
    },
    run: async (call) => {
      const body = call.body;
      if (body.role === undefined && body.scopes === undefined)
        throw new ApiError('bad_request', 'Invalid body.scopes: give the token scopes (or a role).');
      if (body.expiresAt != null && body.expiresAt <= call.now)
        throw new ApiError('bad_request', 'Invalid body.expiresAt: must be in the future (ms), or null.');
      const listed = body.permissions && PERMISSIONS.filter((permission) => body.permissions!.includes(permission));
      if (listed && !call.use('roles'))
        throw new ApiError('bad_request', 'Invalid body.permissions: this relay runs without roles.');
      const given = body.scopes;
      const scopes: TokenScope[] = given
        ? TOKEN_SCOPES.filter((scope) => given.includes(scope))
        : body.role === 'admin'
          ? [...TOKEN_SCOPES]
          : ['read', 'write'];
      // Nobody hands out more than they hold: what the token will hold, listed or by its scopes.
      const grants = listed ?? builtInPermissions({ role: 'agent', scopes, accountId: null });
      const missing = grants.filter((permission) => !call.permissions.includes(permission));
      if (missing.length > 0)
        throw new ApiError('forbidden', `You may not grant permissions you do not hold: ${missing.join(', ')}.`);
      const token = randomToken('st', 32);
      const staff: Staff = {
        id: randomId('staff'),
        siteId: call.site.id,
        name: body.name,
        role: scopes.includes('admin') ? 'admin' : 'agent',
        tokenHash: hashToken(token),
        createdAt: call.now,
        revokedAt: null,
        scopes,
        expiresAt: body.expiresAt ?? null,
      };
      await call.core.store.createStaff(staff);
      if (listed) await call.use('roles')!.repository.setTokenPermissions(call.site.id, staff.id, listed);
      await audit(call, 'token.create', 'staff', staff.id, {
        name: staff.name,
        role: staff.role,
        scopes,
        expiresAt: staff.expiresAt,
        ...(listed ? { permissions: listed } : {}),
      });
      return {
        status: 201,
        body: {
          id: staff.id,
          name: staff.name,
          role: staff.role,
          createdAt: staff.createdAt,
          scopes,
          expiresAt: staff.expiresAt,
          ...(listed ? { permissions: listed } : {}),
          token,
        },
      };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/tokens/{id}',
    permission: 'webhooks.manage',
    resource: 'staff',
    doc: {
      summary: 'Revoke an API token',
      description:
        'The token stops working at once; its open sockets close with 4014 (`revoked`). A token cannot revoke itself (409).',
      tag: 'staff',
      conflict: true,
      responses: { '204': { description: 'Revoked.' } },
    },
    run: async (call) => {
      await call.request.body;
      if (call.params.id === call.staff.id)
        throw new ApiError('conflict', 'You cannot revoke the token you are using; use another admin token.');
      if (!(await call.admin.repos.desk.revokeStaff(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such active token on this site.');
      const closed = call.admin.closeStaffSockets(call.params.id!);
      await audit(call, 'token.revoke', 'staff', call.params.id!, { socketsClosed: closed });
      return { status: 204 };
    },
  }),
];
