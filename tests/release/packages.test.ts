// The packages a site or a bot installs from npm (@parley/protocol, @parley/sdk, @parley/widget) are ready to
// publish: what `npm publish` would upload (`npm pack --dry-run`, which reads nothing from the registry) holds every
// file their `exports` and `types` name, their README, and the sources their source maps and `source` condition
// point to; they are public, their versions are in step and each names the others at exactly that version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PUBLISHED = ['protocol', 'sdk', 'widget'] as const;

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  description?: string;
  type?: string;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  dependencies?: Record<string, string>;
  publishConfig?: { access?: string };
}

const manifest = (pkg: string): Manifest =>
  JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as Manifest;

/** The files `npm publish` would upload, as npm lists them. */
function packed(pkg: string): Set<string> {
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', '--dry-run', '--json'], {
    cwd: join(root, 'packages', pkg),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const [report] = JSON.parse(result.stdout) as [{ files: { path: string }[] }];
  return new Set(report.files.map((file) => file.path));
}

/** Every file an `exports` map names, with `*` patterns left out (checked by their folder). */
function exported(exportsMap: Manifest['exports']): string[] {
  return Object.values(exportsMap)
    .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
    .filter((target) => !target.includes('*'))
    .map((target) => target.replace(/^\.\//, ''));
}

describe('the published packages (npm publish --dry-run)', () => {
  for (const pkg of PUBLISHED) {
    it(`@parley/${pkg} packs every file its exports name, its README and its sources, and is public`, () => {
      const info = manifest(pkg);
      assert.equal(info.name, `@parley/${pkg}`);
      assert.notEqual(info.private, true);
      assert.equal(info.license, 'MIT');
      assert.ok(info.description);
      assert.equal(info.type, 'module');
      // A scoped package is published restricted unless told otherwise, which needs a paid account.
      assert.equal(info.publishConfig?.access, 'public');
      const files = packed(pkg);
      for (const file of exported(info.exports)) assert.ok(files.has(file), `${file} (exports) is not packed`);
      assert.ok(files.has('README.md'));
      assert.ok(files.has('package.json'));
      // The `source` condition and the declaration maps point at src/: a consumer's tools follow them.
      assert.ok([...files].some((file) => file.startsWith('src/') && file.endsWith('.ts')), 'src/ is packed');
      for (const file of files) {
        assert.doesNotMatch(file, /(^|\/)test\/|\.tsbuildinfo$|\.test\.[jt]s$/, `${file} should not be published`);
      }
    });
  }

  it('have their versions in step, and each names the others at exactly that version', () => {
    const versions = new Set(PUBLISHED.map((pkg) => manifest(pkg).version));
    assert.equal(versions.size, 1, `versions differ: ${[...versions].join(', ')}`);
    const [version] = versions;
    for (const pkg of [...PUBLISHED, 'relay']) {
      for (const [name, range] of Object.entries(manifest(pkg).dependencies ?? {}))
        if (name.startsWith('@parley/')) assert.equal(range, version, `${pkg} depends on ${name}@${range}`);
    }
  });
});
