// One relay per port and per SQLite data dir (issue #36): uWS listened with SO_REUSEPORT, so a second relay on the
// port started without a word and took half the connections; two relays on one data dir both started too.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunningRelay } from '../src/index.js';
import { LOCK_FILE } from '../src/store/data-dir-lock.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';
import { TS_NODE_ARGS } from './support/ts-process.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** `parley-relay` in a child process, which must refuse to start: its exit status and what it said. */
function refusedStart(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [...TS_NODE_ARGS, main], {
    env: { ...process.env, PARLEY_HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    // A relay that did start would run until killed: the timeout is the failure.
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return { status: result.status, stderr: result.stderr };
}

describe('one relay per port and per data dir', () => {
  const running: RunningRelay[] = [];
  after(async () => {
    await Promise.all(running.map((relay) => relay.close()));
  });

  it('refuses a port another relay listens on, naming it, exit 75', async () => {
    const first = await startTestRelay();
    running.push(first);
    const second = refusedStart({ PARLEY_PORT: String(first.port), PARLEY_DATA_DIR: tempDir('parley-second-') });
    assert.equal(second.status, 75, second.stderr);
    assert.match(second.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: the port is in use`));
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'a message, not a stack trace');
  });

  it('refuses a port another program holds, with the same message', async () => {
    const server = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const refused = refusedStart({ PARLEY_PORT: String(port), PARLEY_DATA_DIR: tempDir('parley-other-') });
      assert.equal(refused.status, 75, refused.stderr);
      assert.match(refused.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a data dir a live relay holds, naming its process, exit 75; gives it back when that relay stops', async () => {
    const dataDir = tempDir('parley-locked-');
    const first = await startTestRelay({ dataDir });
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(lock.pid, process.pid);
    const second = refusedStart({ PARLEY_PORT: '0', PARLEY_DATA_DIR: dataDir });
    assert.equal(second.status, 75, second.stderr);
    assert.match(second.stderr, new RegExp(`another relay \\(process ${process.pid}\\) is running on the data dir`));
    await first.close();
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false, 'the lock goes with the relay');
    const again = await startTestRelay({ dataDir });
    running.push(again);
  });

  it('takes over the lock of a relay that died without giving it back (SIGKILL)', async () => {
    const dataDir = tempDir('parley-stale-');
    // A process that has ended: its pid named in the lock, as a relay killed with SIGKILL leaves it.
    const ended = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((resolve) => ended.once('exit', () => resolve(ended.pid!)));
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: '1' }));
    const relay = await startTestRelay({ dataDir });
    running.push(relay);
    assert.equal(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid, process.pid);
  });
});
