// The relay's start time (issue #37, target 7): from spawning `node <entry>` to its `relay listening` log line, on
// data that exists (a first start on a fresh data dir is made and not counted: a restart is what (d) and an operator
// wait for). Each start is SIGKILLed once it listens, as (d) kills it, and the next one runs on the same data.
// Measured for the bundle the release tree runs (packages/relay/dist/bundle/main.js) and for tsc's module-per-file
// build (packages/relay/dist/main.js, which (a) to (d) run).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './proc.mjs';
import { relayEnv } from './servers.mjs';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));

/** The builds whose start is timed, by name: where their entry is. */
export const START_ENTRIES = {
  bundled: join(rootDir, 'packages/relay/dist/bundle/main.js'),
  unbundled: join(rootDir, 'packages/relay/dist/main.js'),
};

/** Milliseconds from spawn to the `relay listening` line of one start; the process is SIGKILLed then. */
async function timeOneStart(entry, env, timeoutMs) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'relay listening' after ${timeoutMs} ms`)), timeoutMs);
      const seen = (chunk) => {
        output = (output + chunk.toString()).slice(-8192);
        if (output.includes('"message":"relay listening"')) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the relay exited (${code}) before listening:\n${output.slice(-2000)}`));
      });
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * Times `starts` restarts of each build in {@link START_ENTRIES}, interleaved (bundled, unbundled, bundled, …) so
 * that the machine's drift touches both alike. Resolves per build to `{ entry, medianMs, minMs, maxMs, startsMs }`
 * or `{ error }`.
 */
export async function measureStartTimes({ starts = 7, timeoutMs = 30_000 } = {}) {
  const builds = Object.entries(START_ENTRIES);
  const runs = Object.fromEntries(builds.map(([name]) => [name, []]));
  const errors = {};
  const dirs = {};
  try {
    for (const [name, entry] of builds) {
      if (!existsSync(entry)) {
        errors[name] = `${entry} is missing (npm run build)`;
        continue;
      }
      dirs[name] = mkdtempSync(join(tmpdir(), 'parley-bench-start-'));
    }
    for (let i = 0; i <= starts; i++) {
      for (const [name, entry] of builds) {
        if (errors[name]) continue;
        // The info level: the `relay listening` line is what is waited for.
        const env = { ...relayEnv({ port: await freePort(), dataDir: dirs[name] }), PARLEY_LOG_LEVEL: 'info' };
        try {
          const ms = await timeOneStart(entry, env, timeoutMs);
          // The first start makes the database and the site: not what a restart costs.
          if (i > 0) runs[name].push(ms);
        } catch (error) {
          errors[name] = String(error.message ?? error).slice(0, 2000);
        }
      }
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(
    builds.map(([name, entry]) => {
      if (errors[name]) return [name, { entry, error: errors[name] }];
      const sorted = [...runs[name]].sort((a, b) => a - b);
      const round = (v) => Math.round(v);
      return [
        name,
        {
          entry,
          medianMs: round(sorted[Math.floor(sorted.length / 2)]),
          minMs: round(sorted[0]),
          maxMs: round(sorted.at(-1)),
          startsMs: runs[name].map(round),
        },
      ];
    }),
  );
}
