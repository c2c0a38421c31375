import type { Migration } from '../store/migration.js';

/** Custom roles' migrations (docs/accounts.md, "Roles and permissions"). Never edit one that has shipped: add another. */
export const ROLES_MIGRATIONS: readonly Migration[] = [
  // A site's own roles, and which member holds one. A member without a row holds their built-in role (the staff
  // row's `role`), as before issue #41; one with a row is an agent whose permissions are the role's.
  {
    name: 'roles.custom',
    ddl: ({ TEXT, BIGINT, STRICT, WITHOUT_ROWID }) => `
  CREATE TABLE roles (
    id          ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL REFERENCES sites(id),
    name        ${TEXT} NOT NULL,
    name_key    ${TEXT} NOT NULL,
    permissions ${TEXT} NOT NULL,
    created_at  ${BIGINT} NOT NULL,
    updated_at  ${BIGINT} NOT NULL,
    UNIQUE (site_id, name_key)
  ) ${STRICT};
  CREATE TABLE staff_roles (
    staff_id    ${TEXT} PRIMARY KEY REFERENCES staff(id),
    site_id     ${TEXT} NOT NULL REFERENCES sites(id),
    role_id     ${TEXT} NOT NULL REFERENCES roles(id),
    assigned_at ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX staff_roles_by_role ON staff_roles(role_id);
  `,
  },
  // An API token made with a list of permissions: they decide instead of its scopes (`admin` or not).
  {
    name: 'roles.token-permissions',
    after: ['roles.custom'],
    ddl: ({ TEXT, WITHOUT_ROWID }) => `
  CREATE TABLE token_permissions (
    staff_id    ${TEXT} PRIMARY KEY REFERENCES staff(id),
    site_id     ${TEXT} NOT NULL REFERENCES sites(id),
    permissions ${TEXT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX token_permissions_by_site ON token_permissions(site_id);
  `,
  },
  // A pending invitation that gives one of the site's own roles (its `auth_links` row says `agent`). No key to
  // `auth_links`: the core deletes and purges those rows without knowing this table; a row whose link is gone, used
  // long ago or expired holds nothing (see `RolesRepository.delete`).
  {
    name: 'roles.invitation-roles',
    after: ['roles.custom'],
    ddl: ({ TEXT, BIGINT, WITHOUT_ROWID }) => `
  CREATE TABLE invitation_roles (
    link_id     ${TEXT} PRIMARY KEY,
    site_id     ${TEXT} NOT NULL REFERENCES sites(id),
    role_id     ${TEXT} NOT NULL REFERENCES roles(id),
    created_at  ${BIGINT} NOT NULL
  ) ${WITHOUT_ROWID};
  CREATE INDEX invitation_roles_by_role ON invitation_roles(role_id);
  `,
  },
];
