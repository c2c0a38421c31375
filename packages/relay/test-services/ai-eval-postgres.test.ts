/** `parley-relay ai eval` on PostgreSQL: the command opens the running relay's database (its data key in its data dir). */
import { after } from 'node:test';
import { aiEvalSuite } from '../test/support/ai-eval-suite.js';
import { tempDir } from '../test/support/temp.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_ai_eval');
after(() => schemas.dropAll());

aiEvalSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('eval');
  const dataDir = tempDir('parley-ai-eval-pg-');
  return {
    relay: { store: 'postgres', databaseUrl: connectionString, dataDir },
    env: { PARLEY_STORE: 'postgres', PARLEY_DATABASE_URL: connectionString, PARLEY_DATA_DIR: dataDir },
  };
});
