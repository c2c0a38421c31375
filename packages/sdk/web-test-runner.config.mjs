// Browser tests: the SDK from src in headless Chromium, against a real relay started here (in Node) on port 0.
// Run through `npm run test:browser`, which loads this file with tsx and the `source` condition so that the
// relay is imported from its TypeScript sources.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRelay } from '@parley/relay';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { testRunnerHtml } from '../../scripts/wtr-page.mjs';

const siteKey = 'pk_test_sdk_browser';
const adminToken = 'st_admin_test_sdk_browser';
const dataDir = await mkdtemp(join(tmpdir(), 'parley-sdk-browser-'));
const relay = await startRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  siteKey,
  adminToken,
  identitySecret: 'idsecret_sdk_browser_01',
  allowedOrigins: ['*'],
  logLevel: 'silent',
});
const relayInfo = JSON.stringify({ wsUrl: relay.wsUrl, siteKey, adminToken });

/** Tells the tests where the relay is: GET /__parley/relay.json. */
async function relayRoute(context, next) {
  if (context.path !== '/__parley/relay.json') return next();
  context.type = 'application/json';
  context.body = relayInfo;
}

/** Stops the relay with the dev server. */
const relayLifecycle = {
  name: 'parley-relay',
  async serverStop() {
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  },
};

export default {
  files: 'test/browser/**/*.test.ts',
  rootDir: '../..',
  testRunnerHtml,
  nodeResolve: { exportConditions: ['source', 'browser', 'import', 'default'] },
  middleware: [relayRoute],
  plugins: [relayLifecycle, esbuildPlugin({ ts: true, target: 'es2022' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        args: chromiumArgs,
      },
    }),
  ],
  testFramework: { config: { timeout: 15000 } },
};
