import {
  InvitationCreate,
  InvitationCreated,
  MemberPatch,
  ResetLink,
  StaffMemberCreated,
  StaffMemberList,
  TeamAnswer,
  TeamMember,
  TokenCreate,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../../http/openapi/openapi-parts.js';

/** The team: members (staff accounts, issue #19), invitations, reset links, and API tokens. (`team-routes.ts`.) */
export const teamPaths = (): Record<string, Json> => ({
  '/v1/admin/team': {
    get: operation(
      'The team',
      'The site’s members (their accounts, roles, two-factor, availability from routing) and pending invitations. Any member may read it.',
      {
        tag: 'staff',
        responses: ok('The team.', TeamAnswer),
      },
    ),
  },
  '/v1/admin/team/invitations': {
    post: operation(
      'Invite a member',
      'Makes a one-time invitation link (`<relay>/admin#invite=<token>`, 7 days; only its hash is kept). With SMTP configured it is emailed and not returned; otherwise (or if sending failed) `link` is in this answer only, for the admin to hand over. It gives a built-in `role` or one of the site’s own (`roleId`, one of the two); accepting it gives the membership that role. A role granting a permission the caller lacks answers 403 `forbidden`; a `roleId` of no role of the site, 400. 409 `conflict` when that person is a member already.',
      {
        tag: 'staff',
        adminOnly: true,
        conflict: true,
        requestBody: body(InvitationCreate),
        responses: ok('Invited.', InvitationCreated, '201'),
      },
    ),
  },
  '/v1/admin/team/invitations/{id}': {
    delete: operation('Withdraw an invitation', 'Its link stops working.', {
      tag: 'staff',
      adminOnly: true,
      parameters: [idParam('invitation')],
      notFound: true,
      responses: { '204': { description: 'Withdrawn.' } },
    }),
  },
  '/v1/admin/team/{id}': {
    patch: operation(
      'Change a member',
      'Change the role — built in (`role`: `admin` or `agent`) or one of the site’s own (`roleId`, from `GET /v1/admin/roles`; not both) — or deactivate (`active: false`) and reactivate a member. Not yourself (409); an owner only by an owner (403). Nobody hands out or takes away more than they hold: the caller must hold every permission of the member’s role now and of the one given (403). An unknown `roleId` is 400 and changes nothing. Deactivating ends the member’s sessions on this site and closes their sockets at once (4014 `revoked`).',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('staff')],
        notFound: true,
        conflict: true,
        requestBody: body(MemberPatch),
        responses: ok('The member now.', TeamMember),
      },
    ),
  },
  '/v1/admin/team/{id}/reset-link': {
    post: operation(
      'Make a password reset link',
      'A one-time link (`<relay>/admin#reset=<token>`, one hour) for the admin to hand over without email. It resets the whole **account**, which may belong to other sites: the caller needs the right on every site of the account — here, `team.manage` and every permission the member holds; elsewhere an admin (or owner) where it is an admin or agent; an owner where it is an owner — or to be the relay’s operator (an owner of the default site); else 403. An API token acts on its own site only. Nobody makes one for their own account (403: change the password with the current one). Written to the audit log of every site of the account.',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('staff')],
        notFound: true,
        responses: ok('The link, shown once.', ResetLink, '201'),
      },
    ),
  },
  '/v1/admin/tokens': {
    get: operation('API tokens', 'The site’s active API tokens (never the tokens; members are in `/v1/admin/team`).', {
      tag: 'staff',
      adminOnly: true,
      responses: ok('API tokens.', StaffMemberList),
    }),
    post: operation(
      'Create an API token',
      'For bots and integrations. Give `scopes` (or, as before scopes, a `role`: admin → every scope, agent → read and write) and optionally `expiresAt` (ms, in the future), and `permissions` to list what it may do instead of what its scopes grant (only permissions the caller holds; docs/accounts.md "Roles and permissions"). The token is in this answer only; only its hash is stored.',
      {
        tag: 'staff',
        adminOnly: true,
        requestBody: body(TokenCreate),
        responses: ok('Created.', StaffMemberCreated, '201'),
      },
    ),
  },
  '/v1/admin/tokens/{id}': {
    delete: operation(
      'Revoke an API token',
      'The token stops working at once; its open sockets close with 4014 (`revoked`). A token cannot revoke itself (409).',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [idParam('staff')],
        notFound: true,
        conflict: true,
        responses: { '204': { description: 'Revoked.' } },
      },
    ),
  },
});
