import { startRelay } from '../relay.js';
import { EXIT, parseCommandArgs, type CliCommand } from './cli-command.js';

/** The default site's credentials, when this start created them. */
interface FirstStart {
  readonly siteKey: string;
  readonly file: string;
}

/**
 * What the relay prints once it listens: where it is, where the inbox is, while no staff account exists the setup
 * link of the first owner, and on a first start how to install the chat.
 */
export function startBanner(
  httpUrl: string,
  wsUrl: string,
  first: FirstStart | undefined,
  setupLink?: string | undefined,
): string {
  const lines = [`Parley relay on ${httpUrl}  (WebSocket ${wsUrl})`, `  inbox        ${httpUrl}/admin`];
  if (setupLink !== undefined) {
    lines.push(
      '',
      'No staff account exists yet. Open this link to create the owner account (it works once, for 2 hours;',
      'a restart makes a new one). It is a secret: anyone with it becomes the owner. This output may be kept in',
      'a log (docker logs): once it has expired, or to replace it, make a new one on the relay’s machine with',
      '  parley-relay account setup-link',
      '  (in the container: docker exec <container> node /opt/parley/bin/parley-relay.js account setup-link)',
      `  setup        ${setupLink}`,
      'API tokens for scripts and bots: parley-relay token create --name <name> --role admin|agent',
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
      `  <script src="${httpUrl}/widget.js" data-site-key="${first.siteKey}" async></script>`,
      '',
    );
  }
  return lines.join('\n') + '\n';
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
    let first: FirstStart | undefined;
    const relay = await startRelay({
      env,
      onFirstStart: (credentials) => (first = credentials),
    });
    // The setup link is shown on the terminal of the person who started the relay, never in a log line.
    output.out(startBanner(relay.httpUrl, relay.wsUrl, first, relay.setupLink));
    return new Promise<number>((resolve) => {
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
  },
};
