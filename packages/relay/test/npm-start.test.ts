// `npm start` (scripts/start.mjs) as a new team meets it: a second start while the first runs is refused at once, in
// one sentence, before it builds or starts its mail catcher (whose port error came first, as noise); Ctrl-C says
// that Parley stopped. Each start here has a temp data dir, port 0 on 127.0.0.1 and its mail catcher on port 0.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from './support/temp.js';

const startScript = fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url));

function startEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    PARLEY_PORT: '0',
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DEMO_SMTP_PORT: '0',
    PARLEY_DEMO_MAIL_PORT: '0',
    PARLEY_LOG_LEVEL: 'warn',
  };
}

/** This process's start time as the relay's lock records it (field 22 of /proc/<pid>/stat). */
function ownStartTime(): string {
  const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

describe('npm start', () => {
  it('refuses at once, in one sentence, while a relay runs on its data dir: no mail catcher, no build', () => {
    const dataDir = tempDir('parley-npm-start-');
    // The lock a running relay keeps: this test's own process stands for it.
    writeFileSync(
      join(dataDir, 'relay.lock'),
      `${JSON.stringify({ pid: process.pid, host: hostname(), started: ownStartTime() })}\n`,
    );
    const result = spawnSync(process.execPath, [startScript], {
      env: startEnv(dataDir),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stderr.trim(),
      `Parley is already running on ${dataDir} (process ${process.pid}): another \`npm start\` or relay. Stop it first (Ctrl-C in its terminal), or give this one a data dir of its own with PARLEY_DATA_DIR.`,
    );
    assert.doesNotMatch(result.stdout, /Demo mail|Building|Parley relay on/);
  });

  it('says that Parley stopped after Ctrl-C, and exits 0', async () => {
    const dataDir = tempDir('parley-npm-start-');
    // Its own process group, as a terminal's foreground job: Ctrl-C signals every process of it.
    const child = spawn(process.execPath, [startScript], { env: startEnv(dataDir), detached: true });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('Parley relay on')) resolve();
        });
        child.on('exit', () => reject(new Error(`npm start ended before the relay listened: ${stderr}`)));
      });
      process.kill(-child.pid!, 'SIGINT');
      assert.equal(await exited, 0, `${stdout}\n${stderr}`);
      assert.match(stderr, /parley-relay: SIGINT: stopping/);
      assert.match(
        stdout,
        new RegExp(`Parley stopped; its data is kept in ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`),
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
});
