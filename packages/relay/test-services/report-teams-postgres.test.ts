/** Reports by team, agent, label and attribute, and the per-conversation export, on PostgreSQL (test/support/report-teams-suite.ts). */
import { after } from 'node:test';
import { ERASURE_PLAN } from '../src/features/features.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { reportTeamsSuite } from '../test/support/report-teams-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_report_teams');
after(() => schemas.dropAll());
let connectionString = '';

reportTeamsSuite('PostgreSQL', {
  options: async () => {
    connectionString = (await schemas.create()).connectionString;
    return {
      store: 'postgres' as const,
      databaseUrl: connectionString,
      dataKey: Buffer.alloc(32, 7).toString('base64'),
    };
  },
  open: () => openPostgresAdminDb({ connectionString, poolSize: 1, erasure: ERASURE_PLAN }),
});
