import type { Message } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalBus } from '../src/bus/local-bus.js';
import { ChatCore, type LocalDelivery } from '../src/core/chat-core.js';
import type { ChatHooks } from '../src/core/hooks.js';
import { createLogger } from '../src/log.js';
import type { Store } from '../src/store/store.js';

/** A delivery that records what reached this relay's subscribers, and who was left out. */
function recordingDelivery(): LocalDelivery & { readonly log: string[] } {
  const log: string[] = [];
  return {
    log,
    publish: (topic, frame, origin) => {
      const { message } = JSON.parse(frame) as { message?: Message };
      log.push(`${topic} ${message ? `#${message.seq}` : frame}${origin ? ` (not to ${String(origin)})` : ''}`);
    },
    reply: (origin, frame) => {
      const { seq, duplicate } = JSON.parse(frame) as { seq: number; duplicate: boolean };
      log.push(`${String(origin)}: ack #${seq}${duplicate ? ' (duplicate)' : ''}`);
    },
    subscribers: (topic) => (topic === 'c/c_online' ? 1 : 0),
  };
}

function message(seq: number, kind: Message['kind'] = 'text'): Message {
  return {
    id: String(seq),
    clientId: `m${seq}`,
    conversationId: 'c1',
    seq,
    ts: 0,
    author: { role: 'visitor', id: 'v1' },
    text: 'hi',
    kind,
  };
}

function ack(seq: number, duplicate = false): string {
  return JSON.stringify({
    type: 'ack',
    id: `m${seq}`,
    messageId: String(seq),
    conversationId: 'c1',
    seq,
    ts: 0,
    duplicate,
  });
}

async function startedCore(): Promise<{ core: ChatCore; delivery: ReturnType<typeof recordingDelivery> }> {
  const core = new ChatCore({ store: {} as Store, bus: new LocalBus(), log: createLogger('silent') });
  const delivery = recordingDelivery();
  await core.start(delivery);
  return { core, delivery };
}

describe('ChatCore: the one fan-out path and the hooks features attach to', () => {
  it('acks a settled append, then fans it out to its conversation and the site’s staff, leaving the sender out', async () => {
    const { core, delivery } = await startedCore();
    core.appendSettled(message(4), 'site1', 'tab-1', ack(4), false);
    assert.deepEqual(delivery.log, ['tab-1: ack #4', 'c/c1 #4 (not to tab-1)', 's/site1 #4 (not to tab-1)']);
    assert.deepEqual(core.recent.after('c1', 3), [JSON.stringify({ type: 'message', message: message(4) })]);
  });

  it('answers a resend with its ack alone on one relay, and fans nothing out again', async () => {
    const { core, delivery } = await startedCore();
    core.appendSettled(message(4), 'site1', 'tab-1', ack(4, true), true);
    core.publishMessage(message(4), 'site1', true);
    assert.deepEqual(delivery.log, ['tab-1: ack #4 (duplicate)']);
  });

  it('fans out the message of a sender whose socket closed before the ack', async () => {
    const { core, delivery } = await startedCore();
    core.appendSettled(message(5), 'site1', 'tab-1', undefined, false);
    assert.deepEqual(delivery.log, ['c/c1 #5 (not to tab-1)', 's/site1 #5 (not to tab-1)']);
  });

  it('sends a private note to staff only', async () => {
    const { core, delivery } = await startedCore();
    core.publishMessage(message(2, 'note'), 'site1');
    assert.deepEqual(delivery.log, ['s/site1 #2']);
  });

  it('tells every attached feature, in order, when a message opens a conversation, and only then', async () => {
    const { core } = await startedCore();
    const calls: string[] = [];
    core.use({ conversationCreated: (siteId, id) => calls.push(`first ${siteId} ${id}`) });
    core.use({});
    core.use({ conversationCreated: (siteId, id) => calls.push(`second ${siteId} ${id}`) });
    core.publishMessage(message(1), 'site1');
    core.publishMessage(message(2), 'site1');
    assert.deepEqual(calls, ['first site1 c1', 'second site1 c1']);
  });

  it('seals an email with the first feature that answers, and stores none without one', async () => {
    const { core } = await startedCore();
    assert.equal(core.sealEmail('a@example.com'), undefined);
    const sealing: ChatHooks[] = [{}, { sealEmail: (email) => `sealed:${email}` }, { sealEmail: () => 'never' }];
    for (const hooks of sealing) core.use(hooks);
    assert.equal(core.sealEmail('a@example.com'), 'sealed:a@example.com');
    assert.equal(core.sealEmail('  '), undefined);
  });

  it('says a conversation is online while this relay has a subscriber to it', async () => {
    const { core } = await startedCore();
    assert.equal(core.conversationOnline('c_online'), true);
    assert.equal(core.conversationOnline('c_offline'), false);
  });

  it('waits for tracked work when asked to settle', async () => {
    const { core } = await startedCore();
    let done = false;
    core.track(
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        done = true;
      }),
    );
    await core.settled();
    assert.equal(done, true);
  });
});
