/**
 * What other features may import of the roles feature's modules (docs/architecture.md, "Boundaries"):
 * the members' permissions as their roles give them, who holds a permission, and a custom role's record.
 */
export type { RoleRecord } from './roles-repository.js';
export type { MemberPermissions } from './roles.js';
export { holdersOf, memberPermissions } from './roles.js';
