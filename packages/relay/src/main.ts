#!/usr/bin/env node
import { ConfigError } from './config.js';
import { startRelay } from './relay.js';
import { NativeUwsUnavailableError } from './uws.js';

/** Exit status when the native server is unavailable (sysexits EX_UNAVAILABLE). */
const EX_UNAVAILABLE = 69;

/** The `parley-relay` command: configuration from `PARLEY_*` variables (and `PARLEY_CONFIG`, a JSON file). */
async function main(): Promise<void> {
  let relay;
  try {
    relay = await startRelay({
      env: process.env,
      onFirstStart: ({ siteKey, adminToken, file }) => {
        // Shown once, on the terminal of the person who started the relay; kept in `file` (mode 0600).
        process.stdout.write(
          [
            '',
            'Parley created the default site on this first start.',
            `  site key     ${siteKey}   (public: goes in the widget's script tag)`,
            `  admin token  ${adminToken}   (secret: sign in at /admin; shown only now)`,
            `  kept in      ${file}`,
            '',
          ].join('\n') + '\n',
        );
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley-relay: ${error.message}\n`);
      process.exit(78);
    }
    if (error instanceof NativeUwsUnavailableError) {
      process.stderr.write(`parley-relay: ${error.message}\n`);
      process.exit(EX_UNAVAILABLE);
    }
    throw error;
  }
  process.stdout.write(`Parley relay on ${relay.httpUrl}  (WebSocket ${relay.wsUrl})\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`parley-relay: ${signal}: stopping (flushing pending commits, closing sockets with 1001)\n`);
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`parley-relay: error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
