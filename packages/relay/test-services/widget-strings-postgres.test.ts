// A site's own words in its widget (issue #85) on PostgreSQL: the scenarios SQLite runs (widget-strings-scenarios.ts).
import { after } from 'node:test';
import { startDesk } from '../test/support/desk.js';
import { WIDGET_STRINGS_DESK, widgetStringsScenarios } from '../test/widget-strings-scenarios.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_widget_strings');
after(() => schemas.dropAll());

widgetStringsScenarios(async () => {
  const schema = await schemas.create('desk');
  return startDesk({ ...WIDGET_STRINGS_DESK, store: 'postgres', databaseUrl: schema.connectionString });
});
