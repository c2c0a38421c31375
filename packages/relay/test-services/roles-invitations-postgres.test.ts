/** Invitations that give a custom role on PostgreSQL (issue #41): the invitations' table in that dialect. */
import { after } from 'node:test';
import { rolesInvitationsSuite } from '../test/support/roles-invitations-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_role_invites');

rolesInvitationsSuite('PostgreSQL', async () => ({
  store: 'postgres',
  databaseUrl: (await schemas.create('one')).connectionString,
}));

after(() => schemas.dropAll());
