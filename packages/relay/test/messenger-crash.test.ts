/**
 * Messenger's inbound deduplication across a relay killed with SIGKILL (issue #84, docs/channels.md, "Each message
 * once"): a message whose webhook was being taken when the relay died (its file half downloaded) and one already
 * answered 200 are each stored once, in the conversation first recorded for their `mid`, when Meta delivers them
 * again to the restarted relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { png } from './support/attachment-files.js';
import { adminToken, call, siteKey } from './support/desk.js';
import {
  MetaMessagingGraphApi,
  deliverSigned,
  messageEvent,
  pageWebhook,
  examplePage,
} from './support/meta-messaging-graph-api.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';

const PAGE = examplePage;

describe('Messenger: a relay killed with SIGKILL mid-webhook', () => {
  let graph: MetaMessagingGraphApi;
  let relay: RelayProcess | undefined;
  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await graph.close();
  });

  it('stores each message once after the restart, the one cut short with its file', async () => {
    const env = {
      PARLEY_DATA_DIR: tempDir('parley-messenger-crash-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      PARLEY_MESSENGER_API_URL: graph.url,
    };
    const first = await RelayProcess.start(env);
    relay = first;
    const made = await call(first, 'POST', '/v1/admin/messaging-channels', {
      provider: 'messenger',
      credentials: {
        pageId: PAGE.pageId,
        accessToken: PAGE.accessToken,
        appSecret: PAGE.appSecret,
        verifyToken: 'a-phrase-of-our-choosing',
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const path = new URL(made.body.webhookUrl as string).pathname;
    const deliver = (to: RelayProcess, body: unknown) => deliverSigned(`${to.httpUrl}${path}`, PAGE.appSecret, body);

    const answered = pageWebhook('page', PAGE.pageId, messageEvent(PAGE.pageId, 'm_ANSWERED', { text: 'First' }));
    assert.equal((await deliver(first, answered)).status, 200);
    const image = await png(40, 30);
    let downloading!: () => void;
    const caught = new Promise<void>((resolve) => (downloading = resolve));
    const url = graph.addFile('receipt.png', image, 'image/png', downloading);
    const cut = pageWebhook(
      'page',
      PAGE.pageId,
      messageEvent(PAGE.pageId, 'm_CUTSHORT', {
        text: 'Second, with a photo',
        attachments: [{ type: 'image', payload: { url } }],
      }),
    );
    const pending = deliver(first, cut).then(
      (answer) => answer.status,
      () => 'no answer',
    );
    await caught;
    await first.kill('SIGKILL');
    assert.equal(await pending, 'no answer', 'the relay died before answering');

    const second = await RelayProcess.start(env);
    relay = second;
    // Meta delivers both again (it had no 200 for the second; a retry of the first is possible too), twice.
    for (const body of [cut, answered, cut, answered]) assert.equal((await deliver(second, body)).status, 200);
    const list = await call(second, 'GET', '/v1/admin/conversations?limit=10');
    assert.equal(list.body.items.length, 1, 'one conversation');
    const messages = await call(second, 'GET', `/v1/admin/conversations/${list.body.items[0].id}/messages?limit=10`);
    assert.equal(messages.status, 200, JSON.stringify(messages.body));
    const items = messages.body.items as Array<{ text: string; attachments?: Array<{ name: string }> }>;
    assert.deepEqual(
      items.map((m) => [m.text, m.attachments?.map((a) => a.name) ?? []]),
      [
        ['First', []],
        ['Second, with a photo', ['receipt.png']],
      ],
    );
  });
});
