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
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal));
relay.on('exit', (code, signal) => {
  void (catcher?.close() ?? Promise.resolve()).finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
