// `npm start`, `npm test` and `npm run build` check the Node.js and the glibc before they install or build anything
// (scripts/ensure-deps.mjs): a system whose glibc the native modules cannot load on was told so only when the relay
// started, minutes of install and build later. The relay's own refusal (src/uws.ts) gives the same figures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GLIBC_NEEDED, platformProblem } from '../../../scripts/ensure-deps.mjs';
import { SUPPORTED_NODE_LINES } from '../src/uws.js';

const ensureDeps = new URL('../../../scripts/ensure-deps.mjs', import.meta.url).href;

describe('the platform check before install', () => {
  it('refuses Node.js 24 on a glibc older than 2.38, pointing to Node.js 22 where that one would run', () => {
    const problem = platformProblem({ node: '24.11.0', glibc: '2.36' });
    assert.match(problem ?? '', /Node\.js 24 needs glibc 2\.38 or later \(Debian 13, Ubuntu 24\.04/);
    assert.match(problem ?? '', /this system has glibc 2\.36/);
    assert.match(problem ?? '', /Run Node\.js 22 \(22\.13 or later\), which needs glibc 2\.34\+/);
    assert.equal(platformProblem({ node: '24.11.0', glibc: '2.38' }), undefined);
    assert.equal(platformProblem({ node: '24.11.0', glibc: '2.41' }), undefined);
  });

  it('refuses Node.js 22 on a glibc older than 2.34, and accepts a system without glibc', () => {
    assert.match(platformProblem({ node: '22.13.0', glibc: '2.31' }) ?? '', /Node\.js 22 needs glibc 2\.34 or later/);
    assert.equal(platformProblem({ node: '22.13.0', glibc: '2.34' }), undefined);
    assert.equal(platformProblem({ node: '22.13.0', glibc: '2.36' }), undefined);
    // macOS: no glibc, nothing to check here (the relay says it if no uWebSockets.js binary loads).
    assert.equal(platformProblem({ node: '22.13.0', glibc: '' }), undefined);
    assert.match(platformProblem({ node: '22.12.0', glibc: '2.36' }) ?? '', /needs Node\.js 22 \(22\.13 or later\)/);
    assert.match(platformProblem({ node: '20.20.2', glibc: '2.36' }) ?? '', /end of life/);
  });

  it('stops the first step of npm start on too old a glibc, before npm install, with exit 1', () => {
    const fixture = fileURLToPath(new URL('./fixtures/pretend-glibc-2-31.cjs', import.meta.url));
    const result = spawnSync(
      process.execPath,
      [
        '--require',
        fixture,
        '--input-type=module',
        '-e',
        `(await import(${JSON.stringify(ensureDeps)})).ensureDependencies();`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(result.status, 1, result.stderr);
    // The figure of the line this test runs on (CI runs it on Node.js 22 and 24).
    const needed = GLIBC_NEEDED[Number(process.versions.node.split('.')[0]) >= 24 ? 24 : 22];
    const escape = (text: string) => text.replace(/[.()]/g, '\\$&');
    assert.match(
      result.stderr,
      new RegExp(
        `needs glibc ${escape(needed.glibc)} or later \\(${escape(needed.systems)}\\); this system has glibc 2\\.31`,
      ),
    );
    assert.doesNotMatch(result.stdout, /Installing dependencies/);
  });

  it('gives the figures the relay gives when it refuses to start', () => {
    const [line22, line24] = SUPPORTED_NODE_LINES;
    assert.match(line22, new RegExp(`^Node\\.js 22 .*: glibc ${GLIBC_NEEDED[22].glibc.replace('.', '\\.')}\\+`));
    assert.match(line24, new RegExp(`^Node\\.js 24: glibc ${GLIBC_NEEDED[24].glibc.replace('.', '\\.')}\\+`));
  });
});
