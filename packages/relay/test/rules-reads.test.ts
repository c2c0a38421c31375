import { rulesReadsSuite } from './support/rules-reads-suite.js';
import { openSqliteSite } from './support/sqlite-site.js';

rulesReadsSuite('SQLite', () => openSqliteSite('parley-rules-reads-', 'pk_rules_reads'));
