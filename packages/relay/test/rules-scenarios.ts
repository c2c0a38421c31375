/**
 * Rules fire exactly once per event (issue #40, docs/rules.md): a property test over random rule sets and random
 * event sequences, with the message log read again (as after a relay died mid-batch), the idle sweep run twice, and
 * — where the store allows it — a restart or a second relay in the middle. Each firing's action is a private note
 * naming its rule and event, so the conversation's notes are the record of what fired. The store runs these with
 * SQLite (rules-once.test.ts) and PostgreSQL with two relays (test-services/rules-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import type { Message } from '@parley/protocol';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { until } from './support/until.js';

/** A small, seeded generator (mulberry32): a failing seed is printed and replays the same case. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['price', 'refund', 'bug', 'hello', 'invoice', 'urgent'];

interface RandomRule {
  readonly name: string;
  readonly trigger: 'message.visitor' | 'conversation.created' | 'message.staff';
  readonly match: 'all' | 'any';
  readonly words: readonly string[];
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function randomRules(next: () => number): RandomRule[] {
  const count = 1 + Math.floor(next() * 6);
  return Array.from({ length: count }, (_, i) => ({
    name: `R${i}`,
    trigger: pick(next, ['message.visitor', 'message.visitor', 'conversation.created', 'message.staff'] as const),
    match: pick(next, ['all', 'any'] as const),
    words: Array.from({ length: Math.floor(next() * 3) }, () => pick(next, WORDS)),
  }));
}

/** Whether a rule holds for a message (the engine's semantics, written again plainly). */
function holds(rule: RandomRule, message: { role: string; seq: number; text: string }): boolean {
  const trigger =
    rule.trigger === 'conversation.created'
      ? message.seq === 1 && message.role === 'visitor'
      : rule.trigger === 'message.visitor'
        ? message.role === 'visitor'
        : message.role === 'staff';
  if (!trigger) return false;
  if (rule.words.length === 0) return true;
  const text = message.text.toLowerCase();
  return rule.match === 'all' ? rule.words.every((w) => text.includes(w)) : rule.words.some((w) => text.includes(w));
}

/**
 * One case: random rules on `relays[0]`, random visitors and staff writing through random relays, the log read
 * again and relays restarted at random points; then every (rule, message) that holds has exactly one note, and no
 * other note exists.
 */
export async function exactlyOnceCase(
  seed: number,
  relays: Desk[],
  restart: ((index: number) => Promise<Desk>) | undefined,
): Promise<void> {
  const next = random(seed);
  const label = `seed ${seed}`;
  // The first relay, as it is now (a restart replaces it).
  const first = (): Desk => relays[0]!;
  const admin = first();
  for (const rule of (await admin.call('GET', '/v1/admin/rules')).body.items)
    await admin.call('DELETE', `/v1/admin/rules/${rule.id}`);
  const rules = randomRules(next);
  for (const rule of rules) {
    const made = await admin.call('POST', '/v1/admin/rules', {
      name: rule.name,
      trigger: rule.trigger,
      match: rule.match,
      conditions: rule.words.map((value) => ({ field: 'text', op: 'contains', value })),
      actions: [{ type: 'add_note', text: `fired ${rule.name}` }],
    });
    assert.equal(made.status, 201, `${label}: ${JSON.stringify(made.body)}`);
  }
  for (const relay of relays) await relay.use('rules')!.rules.refresh();

  const conversations: string[] = [];
  const visitors = 1 + Math.floor(next() * 3);
  for (let v = 0; v < visitors; v++) {
    const relay = pick(next, relays);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    conversations.push(welcome.conversationId!);
    const count = 1 + Math.floor(next() * 4);
    for (let m = 0; m < count; m++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(next, WORDS)).join(' ');
      if (next() < 0.3 && m > 0) {
        const staff = await pick(next, relays).call(
          'POST',
          `/v1/admin/conversations/${welcome.conversationId}/messages`,
          {
            id: `s-${seed}-${v}-${m}`,
            text,
          },
        );
        assert.equal(staff.status, 201, `${label}: ${JSON.stringify(staff.body)}`);
      } else await client.say(`v-${seed}-${v}-${m}`, text);
      // The log read again from a relay, as one that died after handling a batch but before moving its cursor.
      if (next() < 0.25) await rereadLog(pick(next, relays), conversations);
    }
    client.close();
    // A relay stopped and started again between visitors (its port changes: visitors connect afresh).
    if (restart && next() < 0.3) {
      const index = Math.floor(next() * relays.length);
      relays[index] = await restart(index);
    }
  }
  await rereadLog(relays[0]!, conversations);

  // Every firing has run once its notes are all there: count what each conversation should hold.
  const expected = new Map<string, string[]>();
  for (const id of conversations) {
    const stored = await messagesOf(first(), id);
    const wanted: string[] = [];
    for (const message of stored) {
      if (message.kind !== 'text' || (message.author.role !== 'visitor' && message.author.role !== 'staff')) continue;
      for (const rule of rules)
        if (holds(rule, { role: message.author.role, seq: message.seq, text: message.text }))
          wanted.push(`fired ${rule.name}`);
    }
    expected.set(id, wanted.sort());
  }
  for (const [id, wanted] of expected) {
    await until(
      async () => (await notesOf(first(), id)).length >= wanted.length,
      `${label}: ${wanted.length} notes in ${id}`,
      { timeoutMs: 15_000 },
    );
  }
  // A moment more for anything fired twice to show.
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const [id, wanted] of expected) {
    for (const relay of relays) await relay.use('rules')!.rules.refresh();
    assert.deepEqual((await notesOf(first(), id)).sort(), wanted, `${label}: the notes of ${id}`);
  }
}

async function messagesOf(relay: Desk, id: string): Promise<Message[]> {
  const answer = await relay.call('GET', `/v1/admin/conversations/${id}/messages?limit=100`);
  assert.equal(answer.status, 200);
  return answer.body.items as Message[];
}

async function notesOf(relay: Desk, id: string): Promise<string[]> {
  return (await messagesOf(relay, id))
    .filter((message) => message.kind === 'note' && message.author.role === 'bot')
    .map((message) => message.text);
}

/** Hands every stored message of the conversations to a relay's rules again (a batch read twice). */
async function rereadLog(relay: Desk, conversations: readonly string[]): Promise<void> {
  const siteId = 'default';
  const batch = [];
  for (const id of conversations)
    for (const message of await messagesOf(relay, id)) batch.push({ position: { txid: '0', id: 0 }, siteId, message });
  await relay.use('rules')!.rules.handleLog(batch);
}

/** What every desk of these cases needs. */
export const ONCE_DESK: StartOptions = {
  ipRateLimitPerSecond: 0,
  newConversationsPerAddressPerHour: 0,
  newConversationsPerSitePerMinute: 0,
  outboxTiming: { pollMs: 20 },
};

export { startDesk };
