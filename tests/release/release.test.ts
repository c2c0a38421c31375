// `npm run release` assembles the tree the container runs. This runs it into a folder outside the repository,
// starts the relay from that tree alone (cwd outside the repo, no NODE_PATH, a clean environment) and checks that
// it serves the widget, the inbox, the front page, /healthz and a WebSocket round trip, and carries no dev
// dependency. The Dockerfile's final stage is this tree (no image can be built here: no registry is reachable, and
// no Docker engine runs). CI runs this suite on the container's Node.js line and glibc as well: Node.js 24 on
// Debian 13's glibc (.ci/run).
import { SUBPROTOCOL_V1, decodeServerFrame, type ClientFrame, type ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'parley-release-'));
const tree = join(scratch, 'parley');
const siteKey = 'pk_release_test_1';
const adminToken = 'st_admin_release_test_0123456789';

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every package in the tree: its path under the tree (`node_modules/a/node_modules/b`) and version. */
function installedPackages(dir: string, base = dir, found = new Map<string, string>()): Map<string, string> {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const folders = entry.startsWith('@')
      ? readdirSync(join(modules, entry)).map((name) => join(entry, name))
      : [entry];
    for (const folder of folders) {
      const path = join(modules, folder);
      const { version } = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as { version: string };
      found.set(relative(base, path).split(sep).join('/'), version);
      installedPackages(path, base, found);
    }
  }
  return found;
}

/** A package's name from its path: what follows the last `node_modules/` (the folder name, aliases included). */
const nameOf = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** `name@version` of every package the lockfile installs for production (not marked `dev` or `devOptional`). */
function productionPackages(): Set<string> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean; devOptional?: boolean; link?: boolean }>;
  };
  const out = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes('node_modules/') || entry.dev || entry.devOptional || entry.link) continue;
    out.add(`${nameOf(path)}@${entry.version}`);
  }
  return out;
}

/** Symbolic links under `dir` whose target lies outside it. */
function linksOutside(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      const target = realpathSync(path);
      if (target !== base && !target.startsWith(base + sep)) out.push(`${relative(base, path)} -> ${target}`);
    } else if (entry.isDirectory()) out.push(...linksOutside(path, base));
  }
  return out;
}

/**
 * Every dependency a workspace or the root declares as a dev dependency (unless the relay itself depends on it for
 * production: the benchmark's durable peer uses `pg` too), and the workspaces the relay must not carry.
 */
function forbiddenPackages(): Set<string> {
  const manifests = ['package.json', 'packages/protocol', 'packages/sdk', 'packages/widget', 'packages/relay', 'bench']
    .map((path) => (path.endsWith('.json') ? path : join(path, 'package.json')))
    .map((path) => JSON.parse(readFileSync(join(root, path), 'utf8')) as { devDependencies?: Record<string, string> });
  const names = new Set(manifests.flatMap((manifest) => Object.keys(manifest.devDependencies ?? {})));
  for (const name of ['typescript', 'rollup', 'lit', 'playwright-core', 'tsx', 'eslint', 'esbuild', 'prettier'])
    names.add(name);
  const relay = JSON.parse(readFileSync(join(root, 'packages/relay/package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(relay.dependencies ?? {})) names.delete(name);
  for (const name of ['@parley/sdk', '@parley/widget', '@parley/bench']) names.add(name);
  return names;
}

describe('npm run release: the tree the container runs', () => {
  let relay: ChildProcess | undefined;
  let base = '';
  let stderr = '';
  let releaseOutput = '';

  before(async () => {
    const result = spawnSync(process.execPath, [join(root, 'scripts/release.mjs'), '--out', tree], {
      cwd: root,
      encoding: 'utf8',
    });
    releaseOutput = result.stdout;
    assert.equal(result.status, 0, `npm run release failed:\n${result.stdout}\n${result.stderr}`);

    // Outside the repository and with a clean environment: nothing can resolve from the repo's node_modules.
    relay = spawn(process.execPath, [join(tree, 'bin/parley-relay.js')], {
      cwd: scratch,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        PARLEY_PORT: '0',
        PARLEY_HOST: '127.0.0.1',
        PARLEY_DATA_DIR: join(scratch, 'data'),
        PARLEY_SITE_KEY: siteKey,
        PARLEY_ADMIN_TOKEN: adminToken,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = relay;
    base = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      // The banner on stdout, or the JSON "relay listening" line on stderr: whichever comes first names the port.
      const check = (): void => {
        const banner = /Parley relay on (http:\/\/\S+)/.exec(stdout)?.[1];
        const port = /"message":"relay listening"[^\n]*"port":(\d+)/.exec(stderr)?.[1];
        if (banner) resolve(banner);
        else if (port) resolve(`http://127.0.0.1:${port}`);
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        check();
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        check();
      });
      child.once('exit', (code) => reject(new Error(`the relay exited with ${code}:\n${stdout}\n${stderr}`)));
    });
  });

  after(async () => {
    if (relay && relay.exitCode === null && relay.signalCode === null) {
      const exited = new Promise((resolve) => relay!.once('exit', resolve));
      relay.kill('SIGKILL');
      await exited;
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reports the size and file count of the tree', () => {
    assert.match(releaseOutput, /size\s+[\d.]+ MB total, [\d.]+ MB of it node_modules/);
    assert.match(releaseOutput, /files\s+\d+/);
  });

  it('holds the relay package, @parley/protocol as a real package, and no dev dependency', () => {
    const manifest = JSON.parse(readFileSync(join(tree, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.name, '@parley/relay');
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.allowScripts, undefined, 'no package in the tree needs an install script');
    assert.ok(existsSync(join(tree, 'dist/main.js')));
    assert.ok(existsSync(join(tree, 'dist/bundle/main.js')));
    assert.ok(existsSync(join(tree, 'dist/public/widget/widget.js.br')));
    assert.ok(existsSync(join(tree, 'dist/public/widget/widget.js.gz')));
    assert.ok(!existsSync(join(tree, 'src')), 'no TypeScript sources');

    const protocol = join(tree, 'node_modules/@parley/protocol');
    assert.ok(!lstatSync(protocol).isSymbolicLink(), '@parley/protocol is a folder, not a workspace link');
    assert.ok(existsSync(join(protocol, 'dist/index.js')));
    assert.deepEqual(linksOutside(tree), [], 'no link leads out of the tree');

    const installed = installedPackages(tree);
    const names = new Set([...installed.keys()].map(nameOf));
    for (const name of ['better-sqlite3', 'uWebSockets.js', 'koffi', 'pg', 'ioredis', 'zod', '@parley/protocol'])
      assert.ok(names.has(name), `${name} is in the tree`);
    // At the top of the tree, none of the names any workspace or the root declares as a dev dependency, unless the
    // lockfile installs that very package for production too: a dependency of a production package (node-saml's
    // xml-crypto, which the tests' SAML identity provider signs with; its @types/node) is no dev dependency here.
    const production = productionPackages();
    const top = [...installed].filter(([path]) => path.split('node_modules/').length === 2);
    const forbidden = [...forbiddenPackages()].filter((name) =>
      top.some(([path, version]) => nameOf(path) === name && !production.has(`${name}@${version}`)),
    );
    assert.deepEqual(forbidden, [], 'no dev dependency or other workspace in the tree');
    // Anywhere in the tree, each package is one the lockfile installs for production, at that version (a nested
    // name such as uWebSockets.js's own ws is a production dependency of a production dependency).
    const unexpected = [...installed]
      .filter(([path, version]) => !path.includes('@parley/') && !production.has(`${nameOf(path)}@${version}`))
      .map(([path, version]) => `${path}@${version}`);
    assert.deepEqual(unexpected, [], 'every package is a production package of the lockfile');
  });

  it('runs the relay bundled: dist/main.js loads dist/bundle/main.js, source maps beside, no module per source', () => {
    assert.match(readFileSync(join(tree, 'dist/main.js'), 'utf8'), /^import '\.\/bundle\/main\.js';$/m);
    const bundle = readdirSync(join(tree, 'dist/bundle'));
    const scripts = bundle.filter((file) => file.endsWith('.js'));
    assert.ok(scripts.includes('main.js') && scripts.includes('inbound-parser-thread.js'));
    for (const file of scripts) assert.ok(bundle.includes(`${file}.map`), `${file} has its source map`);
    // The relay's and the protocol's code are in it (the bundle's maps name their sources), not beside it. The
    // command's code is main.js; what a command loads once its arguments are read (the relay itself) is a chunk.
    const sources = new Set(
      bundle
        .filter((file) => file.endsWith('.js.map'))
        .flatMap((file) => (JSON.parse(readFileSync(join(tree, 'dist/bundle', file), 'utf8')) as { sources: string[] }).sources),
    );
    assert.ok(sources.has('../../src/relay.ts'), 'the relay (its sources, relative to the bundle)');
    assert.ok(sources.has('../../../protocol/src/frames.ts'), "the protocol's frames");
    assert.deepEqual(readdirSync(join(tree, 'dist')).sort(), ['bundle', 'main.js', 'openapi', 'packages', 'public']);
    // The OpenAPI document comes compressed by the build: a start compresses nothing.
    assert.deepEqual(
      readdirSync(join(tree, 'dist/openapi')).map((file) => file.replace(/^[\w-]{22}\./, '')).sort(),
      ['br', 'gz'],
    );
  });

  it("carries sharp's native binaries for this platform, and they load from the tree", () => {
    const names = new Set([...installedPackages(tree).keys()].map(nameOf));
    const platform = `${process.platform}-${process.arch}`;
    for (const name of ['sharp', `@img/sharp-${platform}`, `@img/sharp-libvips-${platform}`, 'file-type', '@aws-sdk/client-s3'])
      assert.ok(names.has(name), `${name} is in the tree`);
    // Resolved from the tree alone (cwd inside it, no NODE_PATH): an image made, re-encoded and measured.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import sharp from 'sharp'; const png = await sharp({ create: { width: 3, height: 2, channels: 3, background: 'red' } }).png().toBuffer(); const { width, height, format } = await sharp(png).metadata(); console.log(format, width, height);",
      ],
      { cwd: tree, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'png 3 2');
  });

  it('carries no test-only fault: no test fixture, and no script that reads a PARLEY_TEST_ variable', () => {
    assert.ok(!existsSync(join(tree, 'test')), 'no test folder');
    const scripts = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? scripts(join(dir, entry.name))
          : /\.(js|mjs|cjs)$/.test(entry.name)
            ? [join(dir, entry.name)]
            : [],
      );
    // The relay's own code and @parley/protocol's (the fault of the scale-out suites lives in test/fixtures only).
    const files = ['dist', 'bin', 'node_modules/@parley'].flatMap((dir) => scripts(join(tree, dir)));
    assert.ok(files.length > 20);
    // A variable's name, not the bare prefix: the relay's list of names it is not to refuse as settings holds that.
    const reading = files.filter((file) => /PARLEY_TEST_[A-Z0-9]/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(reading, []);
  });

  it('serves the loader (brotli when asked) and the hashed element, immutable', async () => {
    const loader = await get(base, '/widget.js', { 'accept-encoding': 'br' });
    assert.equal(loader.status, 200);
    assert.equal(loader.headers['content-encoding'], 'br');
    const source = brotliDecompressSync(loader.body).toString();
    assert.equal(source, readFileSync(join(tree, 'dist/public/widget/widget.js'), 'utf8'));
    const chunk = /chat-widget\.[0-9a-f]{10}\.js/.exec(source)?.[0];
    assert.ok(chunk, 'the loader names the hashed element');
    const element = await get(base, `/widget/${chunk}`);
    assert.equal(element.status, 200);
    assert.equal(element.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  it('serves the inbox, the front page and /healthz', async () => {
    const inbox = await get(base, '/admin');
    assert.equal(inbox.status, 200);
    assert.match(inbox.body.toString(), /src="\/admin\/admin\.[0-9a-f]{10}\.js"/);
    const home = await get(base, '/');
    assert.equal(home.status, 200);
    assert.match(home.body.toString(), /Parley relay/);
    assert.ok(home.body.toString().includes(siteKey), 'the install snippet names the default site');
    const health = await get(base, '/healthz');
    assert.equal(health.status, 200);
    const body = JSON.parse(health.body.toString()) as { status: string; uwsNative: boolean; store: unknown };
    assert.equal(body.status, 'ok');
    assert.equal(body.uwsNative, true);
    assert.equal(body.store, 'sqlite');
  });

  it('serves the SDK’s packages it carries (/packages/), for developers to npm install', async () => {
    const index = await get(base, '/packages/');
    assert.equal(index.status, 200);
    const { packages } = JSON.parse(index.body.toString()) as { packages: { name: string; file: string; size: number }[] };
    assert.deepEqual(
      packages.map(({ name }) => name),
      ['@parley/protocol', '@parley/sdk', '@parley/widget'],
    );
    const sdk = packages[1]!;
    const tarball = await get(base, `/packages/${sdk.file}`);
    assert.equal(tarball.status, 200);
    assert.equal(tarball.body.length, sdk.size);
    assert.deepEqual(tarball.body, readFileSync(join(tree, 'dist/packages', sdk.file)));
  });

  it("serves the OpenAPI document in the build's brotli form", async () => {
    const document = await get(base, '/v1/openapi.json', { 'accept-encoding': 'br' });
    assert.equal(document.status, 200);
    assert.equal(document.headers['content-encoding'], 'br');
    const built = readdirSync(join(tree, 'dist/openapi')).find((file) => file.endsWith('.br'))!;
    assert.deepEqual(document.body, readFileSync(join(tree, 'dist/openapi', built)));
    assert.equal(document.headers.etag, `"${built.slice(0, -'.br'.length)}-br"`);
  });

  it('exports every metric deploy/alerts.yml and deploy/prometheus.yml rely on', async () => {
    const metrics = await get(base, '/metrics');
    assert.equal(metrics.status, 200);
    // Names from the `# TYPE` lines too: a labelled counter with no sample yet (no error so far) has only those.
    const exported = new Set(
      [...metrics.body.toString().matchAll(/^(?:# TYPE )?(parley_[a-z_]+)/gm)].map((match) => match[1]!),
    );
    // Exported only with PostgreSQL (the store's probe) or the Redis bus (bus, shared presence and limits): the
    // relay here runs on SQLite. server.ts's dependencyGauges() writes them.
    const withServices = /^parley_(store_healthy|store_probe_failures_total|store_recoveries_total|bus_[a-z_]+|presence_shared|limits_shared)$/;
    const rules = readFileSync(join(root, 'deploy/alerts.yml'), 'utf8').replace(/^\s*#.*$/gm, '');
    const named = new Set(rules.match(/\bparley_[a-z_]+/g));
    assert.ok(named.size >= 5, 'the rules name the relay\'s metrics');
    const missing = [...named].filter((name) => !exported.has(name) && !withServices.test(name));
    assert.deepEqual(missing, [], 'every metric an alert uses is one the relay exports');
    assert.match(readFileSync(join(root, 'deploy/prometheus.yml'), 'utf8'), /metrics_path: \/metrics/);
  });

  it('answers a visitor over WebSocket: hello → welcome, send → ack', async () => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/v1/ws`, SUBPROTOCOL_V1);
    const frames: ServerFrame[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data: Buffer) => {
      const decoded = decodeServerFrame(data.toString());
      assert.ok(decoded.ok, `the relay sent a frame the protocol decodes: ${data.toString()}`);
      frames.push(decoded.frame);
      for (const wake of waiters.splice(0)) wake();
    });
    const next = async <T extends ServerFrame['type']>(type: T): Promise<Extract<ServerFrame, { type: T }>> => {
      for (;;) {
        const found = frames.find((frame) => frame.type === type);
        if (found) return found as Extract<ServerFrame, { type: T }>;
        if (ws.readyState === WebSocket.CLOSED) throw new Error(`closed waiting for ${type}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.once('close', () => {
      for (const wake of waiters.splice(0)) wake();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const send = (frame: ClientFrame): void => ws.send(JSON.stringify(frame));
    send({ type: 'hello', siteKey });
    const welcome = await next('welcome');
    assert.equal(welcome.role, 'visitor');
    send({ type: 'send', id: 'release-1', text: 'hello from the release tree' });
    const ack = await next('ack');
    assert.equal(ack.id, 'release-1');
    assert.equal(ack.seq, 1);
    ws.close();
    await closed;
  });

  it('carries the one pinned uWebSockets.js binary for this Node.js, and without it refuses to start (69)', () => {
    const uws = join(tree, 'node_modules/uWebSockets.js');
    const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
    assert.deepEqual(
      readdirSync(uws).filter((file) => file.endsWith('.node')),
      [binary],
      "only this platform's and this Node.js's binary",
    );
    const pin = JSON.parse(readFileSync(join(root, 'packages/relay/uws-pin.json'), 'utf8')) as {
      binaries: Record<string, string>;
    };
    assert.equal(createHash('sha256').update(readFileSync(join(uws, binary))).digest('hex'), pin.binaries[binary]);
    // The dynamic loader's refusal (too old a glibc), simulated by a preload, stands in for a system it cannot run on.
    const refused = spawnSync(
      process.execPath,
      ['--require', join(root, 'packages/relay/test/fixtures/no-uws-binary.cjs'), join(tree, 'bin/parley-relay.js')],
      {
        cwd: scratch,
        env: { PATH: process.env.PATH ?? '', HOME: scratch, PARLEY_DATA_DIR: join(scratch, 'no-data'), PARLEY_PORT: '0' },
        encoding: 'utf8',
        // Should it start after all, it is stopped instead of left running.
        timeout: 30_000,
        killSignal: 'SIGKILL',
      },
    );
    assert.equal(refused.status, 69, refused.stderr);
    assert.match(refused.stderr, /native uWebSockets\.js server is not available/);
    assert.match(refused.stderr, /Node\.js 24: glibc 2\.38\+/);
  });

  it('holds no package with an install script, native sources, or another platform\'s SQLite binary', () => {
    const scripted: string[] = [];
    for (const path of installedPackages(tree).keys()) {
      const manifest = JSON.parse(readFileSync(join(tree, path, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>;
        gypfile?: boolean;
      };
      const scripts = Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?install$/.test(name));
      const gyp = existsSync(join(tree, path, 'binding.gyp')) && manifest.gypfile !== false;
      if (scripts.length > 0 || gyp) scripted.push(path);
    }
    assert.deepEqual(scripted, [], 'an install of the tree compiles and runs nothing');
    const sqlite = join(tree, 'node_modules/better-sqlite3');
    assert.equal(existsSync(join(sqlite, 'deps')), false, "no SQLite sources");
    assert.deepEqual(readdirSync(join(sqlite, 'prebuilds')), [`${process.platform}-${process.arch}.node`]);
  });

  it('stops on SIGTERM with exit status 0', async () => {
    const child = relay!;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
  });
});
