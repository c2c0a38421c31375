import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Repositories } from '../store/repositories.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { Store } from '../store/store.js';

/** Exit statuses of `parley-relay` (sysexits.h), so scripts and process managers can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** Wrong arguments: the command's usage is printed. */
  usage: 64,
  /** The input file is not what it should be (restore of a file that is not a Parley database). */
  dataError: 65,
  /** The data dir holds no database to work on. */
  noInput: 66,
  /** The native uWebSockets.js server is unavailable for this Node.js. */
  unavailable: 69,
  /** An output file cannot be created (backup to an unwritable path). */
  cannotCreate: 73,
  /** Try again later: the relay holds the data dir (restore while it runs). */
  tempFail: 75,
  /** A configuration value is wrong; the message names the variable. */
  config: 78,
} as const;

/** A failure with a message for the operator and the exit status it ends with. */
export class CliError extends Error {
  override name = 'CliError';

  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Wrong arguments: the router prints the message and the usage (the command's unless given), and exits 64. */
export class UsageError extends CliError {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(EXIT.usage, message);
  }
}

/** Where a command writes: stdout for results, stderr for everything else. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The relay's stores, opened by a command beside (or instead of) a running relay. */
export interface OpenStores {
  readonly store: Store;
  readonly repos: Repositories;
  /** Seals identity secrets with the relay's data key, as the relay does; undefined when no key is known yet. */
  readonly sealer: SecretSealer | undefined;
  /** The admin side's database, for a feature's own repository (single sign-on's break-glass). */
  readonly db: SqlDb;
  close(): Promise<void>;
}

/**
 * What `parley-relay` hands every command besides its arguments: the relay's parts, loaded only when a command asks,
 * so that `--help` and wrong arguments load none of them. A feature's command (its folder's `cli-command.ts`) reaches
 * the relay only through this, never by importing the command line.
 */
export interface CommandContext {
  /**
   * The relay's stores, with the configuration read from `env` and validated as `start` does (migrating per
   * `PARLEY_MIGRATE`): close them when done.
   */
  openStores(env: NodeJS.ProcessEnv): Promise<OpenStores>;
}

/** One subcommand of `parley-relay`. */
export interface CliCommand {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** The full usage text, shown by `--help` and after wrong arguments. */
  readonly usage: string;
  /** Runs with the arguments after the command's name; resolves with the exit status. */
  run(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput, context: CommandContext): Promise<number>;
}

/** A subcommand of a command with several (`site create`): the arguments after its name. */
export type Subcommand = (
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  output: CliOutput,
  context: CommandContext,
) => Promise<number>;

/**
 * `run` for a command made of subcommands: the first argument names one (`--help` shows the command's usage), the
 * rest are its own.
 */
export function subcommandRunner(subcommands: ReadonlyMap<string, Subcommand>): CliCommand['run'] {
  return async (args, env, output, context) => {
    const [name, ...rest] = args;
    if (name === '--help' || name === '-h') parseCommandArgs(['--help'], {}, { min: 0, max: 0 });
    const subcommand = name === undefined ? undefined : subcommands.get(name);
    if (!subcommand) throw new UsageError(name === undefined ? 'missing subcommand.' : `unknown subcommand "${name}".`);
    return subcommand(rest, env, output, context);
  };
}

/** Thrown by {@link parseCommandArgs} when `--help` is given: the router prints the usage and exits 0. */
export class HelpRequested extends Error {
  override name = 'HelpRequested';

  /** @param usage a subcommand's usage, when not the command's. */
  constructor(readonly usage?: string) {
    super('help');
  }
}

/**
 * `node:util` `parseArgs`, strict, with `--help`/`-h` on every command and a {@link UsageError} for anything it
 * refuses (unknown option, missing value, a positional too many or too few).
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  positionals: { readonly min: number; readonly max: number; readonly names?: string },
  /** A subcommand's usage, shown instead of the command's. */
  usage?: string,
): { values: Record<keyof T, string | boolean | undefined>; positionals: string[] } {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  if (parsed.values.help) throw new HelpRequested(usage);
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names ?? 'argument'}.`, usage);
  if (count > positionals.max)
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}".`, usage);
  return { values: parsed.values as Record<keyof T, string | boolean | undefined>, positionals: parsed.positionals };
}

/** A string option's value, or a {@link UsageError} when it is required and missing. */
export function stringOption(value: string | boolean | undefined, name: string, required: true): string;
export function stringOption(value: string | boolean | undefined, name: string, required?: false): string | undefined;
export function stringOption(value: string | boolean | undefined, name: string, required = false): string | undefined {
  if (typeof value === 'string') return value;
  if (required) throw new UsageError(`--${name} is required.`);
  return undefined;
}

/** Rows as aligned columns under a header (the listing commands' text output). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
