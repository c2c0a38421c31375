/**
 * A visitor's past conversations (issue #86; docs/protocol.md, "Past conversations"), on the store the run uses
 * (SQLite, or PostgreSQL with PARLEY_TEST_DATABASE_URL): `conversations` lists the visitor's own on this site, the most
 * recently active first, with the newest message they see, in pages; `past` reads one (never a note); `continue`
 * hands a token naming one of them, or a new one, and a hello with it is in that conversation (an identified visitor
 * too). Another visitor's, another site's and an erased conversation are `not_found`; staff are `forbidden`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServerFrame } from '@parley/protocol';
import { RetentionJob } from '../src/admin/retention.js';
import { identityHash } from '../src/auth/tokens.js';
import { PAST_PAGE } from '../src/visitor-history/visitor-history-repository.js';
import { TestClient } from './support/client.js';
import { adminToken, identitySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { addOtherSite } from './support/other-site.js';
import { until } from './support/until.js';

type Answer = Extract<ServerFrame, { type: 'conversations' | 'continue' | 'history' | 'error' }>;

describe('a visitor’s past conversations', () => {
  let relay: Desk;
  let serial = 0;
  const open: TestClient[] = [];

  /** Says hello as a visitor (`siteKey` by default); the socket is closed after the suite. */
  async function visitor(hello: Record<string, unknown> = {}) {
    const opened = await TestClient.hello(relay.wsUrl, { siteKey, ...hello }, { protocol: 'parley.v3' });
    open.push(opened.client);
    return opened;
  }

  /** Sends `frame` with a fresh ref and resolves with its answer (or the error with that ref). */
  async function ask(client: TestClient, frame: Record<string, unknown>): Promise<Answer> {
    const ref = `q${++serial}`;
    client.send({ ...frame, ref });
    return (await until(
      () => client.frames.find((f) => 'ref' in f && f.ref === ref),
      `the answer to ${String(frame.type)}`,
    )) as Answer;
  }

  /** The visitor's conversations, every page, as listed. */
  async function list(client: TestClient): Promise<Extract<Answer, { type: 'conversations' }>['conversations']> {
    const all = [];
    let before: string | undefined;
    do {
      const page = await ask(client, { type: 'conversations', ...(before && { before }) });
      assert.equal(page.type, 'conversations', JSON.stringify(page));
      if (page.type !== 'conversations') throw new Error('no page');
      all.push(...page.conversations);
      before = page.next;
    } while (before);
    return all;
  }

  /** A hello with `visitorToken` (and `hello`'s other members): the visitor in the conversation it names. */
  async function continueWith(token: string, hello: Record<string, unknown> = {}) {
    return visitor({ visitorToken: token, ...hello });
  }

  before(async () => {
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      identitySecret,
      newConversationsPerAddressPerHour: 0,
      newConversationsPerSitePerMinute: 0,
    });
    await addOtherSite(relay, 'pk_other_history', 'st_other_history_0123456789abcdef');
  });

  after(async () => {
    for (const client of open) client.close();
    await relay.close();
  });

  it('lists the visitor’s own conversations, newest activity first, with the last message they see; continues one', async () => {
    const first = await visitor();
    await first.client.say('a-1', 'My parcel is late');
    const firstId = first.welcome.conversationId!;
    assert.equal(
      (await relay.call('POST', `/v1/admin/conversations/${firstId}/messages`, { id: 's-1', text: 'Sorted, sorry!' }))
        .status,
      201,
    );
    await relay.call('POST', `/v1/admin/conversations/${firstId}/messages`, {
      id: 'n-1',
      text: 'internal',
      note: true,
    });
    assert.equal((await relay.call('PATCH', `/v1/admin/conversations/${firstId}`, { status: 'resolved' })).status, 200);

    // A new conversation: `continue` without one names a fresh id, and a hello with its token is in it.
    const fresh = await ask(first.client, { type: 'continue' });
    assert.equal(fresh.type, 'continue');
    if (fresh.type !== 'continue') return;
    assert.notEqual(fresh.conversationId, firstId);
    const second = await continueWith(fresh.visitorToken);
    assert.equal(second.welcome.conversationId, fresh.conversationId);
    assert.equal(second.welcome.visitorId, first.welcome.visitorId);
    await second.client.say('b-1', 'Another question');

    const listed = await list(second.client);
    assert.deepEqual(
      listed.map((c) => [c.id, c.status, c.last?.text, c.last?.mine]),
      [
        [fresh.conversationId, 'open', 'Another question', true],
        [firstId, 'resolved', 'Sorted, sorry!', false],
      ],
      'the note is never the preview',
    );
    assert.ok(listed[1]!.last!.name, 'a staff reply is named');

    // Read the old one: a history page, without the note.
    const page = await ask(second.client, { type: 'past', conversationId: firstId });
    assert.equal(page.type, 'history');
    if (page.type !== 'history') return;
    assert.deepEqual(
      page.messages.map((m) => m.text),
      ['My parcel is late', 'Sorted, sorry!'],
    );
    assert.equal(page.hasMore, false);

    // Continue it: the hello is in it, and writing reopens it.
    const back = await ask(second.client, { type: 'continue', conversationId: firstId });
    assert.equal(back.type, 'continue');
    if (back.type !== 'continue') return;
    const again = await continueWith(back.visitorToken);
    assert.equal(again.welcome.conversationId, firstId);
    assert.equal(again.welcome.lastSeq, 3, 'two messages and the note, which has its sequence too');
    await again.client.say('a-2', 'It came broken, actually');
    await until(
      async () => (await relay.call('GET', `/v1/admin/conversations/${firstId}`)).body.status === 'open',
      'the conversation reopened',
    );
    // A new page load with the token its welcome gave stays in it.
    const reload = await continueWith(again.welcome.visitorToken!);
    assert.equal(reload.welcome.conversationId, firstId);
    assert.equal((await list(reload.client))[0]!.id, firstId, 'the most recently active first');
  });

  it('pages through many conversations, and reads a long one in pages', async () => {
    let current = await visitor();
    const ids: string[] = [];
    for (let i = 0; i < PAST_PAGE + 3; i++) {
      await current.client.say(`p-${i}`, `question ${i}`);
      ids.push(current.welcome.conversationId!);
      const next = await ask(current.client, { type: 'continue' });
      if (next.type !== 'continue') throw new Error(JSON.stringify(next));
      current = await continueWith(next.visitorToken);
    }
    const first = await ask(current.client, { type: 'conversations' });
    assert.equal(first.type, 'conversations');
    if (first.type !== 'conversations') return;
    assert.equal(first.conversations.length, PAST_PAGE);
    assert.ok(first.next);
    const listed = await list(current.client);
    assert.equal(listed.length, ids.length, 'each once: none stored for the last hello, which wrote nothing');
    assert.deepEqual(new Set(listed.map((c) => c.id)), new Set(ids));

    // A long conversation, read newest page first.
    const long = await visitor();
    for (let i = 1; i <= 7; i++) await long.client.say(`l-${i}`, `line ${i}`);
    const newest = await ask(long.client, { type: 'past', conversationId: long.welcome.conversationId, limit: 5 });
    if (newest.type !== 'history') throw new Error(JSON.stringify(newest));
    assert.deepEqual(
      newest.messages.map((m) => m.seq),
      [3, 4, 5, 6, 7],
    );
    assert.equal(newest.hasMore, true);
    const older = await ask(long.client, {
      type: 'past',
      conversationId: long.welcome.conversationId,
      before: 3,
      limit: 5,
    });
    if (older.type !== 'history') throw new Error(JSON.stringify(older));
    assert.deepEqual(
      older.messages.map((m) => m.seq),
      [1, 2],
    );
    assert.equal(older.hasMore, false);
  });

  it('refuses another visitor’s, another site’s and a made-up conversation, and staff', async () => {
    const ada = await visitor();
    await ada.client.say('ada-1', 'Ada’s secret');
    const bob = await visitor();
    await bob.client.say('bob-1', 'Bob here');
    const adaId = ada.welcome.conversationId!;
    for (const frame of [
      { type: 'past', conversationId: adaId },
      { type: 'continue', conversationId: adaId },
      { type: 'past', conversationId: 'c_never_was' },
      { type: 'continue', conversationId: 'c_never_was' },
    ]) {
      const answer = await ask(bob.client, frame);
      assert.equal(answer.type, 'error', JSON.stringify(frame));
      if (answer.type === 'error') assert.equal(answer.code, 'not_found');
    }
    assert.deepEqual(
      (await list(bob.client)).map((c) => c.id),
      [bob.welcome.conversationId],
    );

    // Another site's visitor with the same browser's token is a new visitor there; their list is their own.
    const other = await visitor({ siteKey: 'pk_other_history', visitorToken: ada.welcome.visitorToken });
    assert.notEqual(other.welcome.visitorId, ada.welcome.visitorId);
    assert.deepEqual(await list(other.client), []);
    const foreign = await ask(other.client, { type: 'past', conversationId: adaId });
    assert.equal(foreign.type === 'error' && foreign.code, 'not_found');

    // A token of Ada's, changed to name Bob's conversation, is refused by its signature: a new visitor.
    const staff = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    open.push(staff.client);
    const refused = await ask(staff.client, { type: 'conversations' });
    assert.equal(refused.type === 'error' && refused.code, 'forbidden');
    const badFrame = await ask(bob.client, { type: 'conversations', before: 'not-a-cursor' });
    assert.equal(badFrame.type === 'error' && badFrame.code, 'bad_frame');
  });

  it('an identified visitor sees their conversations on any browser, and continues an older one on this one', async () => {
    const user = { id: 'user-86', hash: identityHash(identitySecret, 'user-86'), name: 'Uma' };
    const laptop = await visitor({ user });
    await laptop.client.say('u-1', 'From the laptop');
    const olderId = laptop.welcome.conversationId!;
    const fresh = await ask(laptop.client, { type: 'continue' });
    if (fresh.type !== 'continue') throw new Error(JSON.stringify(fresh));
    // Identified, the hello would find their newest: the fresh token starts the new one they asked for.
    const started = await continueWith(fresh.visitorToken, { user });
    assert.equal(started.welcome.conversationId, fresh.conversationId);
    await started.client.say('u-2', 'A new topic');

    // Another browser (no token): their newest, and both listed.
    const phone = await visitor({ user });
    assert.equal(phone.welcome.conversationId, fresh.conversationId);
    assert.deepEqual(
      (await list(phone.client)).map((c) => c.id),
      [fresh.conversationId, olderId],
    );
    // Continue the older one there: the token wins over the newest, and its welcome's token keeps it on reload.
    const back = await ask(phone.client, { type: 'continue', conversationId: olderId });
    if (back.type !== 'continue') throw new Error(JSON.stringify(back));
    const older = await continueWith(back.visitorToken, { user });
    assert.equal(older.welcome.conversationId, olderId);
    const reload = await continueWith(older.welcome.visitorToken!, { user });
    assert.equal(reload.welcome.conversationId, olderId);
    // Another user's identity with that token: the token is not theirs, so it names nothing for them.
    const other = { id: 'user-87', hash: identityHash(identitySecret, 'user-87') };
    const stranger = await continueWith(back.visitorToken, { user: other });
    assert.notEqual(stranger.welcome.conversationId, olderId);
    assert.deepEqual(await list(stranger.client), []);
  });

  it('an erased contact’s conversations and those retention removed are gone', async () => {
    const gone = await visitor();
    await gone.client.say('g-1', 'Erase me');
    assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${gone.welcome.visitorId}`)).status, 204);
    // The socket of an erased contact is closed; a new one with the same token finds nothing of theirs.
    const after = await visitor({ visitorToken: gone.welcome.visitorToken });
    assert.deepEqual(await list(after.client), []);
    const past = await ask(after.client, { type: 'past', conversationId: 'c_other' });
    assert.equal(past.type === 'error' && past.code, 'not_found');

    const old = await visitor();
    await old.client.say('o-1', 'An old question');
    const oldId = old.welcome.conversationId!;
    await relay.admin.flushContacts();
    const job = new RetentionJob({
      repos: relay.admin.repos,
      core: relay.admin.core,
      defaultDays: 30,
      now: () => Date.now() + 40 * 24 * 3600_000,
      batchSize: 50,
    });
    await job.run();
    const later = await visitor({ visitorToken: old.welcome.visitorToken });
    assert.ok(!(await list(later.client)).some((c) => c.id === oldId));
    const read = await ask(later.client, { type: 'past', conversationId: oldId });
    // The hello's conversation may carry the erased one's id again (the token named it): it is new and empty.
    if (read.type === 'history') assert.deepEqual(read.messages, []);
    else assert.equal(read.type === 'error' && read.code, 'not_found');
  });
});
