/**
 * Spam and review (issue #39, docs/safety.md "Spam and review"): the scenarios against a relay on SQLite, and the
 * spam limits' keys and memory bounds.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import { DEFAULT_SAFETY } from '@parley/protocol/admin';
import type { Screening } from '../src/core/screening.js';
import type { Logger } from '../src/log.js';
import type { ConversationRecord } from '../src/store/admin-store.js';
import type { ModerationRepository, SpamMark } from '../src/moderation/moderation-repository.js';
import { Moderation } from '../src/moderation/moderation.js';
import { NetworkKeys, isLoopback, linkSet, networkOf, normalizedText } from '../src/moderation/spam-keys.js';
import { SpamWindows } from '../src/moderation/spam-windows.js';
import { moderationScenarios } from './moderation-scenarios.js';
import { tempDir } from './support/temp.js';

moderationScenarios('SQLite', async () => ({ dataDir: tempDir('parley-moderation-') }));

describe('spam keys', () => {
  it('reads an address as its network: IPv4 /24, IPv6 /48, mapped IPv4 as IPv4, anything else as none', () => {
    assert.equal(networkOf('203.0.113.7'), 'v4:203.0.113');
    assert.equal(networkOf('::ffff:203.0.113.9'), 'v4:203.0.113');
    assert.equal(networkOf('0000:0000:0000:0000:0000:ffff:cb00:7109'), 'v4:203.0.113');
    assert.equal(networkOf('2001:db8:7::1'), 'v6:2001:db8:7');
    assert.equal(networkOf('2001:0db8:0007:ffff:0000:0000:0000:0001'), 'v6:2001:db8:7');
    assert.equal(networkOf('::1'), 'v6:0:0:0');
    for (const own of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '0000:0000:0000:0000:0000:0000:0000:0001'])
      assert.equal(isLoopback(own), true, own);
    for (const other of ['128.0.0.1', '::2', '2001:db8::1', 'localhost']) assert.equal(isLoopback(other), false, other);
    for (const bad of ['', 'localhost', '203.0.113', '1.2.3.4.5', '2001:db8::g'])
      assert.equal(networkOf(bad), undefined, bad);
  });

  it('keeps keyed hashes of networks, never the address; another secret gives other hashes', () => {
    const keys = new NetworkKeys('secret-one-0123456789');
    const a = keys.of('203.0.113.7')!;
    assert.equal(keys.of('203.0.113.200'), a);
    assert.notEqual(keys.of('203.0.114.7'), a);
    assert.notEqual(new NetworkKeys('secret-two-0123456789').of('203.0.113.7'), a);
    assert.doesNotMatch(a, /203|113/);
  });

  it('compares texts by case and spacing, and links as a set', () => {
    assert.equal(normalizedText('  Hello\n\tWORLD  '), 'hello world');
    assert.deepEqual(linkSet('see https://A.example/x, www.b.example/ and http://a.example/x.'), [
      'a.example/x',
      'b.example',
    ]);
    assert.deepEqual(linkSet('no links here'), []);
  });
});

describe('spam limits in memory', () => {
  const log: Logger = { debug() {}, info() {}, warn() {}, error() {} };
  // The memory is what is tested: a repository that records what it is asked to write.
  const written: string[] = [];
  const repository = {
    addFlag: async (_site: string, conversationId: string) => (written.push(conversationId), true),
    recordNetwork: async () => undefined,
    activeBlocks: async () => [],
  } as unknown as ModerationRepository;
  const screening = (i: number, text: string, ip = `10.${(i >> 8) & 255}.${i & 255}.1`): Screening => ({
    siteId: 'default',
    conversationId: `c_${i}`,
    visitorId: `v_${i}`,
    clientId: `m_${i}`,
    role: 'visitor',
    kind: 'text',
    text,
    via: 'ws',
    ip,
    opens: true,
  });

  it('holds at most its caps of texts, networks and flags, however many arrive', () => {
    const moderation = new Moderation({
      admin: { publishConversation: async () => undefined },
      repository,
      log,
      relaySecret: 'relay-secret-for-the-bounds-0123456789',
      spamSettings: () => DEFAULT_SAFETY.spam,
      bounds: { repeatKeys: 500, networkKeys: 200, flagsSeen: 100 },
    });
    for (let i = 0; i < 5000; i += 1)
      moderation.screenMessage(
        screening(i, `a text long enough to be compared, number ${i}, with https://x${i}.example`),
      );
    for (let i = 0; i < 1000; i += 1)
      moderation.flag('default', `c_${i}`, { reason: 'word', detail: 'scam', seq: null });
    const memory = moderation.memory();
    assert.ok(memory.repeatKeys <= 500, `repeat keys ${memory.repeatKeys}`);
    assert.ok(memory.networkKeys <= 200, `network keys ${memory.networkKeys}`);
    assert.ok(memory.flagsSeen <= 100, `flags ${memory.flagsSeen}`);
  });

  it('a mark made right after a conversation opened waits for its network to be written, and blocks it', async () => {
    // The network's row is written after the first message is stored (and acknowledged): here it is still being
    // written when staff mark the conversation as spam.
    const networks = new Map<string, string>();
    let write: () => void = () => {};
    const marks: SpamMark[] = [];
    const slow = {
      ...repository,
      recordNetwork: (_site: string, conversationId: string, network: string) =>
        new Promise<void>((resolve) => {
          write = () => {
            networks.set(conversationId, network);
            resolve();
          };
        }),
      networkOf: async (_site: string, conversationId: string) => networks.get(conversationId) ?? null,
      markSpam: async (mark: SpamMark) => void marks.push(mark),
    } as unknown as ModerationRepository;
    const moderation = new Moderation({
      admin: { publishConversation: async () => undefined },
      repository: slow,
      log,
      relaySecret: 'relay-secret-for-the-bounds-0123456789',
      spamSettings: () => DEFAULT_SAFETY.spam,
    });
    moderation.screenMessage(screening(1, 'buy now', '203.0.113.7'))!.stored!({ seq: 1 } as Message);
    const marking = moderation.markSpam(
      { siteId: 'default', id: 'c_1', visitor: { id: 'v_1' } } as unknown as ConversationRecord,
      { id: 's_1', name: 'Sam' },
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(marks.length, 0, 'the mark waits for the network');
    write();
    await marking;
    assert.equal(marks[0]?.network, new NetworkKeys('relay-secret-for-the-bounds-0123456789').of('203.0.113.7'));
    // The same network opening another conversation is blocked now.
    assert.equal(moderation.screenMessage(screening(2, 'hello', '203.0.113.99'))?.refused?.code, 'blocked');
  });

  it('forgets a window after an hour: the same text is allowed again', () => {
    let now = 1_000_000;
    const moderation = new Moderation({
      admin: { publishConversation: async () => undefined },
      repository,
      log,
      relaySecret: 'relay-secret-for-the-bounds-0123456789',
      spamSettings: () => ({ ...DEFAULT_SAFETY.spam, repeatLimit: 2 }),
      now: () => now,
    });
    const text = 'the same text sent again and again to everyone';
    assert.equal(moderation.screenMessage(screening(1, text))?.refused, undefined);
    const reached = moderation.screenMessage(screening(2, text));
    assert.equal(reached?.refused, undefined);
    reached!.stored!({ seq: 1 } as Message);
    assert.equal(moderation.screenMessage(screening(3, text))?.refused?.code, 'rate_limited');
    now += 3_600_000;
    assert.equal(moderation.screenMessage(screening(4, text))?.refused, undefined);
    // Staff are never looked at; nor replies by email, nor visitors seen from the relay's own host.
    now += 3_600_000;
    for (const i of [5, 6]) assert.equal(moderation.screenMessage(screening(i, text))?.refused, undefined);
    assert.equal(moderation.screenMessage(screening(7, text))?.refused?.code, 'rate_limited');
    assert.equal(moderation.screenMessage({ ...screening(9, text), role: 'staff' }), undefined);
    assert.equal(moderation.screenMessage({ ...screening(10, text), via: 'email', ip: undefined }), undefined);
    assert.equal(moderation.screenMessage(screening(11, text, '127.0.0.1')), undefined);
  });

  it('windows drop the expired ones first and never pass their cap', () => {
    const windows = new SpamWindows(3, 2);
    windows.add('a', 'c1', 0);
    windows.add('b', 'c1', 10);
    windows.add('c', 'c1', 3_600_000);
    assert.equal(windows.get('a', 3_600_000), undefined, 'an hour old');
    windows.add('d', 'c1', 3_600_010);
    windows.add('e', 'c1', 3_600_020);
    assert.ok(windows.size <= 3);
    const window = windows.add('f', 'c1', 3_600_030);
    windows.add('f', 'c2', 3_600_030);
    windows.add('f', 'c3', 3_600_030);
    windows.add('f', 'c3', 3_600_030);
    // Past the list's cap a conversation is no longer told apart: every add counts.
    assert.deepEqual([window.count, window.conversations], [4, ['c1', 'c2']]);
  });
});
