import { ConfigError } from '../features/config-section.js';
import { SchemaBehindError } from '../store/store.js';
import { DataDirLockedError } from '../store/data-dir-lock.js';
import { NativeUwsUnavailableError } from '../uws.js';
import { backupCommand } from './backup-command.js';
import {
  CliError,
  EXIT,
  HelpRequested,
  UsageError,
  type CliCommand,
  type CliOutput,
  type CommandContext,
} from '../commands/command.js';
import { CONTRIBUTED } from './commands.generated.js';
import { relayParts } from './load-relay-parts.js';
import { migrateCommand } from './migrate-command.js';
import { restoreCommand } from './restore-command.js';
import { siteCommand } from './site-command.js';
import { startCommand } from './start-command.js';
import { tokenCommand } from './token-command.js';
import { accountCommand } from './account-command.js';
import { aiCommand } from './ai-command.js';

/**
 * Every subcommand of `parley-relay`, in the order `--help` lists them: the relay's own, then those the features'
 * folders declare (their `cli-command.ts`, indexed in ./commands.generated.ts).
 */
export const CLI_COMMANDS: readonly CliCommand[] = [
  startCommand,
  backupCommand,
  restoreCommand,
  migrateCommand,
  tokenCommand,
  accountCommand,
  siteCommand,
  aiCommand,
  ...CONTRIBUTED,
];

/** What every command is run with: the relay's stores, loaded once a command asks for them. */
const COMMAND_CONTEXT: CommandContext = {
  openStores: async (env) => {
    const { loadConfig, openStores } = await relayParts();
    return openStores(loadConfig({}, env));
  },
};

/** The command names' column in the list: the longest name and two spaces. */
const NAME_WIDTH = Math.max(...CLI_COMMANDS.map((command) => command.name.length)) + 2;

/** The top-level usage: the command list and the exit statuses. */
export const CLI_USAGE = [
  'Usage: parley-relay [command] [options]',
  '',
  'Commands:',
  ...CLI_COMMANDS.map((command) => `  ${command.name.padEnd(NAME_WIDTH)}${command.summary}`),
  '',
  'Without a command, parley-relay starts the relay. `parley-relay <command> --help` describes a command.',
  'Every command reads the relay configuration (PARLEY_* variables, PARLEY_CONFIG) and validates it as `start` does.',
  '',
  'Exit status: 0 ok, 64 wrong arguments, 65 bad input file, 66 no database, 69 native uWebSockets.js',
  'unavailable, 73 cannot create the output file, 75 another relay holds the data dir or the port, 78 configuration.',
].join('\n');

const processOutput: CliOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * Runs `parley-relay` with `argv` (the arguments after the program name) and resolves with the exit status.
 * Failures are printed here, in the operator's words, with the exit status of their kind (see {@link EXIT}).
 *
 * @example
 * process.exit(await runCli(process.argv.slice(2), process.env));
 */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput = processOutput,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    if (rest.length === 0) {
      output.out(`${CLI_USAGE}\n`);
      return EXIT.ok;
    }
    return runCli([...rest, '--help'], env, output);
  }
  // No command, or options only: start (`parley-relay` alone is the relay, as it always was).
  const named = first === undefined || first.startsWith('-') ? undefined : first;
  const command = named === undefined ? startCommand : CLI_COMMANDS.find((candidate) => candidate.name === named);
  if (!command) {
    output.err(`parley-relay: unknown command "${named}".\n\n${CLI_USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(named === undefined ? argv : rest, env, output, COMMAND_CONTEXT);
  } catch (error) {
    if (error instanceof HelpRequested) {
      output.out(`${error.usage ?? command.usage}\n`);
      return EXIT.ok;
    }
    if (error instanceof UsageError) {
      output.err(`parley-relay ${command.name}: ${error.message}\n\n${error.usage ?? command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      output.err(`parley-relay ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      output.err(`parley-relay: ${error.message}\n`);
      return EXIT.config;
    }
    if (error instanceof SchemaBehindError) {
      output.err(`parley-relay: ${error.message}\n`);
      return EXIT.config;
    }
    // The server was loaded by the command that failed to listen: importing it here costs nothing then.
    if (error instanceof DataDirLockedError || error instanceof (await relayParts()).PortUnavailableError) {
      output.err(`parley-relay: ${error.message}\n`);
      return EXIT.tempFail;
    }
    if (error instanceof NativeUwsUnavailableError) {
      output.err(`parley-relay: ${error.message}\n`);
      return EXIT.unavailable;
    }
    throw error;
  }
}
