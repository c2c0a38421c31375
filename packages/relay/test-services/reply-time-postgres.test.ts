// How fast a site typically replies (issue #81) on PostgreSQL: the scenarios SQLite runs (reply-time-scenarios.ts).
import { replyTimeScenarios, REPLY_TIME_DESK } from '../test/reply-time-scenarios.js';
import { startDesk } from '../test/support/desk.js';
import { TestSchemas } from './support/postgres.js';
import { after } from 'node:test';

const schemas = new TestSchemas('parley_reply_time');
after(() => schemas.dropAll());

replyTimeScenarios(async () => {
  const schema = await schemas.create('desk');
  const desk = await startDesk({ ...REPLY_TIME_DESK, store: 'postgres', databaseUrl: schema.connectionString });
  return {
    desk,
    delayStaffReplies: async (ms) => {
      await schema.query(`UPDATE $schema.messages SET ts = ts + $1 WHERE author_role = 'staff'`, [ms]);
    },
  };
});
