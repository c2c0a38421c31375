// The command line of every script the project ships (bench, diagnostics, size, release, test): `--help` prints the
// usage and exits 0; a flag it does not know, or a value it refuses, prints one line and the usage to stderr and
// exits 64 (EX_USAGE), before any work starts.
import { parseArgs } from 'node:util';

/** sysexits.h's EX_USAGE: the command was used wrongly. */
export const EX_USAGE = 64;

/**
 * Parses `args` with `node:util`'s `parseArgs` (strict), after answering `--help`/`-h`. `check` may throw to refuse
 * a value; its message becomes the one line. Returns what `parseArgs` returns.
 *
 * @param {{ name: string, usage: string, options?: import('node:util').ParseArgsConfig['options'],
 *   allowPositionals?: boolean, allowNegative?: boolean, args?: string[],
 *   check?: (parsed: { values: Record<string, any>, positionals: string[] }) => void }} spec
 * @example
 * const { values } = commandLine({ name: 'size', usage: 'Usage: npm run size', options: {} });
 */
export function commandLine({
  name,
  usage,
  options = {},
  allowPositionals = false,
  allowNegative = false,
  args = process.argv.slice(2),
  check,
}) {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  try {
    const parsed = parseArgs({ args, options, allowPositionals, allowNegative, strict: true });
    check?.(parsed);
    return parsed;
  } catch (error) {
    usageError(name, usage, error);
  }
}

/** Prints `name: <one line>` and the usage to stderr, and exits 64. */
export function usageError(name, usage, error) {
  process.stderr.write(`${name}: ${oneLine(error)}\n\n${usage.trimEnd()}\n`);
  process.exit(EX_USAGE);
}

/** `parseArgs`'s messages, shortened to what was wrong. */
function oneLine(error) {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const positional = /^Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `unexpected argument ${positional[1]}`;
  return message.split('\n')[0];
}
