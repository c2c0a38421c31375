#!/usr/bin/env node
// `npm start`: builds whatever is missing or older than its sources, then runs the relay on the embedded
// SQLite store (data in ./data, port 8787 unless PARLEY_PORT says otherwise). The relay serves the widget at
// /widget.js and the staff inbox at /admin by itself; this adds the demo shop at / (examples/site).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();
ensureBuilt();

const env = {
  PARLEY_DATA_DIR: join(root, 'data'),
  PARLEY_SITE_DIR: join(root, 'examples/site'),
  ...process.env,
};
const relay = spawn(process.execPath, [join(root, 'packages/relay/bin/parley-relay.js')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal));
relay.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
