// A site's pre-chat form (issue #86) on PostgreSQL: the scenarios SQLite runs (prechat-form-scenarios.ts).
import { after } from 'node:test';
import { startDesk } from '../test/support/desk.js';
import { prechatDesk, prechatFormScenarios } from '../test/prechat-form-scenarios.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_prechat_form');
after(() => schemas.dropAll());

prechatFormScenarios(async (clock) => {
  const schema = await schemas.create('desk');
  return startDesk({ ...prechatDesk(clock), store: 'postgres', databaseUrl: schema.connectionString });
});
