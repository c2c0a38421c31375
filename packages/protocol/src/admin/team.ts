import * as z from 'zod/mini';
import { type Components, doc, list } from './document.js';
import { PERMISSIONS, PermissionList, ROLE_ID_PATTERN } from './roles.js';

/** The team: members (staff accounts, issue #19), invitations, reset links, and API tokens. */

/** What an API token may do: `read` GET routes, `write` every other method, `admin` the admin-only routes. */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;

const MemberRole = z.enum(['admin', 'agent']);
const Scopes = z.array(z.enum(TOKEN_SCOPES)).check(
  z.minLength(1),
  z.maxLength(3),
  doc({
    description: '`read`: GET routes; `write`: every other method; `admin`: admin-only routes (with read or write).',
  }),
);

/** `POST /v1/admin/tokens`: a name, and `scopes` (or, as before scopes, a `role`). */
export const TokenCreate = z
  .strictObject({
    name: z.string().check(z.minLength(1), z.maxLength(120)),
    /** Kept for callers from before scopes: admin → every scope, agent → read and write. */
    role: z.optional(MemberRole),
    scopes: z.optional(Scopes),
    expiresAt: z.optional(z.nullable(z.int().check(z.gte(0), doc({ omit: ['minimum'] })))),
    permissions: z.optional(
      PermissionList.check(
        doc({
          description:
            'What the token may do, instead of what its scopes grant (`admin`: every permission; without it an agent’s and `conversations.all`). Its `read` and `write` scopes still decide GET and other methods. Only permissions the caller holds.',
        }),
      ),
    ),
  })
  .check(doc({ example: { name: 'matrix', role: 'admin' } }));

/** One of the site's own roles, by id. */
const CustomRoleId = z.string().check(
  z.regex(ROLE_ID_PATTERN, { error: 'the id of one of the site’s roles (role_…)' }),
  doc({
    description: 'One of the site’s own roles (`GET /v1/admin/roles`) instead of a built-in `role`.',
    omit: ['pattern'],
  }),
);

/** A custom role as a member or an invitation names it. */
const CustomRoleRef = z.object({ id: z.string(), name: z.string() });

/**
 * `POST /v1/admin/team/invitations`: a built-in `role`, or one of the site's own by `roleId` (one of the two). Nobody
 * invites with a role granting what they do not hold.
 */
export const InvitationCreate = z
  .strictObject({
    email: z
      .string()
      .check(
        z.minLength(3),
        z.maxLength(254),
        z.regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
        doc({ omit: ['minLength', 'pattern'] }),
      ),
    // A built-in role, or one of the site's own by `roleId` (one of the two; the route says so when neither or both).
    role: z.optional(MemberRole),
    roleId: z.optional(CustomRoleId),
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
  })
  .check(doc({ example: { email: 'matrix@example.com', role: 'agent' } }));

/** `PATCH /v1/admin/team/{id}`: the role (built in, or the site's own by `roleId`), or (de)activation. */
export const MemberPatch = z
  .strictObject({ role: z.optional(MemberRole), roleId: z.optional(CustomRoleId), active: z.optional(z.boolean()) })
  .check(doc({ example: { role: 'agent' } }));

/** An API token (never the token itself). */
export const StaffMember = z
  .object({
    id: z.string(),
    name: z.string(),
    role: MemberRole.check(doc({ description: '`admin` when the scopes include `admin`.' })),
    createdAt: z.number(),
    scopes: z.array(z.enum(TOKEN_SCOPES)),
    expiresAt: z.nullable(z.number()).check(doc({ description: 'When it stops working (ms), or null for never.' })),
    permissions: z.optional(
      z
        .array(z.enum(PERMISSIONS))
        .check(doc({ description: 'The permissions it was made with, when listed (else its scopes decide).' })),
    ),
  })
  .check(doc({ description: 'An API token (never the token itself).' }));

/** The site's API tokens. */
export const StaffMemberList = list(StaffMember);

/** A created API token: the only time it is shown. */
export const StaffMemberCreated = z.intersection(StaffMember, z.object({ token: z.string() }));

/** A member as the team page shows them. */
export const TeamMember = z.object({
  id: z.string().check(doc({ description: 'The staff id (assignee, audit actor, routing).' })),
  accountId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['owner', 'admin', 'agent']),
  customRole: z.optional(
    CustomRoleRef.check(doc({ description: 'The site’s own role they hold, if any (their `role` is then `agent`).' })),
  ),
  totpEnabled: z.boolean(),
  active: z.boolean().check(doc({ description: 'False once deactivated.' })),
  availability: z.enum(['online', 'away', 'offline']),
  lastSeenAt: z.nullable(z.number()).check(doc({ description: 'When a relay last saw a connection of theirs (ms).' })),
});

/** A pending invitation. */
export const TeamInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: MemberRole,
  customRole: z.optional(
    CustomRoleRef.check(doc({ description: 'The site’s own role accepting it gives (`role` is then `agent`).' })),
  ),
  createdAt: z.number(),
  expiresAt: z.number(),
});

/** `GET /v1/admin/team`: the members and the pending invitations. */
export const TeamAnswer = z.object({ items: z.array(TeamMember), invitations: z.array(TeamInvitation) });

/** `POST /v1/admin/team/invitations`: the invitation, and its link when no email carried it. */
export const InvitationCreated = z.object({
  id: z.string(),
  email: z.string(),
  role: MemberRole,
  customRole: z.optional(
    CustomRoleRef.check(doc({ description: 'The site’s own role accepting it gives (`role` is then `agent`).' })),
  ),
  expiresAt: z.number(),
  emailed: z.boolean(),
  link: z.optional(z.string().check(doc({ description: 'Only when not emailed: shown once.' }))),
});

/** `POST /v1/admin/team/members/{id}/reset-link`: the link, shown once. */
export const ResetLink = z.object({ link: z.string(), expiresAt: z.number() });

export type TokenScope = (typeof TOKEN_SCOPES)[number];
export type StaffMember = z.output<typeof StaffMember>;
export type StaffMemberCreated = z.output<typeof StaffMemberCreated>;
export type TeamMember = z.output<typeof TeamMember>;
export type TeamInvitation = z.output<typeof TeamInvitation>;
export type TeamAnswer = z.output<typeof TeamAnswer>;
export type InvitationCreated = z.output<typeof InvitationCreated>;
export type ResetLink = z.output<typeof ResetLink>;
export type TokenCreate = z.input<typeof TokenCreate>;
export type InvitationCreate = z.input<typeof InvitationCreate>;
export type MemberPatch = z.input<typeof MemberPatch>;

/** This area's named schemas in the document. */
export const teamComponents: Components = { StaffMember, TeamMember };
