import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { isSupportedNode, loadUws } from '../src/uws.js';
import { startTestRelay } from './support/relay.js';

const require = createRequire(import.meta.url);

/** The pinned uWebSockets.js build (packages/relay/uws-pin.json; ADR 0018). */
const pin = JSON.parse(readFileSync(new URL('../uws-pin.json', import.meta.url), 'utf8')) as {
  package: string;
  version: string;
  integrity: string;
  binaries: Record<string, string>;
};

describe('uWebSockets.js: the pinned build, and the binary the relay loaded', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startTestRelay({ siteKey: 'pk_test_uws' });
  });
  after(() => relay.close());

  it('loaded the native binary for this platform and Node.js ABI, from the pinned package', () => {
    assert.equal(relay.uwsNative, true);
    const { binary } = loadUws();
    assert.ok(binary, 'a native binary was loaded');
    const expected = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
    assert.equal(basename(binary), expected);
    const packageDir = dirname(require.resolve('uWebSockets.js'));
    assert.equal(dirname(binary), packageDir, 'the binary is the package the relay resolves');
    const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8')) as {
      name: string;
      version: string;
    };
    assert.deepEqual([manifest.name, manifest.version], [pin.package, pin.version]);
  });

  it("the loaded binary's SHA-256 is the pinned one", () => {
    const { binary } = loadUws();
    const name = basename(binary!);
    const pinned = pin.binaries[name];
    assert.ok(pinned, `uws-pin.json pins no SHA-256 for ${name}: this platform or Node.js is not a supported one`);
    assert.equal(createHash('sha256').update(readFileSync(binary!)).digest('hex'), pinned);
  });

  it('the lockfile installs the pinned package, by its integrity', () => {
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { name?: string; version: string; integrity: string }>;
    };
    const entry = lock.packages['node_modules/uWebSockets.js'];
    assert.ok(entry, 'package-lock.json installs uWebSockets.js at the top of node_modules');
    assert.deepEqual([entry.name, entry.version, entry.integrity], [pin.package, pin.version, pin.integrity]);
  });

  it('supports Node.js 22.13 and later, and refuses Node.js 20 and 22 before 22.13', () => {
    assert.equal(isSupportedNode('v20.20.2'), false);
    assert.equal(isSupportedNode('v22.12.0'), false);
    assert.equal(isSupportedNode('v22.13.0'), true);
    assert.equal(isSupportedNode('v24.21.0'), true);
    assert.equal(isSupportedNode(), true, `this Node.js, ${process.version}`);
  });
});
