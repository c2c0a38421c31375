/** `parley-relay support-address` on SQLite: the command opens the running relay's data dir. */
import { rmSync } from 'node:fs';
import { after } from 'node:test';
import { cliSupportAddressSuite } from './support/cli-support-address-suite.js';
import { tempDir } from './support/temp.js';

const dataDir = tempDir('parley-cli-support-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

cliSupportAddressSuite('SQLite', async () => ({ relay: { dataDir }, env: { PARLEY_DATA_DIR: dataDir } }));
