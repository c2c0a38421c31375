import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { keptPort } from '../../../scripts/kept-port.mjs';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';

interface Job {
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

async function replyJobs(relay: RelayProcess): Promise<Job[]> {
  const response = await fetch(`${relay.httpUrl}/v1/admin/outbox?kind=email.reply`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  return ((await response.json()) as { items: Job[] }).items;
}

describe('email: a reply due while the SMTP server is down, and the relay killed meanwhile', () => {
  it('arrives exactly once when both come back', async () => {
    // A port with no SMTP server behind it (yet), that no other test file's server takes meanwhile.
    const port = await keptPort();

    const env = {
      PARLEY_DATA_DIR: tempDir('parley-email-crash-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_SMTP_URL: `smtp://127.0.0.1:${port}`,
      PARLEY_EMAIL_FROM: 'Shop <support@shop.example>',
      PARLEY_EMAIL_REPLY_DELAY_S: '1',
      PARLEY_TEST_OUTBOX_TIMING: JSON.stringify({ pollMs: 50, baseDelayMs: 300, maxDelayMs: 600, leaseMarginMs: 300 }),
    };
    const first = await RelayProcess.start(env);
    const { client: visitor, welcome } = await TestClient.hello(first.wsUrl, { siteKey, email: 'gus@example.com' });
    await visitor.say('g1', 'Hello?');
    visitor.close();
    const { client: agent } = await TestClient.hello(first.wsUrl, { staffToken: adminToken });
    await agent.say('g2', 'Sorry for the wait', { conversationId: welcome.conversationId! });
    agent.close();
    // Due after the grace period; the SMTP server is down, so the attempt fails and is retried later.
    const failed = await until(
      async () => (await replyJobs(first)).find((job) => job.attempts >= 1 && job.lastError),
      'a failed attempt',
      {
        timeoutMs: 15_000,
      },
    );
    assert.equal(failed.status, 'pending');
    await first.kill('SIGKILL');

    const catcher = await SmtpCatcher.start(port);
    const second = await RelayProcess.start(env);
    try {
      const [email] = await catcher.waitFor(1, 15_000);
      assert.match(email!.mail.text ?? '', /Sorry for the wait/);
      await until(async () => (await replyJobs(second))[0]?.status === 'delivered', 'the job to be delivered');
      assert.equal(catcher.emails.length, 1, 'exactly one email');
      assert.equal((await replyJobs(second)).length, 1);
    } finally {
      await second.kill('SIGTERM');
      await catcher.stop();
    }
  });
});
