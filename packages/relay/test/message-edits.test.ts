/**
 * Staff edit or delete their own messages for 15 minutes (issue #36): the author only, their own messages and notes,
 * within the window, never a message with files; every refusal changes nothing. The visitor (not for a note) and
 * every staff socket are told with an `update`; history pages, resumes and the admin API return the message as it
 * now is; the old text is kept for audit and erased with the contact; a `message.updated` webhook is sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EDIT_WINDOW_MS, type Message } from '@parley/protocol';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk, type Desk } from './support/desk.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

describe('editing and deleting a staff message', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  let owner: TestClient;
  let ana: TestClient;
  let anaId: string;
  let visitor: TestClient;
  let visitorId: string;
  /** A visitor socket of protocol 2, whose decoder does not know `update`. */
  let older: TestClient;
  let conversationId: string;
  let serial = 0;

  /** Ana writes `text` (a note with `note`) in the conversation; resolves with the stored message's id. */
  async function anaSays(text: string, note = false): Promise<string> {
    const id = `ana-${++serial}`;
    const ack = await ana.say(id, text, { conversationId, ...(note ? { note: true } : {}) });
    return ack.messageId;
  }

  /** Sends an edit (`text`) or a delete (`null`) from `client`; resolves with its answer (`update` or `error`). */
  async function change(client: TestClient, messageId: string, text: string | null, ref = `r${++serial}`) {
    client.send(
      text === null
        ? { type: 'delete', ref, conversationId, messageId }
        : { type: 'edit', ref, conversationId, messageId, text },
    );
    return until(
      () => client.frames.find((frame) => (frame.type === 'update' || frame.type === 'error') && frame.ref === ref),
      `the answer to ${ref}`,
    );
  }

  /** The conversation's messages as a `history` page gives them to `client`. */
  async function history(client: TestClient, staff: boolean): Promise<Message[]> {
    const ref = `h${++serial}`;
    client.send({ type: 'history', ref, after: 0, ...(staff ? { conversationId } : {}) });
    return (await client.next('history', (page) => page.ref === ref)).messages;
  }

  before(async () => {
    receiver = await WebhookReceiver.start();
    const options: StartOptions = {
      ipRateLimitPerSecond: 0,
      webhookAllowPrivate: true,
      clock: clock.now,
      outboxTiming: { pollMs: 20 },
    };
    relay = await startDesk(options);
    const hook = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url(),
      events: ['message.updated'],
    });
    assert.equal(hook.status, 201);
    const agent = await relay.agent('Ana');
    anaId = agent.id;
    owner = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
    ana = (await TestClient.hello(relay.wsUrl, { staffToken: agent.token }, { protocol: 'parley.v3' })).client;
    const hello = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    visitor = hello.client;
    visitorId = hello.welcome.visitorId!;
    const first = await visitor.say('v-1', 'Where is my order?');
    conversationId = first.conversationId;
    older = (
      await TestClient.hello(
        relay.wsUrl,
        { siteKey, visitorToken: hello.welcome.visitorToken! },
        { protocol: 'parley.v2' },
      )
    ).client;
  });

  after(async () => {
    for (const socket of [owner, ana, visitor, older]) socket?.close();
    await relay?.close();
    await receiver?.close();
  });

  it('an edit reaches the visitor and every staff socket, and history, the admin API and the audit keep it', async () => {
    const messageId = await anaSays('It ships tomorow.');
    const answer = await change(ana, messageId, 'It ships tomorrow.');
    assert.equal(answer.type, 'update', JSON.stringify(answer));
    const edited = (answer as { message: Message }).message;
    assert.equal(edited.id, messageId);
    assert.equal(edited.text, 'It ships tomorrow.');
    assert.equal(typeof edited.editedAt, 'number');
    assert.equal(edited.deleted, undefined);

    for (const socket of [visitor, owner]) {
      const update = await socket.next('update', (frame) => frame.message.id === messageId);
      assert.equal(update.ref, undefined);
      assert.deepEqual(update.message, edited);
    }
    // The same seq: an update, never a new message.
    assert.equal(
      visitor.frames.filter((frame) => frame.type === 'message' && frame.message.id === messageId).length,
      1,
    );

    const page = await history(visitor, false);
    assert.deepEqual(
      page.find((message) => message.id === messageId),
      edited,
    );
    const api = await relay.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
    assert.equal(api.status, 200);
    const listed = (api.body.items as Message[]).find((message) => message.id === messageId);
    assert.equal(listed?.text, 'It ships tomorrow.');
    assert.equal(listed?.editedAt, edited.editedAt);

    const audit = await relay.use('edits')!.repository.history(conversationId, messageId);
    assert.deepEqual(audit, [{ staffId: anaId, action: 'edit', oldText: 'It ships tomorow.', at: edited.editedAt }]);

    const request = await receiver.next();
    const event = JSON.parse(request.body) as { type: string; data: { message: Message } };
    assert.equal(event.type, 'message.updated');
    assert.equal(event.data.message.text, 'It ships tomorrow.');
  });

  it('a delete empties the text and marks it; the row keeps its seq; an older client reads "Message deleted"', async () => {
    const messageId = await anaSays('Wrong customer, sorry');
    const next = await anaSays('Anything else?');
    const answer = await change(ana, messageId, null);
    assert.equal(answer.type, 'update', JSON.stringify(answer));
    const deleted = (answer as { message: Message }).message;
    assert.equal(deleted.text, '');
    assert.equal(deleted.deleted, true);
    assert.equal(typeof deleted.editedAt, 'number');
    assert.deepEqual((await visitor.next('update', (frame) => frame.message.id === messageId)).message, deleted);

    const page = await history(visitor, false);
    const ids = page.map((message) => message.id);
    assert.ok(ids.indexOf(messageId) >= 0 && ids.indexOf(messageId) + 1 === ids.indexOf(next), 'its place holds');
    assert.deepEqual(
      page.find((message) => message.id === messageId),
      deleted,
    );

    // Protocol 2 is sent no update, and reads the deleted message's text as words rather than an empty bubble.
    await older.roundTrip();
    assert.equal(
      older.frames.some((frame) => (frame.type as string) === 'update'),
      false,
    );
    const olderPage = (await history(older, false)).find((message) => message.id === messageId);
    assert.equal(olderPage?.text, 'Message deleted');

    const again = await change(ana, messageId, 'back');
    assert.equal(again.type, 'error');
    assert.equal((again as { code: string }).code, 'conflict', 'a deleted message stays deleted');

    const audit = await relay.use('edits')!.repository.history(conversationId, messageId);
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.oldText]),
      [['delete', 'Wrong customer, sorry']],
    );
  });

  it('a delete or an edit sent again (its answer lost with the connection) is answered as done, once', async () => {
    const messageId = await anaSays('Sent to the wrong chat');
    const first = await change(ana, messageId, null);
    assert.equal(first.type, 'update', JSON.stringify(first));
    await visitor.next('update', (frame) => frame.message.id === messageId);
    // The SDK resends a request it had no answer to: the same frame, the same ref.
    const again = await change(ana, messageId, null, `${first.ref!}-again`);
    assert.equal(again.type, 'update', JSON.stringify(again));
    assert.deepEqual((again as { message: Message }).message, (first as { message: Message }).message);

    const edited = await anaSays('Tracking number: 123');
    const edit = await change(ana, edited, 'Tracking number: 1234');
    assert.equal(edit.type, 'update', JSON.stringify(edit));
    const editAgain = await change(ana, edited, 'Tracking number: 1234');
    assert.equal(editAgain.type, 'update', JSON.stringify(editAgain));
    assert.equal((editAgain as { message: Message }).message.editedAt, (edit as { message: Message }).message.editedAt);

    // Everyone was told once, and the audit has one entry each.
    await visitor.roundTrip();
    for (const id of [messageId, edited])
      assert.equal(visitor.frames.filter((frame) => frame.type === 'update' && frame.message.id === id).length, 1);
    const audit = relay.use('edits')!.repository;
    assert.equal((await audit.history(conversationId, messageId)).length, 1);
    assert.equal((await audit.history(conversationId, edited)).length, 1);
  });

  it('a note is edited for staff only: the visitor hears nothing', async () => {
    const messageId = await anaSays('Refund approved by finance', true);
    const answer = await change(ana, messageId, 'Refund approved by Léa (finance)');
    assert.equal(answer.type, 'update', JSON.stringify(answer));
    await owner.next('update', (frame) => frame.message.id === messageId);
    await visitor.roundTrip();
    assert.equal(
      visitor.frames.some((frame) => frame.type === 'update' && frame.message.id === messageId),
      false,
    );
  });

  it('refuses what is not the author’s, too old, unknown, empty, too long or from a visitor, and changes nothing', async () => {
    const messageId = await anaSays('Let me check.');
    const visitorMessage = (await visitor.say('v-2', 'Thanks')).messageId;
    const before = await history(owner, true);
    const updatesBefore = visitor.frames.filter((frame) => frame.type === 'update').length;

    const refused = async (client: TestClient, frame: Record<string, unknown>, code: string) => {
      const ref = `x${++serial}`;
      client.send({ ref, conversationId, ...frame });
      const error = await client.next('error', (each) => each.ref === ref);
      assert.equal(error.code, code, `${JSON.stringify(frame)}: ${error.message}`);
    };
    // A colleague's message, even for the owner; a visitor's message.
    await refused(owner, { type: 'edit', messageId, text: 'mine now' }, 'forbidden');
    await refused(owner, { type: 'delete', messageId }, 'forbidden');
    await refused(ana, { type: 'edit', messageId: visitorMessage, text: 'no' }, 'forbidden');
    // Unknown ids: a number of no message, a message of another conversation's id space, not a number at all.
    await refused(ana, { type: 'edit', messageId: '999999', text: 'x' }, 'not_found');
    await refused(ana, { type: 'delete', messageId: 'abc' }, 'not_found');
    await refused(ana, { type: 'edit', messageId, text: 'x', conversationId: 'c_nope' }, 'not_found');
    // Empty and too long texts are refused by the frame's schema.
    await refused(ana, { type: 'edit', messageId, text: '' }, 'bad_frame');
    await refused(ana, { type: 'edit', messageId, text: 'x'.repeat(4001) }, 'bad_frame');
    // Visitors may not.
    await refused(visitor, { type: 'delete', messageId: visitorMessage }, 'forbidden');
    // Past the window.
    clock.offset = EDIT_WINDOW_MS + 1000;
    try {
      await refused(ana, { type: 'edit', messageId, text: 'Too late' }, 'edit_window_closed');
      await refused(ana, { type: 'delete', messageId }, 'edit_window_closed');
    } finally {
      clock.offset = 0;
    }

    assert.deepEqual(await history(owner, true), before);
    await visitor.roundTrip();
    assert.equal(visitor.frames.filter((frame) => frame.type === 'update').length, updatesBefore);
    assert.deepEqual(await relay.use('edits')!.repository.history(conversationId, messageId), []);
  });

  it('a resume replays the message as it now is', async () => {
    const messageId = await anaSays('See you Monday');
    const seq = (await history(visitor, false)).find((message) => message.id === messageId)!.seq;
    assert.equal((await change(ana, messageId, 'See you Tuesday')).type, 'update');
    const resumed = await TestClient.hello(
      relay.wsUrl,
      { siteKey, visitorToken: (await visitorToken()).token, resume: { [conversationId]: seq - 1 } },
      { protocol: 'parley.v3' },
    );
    try {
      const replayed = await resumed.client.next('message', (frame) => frame.message.id === messageId);
      assert.equal(replayed.message.text, 'See you Tuesday');
      assert.equal(typeof replayed.message.editedAt, 'number');
    } finally {
      resumed.client.close();
    }
  });

  it('erasing the contact erases the old texts too', async () => {
    const messageId = await anaSays('Your code is 1234');
    assert.equal((await change(ana, messageId, 'Your code is in your email')).type, 'update');
    assert.equal((await relay.use('edits')!.repository.history(conversationId, messageId)).length, 1);
    const erased = await relay.call('DELETE', `/v1/admin/contacts/${visitorId}`);
    assert.equal(erased.status, 204, JSON.stringify(erased.body));
    assert.deepEqual(await relay.use('edits')!.repository.history(conversationId, messageId), []);
  });

  /** The visitor's token, as its welcome gave it (a fresh hello on the same token resumes the same visitor). */
  async function visitorToken(): Promise<{ token: string }> {
    const welcome = visitor.frames.find((frame) => frame.type === 'welcome') as { visitorToken?: string };
    return { token: welcome.visitorToken! };
  }
});
