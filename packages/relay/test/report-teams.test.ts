/** Reports by team, agent, label and attribute, and the per-conversation export, on SQLite (test/support/report-teams-suite.ts). */
import { join } from 'node:path';
import { ERASURE_PLAN } from '../src/features/features.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { reportTeamsSuite } from './support/report-teams-suite.js';

reportTeamsSuite('SQLite', {
  options: async () => ({}),
  open: (relay) => openSqliteAdminDb({ path: join(relay.dataDir, 'parley.db'), erasure: ERASURE_PLAN }),
});
