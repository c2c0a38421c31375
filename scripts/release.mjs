#!/usr/bin/env node
// Assembles the deployable relay, exactly as the Dockerfile's final stage holds it:
//
//   npm run release                   into release/parley/ (gitignored)
//   npm run release -- --out DIR      into DIR (a new or empty folder, or an earlier release)
//
// The tree is what `npm pack` puts in @parley/relay (bin/, dist/ with dist/public, README.md) with a package.json
// that lists production dependencies only, @parley/protocol as a real package (its packed files, not a workspace
// link), and node_modules: the relay's production dependency closure, copied from the root node_modules that
// `npm ci` installed from the lockfile (so every version is the lockfile's; every native module ships prebuilt
// binaries, so nothing was compiled). Nothing else: no dev dependency, no other workspace, no native sources, and
// of each native module only the binary this platform and Node.js load. The relay's own code is the bundle the build
// made (dist/bundle/: the relay, @parley/protocol and the pure-JavaScript dependencies in a few ES modules), so that
// it starts by loading a few files; native modules load from node_modules. Run it with
// `node <tree>/bin/parley-relay.js`.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { commandLine } from './command-line.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
const RELAY = '@parley/relay';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function fail(message) {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
}

const { values } = commandLine({
  name: 'release',
  usage: `Usage: npm run release [-- --out DIR]    (or: node scripts/release.mjs [--out DIR])

Assembles the deployable relay with its production dependencies only, as the Dockerfile ships it.

  --out DIR   where (default: release/parley); emptied first, so it must be a folder of its own`,
  options: { out: { type: 'string' } },
});
const out = resolve(values.out ?? join(root, 'release/parley'));

// The folder is emptied first: refuse anything that could be someone's files, before any work.
const inside = (parent, child) => child === parent || child.startsWith(parent + sep);
if (inside(out, root) || (inside(root, out) && !inside(join(root, 'release'), out)))
  fail(`--out ${out} is the repository, one of its folders or a parent of it; choose a folder of its own.`);
if (existsSync(out)) {
  if (!lstatSync(out).isDirectory()) fail(`--out ${out} exists and is not a folder.`);
  const entries = readdirSync(out);
  let previous;
  try {
    previous = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')).name;
  } catch {
    previous = undefined;
  }
  if (entries.length > 0 && previous !== RELAY)
    fail(`--out ${out} is not empty and does not hold an earlier release; choose a new or empty folder.`);
}

ensureDependencies();
ensureBuilt();

function npmJson(args) {
  const result = spawnSync(npm, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) fail(`npm ${args.join(' ')} failed:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** The workspaces, by folder (their real path) and by name. */
const workspaces = new Map(
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces.map((folder) => {
    const path = realpathSync(join(root, folder));
    return [path, JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'))];
  }),
);
const relayDir = [...workspaces].find(([, manifest]) => manifest.name === RELAY)?.[0];
if (!relayDir) fail(`no workspace named ${RELAY}`);

/** What `npm pack` would put in a workspace's tarball (its `files` allowlist, README, LICENSE, package.json). */
function packedFiles(name) {
  const [report] = JSON.parse(npmJson(['pack', '--dry-run', '--json', '--ignore-scripts', '-w', name]));
  return report.files.map((file) => file.path).filter((path) => !path.endsWith('.tsbuildinfo'));
}

/**
 * A workspace's package.json as a published package: no dev dependencies or scripts, and no `source` export
 * condition (it points at TypeScript sources the tree does not carry).
 */
function publishedManifest(manifest, extra = {}) {
  const { devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  const exports = JSON.parse(JSON.stringify(rest.exports ?? {}), (key, value) =>
    key === 'source' ? undefined : value,
  );
  return { ...rest, ...(rest.exports ? { exports } : {}), ...extra };
}

function copyWorkspace(dir, target) {
  const manifest = workspaces.get(dir);
  for (const file of packedFiles(manifest.name)) {
    if (file === 'package.json') continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(dir, file), join(target, file));
  }
  return manifest;
}

// The relay's production closure as npm resolved it from the lockfile. npm ls exits non-zero when the installed
// tree does not match package.json (missing, invalid or extraneous packages): then nothing is assembled.
const listed = npmJson(['ls', '--omit=dev', '--all', '--parseable', '-w', RELAY])
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);
// Where each workspace of the closure sits in the tree: the relay at its root, the others (@parley/protocol) where
// npm linked them, under node_modules.
const placed = new Map([[relayDir, '']]);
for (const path of listed) {
  const real = realpathSync(path);
  if (workspaces.has(real) && real !== relayDir) placed.set(real, relative(root, path));
}
const versionAt = new Map(); // destination -> name@version, to drop a nested copy the top level already provides
const packages = new Map(); // destination in the tree (relative) -> source folder
for (const path of listed) {
  const real = realpathSync(path);
  if (real === root || real === relayDir) continue;
  let dest;
  if (workspaces.has(real)) dest = placed.get(real);
  else if (relative(root, path).startsWith(`node_modules${sep}`)) dest = relative(root, path);
  else {
    // Installed under a workspace's own node_modules (a version the root does not hoist): under that workspace's
    // place in the tree.
    const owner = [...placed.keys()].find((dir) => inside(join(dir, 'node_modules'), path));
    if (owner === undefined) fail(`unexpected path in the relay's dependency closure: ${path}`);
    dest = join(placed.get(owner), relative(owner, path));
  }
  const previous = packages.get(dest);
  if (previous && previous !== real)
    fail(`two versions of one package would land at ${dest}: ${previous} and ${real}; cannot assemble the tree.`);
  packages.set(dest, real);
  const { name, version } = workspaces.get(real) ?? JSON.parse(readFileSync(join(real, 'package.json'), 'utf8'));
  versionAt.set(dest, `${name}@${version}`);
}
// A nested copy is left out when, without it, Node would find the same version walking up the folders (e.g.
// @parley/protocol's zod, installed under packages/protocol, is the relay's zod at the top of the tree).
for (const [dest] of [...packages].sort(([a], [b]) => b.length - a.length)) {
  const segments = dest.split(sep);
  const last = segments.lastIndexOf('node_modules');
  if (last <= 0) continue;
  const name = segments.slice(last + 1).join(sep);
  for (let dir = dirname(segments.slice(0, last).join(sep)); ; dir = dirname(dir)) {
    const candidate = join(dir === '.' ? '' : dir, 'node_modules', name);
    if (packages.has(candidate)) {
      if (versionAt.get(candidate) === versionAt.get(dest)) packages.delete(dest);
      break;
    }
    if (dir === '.' || dir === '') break;
  }
}

/**
 * The prebuilt binary (relative, `prebuilds/linux-x64.node`) that the package at `dir` loads on this platform, as
 * better-sqlite3's own lib/binding.js chooses it (glibc or musl, platform, CPU); undefined when it has none.
 */
function prebuildLoadedHere(dir) {
  const loader = join(dir, 'lib/binding.js');
  if (!existsSync(loader)) return undefined;
  const path = createRequire(loader)(loader).getPrebuildPath?.();
  return path ? join('prebuilds', basename(path)) : undefined;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const relay = copyWorkspace(relayDir, out);
// The relay's code as the bundle the build made (packages/relay/scripts/bundle-server.mjs): dist/ keeps bundle/,
// public/, openapi/ and packages/ (the SDK's tarballs it serves), not tsc's module per source file nor the type declarations (the tree is a program, not a
// library), and dist/main.js, which the bin imports, loads the bundle.
if (!existsSync(join(out, 'dist/bundle/main.js'))) fail('the relay has no dist/bundle/main.js: run `npm run build`.');
for (const entry of readdirSync(join(out, 'dist')))
  if (!['bundle', 'public', 'openapi', 'packages'].includes(entry))
    rmSync(join(out, 'dist', entry), { recursive: true, force: true });
writeFileSync(
  join(out, 'dist/main.js'),
  "// The `parley-relay` command, bundled (dist/bundle/main.js, with its source map beside it).\nimport './bundle/main.js';\n",
);
for (const [dest, source] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
  const target = join(out, dest);
  if (workspaces.has(source)) {
    // A workspace in the closure (@parley/protocol): its packed files, as `npm install` would unpack them.
    const manifest = copyWorkspace(source, target);
    writeFileSync(join(target, 'package.json'), `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
    continue;
  }
  // The package as installed, without its own node_modules (nested dependencies in the closure come separately;
  // others, such as a dependency's dev dependencies, stay out) and without native build leftovers.
  cpSync(source, target, {
    recursive: true,
    filter: (path) => {
      const inner = relative(source, path);
      const parts = inner.split(sep);
      if (parts[0] === 'node_modules') return false;
      // A package with native sources (better-sqlite3): not its C and C++ sources (SQLite's in deps/, its own in
      // src/), and of its prebuilt binaries (prebuilds/<platform>-<arch>.node) only the one it loads here. Should one
      // have been built here by node-gyp after all, of build/ only the addon it loads, build/Release/*.node.
      if (existsSync(join(source, 'binding.gyp'))) {
        if (parts[0] === 'deps') return false;
        if (/\.(c|cc|cpp|h|hpp)$/.test(inner)) return false;
        if (parts[0] === 'prebuilds' && parts.length === 2) return inner === prebuildLoadedHere(source);
        if (parts[0] === 'build' && parts.length > 1) {
          if (parts[1] !== 'Release') return false;
          if (parts.length === 3) return parts[2].endsWith('.node') && parts[2] !== 'test_extension.node';
          if (parts.length > 3) return false;
        }
      }
      return true;
    },
  });
}

// uWebSockets.js ships a native binary per platform, CPU and Node.js ABI (the pinned build, @based/uws: 34 of them,
// ~184 MB, in its root folder; docs/decisions/0018-uwebsockets-js-source.md). The tree is for this platform and this
// Node.js line, so it keeps the one binary uWebSockets.js loads here: uws_<platform>_<arch>_<ABI>.node.
const uwsBinary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
const uws = join(out, 'node_modules/uWebSockets.js');
if (!existsSync(join(uws, uwsBinary)))
  fail(
    `uWebSockets.js has no native binary for this Node.js (${uwsBinary}): build the release on Node.js 22 or 24 ` +
      '(docs/deploy.md, "Using the official uWebSockets.js build").',
  );
for (const file of readdirSync(uws)) if (/^uws_.*\.node$/.test(file) && file !== uwsBinary) rmSync(join(uws, file));

// Packages whose install scripts the repository does not run (`allowScripts: false` in its package.json: each ships
// its binaries, and its script would only check them or build from source, as koffi's would: ADR 0042) are carried
// without those scripts, so that a reinstall of the tree runs nothing the repository's own install did not.
const declined = new Set(
  Object.entries(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).allowScripts ?? {})
    .filter(([, allowed]) => allowed === false)
    .map(([name]) => name),
);
for (const dest of packages.keys()) {
  const path = join(out, dest, 'package.json');
  const { scripts, ...manifest } = JSON.parse(readFileSync(path, 'utf8'));
  if (!declined.has(manifest.name) || !scripts) continue;
  const kept = Object.entries(scripts).filter(([name]) => !/^(pre|post)?install$/.test(name));
  if (kept.length === Object.keys(scripts).length) continue;
  writeFileSync(
    path,
    `${JSON.stringify(kept.length ? { ...manifest, scripts: Object.fromEntries(kept) } : manifest, null, 2)}\n`,
  );
}

// The relay's package.json: production dependencies only. No `allowScripts`: no package in the tree has an install
// script (every native module ships its binaries), so a reinstall of the tree compiles and runs nothing either.
const dependencies = { ...relay.dependencies };
for (const name of Object.keys(dependencies)) {
  const workspace = [...workspaces.values()].find((manifest) => manifest.name === name);
  if (workspace) dependencies[name] = workspace.version;
}
writeFileSync(join(out, 'package.json'), `${JSON.stringify(publishedManifest(relay, { dependencies }), null, 2)}\n`);

/** Bytes and files under `dir` (symbolic links count as files of their own size, not followed). */
function measure(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = measure(path);
      bytes += inner.bytes;
      files += inner.files;
    } else {
      bytes += lstatSync(path).size;
      files += 1;
    }
  }
  return { bytes, files };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const total = measure(out);
const modules = measure(join(out, 'node_modules'));
const direct = Object.keys(dependencies).length;
process.stdout.write(
  [
    `release: ${relative(process.cwd(), out) || '.'}`,
    `  packages   ${packages.size} in node_modules (${direct} direct dependencies of ${RELAY}@${relay.version})`,
    `  size       ${mb(total.bytes)} total, ${mb(modules.bytes)} of it node_modules`,
    `  files      ${total.files}`,
    `  run        node ${join(relative(process.cwd(), out) || '.', 'bin/parley-relay.js')}`,
    '',
  ].join('\n'),
);
