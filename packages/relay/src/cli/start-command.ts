import { basename, delimiter, isAbsolute, join, relative } from 'node:path';
import { EXIT, parseCommandArgs, type CliCommand } from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';

/** The default site's credentials, when this start created them. */
interface FirstStart {
  readonly siteKey: string;
  readonly file: string;
}

/**
 * What the relay prints once it listens: its public origin (`httpUrl`, which every link it hands out shares), the
 * inbox there, while no staff account exists the setup link of the first owner, and on a first start how to
 * install the chat. `listening` names where it listens, when that is another address (behind a proxy).
 */
export function startBanner(
  httpUrl: string,
  wsUrl: string,
  first: FirstStart | undefined,
  setupLink?: string | undefined,
  options: { readonly demoShop?: boolean; readonly command?: string; readonly listening?: string } = {},
): string {
  const command = options.command ?? 'parley-relay';
  const lines = [`Parley relay on ${httpUrl}  (WebSocket ${wsUrl})`];
  if (options.listening !== undefined && options.listening !== httpUrl)
    lines.push(`  listening    ${options.listening}   (PARLEY_PUBLIC_URL is where browsers and links go)`);
  lines.push(`  inbox        ${httpUrl}/admin`);
  if (options.demoShop) lines.push(`  demo shop    ${httpUrl}/   (a page with the chat on it, to try it as a visitor)`);
  if (setupLink !== undefined) {
    lines.push(
      '',
      'No staff account exists yet. Open this link to create the owner account (it works once, for 2 hours;',
      'a restart makes a new one). It is a secret: anyone with it becomes the owner. This output may be kept in',
      'a log (docker logs): once it has expired, or to replace it, make a new one on the relay’s machine with',
      `  ${command} account setup-link`,
      '  (in the container: docker exec <container> node /opt/parley/bin/parley-relay.js account setup-link)',
      `  setup        ${setupLink}`,
      `API tokens for scripts and bots: ${command} token create --name <name> --role admin|agent`,
    );
  }
  if (first) {
    lines.push(
      '',
      'Parley created the default site on this first start.',
      `  site key     ${first.siteKey}   (public: goes in the widget's script tag)`,
      `  kept in      ${first.file}`,
      '',
      'Install the chat on your site (before </body>; use the address your visitors reach the relay at):',
      `  <script src="${httpUrl}/widget.js?site=${first.siteKey}" async></script>`,
      '',
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * This command as it can be typed again from where it was started: `parley-relay` when it runs from a bin on the
 * PATH, else `node <the script, relative to here>` (`npm start` runs packages/relay/bin/parley-relay.js), so a hint
 * in the banner works as printed.
 */
function commandAsRun(): string {
  const script = process.argv[1];
  if (script === undefined) return 'parley-relay';
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && script === join(dir, basename(script)));
  if (onPath && basename(script) === 'parley-relay') return 'parley-relay';
  const shown = relative(process.cwd(), script);
  return `node ${shown.startsWith('..') || isAbsolute(shown) ? script : shown}`;
}

/** `parley-relay [start]`: runs the relay until SIGTERM or SIGINT. */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'start the relay (the default when no command is given)',
  usage: [
    'Usage: parley-relay [start]',
    '',
    'Starts the relay. Configuration comes from PARLEY_* environment variables and the JSON file named by',
    'PARLEY_CONFIG (see the README). On its first start it creates the default site and prints its key; while',
    'no staff account exists it prints a one-time setup link for the owner. SIGTERM or SIGINT stop it gracefully (pending commits flushed, sockets closed with 1001).',
    '',
    'PARLEY_MIGRATE=skip starts without applying migrations, and refuses (exit 78) while the schema is behind.',
  ].join('\n'),
  async run(args, env, output) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const { startRelay } = await relayParts();
    let first: FirstStart | undefined;
    const relay = await startRelay({
      env,
      onFirstStart: (credentials) => (first = credentials),
    });
    // Listening for SIGTERM and SIGINT before the banner says the relay runs: one sent as soon as it says so (a
    // script, a test, a quick Ctrl-C) stops it gracefully instead of killing it.
    const stopped = new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        output.err(`parley-relay: ${signal}: stopping (flushing pending commits, closing sockets with 1001)\n`);
        relay.close().then(
          () => resolve(EXIT.ok),
          (error: unknown) => {
            output.err(`parley-relay: error while stopping: ${String(error)}\n`);
            resolve(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
    // The setup link is shown on the terminal of the person who started the relay, never in a log line.
    output.out(
      startBanner(relay.publicUrl, `${relay.publicUrl.replace(/^http/, 'ws')}/v1/ws`, first, relay.setupLink, {
        listening: relay.httpUrl,
        demoShop: relay.config.siteDir !== undefined,
        command: commandAsRun(),
      }),
    );
    return stopped;
  },
};
