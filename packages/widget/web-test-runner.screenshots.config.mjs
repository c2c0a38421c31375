// Screenshots of inbox pages for a human look, from the component tests' fakes (no relay needed):
//   npx wtr --config web-test-runner.screenshots.config.mjs [--files test/screenshots/<f>.shots.ts]
// Each `screenshot` command writes the page as it is to $PARLEY_SHOTS (default /tmp/parley-widget-shots)/<name>.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import base from './web-test-runner.config.mjs';

const outDir = process.env.PARLEY_SHOTS ?? '/tmp/parley-widget-shots';

/** `executeServerCommand('screenshot', { name })`: the page's viewport, as a PNG named `name`. */
const screenshots = {
  name: 'parley-screenshots',
  async executeCommand({ command, payload, session }) {
    if (command !== 'screenshot') return undefined;
    const name = String(payload?.name ?? '');
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot: a name of [a-z0-9-], not ${JSON.stringify(name)}`);
    mkdirSync(outDir, { recursive: true });
    await session.browser.getPage(session.id).screenshot({ path: join(outDir, `${name}.png`), fullPage: true });
    return true;
  },
};

export default {
  ...base,
  files: 'test/screenshots/**/*.shots.ts',
  plugins: [...base.plugins, screenshots],
  testFramework: { config: { timeout: 20000 } },
};
