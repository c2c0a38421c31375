// Each feature can be left out (docs/architecture.md, "What a feature requires, and the removability test"): the
// relay starts with every feature of the list but one (and those that require it), and the chat and the desk still
// work: a visitor's hello and message, the message stored and listed by the admin API, the API document, a clean
// stop. What breaks without a feature is a coupling the feature's `requires` must declare, or a bug.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnyFeature } from '../src/features/feature.js';
import type { FeatureName } from '../src/features/feature-instances.js';
import { FEATURES } from '../src/features/features.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk } from './support/desk.js';

/**
 * The feature whose routes are the admin API (conversations, contacts, the team, settings): without it the relay
 * still chats and stores, but has no conversation list to read the message back from.
 */
const DESK = 'desk';

const list: readonly AnyFeature[] = FEATURES;

/** `name` and every feature that requires it, directly or through another: what leaving it out takes with it. */
function withDependents(name: string): Set<string> {
  const out = new Set([name]);
  for (let grew = true; grew;) {
    grew = false;
    for (const feature of list)
      if (!out.has(feature.name) && (feature.requires ?? []).some((required) => out.has(required))) {
        out.add(feature.name);
        grew = true;
      }
  }
  return out;
}

/** Starts a desk without `left`, runs the smoke set on it, and stops it. */
async function smoke(left: ReadonlySet<string>): Promise<void> {
  const relay = await startDesk({ withoutFeatures: [...left] });
  try {
    for (const name of left) assert.equal(relay.use(name as FeatureName), undefined, `${name} is left out`);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      assert.equal(welcome.role, 'visitor');
      const ack = await client.say('m-1', 'Is anyone there?');
      assert.equal(ack.conversationId, welcome.conversationId);
    } finally {
      client.ws.close();
    }
    // Features may answer it (a greeting, an away message): the visitor's message is among what is stored.
    const stored = await relay.store.messagesAfter(welcome.conversationId!, 0, 10);
    assert.equal(stored.find((message) => message.clientId === 'm-1')?.text, 'Is anyone there?');
    const listed = await relay.call('GET', '/v1/admin/conversations');
    if (left.has(DESK)) assert.equal(listed.status, 404, 'the admin API is the desk’s');
    else {
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const conversation = (listed.body.items as { id: string; lastMessage?: { text: string } }[]).find(
        (item) => item.id === welcome.conversationId,
      );
      assert.equal(conversation?.lastMessage?.text, 'Is anyone there?');
    }
    const document = await fetch(`${relay.httpUrl}/v1/openapi.json`);
    assert.equal(document.status, 200);
    assert.equal(((await document.json()) as { openapi: string }).openapi.startsWith('3.'), true);
  } finally {
    await relay.close();
  }
}

describe('removability: the relay without each feature', () => {
  it('declares only requirements on features of the list, and the whole list has them all', () => {
    const names = new Set(list.map((feature) => feature.name));
    for (const feature of list)
      for (const required of feature.requires ?? [])
        assert.ok(names.has(required), `${feature.name} requires ${required}, which is no feature`);
    assert.ok(names.has(DESK));
  });

  it('refuses to start without a feature another one requires, naming both', async () => {
    const required = list.find((feature) => (feature.requires ?? []).length > 0);
    assert.ok(required, 'some feature requires another');
    const missing = required.requires![0]!;
    await assert.rejects(
      startDesk({ withoutFeatures: [missing] }),
      new RegExp(`the feature ${required.name} requires the feature ${missing}, which is not in the list`),
    );
  });

  it('refuses to leave out a feature that is not on the list', async () => {
    await assert.rejects(startDesk({ withoutFeatures: ['stranger'] }), /withoutFeatures: no feature is named stranger/);
  });

  for (const feature of list) {
    const left = withDependents(feature.name);
    const also = [...left].filter((name) => name !== feature.name);
    it(`starts and chats without ${feature.name}${also.length ? ` (and ${also.join(', ')}, which require it)` : ''}`, () =>
      smoke(left));
  }
});
