/** Invitations that give a custom role, on SQLite (issue #41); PostgreSQL runs the same suite. */
import { rolesInvitationsSuite } from './support/roles-invitations-suite.js';

rolesInvitationsSuite('SQLite', () => ({}));
