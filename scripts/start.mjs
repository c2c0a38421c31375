#!/usr/bin/env node
// `npm start`: builds whatever is missing or older than its sources, then runs the relay on the embedded
// SQLite store (data in ./data, port 8787 unless PARLEY_PORT says otherwise). The relay serves the widget at
// /widget.js and the staff inbox at /admin by itself; this adds the demo shop at / (examples/site).
//
// Unless PARLEY_SMTP_URL is set, the relay's email goes to an embedded mail catcher (scripts/mail-catcher.mjs):
// an SMTP server on 127.0.0.1:1025 (PARLEY_DEMO_SMTP_PORT) and the page that shows what it caught,
// http://127.0.0.1:8025/ (PARLEY_DEMO_MAIL_PORT). Nothing leaves the machine. The relay prints and links to
// http://127.0.0.1:8787 (its one public origin; PARLEY_PUBLIC_URL to change it), never localhost as well.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();

const env = {
  PARLEY_DATA_DIR: join(root, 'data'),
  PARLEY_SITE_DIR: join(root, 'examples/site'),
  // The demo is this machine's: it listens on loopback, where the relay builds the links it emails on its own address
  // (on any other address it emails links only with PARLEY_PUBLIC_URL set, docs/deploy.md). PARLEY_HOST=0.0.0.0 and
  // PARLEY_PUBLIC_URL open it to other machines.
  PARLEY_HOST: '127.0.0.1',
  ...process.env,
};

/**
 * The process of a relay that holds `dataDir` (its `relay.lock`, packages/relay/src/store/data-dir-lock.ts) and still
 * runs on this machine, or undefined. The relay refuses to start then; asked first, `npm start` says so before it
 * builds over the running relay's files or its mail catcher fails on the first one's ports.
 */
function runningRelay(dataDir) {
  let holder;
  try {
    holder = JSON.parse(readFileSync(join(dataDir, 'relay.lock'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(holder?.pid) || holder.pid <= 0 || holder.host !== hostname()) return undefined;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return undefined;
  }
  // A pid used again by another process since (its start time, field 22 of /proc/<pid>/stat, differs).
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || (holder.started && fields[19] !== holder.started)) return undefined;
  } catch {
    // No /proc: the pid answered, count it as running.
  }
  return holder.pid;
}

const dataDir = resolve(root, env.PARLEY_DATA_DIR);
const holder = runningRelay(dataDir);
if (holder !== undefined) {
  process.stderr.write(
    `Parley is already running on ${dataDir} (process ${holder}): another \`npm start\` or relay. Stop it first ` +
      '(Ctrl-C in its terminal), or give this one a data dir of its own with PARLEY_DATA_DIR.\n',
  );
  process.exit(1);
}
ensureBuilt();

let catcher;
if (!process.env.PARLEY_SMTP_URL) {
  // Imported here: it needs the dependencies ensureDependencies just installed.
  const { startMailCatcher } = await import('./mail-catcher.mjs');
  try {
    catcher = await startMailCatcher({
      smtpPort: Number(process.env.PARLEY_DEMO_SMTP_PORT ?? 1025),
      httpPort: Number(process.env.PARLEY_DEMO_MAIL_PORT ?? 8025),
    });
    Object.assign(env, {
      PARLEY_SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
      PARLEY_EMAIL_FROM: process.env.PARLEY_EMAIL_FROM ?? 'Parley demo <demo@parley.localhost>',
      // The demo shows a reply email soon after the visitor leaves (production waits 120 s by default).
      PARLEY_EMAIL_REPLY_DELAY_S: process.env.PARLEY_EMAIL_REPLY_DELAY_S ?? '30',
    });
    process.stdout.write(
      `\n  Demo mail: every email the relay sends is caught at ${catcher.httpUrl} (SMTP 127.0.0.1:${catcher.smtpPort}; replies after ${env.PARLEY_EMAIL_REPLY_DELAY_S} s)\n\n`,
    );
  } catch (error) {
    process.stdout.write(
      `\n  Demo mail: could not start the mail catcher (${error instanceof Error ? error.message : String(error)}); email is off.\n\n`,
    );
  }
}
const relay = spawn(process.execPath, [join(root, 'packages/relay/bin/parley-relay.js')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopping = true;
    relay.kill(signal);
  });
relay.on('exit', (code, signal) => {
  void (catcher?.close() ?? Promise.resolve()).finally(() => {
    // The relay said it was stopping; say that it has, and that nothing is lost, before the prompt comes back.
    if (stopping && (code === 0 || signal))
      process.stdout.write(`\nParley stopped; its data is kept in ${dataDir}. \`npm start\` starts it again.\n`);
    process.exit(code ?? (signal ? 1 : 0));
  });
});
