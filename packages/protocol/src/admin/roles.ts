import * as z from 'zod/mini';
import { doc, list } from './document.js';

/** Roles and permissions (issue #41, docs/accounts.md "Roles and permissions", ADR 0034). */

/**
 * Every permission, by its stable dotted name: what a role grants. Each admin route names the one it takes (or
 * none: every member may call it); the names are published and never reused for something else.
 *
 * - `conversations.all`: every conversation of the site, whatever its visibility says (docs/accounts.md "Who sees what").
 * - `team.manage`: members, invitations, reset links, teams, routing of members, roles, single sign-on's providers.
 * - `settings.manage`: the site's settings, profile, widget look, safety, visibility, support addresses, FAQ,
 *   custom attributes' definitions, routing, the help center's collections and deletions.
 * - `contacts.manage`: export, erase and merge contacts.
 * - `reports.view`: reports and their CSV.
 * - `audit.view`: the audit log.
 * - `automations.manage`: automations, rules, shared macros, broadcasts.
 * - `webhooks.manage`: webhooks and their deliveries, the outbox, API tokens and API channels.
 * - `emails.reveal`: a contact's email address in clear.
 */
export const PERMISSIONS = [
  'conversations.all',
  'team.manage',
  'settings.manage',
  'contacts.manage',
  'reports.view',
  'audit.view',
  'automations.manage',
  'webhooks.manage',
  'emails.reveal',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** The built-in roles: every site has them, nobody changes or deletes them. */
export const BUILT_IN_ROLES = ['owner', 'admin', 'agent'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

/** What each built-in role grants: owners and admins everything, agents none of the managing ones (as before roles). */
export const BUILT_IN_PERMISSIONS: Readonly<Record<BuiltInRole, readonly Permission[]>> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  agent: ['reports.view', 'emails.reveal'],
};

/** A custom role's id: `role_` and letters, digits, `_` or `-`. */
export const ROLE_ID_PATTERN = /^role_[A-Za-z0-9_-]{1,64}$/;

const RoleName = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'must not be empty' }), z.maxLength(60, { error: 'at most 60 characters' }));

/** A list of permissions, each once. */
export const PermissionList = z.array(z.enum(PERMISSIONS, { error: `one of ${PERMISSIONS.join(', ')}` })).check(
  z.maxLength(PERMISSIONS.length),
  z.refine((given) => new Set(given).size === given.length, { error: 'must not repeat a permission' }),
  doc({ description: `What the role grants: any of ${PERMISSIONS.map((p) => `\`${p}\``).join(', ')}.` }),
);

/** `POST /v1/admin/roles`. */
export const RoleCreate = z
  .strictObject({ name: RoleName, permissions: PermissionList })
  .check(doc({ example: { name: 'Supervisor', permissions: ['conversations.all', 'reports.view'] } }));

/** `PATCH /v1/admin/roles/{id}`: its name, its permissions, or both. */
export const RolePatch = z
  .strictObject({ name: z.optional(RoleName), permissions: z.optional(PermissionList) })
  .check(doc({ example: { permissions: ['conversations.all', 'reports.view', 'emails.reveal'] } }));

/** A role: built in (`owner`, `admin`, `agent`) or the site's own. */
export const Role = z
  .object({
    id: z.string().check(doc({ description: '`owner`, `admin`, `agent`, or a custom role’s `role_…` id.' })),
    name: z.string(),
    builtIn: z.boolean(),
    permissions: z.array(z.enum(PERMISSIONS)),
    members: z.number().check(doc({ description: 'How many members of the site hold it.' })),
  })
  .check(doc({ description: 'A role: a named set of permissions.' }));

/** `GET /v1/admin/roles`: the built-in roles, then the site's own by name. */
export const RoleList = list(Role);

export type Role = z.output<typeof Role>;
export type RoleCreate = z.input<typeof RoleCreate>;
export type RolePatch = z.input<typeof RolePatch>;
