// What `parley-relay` prints when it starts (issue #36): the demo shop when it serves one, and hints that work as
// printed — run from the checkout, `parley-relay` is on no PATH, so the banner names the command it was run as.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startBanner } from '../src/cli/start-command.js';
import { tempDir } from './support/temp.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the start banner', () => {
  it('names the demo shop when the relay serves one, and the command it was run as', () => {
    const banner = startBanner(
      'http://127.0.0.1:8787',
      'ws://127.0.0.1:8787/v1/ws',
      undefined,
      'http://x/admin#setup=s',
      {
        demoShop: true,
        command: 'node packages/relay/bin/parley-relay.js',
      },
    );
    assert.match(banner, /^ {2}demo shop {4}http:\/\/127\.0\.0\.1:8787\/ /m);
    assert.match(banner, /node packages\/relay\/bin\/parley-relay\.js token create --name <name>/);
    assert.match(banner, /node packages\/relay\/bin\/parley-relay\.js account setup-link/);
    assert.doesNotMatch(startBanner('http://h', 'ws://h', undefined), /demo shop/);
  });

  it('prints a token hint that works as printed, from the folder the relay was started in', async () => {
    const env = {
      ...process.env,
      PARLEY_DATA_DIR: tempDir('parley-banner-'),
      PARLEY_SITE_DIR: 'examples/site',
      PARLEY_PORT: '0',
      PARLEY_HOST: '127.0.0.1',
      PARLEY_LOG_LEVEL: 'warn',
    };
    const relay = spawn(process.execPath, ['packages/relay/bin/parley-relay.js'], { cwd: root, env });
    try {
      const hint = await new Promise<string>((resolve, reject) => {
        createInterface({ input: relay.stdout }).on('line', (line) => {
          const found = /^API tokens for scripts and bots: (.+) token create --name <name> --role admin\|agent$/.exec(
            line,
          );
          if (found) resolve(found[1]!);
        });
        relay.once('exit', (code) => reject(new Error(`the relay exited (${code}) before printing the hint`)));
      });
      assert.match(hint, /^node packages\/relay\/bin\/parley-relay\.js$/);
      const [node, ...args] = hint.split(' ');
      const made = spawnSync(
        node === 'node' ? process.execPath : node!,
        [...args, 'token', 'create', '--name', 'ci', '--role', 'agent'],
        {
          cwd: root,
          env,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      assert.equal(made.status, 0, made.stderr);
      assert.match(made.stdout, /st_[A-Za-z0-9_-]{20,}/);
    } finally {
      if (relay.exitCode === null && relay.signalCode === null) {
        const exited = new Promise((resolve) => relay.once('exit', resolve));
        relay.kill('SIGTERM');
        await exited;
      }
    }
  });

  // Issue #36, point 13: one public origin, printed and used in every line of the banner.
  for (const configured of [undefined, 'https://chat.example.test'] as const) {
    it(`prints one origin in every line: ${configured ?? 'http://127.0.0.1:<port> by default'}`, async () => {
      const env = {
        ...process.env,
        PARLEY_DATA_DIR: tempDir('parley-banner-'),
        PARLEY_SITE_DIR: 'examples/site',
        PARLEY_PORT: '0',
        PARLEY_HOST: '0.0.0.0',
        PARLEY_LOG_LEVEL: 'warn',
        ...(configured ? { PARLEY_PUBLIC_URL: `${configured}/` } : {}),
      };
      const relay = spawn(process.execPath, ['packages/relay/bin/parley-relay.js'], { cwd: root, env });
      try {
        const lines = await new Promise<string[]>((resolve, reject) => {
          const seen: string[] = [];
          createInterface({ input: relay.stdout }).on('line', (line) => {
            seen.push(line);
            if (line.includes('<script src=')) resolve(seen);
          });
          relay.once('exit', (code) => reject(new Error(`the relay exited (${code}): ${seen.join('\n')}`)));
        });
        const banner = lines.join('\n');
        const listening = /^Parley relay on (\S+) {2}\(WebSocket (\S+)\)$/m.exec(banner);
        assert.ok(listening, banner);
        const origin = listening[1]!;
        if (configured) {
          assert.equal(origin, configured);
          assert.equal(listening[2], 'wss://chat.example.test/v1/ws');
          assert.match(banner, /^ {2}listening {4}http:\/\/127\.0\.0\.1:\d+ /m, 'where it listens, named apart');
        } else {
          assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
          assert.equal(listening[2], `${origin.replace('http', 'ws')}/v1/ws`);
          assert.doesNotMatch(banner, /listening/);
        }
        const addresses = [...banner.matchAll(/\b(?:https?|wss?):\/\/[^\s"]+/g)].map((m) => m[0]);
        assert.ok(addresses.length >= 6, addresses.join(' '));
        for (const address of addresses.filter((a) => !/^http:\/\/127\.0\.0\.1:\d+$/.test(a) || !configured))
          assert.ok(
            address.startsWith(origin) || address.startsWith(origin.replace('http', 'ws')),
            `${address} in:\n${banner}`,
          );
        assert.match(banner, new RegExp(`^ {2}inbox {8}${origin}/admin$`, 'm'));
        assert.match(banner, new RegExp(`^ {2}demo shop {4}${origin}/ `, 'm'));
        assert.match(banner, new RegExp(`^ {2}setup {8}${origin}/admin#setup=`, 'm'));
        assert.match(banner, new RegExp(`<script src="${origin}/widget\\.js[?"]`));
      } finally {
        if (relay.exitCode === null && relay.signalCode === null) {
          const exited = new Promise((resolve) => relay.once('exit', resolve));
          relay.kill('SIGTERM');
          await exited;
        }
      }
    });
  }
});
