// Component tests: <chat-widget> from src (not dist) in headless Chromium, against a fake client.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { testRunnerHtml } from '../../scripts/wtr-page.mjs';
import { writeIndexes } from './scripts/contributions.mjs';
import { writeStringsIndex } from './scripts/strings-index.mjs';
import { writeLocalesIndex } from './scripts/locales-index.mjs';

// The inbox's contribution points and the features' strings, each filled from the features' folders: their indexes,
// current, as the build makes them.
await writeIndexes();
writeStringsIndex();
await writeLocalesIndex();

export default {
  files: 'test/**/*.test.ts',
  rootDir: '../..',
  testRunnerHtml,
  nodeResolve: { exportConditions: ['source', 'browser', 'import', 'default'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        args: chromiumArgs,
      },
      // Each page in a browser context of its own: files side by side never share the origin's localStorage and
      // IndexedDB, which the loader reads (a test that clears storage, or makes an SDK client, must not change what
      // another file's loader sees).
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  ],
  // Two pages at a time on two cores: a widget test mostly waits (on timers, animations, a fake socket).
  concurrency: 2,
  // A test's limit, above the 8 s of test/helpers.ts's waitUntil so that a wait that fails says what it waited for:
  // limits say a test has hung, not how fast it is (a loaded CI machine took over a second for one lazy chunk).
  testFramework: { config: { timeout: 20_000 } },
};
