import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { RunningRelay } from '../src/index.js';
import { PACKAGES_DIR, type PackagesIndex } from '../src/sdk-packages/sdk-packages.js';
import { rawRequest } from './support/http.js';
import { startTestRelay } from './support/relay.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const workspaceVersion = (name: string): string =>
  JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version;

/** The `package/package.json` of an npm tarball (a gzipped ustar archive), read without a tar library. */
function manifestOf(tarball: Buffer): { name: string; version: string } {
  const tar = gunzipSync(tarball);
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('latin1')
      .replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('latin1')
        .trim() || '0',
      8,
    );
    if (name === 'package/package.json')
      return JSON.parse(tar.subarray(offset + 512, offset + 512 + size).toString('utf8'));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('no package/package.json in the tarball');
}

describe('relay: the SDK packages it serves at /packages/', () => {
  let relay: RunningRelay;
  let index: PackagesIndex;
  before(async () => {
    assert.ok(existsSync(join(PACKAGES_DIR, 'index.json')), 'the relay is built (npm run build packs them)');
    relay = await startTestRelay();
    const answer = await rawRequest(relay.httpUrl, '/packages/');
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^application\/json/);
    index = JSON.parse(answer.body.toString());
  });
  after(() => relay.close());

  it('lists protocol, sdk and widget at the workspaces’ versions, with addresses on the relay and the commands', () => {
    assert.deepEqual(
      index.packages.map(({ name, version }) => [name, version]),
      [
        ['@parley/protocol', workspaceVersion('protocol')],
        ['@parley/sdk', workspaceVersion('sdk')],
        ['@parley/widget', workspaceVersion('widget')],
      ],
    );
    for (const entry of index.packages) assert.equal(entry.url, `${relay.httpUrl}/packages/${entry.file}`);
    const [protocol, sdk, widget] = index.packages.map(({ url }) => url);
    assert.equal(index.install.sdk, `npm install ${protocol} ${sdk}`);
    assert.equal(index.install.widget, `npm install ${protocol} ${sdk} ${widget}`);
  });

  it('serves each tarball as indexed: its integrity, its size, its package inside', async () => {
    for (const entry of index.packages) {
      const answer = await rawRequest(relay.httpUrl, `/packages/${entry.file}`, {
        headers: { 'accept-encoding': 'br, gzip' },
      });
      assert.equal(answer.status, 200, entry.file);
      assert.equal(answer.headers['content-type'], 'application/gzip');
      assert.equal(answer.headers['content-encoding'], undefined, 'a tarball is not compressed again');
      assert.equal(answer.body.length, entry.size);
      assert.equal(`sha512-${createHash('sha512').update(answer.body).digest('base64')}`, entry.integrity);
      const manifest = manifestOf(answer.body);
      assert.deepEqual([manifest.name, manifest.version], [entry.name, entry.version]);
      const etag = String(answer.headers.etag);
      const again = await rawRequest(relay.httpUrl, `/packages/${entry.file}`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
    }
    const head = await rawRequest(relay.httpUrl, `/packages/${index.packages[1]!.file}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
  });

  it('serves nothing else there, and takes no other method', async () => {
    assert.equal((await rawRequest(relay.httpUrl, '/packages/parley-sdk-9.9.9.tgz')).status, 404);
    assert.equal((await rawRequest(relay.httpUrl, '/packages/index.json')).status, 404);
    assert.equal((await rawRequest(relay.httpUrl, '/packages/../dist/packages/index.json')).status, 404);
    assert.equal((await rawRequest(relay.httpUrl, '/packages/%2e%2e/package.json')).status, 404);
    const post = await rawRequest(relay.httpUrl, '/packages/', { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
    assert.equal(
      (await rawRequest(relay.httpUrl, `/packages/${index.packages[0]!.file}`, { method: 'PUT' })).status,
      405,
    );
  });

  it('installs with `npm install` from the relay’s addresses, and the SDK imports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-sdk-install-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "name": "bot", "private": true, "type": "module" }\n');
      // The SDK's own dependencies from this checkout, so that npm asks no registry: the one it is given is a closed
      // loopback port, and the only requests it makes are the relay's tarballs.
      for (const dependency of ['zod', 'idb-keyval'])
        cpSync(join(root, 'node_modules', dependency), join(dir, 'node_modules', dependency), { recursive: true });
      const [command, prefix] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
      // Asynchronously: the relay answering npm runs on this process's event loop.
      await run(
        command,
        [
          ...prefix,
          ...index.install.sdk.split(' ').slice(1),
          '--registry=http://127.0.0.1:1/',
          '--fetch-retries=0',
          '--no-audit',
          '--no-fund',
          '--no-update-notifier',
          `--cache=${join(dir, '.npm')}`,
        ],
        { cwd: dir, timeout: 120_000 },
      );
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      assert.equal(manifest.dependencies['@parley/sdk'], index.packages[1]!.url);
      writeFileSync(
        join(dir, 'bot.mjs'),
        "import { ParleyClient } from '@parley/sdk';\nconsole.log(typeof ParleyClient);\n",
      );
      const { stdout } = await run(process.execPath, ['bot.mjs'], { cwd: dir });
      assert.equal(stdout.trim(), 'function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
