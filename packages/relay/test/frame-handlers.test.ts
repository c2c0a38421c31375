/**
 * The chat socket's frames of features (ws/frame-handler.ts): the socket handles the message path's frames itself
 * and hands every other type to the handler its feature gives (`frames` in its parts). Without that feature the
 * frame is `unknown_frame`, answered by its `ref` on a connection that stays open; a handler's `scope` is what a
 * staff API token needs; two features cannot claim one frame type.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { frameHandler, frameHandlers } from '../src/ws/frame-handler.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';

describe("socket frames of features: each feature's own handler", () => {
  let withoutEdits: Desk;
  let relay: Desk;

  before(async () => {
    [withoutEdits, relay] = await Promise.all([
      startDesk({ withoutFeatures: ['edits'], ipRateLimitPerSecond: 0 }),
      startDesk({ ipRateLimitPerSecond: 0 }),
    ]);
  });
  after(async () => {
    await Promise.all([withoutEdits?.close(), relay?.close()]);
  });

  it('answers a frame whose feature is left out with unknown_frame and its ref, and the connection goes on', async () => {
    const { client: visitor, welcome } = await TestClient.hello(withoutEdits.wsUrl, { siteKey });
    const { client: staff } = await TestClient.hello(
      withoutEdits.wsUrl,
      { staffToken: adminToken },
      { protocol: 'parley.v3' },
    );
    try {
      await visitor.say('v-1', 'Hello');
      staff.send({ type: 'send', id: 's-1', conversationId: welcome.conversationId!, text: 'It ships tomorow.' });
      const ack = await staff.next('ack', (frame) => frame.id === 's-1');
      staff.send({
        type: 'edit',
        ref: 'e-1',
        conversationId: welcome.conversationId!,
        messageId: ack.messageId,
        text: 'It ships tomorrow.',
      });
      const refused = await staff.next('error', (frame) => frame.ref === 'e-1');
      assert.equal(refused.code, 'unknown_frame');
      // Nothing changed, and the socket still answers.
      await staff.roundTrip();
      assert.equal(
        staff.frames.some((frame) => frame.type === 'update'),
        false,
      );
      // The same frame on a relay with the edits feature is its handler's: an update.
      const { client: visitor2, welcome: welcome2 } = await TestClient.hello(relay.wsUrl, { siteKey });
      const { client: staff2 } = await TestClient.hello(
        relay.wsUrl,
        { staffToken: adminToken },
        { protocol: 'parley.v3' },
      );
      try {
        await visitor2.say('v-1', 'Hello');
        staff2.send({ type: 'send', id: 's-1', conversationId: welcome2.conversationId!, text: 'It ships tomorow.' });
        const ack2 = await staff2.next('ack', (frame) => frame.id === 's-1');
        staff2.send({
          type: 'edit',
          ref: 'e-1',
          conversationId: welcome2.conversationId!,
          messageId: ack2.messageId,
          text: 'It ships tomorrow.',
        });
        const update = await staff2.next('update', (frame) => frame.ref === 'e-1');
        assert.equal(update.message.text, 'It ships tomorrow.');
      } finally {
        visitor2.close();
        staff2.close();
      }
    } finally {
      visitor.close();
      staff.close();
    }
  });

  it("takes a handler's scope as what a staff API token needs: a read-only token's edit is forbidden", async () => {
    const made = await relay.call('POST', '/v1/admin/tokens', { name: 'Reader', scopes: ['read'] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: reader } = await TestClient.hello(
      relay.wsUrl,
      { staffToken: made.body.token },
      { protocol: 'parley.v3' },
    );
    try {
      await visitor.say('v-1', 'Hello');
      reader.send({
        type: 'edit',
        ref: 'e-2',
        conversationId: welcome.conversationId!,
        messageId: 'm_none',
        text: 'Changed',
      });
      const refused = await reader.next('error', (frame) => frame.ref === 'e-2');
      assert.equal(refused.code, 'forbidden');
      assert.match(refused.message ?? '', /lacks the write scope/);
    } finally {
      visitor.close();
      reader.close();
    }
  });

  it('refuses two handlers of one frame type, naming it', () => {
    const one = frameHandler({ types: ['transcript'], handle: async () => undefined });
    const two = frameHandler({ types: ['edit', 'transcript'], handle: async () => undefined });
    assert.throws(() => frameHandlers([one, two]), /Two features handle the transcript frame\./);
    assert.deepEqual([...frameHandlers([one]).keys()], ['transcript']);
  });
});
