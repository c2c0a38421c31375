// Runs the repository's TypeScript sources in Node.js without a build, for the test suites: `node --import
// ./scripts/ts-hooks.mjs` (or `--import <this file's URL>`). It does what the tests need of tsx, in the thread
// that imports, with Node's synchronous module hooks (`module.registerHooks`, Node.js 22.15+):
//   - resolve: a relative `./x.js` that does not exist is `./x.ts` (TypeScript's NodeNext style of naming imports);
//   - load: a `.ts`/`.mts` file is transformed by esbuild (type annotations, parameter properties), with an inline
//     source map, and the result kept in a cache folder keyed by the source's hash, so a test process pays for
//     reading its modules, not for compiling them.
// tsx's hooks run in a loader thread of their own and answer each of a relay's ~800 imports by message; these run
// inline: importing the relay costs about half the CPU (docs/performance.md, "What the test suites cost").
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const TS = /\.m?ts$/;
/** Bumped when the transform's options change, so that no result of the old ones is read. */
const VERSION = '1';
const cacheDir = process.env.PARLEY_TS_CACHE ?? join(tmpdir(), `parley-ts-cache-${process.getuid?.() ?? 'user'}`);
mkdirSync(cacheDir, { recursive: true });

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      // `./x.js` naming `./x.ts`: only relative specifiers, only when the `.js` is missing.
      if (
        /** @type {{ code?: string }} */ (error).code === 'ERR_MODULE_NOT_FOUND' &&
        specifier.startsWith('.') &&
        /\.m?js$/.test(specifier)
      ) {
        return nextResolve(specifier.replace(/js$/, 'ts'), context);
      }
      throw error;
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !TS.test(url)) return nextLoad(url, context);
    const path = fileURLToPath(url);
    const source = readFileSync(path, 'utf8');
    const key = createHash('sha256')
      .update(VERSION)
      .update('\0')
      .update(path)
      .update('\0')
      .update(source)
      .digest('hex');
    const cached = join(cacheDir, `${key}.js`);
    let code;
    if (existsSync(cached)) {
      code = readFileSync(cached, 'utf8');
    } else {
      code = transformSync(source, {
        loader: 'ts',
        format: 'esm',
        target: 'node22',
        sourcemap: 'inline',
        sourcefile: path,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: true } },
      }).code;
      // Written whole under another name, then renamed: a concurrent test process never reads half a file.
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    }
    return { format: 'module', source: code, shortCircuit: true };
  },
});
