/** Who a macro writes as (issue #81) on SQLite; PostgreSQL runs the same suite. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { macroSenderSuite } from './support/macro-sender-suite.js';

macroSenderSuite('SQLite', () => ({
  options: (dataDir) => ({ dataDir }),
  unmigrate: async (dataDir) => {
    const db = new Database(join(dataDir, 'parley.db'), { fileMustExist: true });
    try {
      db.exec(`ALTER TABLE macros DROP COLUMN sender;
        DELETE FROM parley_schema_migrations WHERE name = 'rules.macro-sender';`);
    } finally {
      db.close();
    }
  },
}));
