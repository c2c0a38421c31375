// The command line's contribution point, filled from the features' folders: a feature that adds a `parley-relay`
// command declares it in a file of its own folder, `cli-command.ts`, exporting `cliCommand` (a `CliCommand` of
// src/commands/command.ts, which reaches the relay's stores only through the context it is run with), and the
// point's index, src/cli/commands.generated.ts, imports every such file: a new command edits only its folder.
// Written by the build (scripts/build.mjs, before the type-check) when it differs; test/cli-commands.test.ts checks
// the committed one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const dir = fileURLToPath(new URL('..', import.meta.url));

/** The file a feature declares its command in, and what it exports. */
export const FILE = 'cli-command.ts';
export const EXPORT = 'cliCommand';
/** The point's index, from the package's root. */
export const INDEX = 'src/cli/commands.generated.ts';

/** The folders' command files, from the package's root, sorted (the command line's own folder is not a feature). */
export function contributors() {
  return readdirSync(`${dir}src`, { recursive: true })
    .map((path) => path.split('\\').join('/'))
    .filter((path) => posix.basename(path) === FILE && !path.startsWith('cli/') && !path.startsWith('commands/'))
    .map((path) => `src/${path}`)
    .sort();
}

/** The index's text for `files` (those of the tree by default), as Prettier writes it. */
export async function indexText(files = contributors()) {
  const name = (file) =>
    posix
      .dirname(posix.relative('src', file))
      .replace(/[/-](\w)/g, (_, c) => c.toUpperCase())
      .concat('Command');
  const path = (file) => posix.relative('src/cli', file).replace(/\.ts$/, '.js');
  const text = [
    `// Written by scripts/cli-commands.mjs from the folders' ${FILE}: do not edit.`,
    "import type { CliCommand } from '../commands/command.js';",
    ...files.map((file) => `import { ${EXPORT} as ${name(file)} } from '${path(file)}';`),
    '',
    "/** The commands the features' folders declare, in the folders' order (`--help` lists them after the relay's own). */",
    'export const CONTRIBUTED: readonly CliCommand[] = [',
    ...files.map((file) => `  ${name(file)},`),
    '];',
    '',
  ].join('\n');
  const target = `${dir}${INDEX}`;
  return format(text, { ...(await resolveConfig(target)), filepath: target });
}

/** Writes the index when it differs from the folders'; returns whether it did. */
export async function writeIndex() {
  const wanted = await indexText();
  if (existsSync(`${dir}${INDEX}`) && readFileSync(`${dir}${INDEX}`, 'utf8') === wanted) return false;
  writeFileSync(`${dir}${INDEX}`, wanted);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeIndex();
