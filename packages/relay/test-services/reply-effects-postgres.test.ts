/** What a reply does to its conversation, on PostgreSQL (issue #81): the SQLite suite on its own schema. */
import { after } from 'node:test';
import { replyEffectsSuite } from '../test/support/reply-effects-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_reply_effects');

replyEffectsSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('one');
  return { store: 'postgres', databaseUrl: connectionString };
});

after(() => schemas.dropAll());
