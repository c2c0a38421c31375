import { expect } from '@open-wc/testing';
import { ParleyClient } from '../../src/index.js';
import { StaffClient } from '../../src/staff.js';
import { openTab, relayInfo, until, untilLocks, type Tab } from './helpers.js';

const relay = await relayInfo();
const unique = (): string => `sdk-test-${crypto.randomUUID()}`;

/** Connects a visitor once so that `storageKey` holds a visitor token (every later client is that visitor). */
async function seedVisitor(storageKey: string): Promise<string> {
  const client = new ParleyClient({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
  client.connect();
  const welcome = await client.ready();
  client.close();
  return welcome.conversationId!;
}

/** What the relay stored in a conversation, read by staff. */
async function stored(conversationId: string): Promise<string[]> {
  const staff = new StaffClient({ url: relay.wsUrl, token: relay.adminToken, storage: 'memory', tabs: false });
  staff.connect();
  try {
    const page = await staff.loadEarlier({ conversationId, limit: 100 });
    return page.messages.map((message) => message.text);
  } finally {
    staff.close();
  }
}

describe('storage', () => {
  it('uses IndexedDB in Chromium, memory when asked', async () => {
    const durable = new ParleyClient({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey: unique() });
    const volatile = new ParleyClient({
      url: relay.wsUrl,
      siteKey: relay.siteKey,
      storage: 'memory',
      storageKey: unique(),
    });
    await durable.send('x').catch(() => undefined);
    expect(durable.storageKind).to.equal('indexeddb');
    expect(volatile.storageKind).to.equal('memory');
    durable.close();
    volatile.close();
  });
});

describe('the IndexedDB outbox', () => {
  let tabs: Tab[] = [];
  afterEach(() => {
    tabs.forEach((tab) => tab.remove());
    tabs = [];
  });

  it('survives a page reload and is flushed once', async () => {
    const storageKey = unique();
    const conversationId = await seedVisitor(storageKey);
    const tab = await openTab();
    tabs.push(tab);

    // Offline: the message is only in the outbox when the page goes away.
    const before = tab.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    before.gate.shut = true;
    before.client.connect();
    const queued = await before.client.send('written offline, then the page reloaded');
    expect(queued.status).to.equal('queued');
    expect(before.sent).to.deep.equal([]);

    await tab.reload();
    const after = tab.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    await until(after.client, () => after.client.messages().length === 1);
    expect(after.client.messages()[0]!.clientId).to.equal(queued.clientId);
    expect(after.client.messages()[0]!.status).to.equal('queued');

    after.client.connect();
    await until(
      after.client,
      () => after.client.messages()[0]?.status === 'sent' || after.client.messages()[0]?.status === 'delivered',
    );
    expect(after.sent).to.deep.equal([queued.clientId]);
    expect(await stored(conversationId)).to.deep.equal(['written offline, then the page reloaded']);

    // A second reload finds an empty outbox: nothing is sent again.
    after.client.close();
    await tab.reload();
    const third = tab.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    third.client.connect();
    await third.client.ready();
    await third.client.loadEarlier();
    expect(third.sent).to.deep.equal([]);
    expect(third.client.messages().map((m) => m.text)).to.deep.equal(['written offline, then the page reloaded']);
    third.client.close();
  });

  it('is flushed by one tab only when two tabs come online together', async () => {
    const storageKey = unique();
    const conversationId = await seedVisitor(storageKey);
    const [a, b] = [await openTab(), await openTab()];
    tabs.push(a, b);
    const inA = a.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    const inB = b.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    inA.gate.shut = inB.gate.shut = true;
    inA.client.connect();
    inB.client.connect();

    const queued = await inA.client.send('one message, two tabs');
    // The other tab learns of it through the BroadcastChannel.
    await until(inB.client, () => inB.client.messages().some((m) => m.clientId === queued.clientId));

    // Tab A comes online first and sends the message, but its ack (and the relay's echo) is held back: A is
    // mid-flush, holding the lock, and nobody knows yet that the message is stored.
    inA.gate.hold = ['ack', 'message'];
    inA.gate.shut = false;
    a.window.dispatchEvent(new Event('online'));
    await until(inA.client, () => inA.sent.includes(queued.clientId), 'tab A to send');
    // Tab B comes online meanwhile and would flush the same record, were it not for the lock (the relay's replay
    // of the stored message is held back too, so that B cannot learn it that way).
    inB.gate.hold = ['message'];
    inB.gate.shut = false;
    b.window.dispatchEvent(new Event('online'));
    await inB.client.ready();
    // Proving an absence: B's flush is queued behind A's lock, so whatever B would send, it would have sent.
    const outboxLock = `:${storageKey}:outbox`;
    await untilLocks(outboxLock, ({ held, pending }) => held === 1 && pending >= 1, "B's flush to wait for the lock");
    expect(inB.sent).to.deep.equal([]);

    inA.gate.release!();
    inB.gate.release!();
    const isStored = (client: ParleyClient) => () =>
      client.messages().some((m) => m.clientId === queued.clientId && m.seq !== undefined);
    await Promise.all([
      until(inA.client, isStored(inA.client), 'stored in A'),
      until(inB.client, isStored(inB.client), 'stored in B'),
    ]);
    // B's turn at the lock finds the record gone.
    await untilLocks(outboxLock, ({ held, pending }) => held === 0 && pending === 0, "B's turn at the lock");

    expect([...inA.sent, ...inB.sent].filter((id) => id === queued.clientId)).to.have.length(1);
    expect(inA.client.messages().filter((m) => m.clientId === queued.clientId)).to.have.length(1);
    expect(inB.client.messages().filter((m) => m.clientId === queued.clientId)).to.have.length(1);
    expect(await stored(conversationId)).to.deep.equal(['one message, two tabs']);
    inA.client.close();
    inB.client.close();
  });

  it('shares read marks between tabs and elects one leader for sounds', async () => {
    const storageKey = unique();
    await seedVisitor(storageKey);
    const [a, b] = [await openTab(), await openTab()];
    tabs.push(a, b);
    const inA = a.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    const inB = b.client({ url: relay.wsUrl, siteKey: relay.siteKey, storageKey });
    inA.client.connect();
    inB.client.connect();
    await Promise.all([inA.client.ready(), inB.client.ready()]);
    // A conversation exists once it holds a message.
    const first = await inA.client.send('hi');
    await until(inA.client, () => first.seq !== undefined, 'the first message to be stored');
    const staff = new StaffClient({ url: relay.wsUrl, token: relay.adminToken, storage: 'memory', tabs: false });
    staff.connect();
    await staff.ready();
    await staff.send('hello from staff', { conversationId: inA.client.conversationId! });
    await Promise.all([
      until(inA.client, () => inA.client.unreadCount === 1, 'one unread in A'),
      until(inB.client, () => inB.client.unreadCount === 1, `one unread in B`),
    ]);

    const cleared = new Promise((resolve) => inB.client.on('unreadChange', resolve));
    inA.client.markRead();
    await cleared;
    expect(inB.client.unreadCount).to.equal(0);
    expect([inA.client.leader, inB.client.leader].filter(Boolean)).to.have.length(1);

    const opened = new Promise<{ open: boolean; local: boolean }>((resolve) => inB.client.on('openChange', resolve));
    inA.client.setOpen(true);
    expect(await opened).to.deep.equal({ open: true, local: false });
    staff.close();
    inA.client.close();
    inB.client.close();
  });
});
