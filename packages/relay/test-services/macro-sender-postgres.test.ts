/** Who a macro writes as (issue #81) on PostgreSQL: the same suite as SQLite's. */
import { after } from 'node:test';
import { macroSenderSuite } from '../test/support/macro-sender-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_macro_sender');

// A schema of its own for each relay the suite starts afresh (the upgrade's two runs share theirs).
macroSenderSuite('PostgreSQL', async () => {
  const schema = await schemas.create();
  return {
    options: (dataDir) => ({ store: 'postgres', databaseUrl: schema.connectionString, dataDir }),
    unmigrate: async () => {
      await schema.query('ALTER TABLE $schema.macros DROP COLUMN sender');
      await schema.query(`DELETE FROM $schema.parley_schema_migrations WHERE name = 'rules.macro-sender'`);
    },
  };
});

after(() => schemas.dropAll());
