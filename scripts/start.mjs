#!/usr/bin/env node
// `npm start`: builds whatever is missing or older than its sources, then runs the relay on the embedded
// SQLite store (data in ./data, port 8787 unless PARLEY_PORT says otherwise), serving the demo site at /,
// the widget at /widget.js and the staff inbox at /admin.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();
const outputs = [
  'packages/protocol/dist/index.js',
  'packages/sdk/dist/index.js',
  'packages/relay/dist/main.js',
  'packages/widget/dist/widget.js',
];
const sources = ['packages/protocol/src', 'packages/sdk/src', 'packages/relay/src', 'packages/widget/src'];

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), info.mtimeMs);
}

const missing = outputs.filter((file) => !existsSync(join(root, file)));
const built = missing.length ? 0 : Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));
if (missing.length || sources.some((dir) => newest(join(root, dir)) > built)) {
  process.stdout.write(
    missing.length ? 'Building (first start)…\n' : 'Sources changed since the last build; rebuilding…\n',
  );
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const env = {
  PARLEY_DATA_DIR: join(root, 'data'),
  PARLEY_WIDGET_DIR: join(root, 'packages/widget/dist'),
  PARLEY_SITE_DIR: join(root, 'examples/site'),
  ...(existsSync(join(root, 'packages/widget/dist/admin/index.html'))
    ? { PARLEY_ADMIN_DIR: join(root, 'packages/widget/dist/admin') }
    : {}),
  ...process.env,
};
const relay = spawn(process.execPath, [join(root, 'packages/relay/dist/main.js')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal));
relay.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
