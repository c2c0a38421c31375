/** `parley-relay ai eval` on SQLite: the command opens the running relay's data dir. */
import { rmSync } from 'node:fs';
import { after } from 'node:test';
import { aiEvalSuite } from './support/ai-eval-suite.js';
import { tempDir } from './support/temp.js';

const dataDir = tempDir('parley-ai-eval-');
after(() => rmSync(dataDir, { recursive: true, force: true }));

aiEvalSuite('SQLite', async () => ({ relay: { dataDir }, env: { PARLEY_DATA_DIR: dataDir } }));
