import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AppendInput, Site, Staff, Store } from '../src/store/store.js';

/**
 * Makes a store over some storage, not yet initialised. Called with no key, it must return a store over fresh,
 * empty storage. Called with a key, it must return a store over the storage kept under that key: the same
 * data on every call with the same key (a file path, a schema name), so reopening can be tested.
 */
export type StoreFactory = (reuseKey?: string) => Promise<Store>;

/** A site the contract appends to; {@link storeContract} creates it in each store it opens. */
export const contractSite: Site = {
  id: 'site_1',
  name: 'Example',
  siteKey: 'pk_example',
  allowedOrigins: ['https://example.com', 'https://www.example.com'],
  identitySecret: 'secret-1',
  requireIdentity: false,
};

/** An append input with defaults for the contract site; override what a test cares about. */
export function contractInput(overrides: Partial<AppendInput> & Pick<AppendInput, 'clientId'>): AppendInput {
  return {
    siteId: contractSite.id,
    conversationId: 'conv_1',
    visitorId: 'visitor_1',
    author: { role: 'visitor', id: 'visitor_1', name: 'Vera' },
    text: `text of ${overrides.clientId}`,
    kind: 'text',
    ...overrides,
  };
}

/**
 * Registers the `node:test` cases every {@link Store} must pass, under `describe(name)`. Each case opens its
 * own stores with `make` (then calls `init()` and creates {@link contractSite}) and closes them afterwards.
 *
 * @example
 * ```ts
 * storeContract('SqliteStore', async (key) => new SqliteStore({ path: join(dir, `${key ?? randomUUID()}.db`) }));
 * ```
 */
export function storeContract(name: string, make: StoreFactory): void {
  describe(`${name} (store contract)`, () => {
    const opened: Store[] = [];

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    async function open(reuseKey?: string): Promise<Store> {
      const store = await make(reuseKey);
      opened.push(store);
      await store.init();
      await store.upsertSite(contractSite);
      return store;
    }

    /** Appends `count` messages one after another (separate batches), returning their seqs. */
    async function appendInSequence(store: Store, count: number, base: Partial<AppendInput> = {}) {
      const seqs: number[] = [];
      for (let i = 1; i <= count; i++) {
        const { message } = await store.append(contractInput({ clientId: `seq-${i}`, ...base }));
        seqs.push(message.seq);
      }
      return seqs;
    }

    it('reports a kind', async () => {
      const store = await open();
      assert.equal(typeof store.kind, 'string');
      assert.ok(store.kind.length > 0);
    });

    it('round-trips sites, by id and by key, and updates them in place', async () => {
      const store = await open();
      assert.deepEqual(await store.getSite(contractSite.id), contractSite);
      assert.deepEqual(await store.getSiteByKey(contractSite.siteKey), contractSite);
      assert.equal(await store.getSite('nope'), undefined);
      assert.equal(await store.getSiteByKey('pk_nope'), undefined);

      const changed: Site = {
        ...contractSite,
        name: 'Renamed',
        siteKey: 'pk_new',
        allowedOrigins: ['*'],
        requireIdentity: true,
      };
      await store.upsertSite(changed);
      assert.deepEqual(await store.getSite(contractSite.id), changed);
      assert.deepEqual(await store.getSiteByKey('pk_new'), changed);
      assert.equal(await store.getSiteByKey(contractSite.siteKey), undefined);
    });

    it('round-trips staff by token hash, revoked or not', async () => {
      const store = await open();
      const agent: Staff = {
        id: 'staff_1',
        siteId: contractSite.id,
        name: 'Ana',
        role: 'agent',
        tokenHash: 'a'.repeat(64),
        createdAt: 1_700_000_000_000,
        revokedAt: null,
      };
      const revoked: Staff = {
        ...agent,
        id: 'staff_2',
        role: 'admin',
        tokenHash: 'b'.repeat(64),
        revokedAt: 1_700_000_500_000,
      };
      await store.createStaff(agent);
      await store.createStaff(revoked);
      // Tokens made without scopes get their role's (as tokens made before scopes existed).
      const token = { accountId: null, expiresAt: null, deactivatedAt: null };
      assert.deepEqual(await store.findStaffByTokenHash('a'.repeat(64)), {
        ...agent,
        ...token,
        scopes: ['read', 'write'],
      });
      assert.deepEqual(await store.findStaffByTokenHash('b'.repeat(64)), {
        ...revoked,
        ...token,
        scopes: ['read', 'write', 'admin'],
      });
      assert.equal(await store.findStaffByTokenHash('c'.repeat(64)), undefined);
    });

    it('creates the conversation on the first append, then numbers messages 1, 2, 3', async () => {
      const store = await open();
      assert.equal(await store.getConversation('conv_1'), undefined);
      const before = Date.now();
      const first = await store.append(contractInput({ clientId: 'c1', text: 'hello' }));
      const after = Date.now();

      assert.equal(first.duplicate, false);
      assert.equal(typeof first.message.id, 'string');
      assert.deepEqual(
        { ...first.message, id: 'x', ts: 0 },
        {
          id: 'x',
          ts: 0,
          clientId: 'c1',
          conversationId: 'conv_1',
          seq: 1,
          author: { role: 'visitor', id: 'visitor_1', name: 'Vera' },
          text: 'hello',
          kind: 'text',
        },
      );
      assert.ok(first.message.ts >= before && first.message.ts <= after, 'ts is the server time of storage');

      const conversation = await store.getConversation('conv_1');
      assert.ok(conversation);
      assert.equal(conversation.siteId, contractSite.id);
      assert.equal(conversation.visitorId, 'visitor_1');
      assert.equal(conversation.status, 'open');
      assert.equal(conversation.lastSeq, 1);
      assert.equal(conversation.visitorReadSeq, 0);
      assert.equal(conversation.staffReadSeq, 0);

      const staffReply = await store.append(
        contractInput({ clientId: 'c2', author: { role: 'staff', id: 'staff_1' }, text: 'hi' }),
      );
      assert.equal(staffReply.message.seq, 2);
      assert.deepEqual(staffReply.message.author, { role: 'staff', id: 'staff_1' });
      assert.equal((await store.append(contractInput({ clientId: 'c3' }))).message.seq, 3);
      assert.equal((await store.getConversation('conv_1'))?.lastSeq, 3);
      assert.deepEqual(
        (await store.messagesAfter('conv_1', 0, 10)).map((m) => [m.seq, m.clientId, m.text]),
        [
          [1, 'c1', 'hello'],
          [2, 'c2', 'hi'],
          [3, 'c3', 'text of c3'],
        ],
      );
      assert.equal(new Set((await store.messagesAfter('conv_1', 0, 10)).map((m) => m.id)).size, 3);
    });

    it('numbers 200 concurrent appends to one conversation 1..200 with no gaps or duplicates', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))),
      );
      const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      assert.equal(new Set(results.map((r) => r.message.id)).size, 200);
      assert.ok(results.every((r) => !r.duplicate));
      const stored = await store.messagesAfter('conv_1', 0, 1000);
      assert.deepEqual(
        stored.map((m) => m.seq),
        seqs,
      );
      assert.equal((await store.getConversation('conv_1'))?.lastSeq, 200);
    });

    it('keeps separate sequences per conversation, even within one batch', async () => {
      const store = await open();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.append(contractInput({ clientId: `m${i}`, conversationId: `conv_${i % 2}`, visitorId: `v${i % 2}` })),
        ),
      );
      for (const conversationId of ['conv_0', 'conv_1']) {
        const seqs = results
          .filter((r) => r.message.conversationId === conversationId)
          .map((r) => r.message.seq)
          .sort((a, b) => a - b);
        assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }
    });

    it('treats a resend with the same client id as a duplicate of the original', async () => {
      const store = await open();
      const original = await store.append(contractInput({ clientId: 'once', text: 'first' }));
      const resend = await store.append(contractInput({ clientId: 'once', text: 'changed on resend' }));
      assert.equal(resend.duplicate, true);
      assert.deepEqual(resend.message, original.message);
      assert.equal((await store.getConversation('conv_1'))?.lastSeq, 1);
      assert.equal((await store.messagesAfter('conv_1', 0, 10)).length, 1);
      // The next new message continues the sequence: the duplicate consumed nothing.
      assert.equal((await store.append(contractInput({ clientId: 'next' }))).message.seq, 2);
    });

    it('stores two identical client ids sent in the same batch once', async () => {
      const store = await open();
      const [a, b, c] = await Promise.all([
        store.append(contractInput({ clientId: 'twin' })),
        store.append(contractInput({ clientId: 'twin' })),
        store.append(contractInput({ clientId: 'other' })),
      ]);
      assert.equal(a.duplicate, false);
      assert.equal(b.duplicate, true);
      assert.deepEqual(b.message, a.message);
      assert.equal(c.message.seq, 2);
      assert.equal((await store.getConversation('conv_1'))?.lastSeq, 2);
      assert.deepEqual(
        (await store.messagesAfter('conv_1', 0, 10)).map((m) => m.clientId),
        ['twin', 'other'],
      );
    });

    it('treats the same client id in another conversation as a different message', async () => {
      const store = await open();
      const one = await store.append(contractInput({ clientId: 'same' }));
      const two = await store.append(
        contractInput({ clientId: 'same', conversationId: 'conv_2', visitorId: 'visitor_2' }),
      );
      assert.equal(two.duplicate, false);
      assert.notEqual(two.message.id, one.message.id);
      assert.equal(two.message.seq, 1);
      assert.equal(two.message.conversationId, 'conv_2');
    });

    it('rejects a bad append alone, without failing the rest of its batch', async () => {
      const store = await open();
      await store.append(contractInput({ clientId: 'seed' }));
      const results = await Promise.allSettled([
        store.append(contractInput({ clientId: 'ok-1' })),
        store.append(contractInput({ clientId: 'no-site', siteId: 'site_missing', conversationId: 'conv_x' })),
        store.append(contractInput({ clientId: 'wrong-site', siteId: 'site_missing' })),
        store.append(contractInput({ clientId: 'bad-kind', kind: 'shout' as never })),
        store.append(contractInput({ clientId: 'ok-2' })),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled'],
      );
      assert.equal(await store.getConversation('conv_x'), undefined);
      assert.deepEqual(
        (await store.messagesAfter('conv_1', 0, 10)).map((m) => [m.seq, m.clientId]),
        [
          [1, 'seed'],
          [2, 'ok-1'],
          [3, 'ok-2'],
        ],
      );
    });

    it('stores a message’s files with it, the text then possibly empty, and round-trips them exactly', async () => {
      const store = await open();
      const attachments = [
        {
          id: 'att_1',
          name: 'map.png',
          type: 'image/png',
          size: 1234,
          sha256: 'ab'.repeat(32),
          width: 640,
          height: 480,
          thumbnail: { width: 320, height: 240 },
        },
        { id: 'att_2', name: 'plan.pdf', type: 'application/pdf', size: 99, sha256: 'cd'.repeat(32) },
      ] as never;
      const { message } = await store.append(contractInput({ clientId: 'files', text: '', extra: { attachments } }));
      assert.deepEqual(message.attachments, attachments);
      const [read] = await store.messagesAfter('conv_1', 0, 10);
      assert.deepEqual(read, message);
      await assert.rejects(store.append(contractInput({ clientId: 'empty', text: '' })));
      const plain = await store.append(contractInput({ clientId: 'plain' }));
      assert.equal(plain.message.attachments, undefined);
    });

    it('pages with messagesAfter and messagesBefore, hiding notes unless asked', async () => {
      const store = await open();
      for (let seq = 1; seq <= 10; seq++) {
        const note = seq === 3 || seq === 7;
        await store.append(
          contractInput({
            clientId: `m${seq}`,
            kind: note ? 'note' : 'text',
            author: note ? { role: 'staff', id: 'staff_1', name: 'Ana' } : { role: 'visitor', id: 'visitor_1' },
          }),
        );
      }
      const seqs = (messages: { seq: number }[]) => messages.map((m) => m.seq);
      const withNotes = { includeNotes: true };

      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 0, 100)), [1, 2, 4, 5, 6, 8, 9, 10]);
      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 0, 100, withNotes)), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.deepEqual(
        seqs(await store.messagesAfter('conv_1', 0, 100, { includeNotes: false })),
        [1, 2, 4, 5, 6, 8, 9, 10],
      );
      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 5, 2)), [6, 8]);
      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 5, 2, withNotes)), [6, 7]);
      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 10, 5)), []);
      assert.deepEqual(seqs(await store.messagesAfter('conv_1', 0, 0)), []);

      assert.deepEqual(seqs(await store.messagesBefore('conv_1', 11, 3)), [8, 9, 10]);
      assert.deepEqual(seqs(await store.messagesBefore('conv_1', 8, 3)), [4, 5, 6]);
      assert.deepEqual(seqs(await store.messagesBefore('conv_1', 8, 3, withNotes)), [5, 6, 7]);
      assert.deepEqual(seqs(await store.messagesBefore('conv_1', 3, 100)), [1, 2]);
      assert.deepEqual(seqs(await store.messagesBefore('conv_1', 1, 100)), []);

      assert.deepEqual(await store.messagesAfter('conv_unknown', 0, 10), []);
      assert.deepEqual(await store.messagesBefore('conv_unknown', 100, 10), []);

      // Asked all at once (a restart's resumes: a store may answer them together), each page is its own.
      const together = await Promise.all([
        store.messagesAfter('conv_1', 0, 100),
        store.messagesAfter('conv_1', 5, 2, withNotes),
        store.messagesAfter('conv_1', 5, 2),
        store.messagesAfter('conv_1', 5, 2),
        store.messagesAfter('conv_unknown', 0, 10),
        store.messagesAfter('conv_1', 9, 10, withNotes),
        store.getConversation('conv_1'),
        store.getConversation('conv_unknown'),
        store.getConversation('conv_1'),
      ]);
      assert.deepEqual(
        together.slice(0, 6).map((page) => seqs(page as { seq: number }[])),
        [[1, 2, 4, 5, 6, 8, 9, 10], [6, 7], [6, 8], [6, 8], [], [10]],
      );
      const [first, unknown, again] = together.slice(6) as Array<{ id: string; lastSeq: number } | undefined>;
      assert.equal(first?.id, 'conv_1');
      assert.equal(first?.lastSeq, 10);
      assert.equal(unknown, undefined);
      assert.deepEqual(again, first);

      const [note] = await store.messagesAfter('conv_1', 2, 1, withNotes);
      assert.equal(note?.kind, 'note');
      assert.deepEqual(note?.author, { role: 'staff', id: 'staff_1', name: 'Ana' });
    });

    it('moves read marks forward only, clamped to the last sequence', async () => {
      const store = await open();
      await appendInSequence(store, 5);
      assert.equal(await store.markRead('conv_1', 'visitor', 3), 3);
      assert.equal(await store.markRead('conv_1', 'visitor', 2), 3);
      assert.equal(await store.markRead('conv_1', 'visitor', 99), 5);
      assert.equal(await store.markRead('conv_1', 'staff', 1), 1);
      assert.equal(await store.markRead('conv_1', 'staff', 0), 1);
      const conversation = await store.getConversation('conv_1');
      assert.equal(conversation?.visitorReadSeq, 5);
      assert.equal(conversation?.staffReadSeq, 1);
      assert.equal(await store.markRead('conv_unknown', 'visitor', 1), undefined);
      assert.equal(await store.markRead('conv_unknown', 'staff', 1), undefined);
    });

    it("finds the visitor's newest conversation on the site", async () => {
      const store = await open();
      assert.equal(await store.findConversationByVisitor(contractSite.id, 'visitor_1'), undefined);
      await store.append(contractInput({ clientId: 'a', conversationId: 'conv_old' }));
      await store.append(contractInput({ clientId: 'b', conversationId: 'conv_new' }));
      await store.append(contractInput({ clientId: 'c', conversationId: 'conv_other', visitorId: 'visitor_2' }));
      // A later message in the older conversation does not make it the newest.
      await store.append(contractInput({ clientId: 'd', conversationId: 'conv_old' }));

      assert.equal((await store.findConversationByVisitor(contractSite.id, 'visitor_1'))?.id, 'conv_new');
      assert.equal((await store.findConversationByVisitor(contractSite.id, 'visitor_2'))?.id, 'conv_other');
      assert.equal(await store.findConversationByVisitor('site_other', 'visitor_1'), undefined);
      assert.equal(await store.findConversationByVisitor(contractSite.id, 'visitor_3'), undefined);
    });

    it('keeps owner and site of an existing conversation when staff append to it', async () => {
      const store = await open();
      await store.append(contractInput({ clientId: 'v1' }));
      await store.append(
        contractInput({ clientId: 's1', visitorId: 'visitor_1', author: { role: 'staff', id: 'staff_1' } }),
      );
      const conversation = await store.getConversation('conv_1');
      assert.equal(conversation?.visitorId, 'visitor_1');
      assert.equal(conversation?.lastSeq, 2);
    });

    it('commits pending appends on close, and keeps everything across a reopen', async () => {
      const key = 'reopen';
      const first = await open(key);
      await appendInSequence(first, 3);
      await first.markRead('conv_1', 'staff', 2);
      const pending = first.append(contractInput({ clientId: 'in-flight' }));
      await first.close();
      assert.equal((await pending).message.seq, 4);
      await assert.rejects(first.append(contractInput({ clientId: 'after-close' })));

      const second = await open(key);
      const conversation = await second.getConversation('conv_1');
      assert.equal(conversation?.lastSeq, 4);
      assert.equal(conversation?.staffReadSeq, 2);
      assert.deepEqual(
        (await second.messagesAfter('conv_1', 0, 10)).map((m) => m.clientId),
        ['seq-1', 'seq-2', 'seq-3', 'in-flight'],
      );
      assert.deepEqual(await second.getSiteByKey(contractSite.siteKey), contractSite);
      const resend = await second.append(contractInput({ clientId: 'seq-2' }));
      assert.equal(resend.duplicate, true);
      assert.equal(resend.message.seq, 2);
      assert.equal((await second.append(contractInput({ clientId: 'seq-5' }))).message.seq, 5);
    });
  });
}
