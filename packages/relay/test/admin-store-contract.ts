import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ConversationStatus } from '@parley/protocol';
import type { ActivityCursor, AuditRepository, ConversationFilter } from '../src/store/admin-store.js';
import type { AdminDb } from '../src/store/repositories.js';
import type { Store } from '../src/store/store.js';
import { contractInput, contractSite } from './store-contract.js';

/** Makes a message store and the admin side's database over the same fresh, empty storage (neither initialised). */
export type AdminDbFactory = () => Promise<{ store: Store; admin: () => AdminDb }>;

const site = contractSite.id;
/** The second site every admin store contract creates beside {@link contractSite}. */
export const otherSite = { ...contractSite, id: 'site_2', siteKey: 'pk_other' };

/**
 * For a contract's `describe`: opens a message store (which migrates the schema) with {@link contractSite} and
 * {@link otherSite}, then the admin store over it; each case's stores are closed after it.
 */
export function adminStoreOpener(make: AdminDbFactory): () => Promise<{ store: Store; admin: AdminDb }> {
  const opened: Array<Store | AdminDb> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  return async () => {
    const made = await make();
    opened.push(made.store);
    await made.store.init();
    await made.store.upsertSite(contractSite);
    await made.store.upsertSite(otherSite);
    const admin = made.admin();
    opened.push(admin);
    return { store: made.store, admin };
  };
}

/**
 * The cases every {@link AdminDb} must pass, under `describe(name)`. Each case opens a message store (which
 * migrates the schema), creates {@link contractSite} and a second site, then opens the admin store over it.
 */
export function adminStoreContract(name: string, make: AdminDbFactory): void {
  describe(`${name} (admin store contract)`, () => {
    const open = adminStoreOpener(make);

    async function conversation(store: Store, id: string, texts: string[], siteId = site): Promise<void> {
      for (const [i, text] of texts.entries()) {
        await store.append(
          contractInput({
            siteId,
            conversationId: id,
            visitorId: `v_${id}`,
            clientId: `${id}-${i}`,
            text,
            author: { role: 'visitor', id: `v_${id}` },
          }),
        );
      }
    }

    /** The ids in a list of the contract site's conversations (as staff `st_1`, ten at most, unless `filter` says). */
    async function listedIds(admin: AdminDb, filter: Partial<ConversationFilter> = {}): Promise<string[]> {
      const page = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_1',
        limit: 10,
        ...filter,
      });
      return page.items.map((c) => c.id);
    }

    it('lists newest activity first with keyset pages, counts, and the last message and unread count', async () => {
      const { store, admin } = await open();
      for (const id of ['c1', 'c2', 'c3']) await conversation(store, id, [`hello from ${id}`, 'second']);
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'staff-1',
          author: { role: 'staff', id: 'st_1' },
          text: 'answer',
        }),
      );
      await store.markRead('c1', 'staff', 3);
      // Activity order must not hinge on appends landing in different milliseconds.
      await admin.repos.conversations.updateConversation(site, 'c3', {}, Date.now() + 1000);
      await admin.repos.conversations.updateConversation(site, 'c1', {}, Date.now() + 2000);
      await conversation(store, 'x1', ['other site'], otherSite.id);
      const first = await admin.repos.conversations.listConversations({ siteId: site, staffId: 'st_1', limit: 2 });
      assert.deepEqual(
        first.items.map((c) => c.id),
        ['c1', 'c3'],
      );
      assert.ok(first.next);
      const second = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_1',
        limit: 2,
        cursor: first.next,
      });
      assert.deepEqual(
        second.items.map((c) => c.id),
        ['c2'],
      );
      assert.equal(second.next, undefined);
      const c1 = first.items[0]!;
      assert.deepEqual(
        c1.lastMessage && { seq: c1.lastMessage.seq, text: c1.lastMessage.text, role: c1.lastMessage.authorRole },
        { seq: 3, text: 'answer', role: 'staff' },
      );
      assert.equal(c1.unread, 0);
      assert.equal(first.items[1]!.unread, 2);
      assert.deepEqual(first.counts, {
        mine: 0,
        unassigned: 3,
        all: 3,
        overdue: 0,
        mentions: 0,
        review: 0,
        spam: 0,
        open: 3,
        pending: 0,
        snoozed: 0,
        resolved: 0,
      });
      const unread = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_1',
        unread: true,
        limit: 10,
      });
      assert.deepEqual(unread.items.map((c) => c.id).sort(), ['c2', 'c3']);
    });

    it('lists every status newest first, its pages crossing statuses, a tie in time by id', async () => {
      const { store, admin } = await open();
      const { conversations } = admin.repos;
      // Last active at `at` seconds, in that status; c and d at the same millisecond.
      const activity: Array<[string, ConversationStatus, number]> = [
        ['a', 'open', 1],
        ['b', 'resolved', 8],
        ['c', 'pending', 5],
        ['d', 'snoozed', 5],
        ['e', 'resolved', 3],
        ['f', 'open', 7],
        ['g', 'pending', 2],
        ['h', 'resolved', 6],
      ];
      const start = Date.now() + 10_000;
      for (const [id, status, at] of activity) {
        await conversation(store, id, ['hello']);
        await conversations.updateConversation(site, id, { status }, start + at * 1000);
      }
      const pages: string[][] = [];
      let cursor: ActivityCursor | undefined;
      do {
        const page = await conversations.listConversations({ siteId: site, staffId: 'st_1', limit: 3, cursor });
        pages.push(page.items.map((c) => c.id));
        cursor = page.next;
      } while (cursor);
      assert.deepEqual(pages, [
        ['b', 'f', 'h'],
        ['d', 'c', 'e'],
        ['g', 'a'],
      ]);
      // The same order through a filter on every status's page: the unread ones (all of them) but g.
      await store.markRead('g', 'staff', 1);
      assert.deepEqual(await listedIds(admin, { unread: true }), ['b', 'f', 'h', 'd', 'c', 'e', 'a']);
      assert.deepEqual(await listedIds(admin, { status: 'resolved' }), ['b', 'h', 'e']);
    });

    it('previews the last visitor or staff message, not a bot’s reply after it', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['hello', 'anyone there?']);
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'away-1',
          author: { role: 'bot', id: 'bot', name: 'Parley' },
          text: 'We are away, back Monday',
        }),
      );
      await store.append(
        contractInput({
          conversationId: 'c2',
          visitorId: 'v_c2',
          clientId: 'welcome-1',
          author: { role: 'bot', id: 'bot', name: 'Parley' },
          text: 'Welcome!',
        }),
      );
      const { items } = await admin.repos.conversations.listConversations({ siteId: site, staffId: 'st_1', limit: 10 });
      const preview = (id: string) => {
        const last = items.find((c) => c.id === id)?.lastMessage;
        return last && { seq: last.seq, text: last.text, role: last.authorRole };
      };
      assert.deepEqual(preview('c1'), { seq: 2, text: 'anyone there?', role: 'visitor' });
      // Only bot messages: the last of them, rather than nothing.
      assert.deepEqual(preview('c2'), { seq: 1, text: 'Welcome!', role: 'bot' });
      const one = await admin.repos.conversations.getConversation(site, 'c1');
      assert.equal(one?.lastMessage?.text, 'anyone there?');
    });

    it('updates workflow fields and labels, filters and counts by them, and never touches another site', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['one']);
      await conversation(store, 'c2', ['two']);
      await conversation(store, 'x1', ['other'], otherSite.id);
      const updated = await admin.repos.conversations.updateConversation(
        site,
        'c1',
        { status: 'pending', assigneeId: 'st_1', priority: 'urgent', labels: ['b', 'a', 'a'] },
        Date.now() + 10,
      );
      assert.deepEqual(updated && [updated.status, updated.assigneeId, updated.priority, updated.labels], [
        'pending',
        'st_1',
        'urgent',
        ['a', 'b'],
      ]);
      assert.equal(
        await admin.repos.conversations.updateConversation(site, 'x1', { status: 'resolved' }, Date.now()),
        undefined,
      );
      assert.equal(await admin.repos.conversations.getConversation(site, 'x1'), undefined);
      const mine = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_1',
        view: 'mine',
        limit: 10,
      });
      assert.deepEqual(
        mine.items.map((c) => c.id),
        ['c1'],
      );
      assert.deepEqual(mine.counts, {
        mine: 1,
        unassigned: 1,
        all: 2,
        overdue: 0,
        mentions: 0,
        review: 0,
        spam: 0,
        open: 0,
        pending: 1,
        snoozed: 0,
        resolved: 0,
      });
      const pending = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_1',
        status: 'pending',
        limit: 10,
      });
      assert.deepEqual(pending.counts, {
        mine: 1,
        unassigned: 0,
        all: 1,
        overdue: 0,
        mentions: 0,
        review: 0,
        spam: 0,
        open: 1,
        pending: 1,
        snoozed: 0,
        resolved: 0,
      });
      assert.deepEqual(await listedIds(admin, { label: 'a' }), ['c1']);
      const cleared = await admin.repos.conversations.updateConversation(
        site,
        'c1',
        { assigneeId: null, labels: [] },
        Date.now() + 20,
      );
      assert.deepEqual(cleared && [cleared.assigneeId, cleared.labels], [null, []]);
    });

    it('searches message text: every word, the last as a prefix, operators ignored', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['My invoice is wrong', 'please fix']);
      await conversation(store, 'c2', ['Invoices are great']);
      await conversation(store, 'c3', ['nothing here']);
      await conversation(store, 'x1', ['invoice on another site'], otherSite.id);
      const ids = async (q: string) =>
        (await admin.repos.conversations.listConversations({ siteId: site, staffId: 's', q, limit: 10 })).items
          .map((c) => c.id)
          .sort();
      assert.deepEqual(await ids('invoice'), ['c1', 'c2']);
      assert.deepEqual(await ids('INVOICE wrong'), ['c1']);
      assert.deepEqual(await ids('invoice fix'), [], 'words must occur in one message');
      assert.deepEqual(await ids('"invoice" OR nothing*'), [], 'operators are plain words');
      assert.deepEqual(await ids('()'), []);
      assert.deepEqual(await ids('noth'), ['c3']);
    });

    it('prunes contacts who never wrote, in batches, and keeps those with a conversation or a subscription', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c_writer', ['hello']);
      const old = 1_000;
      await admin.repos.contacts.touchContacts([
        ...['s1', 's2', 's3'].map((id) => ({ siteId: site, contactId: id, verified: false, at: old })),
        { siteId: site, contactId: 'v_c_writer', verified: false, at: old },
        { siteId: site, contactId: 'subscriber', verified: false, at: old },
        { siteId: site, contactId: 'recent', verified: false, at: 50_000 },
        { siteId: otherSite.id, contactId: 's4', verified: false, at: old },
      ]);
      await admin.repos.contacts.setSubscribed(site, 'subscriber', true);
      assert.equal(await admin.repos.contacts.pruneSilentContacts(10_000, 2), 2, 'a batch is at most the limit');
      assert.equal(await admin.repos.contacts.pruneSilentContacts(10_000, 2), 2);
      assert.equal(await admin.repos.contacts.pruneSilentContacts(10_000, 2), 0);
      const left = async (siteId: string) =>
        (await admin.repos.contacts.listContacts({ siteId, limit: 100 })).items.map((c) => c.id).sort();
      assert.deepEqual(await left(site), ['recent', 'subscriber', 'v_c_writer']);
      assert.deepEqual(await left(otherSite.id), []);
    });

    it('marks a contact’s email as bouncing, by hash or id, per site; a new email clears the mark (issue #38)', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c_b', ['hello']);
      const contacts = admin.repos.contacts;
      const touch = (contactId: string, emailHash: string | undefined, siteId = site, at = 1000) =>
        contacts.touchContacts([
          { siteId, contactId, verified: false, at, ...(emailHash ? { emailEnc: `ENC-${emailHash}`, emailHash } : {}) },
        ]);
      await touch('v_c_b', 'hb');
      await touch('v_same', 'hb');
      await touch('v_none', undefined);
      await touch('v_other', 'hb', otherSite.id);
      assert.deepEqual((await contacts.markEmailBouncing(site, { emailHash: 'hb' }, 5000)).sort(), ['v_c_b', 'v_same']);
      assert.deepEqual(await contacts.markEmailBouncing(site, { contactId: 'v_none' }, 5000), [], 'no email, no mark');
      assert.equal((await contacts.getContact(site, 'v_c_b'))?.emailBouncingAt, 5000);
      assert.equal((await contacts.getContact(otherSite.id, 'v_other'))?.emailBouncingAt, undefined, 'scoped');
      const record = await admin.repos.conversations.getConversation(site, 'c_b');
      assert.equal(record?.visitor.emailBouncingAt, 5000, 'the conversation’s visitor carries it');
      // The page gives the same address again: still bouncing; another one: no more.
      await touch('v_c_b', 'hb', site, 6000);
      assert.equal((await contacts.getContact(site, 'v_c_b'))?.emailBouncingAt, 5000);
      await touch('v_c_b', 'hb2', site, 7000);
      assert.equal((await contacts.getContact(site, 'v_c_b'))?.emailBouncingAt, undefined);
      // Staff change the email: cleared too.
      assert.deepEqual(await contacts.markEmailBouncing(site, { contactId: 'v_same' }, 8000), ['v_same']);
      await contacts.updateContact(site, 'v_same', { emailEnc: 'ENC-new', emailHash: 'hn', at: 9000 });
      assert.equal((await contacts.getContact(site, 'v_same'))?.emailBouncingAt, undefined);
      await contacts.markEmailBouncing(site, { contactId: 'v_same' }, 9500);
      await contacts.updateContact(site, 'v_same', { notes: 'VIP', at: 9600 });
      assert.equal((await contacts.getContact(site, 'v_same'))?.emailBouncingAt, 9500, 'other edits keep it');

      // The visitor's latest email in a conversation, for threading.
      assert.equal(await admin.repos.email.inboundThread(site, 'c_b'), undefined);
      await admin.repos.email.recordInboundMessageId(site, 'c_b', '<a@mail.example>', 'Order');
      await admin.repos.email.recordEmailed(site, 'c_b', 1, 10_000);
      await admin.repos.email.recordInboundMessageId(site, 'c_b', 'b@mail.example');
      assert.deepEqual(await admin.repos.email.inboundThread(site, 'c_b'), {
        messageId: 'b@mail.example',
        subject: undefined,
      });
      assert.equal(await admin.repos.email.emailedThrough(site, 'c_b'), 1, 'the emailed-through mark is untouched');
      assert.equal(await admin.repos.email.inboundThread(otherSite.id, 'c_b'), undefined, 'scoped to the site');
    });

    it('records contacts, finds them by email hash, name and id, pages them, and keeps sites apart', async () => {
      const { admin } = await open();
      await admin.repos.contacts.touchContacts([
        {
          siteId: site,
          contactId: 'v1',
          name: 'Alice',
          emailEnc: 'ENC1',
          emailHash: 'h1',
          verified: true,
          conversationHint: 'c_a',
          context: { url: 'https://x/1' },
          at: 1000,
        },
        { siteId: site, contactId: 'v2', name: 'Bob', verified: false, at: 2000 },
        { siteId: otherSite.id, contactId: 'v3', name: 'Alice Other', emailHash: 'h1', verified: false, at: 3000 },
      ]);
      await admin.repos.contacts.touchContacts([
        { siteId: site, contactId: 'v1', verified: true, context: { url: 'https://x/2' }, at: 3000 },
      ]);
      const v1 = await admin.repos.contacts.getContact(site, 'v1');
      assert.deepEqual(
        v1 && [v1.name, v1.emailEnc, v1.verified, v1.context?.url, v1.lastSeenAt, v1.createdAt, v1.conversationHint],
        ['Alice', 'ENC1', true, 'https://x/2', 3000, 1000, 'c_a'],
      );
      assert.deepEqual(
        (await admin.repos.contacts.listContacts({ siteId: site, emailHash: 'h1', limit: 10 })).items.map((c) => c.id),
        ['v1'],
      );
      assert.deepEqual(
        (await admin.repos.contacts.listContacts({ siteId: site, text: 'ali', limit: 10 })).items.map((c) => c.id),
        ['v1'],
      );
      assert.deepEqual(
        (await admin.repos.contacts.listContacts({ siteId: site, text: '%', limit: 10 })).items.map((c) => c.id),
        [],
        'LIKE wildcards are literal',
      );
      const page1 = await admin.repos.contacts.listContacts({ siteId: site, limit: 1 });
      const page2 = await admin.repos.contacts.listContacts({ siteId: site, limit: 1, cursor: page1.next });
      assert.deepEqual(
        [...page1.items, ...page2.items].map((c) => c.id),
        ['v1', 'v2'],
      );
      assert.equal(page2.next, undefined);
      assert.equal(await admin.repos.contacts.getContact(site, 'v3'), undefined);
      assert.equal((await admin.repos.contacts.setSubscribed(site, 'v2', true))?.subscribed, true);
      assert.deepEqual(await admin.repos.contacts.segmentContacts(site, { type: 'all' }), ['v1', 'v2']);
      assert.deepEqual(await admin.repos.contacts.segmentContacts(site, { type: 'verified' }), ['v1']);
      assert.deepEqual(await admin.repos.contacts.segmentContacts(site, { type: 'subscribed' }), ['v2']);
      assert.deepEqual(
        await admin.repos.contacts.segmentContacts(site, { type: 'emailHashes', hashes: ['h1', 'nope'] }),
        ['v1'],
      );
      assert.deepEqual(await admin.repos.contacts.segmentContacts(site, { type: 'ids', ids: ['v2', 'v3'] }), ['v2']);
    });

    it('removes a contact’s email for good: from the contact and the visitor, and the page cannot bring it back (issue #36)', async () => {
      const { store, admin } = await open();
      const say = (clientId: string, email: string) =>
        store.append(
          contractInput({
            siteId: site,
            conversationId: 'c_gone',
            visitorId: 'v_c_gone',
            clientId,
            text: 'hi',
            author: { role: 'visitor', id: 'v_c_gone' },
            profile: { email, verified: false },
          }),
        );
      await say('m1', 'ENC_PAGE');
      await admin.repos.contacts.touchContacts([
        { siteId: site, contactId: 'v_c_gone', emailEnc: 'ENC_PAGE', emailHash: 'hp', verified: false, at: 1 },
      ]);
      const emailOf = async () => (await admin.repos.conversations.getConversation(site, 'c_gone'))?.visitor.emailEnc;
      assert.equal(await emailOf(), 'ENC_PAGE');
      const removed = await admin.repos.contacts.updateContact(site, 'v_c_gone', {
        emailEnc: null,
        emailHash: null,
        at: 2,
      });
      assert.equal(removed?.emailEnc, undefined);
      assert.equal(await emailOf(), undefined);
      assert.equal((await admin.repos.contacts.exportContact(site, 'v_c_gone'))?.visitor?.emailEnc, undefined);
      // The visitor's page gives an address again: the contact and the conversation keep none.
      await say('m2', 'ENC_AGAIN');
      await admin.repos.contacts.touchContacts([
        { siteId: site, contactId: 'v_c_gone', emailEnc: 'ENC_AGAIN', emailHash: 'ha', verified: false, at: 3 },
      ]);
      assert.equal((await admin.repos.contacts.getContact(site, 'v_c_gone'))?.emailEnc, undefined);
      assert.equal(await emailOf(), undefined);
      assert.deepEqual(
        (await admin.repos.contacts.listContacts({ siteId: site, emailHash: 'hp', limit: 10 })).items,
        [],
      );
      // Staff set one: it is the conversation's.
      await admin.repos.contacts.updateContact(site, 'v_c_gone', { emailEnc: 'ENC_STAFF', emailHash: 'hs', at: 4 });
      assert.equal(await emailOf(), 'ENC_STAFF');
    });

    it('exports everything about a contact, then erases rows (not flags) without touching others', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['mine zebra', 'more']);
      await conversation(store, 'c2', ['someone else zebra']);
      await admin.repos.contacts.touchContacts([
        { siteId: site, contactId: 'v_c1', name: 'Zed', emailEnc: 'ENC', verified: false, at: 1 },
      ]);
      await admin.repos.conversations.updateConversation(site, 'c1', { labels: ['x'] }, Date.now());
      await admin.repos.audit.appendAudit({
        siteId: site,
        at: 1,
        actorId: 'st',
        actorName: 'S',
        action: 'contact.reveal',
        targetType: 'contact',
        targetId: 'v_c1',
        details: {},
      });
      const held = await admin.repos.contacts.exportContact(site, 'v_c1');
      assert.deepEqual(
        held && [
          held.contact.name,
          held.conversations.map((c) => c.id),
          held.messages.map((m) => m.text),
          held.audit.map((a) => a.action),
        ],
        ['Zed', ['c1'], ['mine zebra', 'more'], ['contact.reveal']],
      );
      assert.deepEqual(await admin.repos.contacts.eraseContact(site, 'v_c1'), {
        conversations: 1,
        messages: 2,
        conversationIds: ['c1'],
      });
      assert.equal(await admin.repos.contacts.getContact(site, 'v_c1'), undefined);
      assert.equal(await store.getConversation('c1'), undefined);
      assert.deepEqual(await store.messagesAfter('c1', 0, 10, { includeNotes: true }), []);
      assert.deepEqual(await listedIds(admin, { q: 'zebra' }), ['c2'], 'the erased messages left the search index');
      assert.equal(await admin.repos.contacts.eraseContact(site, 'v_c1'), undefined);
      assert.equal(
        await admin.repos.contacts.eraseContact(otherSite.id, 'v_c2'),
        undefined,
        "another site's call erases nothing",
      );
      assert.ok(await store.getConversation('c2'));
    });

    it('keeps canned responses with unique shortcuts per site', async () => {
      const { admin } = await open();
      const now = Date.now();
      assert.ok(
        await admin.repos.canned.createCanned(site, {
          id: 'cr1',
          shortcut: 'hi',
          text: 'Hi!',
          createdAt: now,
          updatedAt: now,
        }),
      );
      assert.equal(
        await admin.repos.canned.createCanned(site, {
          id: 'cr2',
          shortcut: 'hi',
          text: 'dup',
          createdAt: now,
          updatedAt: now,
        }),
        undefined,
      );
      assert.ok(
        await admin.repos.canned.createCanned(otherSite.id, {
          id: 'cr3',
          shortcut: 'hi',
          text: 'other',
          createdAt: now,
          updatedAt: now,
        }),
      );
      assert.ok(
        await admin.repos.canned.createCanned(site, {
          id: 'cr4',
          shortcut: 'bye',
          text: 'Bye',
          createdAt: now,
          updatedAt: now,
        }),
      );
      assert.equal(await admin.repos.canned.updateCanned(site, 'cr4', { shortcut: 'hi' }, now), 'conflict');
      assert.equal(await admin.repos.canned.updateCanned(site, 'cr3', { text: 'x' }, now), undefined);
      assert.deepEqual(
        (await admin.repos.canned.listCanned(site)).map((c) => c.shortcut),
        ['bye', 'hi'],
      );
      assert.equal(await admin.repos.canned.deleteCanned(site, 'cr3'), false);
      assert.equal(await admin.repos.canned.deleteCanned(site, 'cr1'), true);
    });

    it('lists every site without secrets, creates a site with its first admin atomically, and finds a staff member’s site', async () => {
      const { store, admin } = await open();
      const before = await admin.repos.sites.listSites();
      assert.deepEqual(
        before.map((s) => s.id),
        [site, otherSite.id],
      );
      assert.ok(!JSON.stringify(before).includes(contractSite.identitySecret), 'no identity secret in a listing');
      const third = {
        id: 'site_3',
        name: 'Third',
        siteKey: 'pk_third_site',
        allowedOrigins: ['https://third.example'],
        identitySecret: 'is_third_secret_0123456789',
        requireIdentity: false,
      };
      // Listed oldest first: later than the two sites open() created.
      const at = Date.now() + 1000;
      const firstAdmin = {
        id: 'st_third',
        siteId: third.id,
        name: 'Admin',
        role: 'admin' as const,
        tokenHash: 'h_third',
        createdAt: at,
        revokedAt: null,
      };
      const created = await admin.repos.sites.createSite(third, firstAdmin, at);
      assert.deepEqual(created, {
        id: 'site_3',
        name: 'Third',
        siteKey: 'pk_third_site',
        allowedOrigins: ['https://third.example'],
        requireIdentity: false,
        createdAt: at,
      });
      assert.deepEqual((await store.getSiteByKey('pk_third_site'))?.identitySecret, third.identitySecret);
      assert.equal((await store.findStaffByTokenHash('h_third'))?.siteId, 'site_3');
      assert.equal(await admin.repos.sites.findStaffSite('st_third'), 'site_3');
      assert.equal(await admin.repos.sites.findStaffSite('st_nobody'), undefined);
      // A taken site key creates nothing: neither the site nor its admin.
      await assert.rejects(
        admin.repos.sites.createSite(
          { ...third, id: 'site_4' },
          { ...firstAdmin, id: 'st_four', siteId: 'site_4', tokenHash: 'h_four' },
          at,
        ),
      );
      assert.equal(await admin.repos.sites.findStaffSite('st_four'), undefined);
      assert.deepEqual(
        (await admin.repos.sites.listSites()).map((s) => s.id),
        [site, otherSite.id, 'site_3'],
      );
    });

    it('lists and revokes staff, and pages the audit log with filters', async () => {
      const { store, admin } = await open();
      await store.createStaff({
        id: 'st_a',
        siteId: site,
        name: 'A',
        role: 'admin',
        tokenHash: 'ha',
        createdAt: 1,
        revokedAt: null,
      });
      await store.createStaff({
        id: 'st_b',
        siteId: site,
        name: 'B',
        role: 'agent',
        tokenHash: 'hb',
        createdAt: 2,
        revokedAt: null,
      });
      assert.equal(await admin.repos.desk.revokeStaff(otherSite.id, 'st_b', 5), false);
      assert.equal(await admin.repos.desk.revokeStaff(site, 'st_b', 5), true);
      assert.equal(await admin.repos.desk.revokeStaff(site, 'st_b', 6), false);
      assert.deepEqual(
        (await admin.repos.desk.listStaff(site)).map((s) => s.id),
        ['st_a'],
      );
      assert.equal((await store.findStaffByTokenHash('hb'))?.revokedAt, 5);
      for (let i = 0; i < 5; i++)
        await admin.repos.audit.appendAudit({
          siteId: site,
          at: i,
          actorId: i % 2 ? 'st_a' : 'st_b',
          actorName: 'x',
          action: i < 3 ? 'a.one' : 'a.two',
          targetType: 't',
          targetId: `t${i}`,
          details: { i },
        });
      const page = await admin.repos.audit.listAudit({ siteId: site, limit: 2 });
      assert.deepEqual(
        page.map((e) => e.targetId),
        ['t4', 't3'],
      );
      const next = await admin.repos.audit.listAudit({ siteId: site, limit: 10, before: page[1]!.id });
      assert.deepEqual(
        next.map((e) => e.targetId),
        ['t2', 't1', 't0'],
      );
      assert.deepEqual(
        (await admin.repos.audit.listAudit({ siteId: site, actorId: 'st_a', action: 'a.one', limit: 10 })).map(
          (e) => e.details,
        ),
        [{ i: 1 }],
      );
      assert.deepEqual(await admin.repos.audit.listAudit({ siteId: otherSite.id, limit: 10 }), []);
    });

    it('filters the audit log by a time range with the other filters, and lists its actors and actions', async () => {
      const { admin } = await open();
      const entries: Array<[number, string, string, string]> = [
        [100, 'st_a', 'Ann', 'contact.reveal'],
        [200, 'st_b', 'Bea', 'canned.create'],
        [300, 'st_a', 'Ann A.', 'contact.reveal'],
        [400, 'st_b', 'Bea', 'contact.reveal'],
        [500, 'st_a', 'Ann A.', 'canned.create'],
      ];
      for (const [at, actorId, actorName, action] of entries)
        await admin.repos.audit.appendAudit({
          siteId: site,
          at,
          actorId,
          actorName,
          action,
          targetType: 't',
          targetId: `t${at}`,
          details: {},
        });
      await admin.repos.audit.appendAudit({
        siteId: otherSite.id,
        at: 300,
        actorId: 'st_z',
        actorName: 'Zed',
        action: 'site.update',
        targetType: 'site',
        targetId: otherSite.id,
        details: {},
      });
      const ids = (filter: Partial<Parameters<AuditRepository['listAudit']>[0]>) =>
        admin.repos.audit.listAudit({ siteId: site, limit: 10, ...filter }).then((page) => page.map((e) => e.targetId));
      // `from` inclusive, `to` exclusive.
      assert.deepEqual(await ids({ from: 200, to: 400 }), ['t300', 't200']);
      assert.deepEqual(await ids({ from: 300 }), ['t500', 't400', 't300']);
      assert.deepEqual(await ids({ to: 200 }), ['t100']);
      assert.deepEqual(await ids({ from: 100, to: 500, actorId: 'st_a', action: 'contact.reveal' }), ['t300', 't100']);
      // Pages within a range.
      const first = await admin.repos.audit.listAudit({ siteId: site, limit: 2, from: 100, to: 500 });
      assert.deepEqual(
        first.map((e) => e.targetId),
        ['t400', 't300'],
      );
      assert.deepEqual(await ids({ from: 100, to: 500, before: first[1]!.id }), ['t200', 't100']);
      assert.deepEqual(await admin.repos.audit.auditFacets(site), {
        // Each actor once, with the name on their newest entry; other sites' never.
        actors: [
          { id: 'st_a', name: 'Ann A.' },
          { id: 'st_b', name: 'Bea' },
        ],
        actions: ['canned.create', 'contact.reveal'],
      });
      assert.deepEqual(await admin.repos.audit.auditFacets('site_none'), { actors: [], actions: [] });
    });

    it("changes a site's name, origins and sealed identity secret, one field at a time", async () => {
      const { store, admin } = await open();
      const before = await admin.repos.sites.getSiteListing(site);
      assert.equal(before?.name, contractSite.name);
      const renamed = await admin.repos.sites.updateSite(site, { name: 'Renamed' }, 10);
      assert.equal(renamed?.name, 'Renamed');
      assert.deepEqual(renamed?.allowedOrigins, before?.allowedOrigins);
      const moved = await admin.repos.sites.updateSite(
        site,
        { allowedOrigins: ['https://a.example', 'https://b.example'] },
        11,
      );
      assert.deepEqual(moved?.allowedOrigins, ['https://a.example', 'https://b.example']);
      assert.equal(moved?.name, 'Renamed');
      await admin.repos.sites.updateSite(site, { identitySecretSealed: 'is_new_secret_0123456789' }, 12);
      const read = await store.getSite(site);
      assert.equal(read?.identitySecret, 'is_new_secret_0123456789');
      assert.equal(read?.name, 'Renamed');
      assert.equal((await store.getSite(otherSite.id))?.name, otherSite.name, 'the other site is untouched');
      assert.equal(await admin.repos.sites.updateSite('site_none', { name: 'x' }, 13), undefined);
      assert.equal(await admin.repos.sites.getSiteListing('site_none'), undefined);
    });

    it('queues broadcast targets, records outcomes and computes figures (read from read marks)', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['hi']);
      await admin.repos.contacts.touchContacts(
        ['v_c1', 'v_new', 'v_hint'].map((id) => ({
          siteId: site,
          contactId: id,
          verified: false,
          at: 1,
          ...(id === 'v_hint' ? { conversationHint: 'c_hint' } : {}),
        })),
      );
      await admin.repos.broadcasts.createBroadcast(
        {
          id: 'b1',
          siteId: site,
          text: 'News',
          segment: { type: 'all' },
          authorName: 'Example',
          createdBy: 'st',
          createdAt: 1,
        },
        ['v_c1', 'v_hint', 'v_new'],
      );
      const pending = await admin.repos.broadcasts.pendingTargets('b1', site, 10);
      assert.deepEqual(pending, [
        { contactId: 'v_c1', conversationId: 'c1' },
        { contactId: 'v_hint', conversationId: 'c_hint' },
        { contactId: 'v_new', conversationId: undefined },
      ]);
      const stored = await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'b1',
          author: { role: 'system', id: 'broadcast' },
          text: 'News',
          kind: 'broadcast',
        }),
      );
      await admin.repos.broadcasts.recordOutcomes('b1', [
        { contactId: 'v_c1', conversationId: 'c1', seq: stored.message.seq, delivered: true },
        { contactId: 'v_hint', conversationId: undefined, seq: 0, delivered: false },
      ]);
      assert.deepEqual(
        (await admin.repos.broadcasts.pendingTargets('b1', site, 10)).map((t) => t.contactId),
        ['v_new'],
      );
      await store.markRead('c1', 'visitor', stored.message.seq);
      await admin.repos.broadcasts.finishBroadcast('b1', 'done', 9);
      const figures = await admin.repos.broadcasts.getBroadcast(site, 'b1');
      assert.deepEqual(
        figures && [
          figures.status,
          figures.targeted,
          figures.stored,
          figures.delivered,
          figures.read,
          figures.finishedAt,
        ],
        ['done', 3, 1, 1, 1, 9],
      );
      assert.equal(await admin.repos.broadcasts.getBroadcast(otherSite.id, 'b1'), undefined);
      assert.deepEqual(await admin.repos.broadcasts.runningBroadcasts(), []);
    });

    it('computes stats: open conversations, messages today, median first reply', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['help']);
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'r',
          author: { role: 'staff', id: 'st' },
          text: 'yes',
        }),
      );
      await conversation(store, 'c2', ['unanswered']);
      await admin.repos.conversations.updateConversation(site, 'c2', { status: 'resolved' }, Date.now());
      const stats = await admin.repos.desk.stats(site, Date.now());
      assert.equal(stats.openConversations, 1);
      assert.equal(stats.messagesToday, 3);
      assert.equal(typeof stats.medianFirstReplySeconds, 'number');
      assert.ok(stats.medianFirstReplySeconds! >= 0);
      assert.deepEqual(await admin.repos.desk.stats(otherSite.id, Date.now()), {
        openConversations: 0,
        messagesToday: 0,
        medianFirstReplySeconds: null,
      });
    });

    it('keeps FAQ entries per site with a limit, lists changed sites, deletes, and counts each event once', async () => {
      const { store, admin } = await open();
      const input = {
        language: 'fr',
        question: 'Où est ma commande ?',
        answer: 'Suivez-la ici.',
        phrasings: ['suivre ma commande'],
        keywords: ['livraison', 'colis'],
      };
      const first = await admin.repos.faq.createFaqEntry(site, 'faq_1', input, 1000, 2);
      assert.deepEqual(first, {
        id: 'faq_1',
        siteId: site,
        ...input,
        counts: { answered: 0, helpful: 0, escalated: 0 },
        createdAt: 1000,
        updatedAt: 1000,
      });
      await admin.repos.faq.createFaqEntry(site, 'faq_2', { ...input, language: 'en', question: 'Where?' }, 1100, 2);
      assert.equal(await admin.repos.faq.createFaqEntry(site, 'faq_3', input, 1200, 2), undefined, 'the limit holds');
      await admin.repos.faq.createFaqEntry(otherSite.id, 'faq_x', input, 2000, 2);
      assert.deepEqual(
        (await admin.repos.faq.listFaqEntries(site)).map((entry) => entry.id),
        ['faq_1', 'faq_2'],
      );
      assert.equal(await admin.repos.faq.getFaqEntry(otherSite.id, 'faq_1'), undefined, 'per site');
      assert.deepEqual(await admin.repos.faq.faqChangedSites(1500), [{ siteId: otherSite.id, changedAt: 2000 }]);

      const changed = await admin.repos.faq.updateFaqEntry(
        site,
        'faq_1',
        { answer: 'Ici.', keywords: ['suivi'] },
        3000,
      );
      assert.equal(changed?.answer, 'Ici.');
      assert.deepEqual(changed?.keywords, ['suivi']);
      assert.equal(changed?.question, input.question);
      assert.equal(await admin.repos.faq.updateFaqEntry(otherSite.id, 'faq_1', { answer: 'no' }, 3000), undefined);
      assert.deepEqual(await admin.repos.faq.faqChangedSites(2500), [{ siteId: site, changedAt: 3000 }]);

      // Events: once per conversation and name, whatever the retries.
      await conversation(store, 'c1', ['où est ma commande']);
      const answered = {
        siteId: site,
        conversationId: 'c1',
        event: 'answer-1',
        entryId: 'faq_1',
        count: 'answered',
      } as const;
      assert.equal(await admin.repos.faq.recordFaqEvent(answered, 4000), true);
      assert.equal(await admin.repos.faq.recordFaqEvent(answered, 4001), false);
      assert.equal(
        await admin.repos.faq.recordFaqEvent({ ...answered, event: 'helpful-2', count: 'helpful' }, 4002),
        true,
      );
      assert.deepEqual((await admin.repos.faq.getFaqEntry(site, 'faq_1'))?.counts, {
        answered: 1,
        helpful: 1,
        escalated: 0,
      });
      assert.equal(
        (await admin.repos.faq.getFaqEntry(site, 'faq_1'))?.updatedAt,
        3000,
        'counting is not a change of the entry',
      );
      assert.deepEqual(await admin.repos.faq.faqConversationState('c1'), { staffReplied: false, handedOver: false });
      await admin.repos.faq.recordFaqEvent({ ...answered, event: 'handover', count: 'escalated' }, 4003);
      await admin.repos.faq.recordFaqEvent({ ...answered, event: 'handover', count: 'escalated' }, 4004);
      assert.deepEqual((await admin.repos.faq.getFaqEntry(site, 'faq_1'))?.counts, {
        answered: 1,
        helpful: 1,
        escalated: 1,
      });
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'n1',
          kind: 'note',
          text: 'note',
          author: { role: 'staff', id: 'st_1' },
        }),
      );
      assert.deepEqual(await admin.repos.faq.faqConversationState('c1'), { staffReplied: false, handedOver: true });
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 's1',
          text: 'hi',
          author: { role: 'staff', id: 'st_1' },
        }),
      );
      assert.deepEqual(await admin.repos.faq.faqConversationState('c1'), { staffReplied: true, handedOver: true });

      assert.equal(await admin.repos.faq.deleteFaqEntry(site, 'faq_1', 5000), true);
      assert.equal(await admin.repos.faq.deleteFaqEntry(site, 'faq_1', 5001), false);
      assert.deepEqual(
        (await admin.repos.faq.listFaqEntries(site)).map((entry) => entry.id),
        ['faq_2'],
      );
      assert.deepEqual(
        await admin.repos.faq.faqChangedSites(4500),
        [{ siteId: site, changedAt: 5000 }],
        'a deletion is a change other relays see',
      );
      assert.ok(await admin.repos.faq.createFaqEntry(site, 'faq_4', input, 6000, 2), 'a deleted entry frees its place');
    });

    it('keeps automation settings per site, lists those changed since a time, and counts ratings', async () => {
      const { store, admin } = await open();
      assert.equal(await admin.repos.automations.getAutomationSettings(site), undefined);
      const settings = { botName: 'Ada', nested: { list: [1, 'two'] } };
      await admin.repos.automations.putAutomationSettings(site, settings, 1000);
      await admin.repos.automations.putAutomationSettings(otherSite.id, { botName: 'Other' }, 2000);
      assert.deepEqual(await admin.repos.automations.getAutomationSettings(site), {
        siteId: site,
        settings,
        updatedAt: 1000,
      });
      await admin.repos.automations.putAutomationSettings(site, { botName: 'Bea' }, 3000);
      assert.deepEqual(
        (await admin.repos.automations.listAutomationSettings(2000)).map((record) => record.siteId).sort(),
        [otherSite.id, site].sort(),
      );
      assert.deepEqual(
        (await admin.repos.automations.listAutomationSettings(2500)).map((record) => record.settings),
        [{ botName: 'Bea' }],
      );

      await conversation(store, 'c1', ['help']);
      const bot = { role: 'bot' as const, id: 'bot', name: 'Ada' };
      const asked = await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'ask',
          author: bot,
          text: 'Rate?',
          extra: { automation: 'csat' },
        }),
      );
      assert.deepEqual(asked.message.author, bot);
      assert.equal(asked.message.automation, 'csat');
      const rating = { seq: asked.message.seq, score: 4 };
      await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: `rating-${rating.seq}`,
          author: { role: 'visitor', id: 'v_c1' },
          text: '★★★★☆',
          extra: { rating },
        }),
      );
      const read = await store.messagesAfter('c1', 0, 10);
      assert.deepEqual(
        read.map((message) => [message.author.role, message.automation, message.rating]),
        [
          ['visitor', undefined, undefined],
          ['bot', 'csat', undefined],
          ['visitor', undefined, rating],
        ],
      );
      assert.deepEqual(await admin.repos.automations.ratingStats(site, 0), { count: 1, average: 4 });
      assert.deepEqual(await admin.repos.automations.ratingStats(otherSite.id, 0), { count: 0, average: null });
      // A bot's message is no staff reply.
      assert.equal((await admin.repos.desk.stats(site, Date.now())).medianFirstReplySeconds, null);
    });

    it('routes: availability, heartbeat, capacity, teams, one assignment by compare-and-set, SLA once', async () => {
      const { store, admin } = await open();
      for (const [id, name, siteId] of [
        ['st_r1', 'Ann', site],
        ['st_r2', 'Bob', site],
        ['st_r3', 'Cy', site],
        ['st_rx', 'Other', otherSite.id],
      ] as const)
        await store.createStaff({
          id,
          siteId,
          name,
          role: 'agent',
          tokenHash: `h_${id}`,
          createdAt: 1,
          revokedAt: null,
        });
      await admin.repos.routing.staffSeen(
        [
          { id: 'st_r1', siteId: site },
          { id: 'st_r2', siteId: site },
        ],
        1000,
      );
      assert.deepEqual(await admin.repos.routing.staleStaff(1000, 1001), [
        { id: 'st_r1', siteId: site, lastSeenAt: 1000 },
        { id: 'st_r2', siteId: site, lastSeenAt: 1000 },
      ]);
      assert.deepEqual(await admin.repos.routing.staleStaff(0, 1000), []);
      assert.equal(
        await admin.repos.routing.updateRoutingStaff(otherSite.id, 'st_r1', { capacity: 1 }, 1000),
        undefined,
      );
      const ann = await admin.repos.routing.updateRoutingStaff(
        site,
        'st_r1',
        { capacity: 1, availability: 'online' },
        1000,
      );
      assert.deepEqual([ann?.capacity, ann?.availability, ann?.lastSeenAt], [1, 'online', 1000]);
      const away = await admin.repos.routing.updateRoutingStaff(site, 'st_r3', { availability: 'away' }, 1100);
      assert.deepEqual([away?.availability, away?.availabilityAt, away?.lastSeenAt], ['away', 1100, 0]);
      assert.equal(
        (await admin.repos.routing.updateRoutingStaff(site, 'st_r3', { availability: 'away' }, 1200))?.availabilityAt,
        1100,
      );
      assert.deepEqual(
        (await admin.repos.routing.listRoutingStaff(site)).map((member) => member.id),
        ['st_r1', 'st_r2', 'st_r3'],
      );

      await conversation(store, 'r1', ['one']);
      await conversation(store, 'r2', ['two']);
      await conversation(store, 'r3', ['three']);
      const request = {
        siteId: site,
        mode: 'least-open' as const,
        defaultCapacity: 5,
        seenSince: 500,
        from: null,
        now: 2000,
        nobody: 'keep' as const,
      };
      const effect = (assigneeId: string | null) => [
        { kind: 'test.assigned', siteId: site, conversationId: 'r1', payload: { assigneeId } },
      ];
      const first = await Promise.all([
        admin.repos.routing.assignConversation({ ...request, conversationId: 'r1', effects: effect }),
        admin.repos.routing.assignConversation({ ...request, conversationId: 'r1', effects: effect }),
      ]);
      assert.deepEqual(first.map((outcome) => outcome.status).sort(), ['assigned', 'stale']);
      assert.equal((await admin.repos.outbox.listOutbox(site, { kind: 'test.assigned' }, 10)).items.length, 1);
      const r1 = (await admin.repos.conversations.getConversation(site, 'r1'))!.assigneeId;
      assert.ok(r1 === 'st_r1' || r1 === 'st_r2');
      const second = await admin.repos.routing.assignConversation({ ...request, conversationId: 'r2' });
      assert.deepEqual(second, { status: 'assigned', assigneeId: r1 === 'st_r1' ? 'st_r2' : 'st_r1', teamId: null });
      // Ann is full (capacity 1), Cy away: Bob takes the third however many he has.
      assert.deepEqual(await admin.repos.routing.assignConversation({ ...request, conversationId: 'r3' }), {
        status: 'assigned',
        assigneeId: 'st_r2',
        teamId: null,
      });
      assert.deepEqual((await admin.repos.routing.openAssignedTo(site, 'st_r2')).length, 2);
      // Nobody seen lately: nobody is picked; a reassignment then unassigns.
      assert.deepEqual(
        await admin.repos.routing.assignConversation({
          ...request,
          conversationId: 'r3',
          from: 'st_r2',
          seenSince: 5000,
        }),
        { status: 'nobody' },
      );
      assert.equal(
        (
          await admin.repos.routing.assignConversation({
            ...request,
            conversationId: 'r3',
            from: 'st_r2',
            seenSince: 5000,
            nobody: 'unassign',
          })
        ).status,
        'unassigned',
      );

      const team = await admin.repos.routing.putTeam(site, { id: 'team_a', name: 'Sales', memberIds: ['st_r1'] }, 10);
      assert.deepEqual(team, { id: 'team_a', name: 'Sales', memberIds: ['st_r1'], createdAt: 10 });
      assert.equal(
        await admin.repos.routing.putTeam(site, { id: 'team_b', name: 'Bad', memberIds: ['st_rx'] }, 10),
        'bad_member',
      );
      assert.deepEqual(await admin.repos.routing.listTeams(otherSite.id), []);
      await admin.repos.conversations.updateConversation(site, 'r3', { teamId: 'team_a' }, 3000);
      assert.equal((await admin.repos.conversations.getConversation(site, 'r3'))!.teamId, 'team_a');
      await admin.repos.routing.updateRoutingStaff(site, 'st_r1', { capacity: 5 }, 3000);
      assert.deepEqual(await admin.repos.routing.assignConversation({ ...request, conversationId: 'r3' }), {
        status: 'assigned',
        assigneeId: 'st_r1',
        teamId: 'team_a',
      });
      assert.equal(await admin.repos.routing.deleteTeam(site, 'team_a'), true);
      assert.equal((await admin.repos.conversations.getConversation(site, 'r3'))!.teamId, null);

      await store.append(
        contractInput({
          conversationId: 'r1',
          visitorId: 'v_r1',
          clientId: 'staff-1',
          author: { role: 'staff', id: 'st_r1' },
        }),
      );
      await admin.repos.conversations.updateConversation(site, 'r3', { status: 'resolved' }, 8000);
      assert.equal((await admin.repos.conversations.getConversation(site, 'r3'))!.resolvedAt, 8000);

      assert.equal(await admin.repos.routing.getRoutingSettings(site), undefined);
      await admin.repos.routing.putRoutingSettings(site, { mode: 'least-open' }, 100);
      assert.deepEqual(
        (await admin.repos.routing.listRoutingSettings(50)).map((record) => [record.siteId, record.settings]),
        [[site, { mode: 'least-open' }]],
      );
    });

    it('writes the effects of a resolution once, with the change, and only when it resolves', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['help']);
      const effect = [{ kind: 'test.resolved', siteId: site, conversationId: 'c1', payload: { n: 1 } }];
      const resolved = await Promise.all([
        admin.repos.conversations.updateConversation(site, 'c1', { status: 'resolved' }, 10, [], effect),
        admin.repos.conversations.updateConversation(site, 'c1', { status: 'resolved' }, 11, [], effect),
      ]);
      assert.deepEqual(
        resolved.map((record) => record?.status),
        ['resolved', 'resolved'],
      );
      await admin.repos.conversations.updateConversation(
        site,
        'c1',
        { status: 'resolved', priority: 'high' },
        12,
        [],
        effect,
      );
      await admin.repos.conversations.updateConversation(site, 'c1', { status: 'open' }, 13, [], effect);
      assert.equal((await admin.repos.outbox.listOutbox(site, { kind: 'test.resolved' }, 10)).items.length, 1);
      await admin.repos.conversations.updateConversation(site, 'c1', { status: 'resolved' }, 14, [], effect);
      assert.equal((await admin.repos.outbox.listOutbox(site, { kind: 'test.resolved' }, 10)).items.length, 2);
      assert.equal(
        await admin.repos.conversations.updateConversation(otherSite.id, 'c1', { status: 'resolved' }, 15, [], effect),
        undefined,
      );
      assert.equal((await admin.repos.outbox.listOutbox(site, { kind: 'test.resolved' }, 10)).items.length, 2);
    });

    it('claims uploads for their message only, and expires the unclaimed ones with their objects queued', async () => {
      const { admin } = await open();
      const record = (id: string, clientId: string, createdAt: number) => ({
        id,
        siteId: site,
        conversationId: 'c_files',
        clientId,
        index: 0,
        uploaderRole: 'visitor' as const,
        uploaderId: 'v_1',
        name: `${id}.png`,
        type: 'image/png',
        size: 10,
        sha256: '00'.repeat(32),
        width: 1,
        height: 1,
        storageKey: `${site}/${id}`,
        thumbnailKey: `${site}/${id}.thumb`,
        thumbnailWidth: 1,
        thumbnailHeight: 1,
        createdAt,
      });
      assert.equal(await admin.repos.attachments.insertAttachment(record('att_old', 'm-old', 1000)), true);
      assert.equal(await admin.repos.attachments.insertAttachment(record('att_kept', 'm-kept', 1000)), true);
      assert.equal(await admin.repos.attachments.insertAttachment(record('att_new', 'm-new', 5000)), true);
      // A message's second file has an index of its own; the same client id and index again is the same file.
      assert.equal(
        await admin.repos.attachments.insertAttachment({ ...record('att_new2', 'm-new', 5000), index: 1 }),
        true,
      );
      assert.equal(
        await admin.repos.attachments.insertAttachment({ ...record('att_dup', 'm-new', 5000), index: 1 }),
        false,
      );
      assert.equal((await admin.repos.attachments.attachmentByClientId('c_files', 'm-new', 1))?.id, 'att_new2');
      assert.equal((await admin.repos.attachments.attachmentByClientId('c_files', 'm-new', 0))?.id, 'att_new');
      assert.equal(
        await admin.repos.attachments.claimAttachments('c_files', 'm-new', ['att_new', 'att_new2'], 2000),
        2,
      );
      // Only the message's own client id in its conversation claims an upload.
      assert.equal(await admin.repos.attachments.claimAttachments('c_files', 'm-other', ['att_kept'], 2000), 0);
      assert.equal(await admin.repos.attachments.claimAttachments('c_other', 'm-kept', ['att_kept'], 2000), 0);
      assert.equal(
        await admin.repos.attachments.claimAttachments('c_files', 'm-kept', ['att_kept', 'att_none'], 2000),
        1,
      );
      // Claiming again (a resend) counts it again.
      assert.equal(await admin.repos.attachments.claimAttachments('c_files', 'm-kept', ['att_kept'], 3000), 1);

      assert.equal(await admin.repos.attachments.expireOrphanAttachments(4000, 100), 1);
      assert.equal(await admin.repos.attachments.getAttachment('att_old'), undefined);
      assert.ok(await admin.repos.attachments.getAttachment('att_kept'));
      assert.ok(await admin.repos.attachments.getAttachment('att_new'));
      assert.deepEqual((await admin.repos.attachments.purgeQueue(10)).sort(), [
        `${site}/att_old`,
        `${site}/att_old.thumb`,
      ]);
      // An expired upload cannot be claimed.
      assert.equal(await admin.repos.attachments.claimAttachments('c_files', 'm-old', ['att_old'], 5000), 0);
      assert.equal(await admin.repos.attachments.expireOrphanAttachments(4000, 100), 0);
    });

    it('keeps email’s marks, one-time links, staff notification settings and the brand colour', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['hello']);
      // Emailed-through marks never move back.
      assert.equal(await admin.repos.email.emailedThrough(site, 'c1'), 0);
      await admin.repos.email.recordEmailed(site, 'c1', 3, 1000);
      await admin.repos.email.recordEmailed(site, 'c1', 2, 2000);
      assert.equal(await admin.repos.email.emailedThrough(site, 'c1'), 3);
      assert.equal(await admin.repos.email.emailedThrough(otherSite.id, 'c1'), 0, 'scoped to the site');

      // Transcripts: the address given at the first request is kept, but for a verified visitor's; counted per
      // window, which starts again once it has passed.
      const day = 86_400_000;
      const claim = (emailEnc: string, repin: boolean, at: number) =>
        admin.repos.email.claimTranscript(site, 'c1', { emailEnc, repin, now: at, windowMs: day });
      assert.equal(await admin.repos.email.transcriptAddress(site, 'c1'), undefined);
      assert.deepEqual(await claim('sealed-given', false, 10_000), { emailEnc: 'sealed-given', count: 1 });
      assert.deepEqual(await claim('sealed-typed', false, 20_000), { emailEnc: 'sealed-given', count: 2 });
      assert.equal(await admin.repos.email.transcriptAddress(site, 'c1'), 'sealed-given');
      assert.equal(await admin.repos.email.transcriptAddress(otherSite.id, 'c1'), undefined, 'scoped to the site');
      assert.deepEqual(await claim('sealed-verified', true, 30_000), { emailEnc: 'sealed-verified', count: 3 });
      assert.deepEqual(await claim('sealed-typed', false, 10_000 + day - 1), { emailEnc: 'sealed-verified', count: 4 });
      assert.deepEqual(await claim('sealed-typed', false, 10_000 + day + 1), { emailEnc: 'sealed-verified', count: 1 });
      assert.equal(await admin.repos.email.emailedThrough(site, 'c1'), 3, 'the emailed-through mark is untouched');

      // A link works once, before it expires; an unknown one is told apart.
      const now = Date.now();
      const link = { siteId: site, conversationId: 'c1', visitorId: 'v_c1', createdAt: now, expiresAt: now + 60_000 };
      await admin.repos.email.createEmailLink({ ...link, tokenHash: 'a'.repeat(64) });
      await admin.repos.email.createEmailLink({ ...link, tokenHash: 'b'.repeat(64), expiresAt: now - 1 });
      assert.equal(await admin.repos.email.emailLinkSite('a'.repeat(64)), site);
      const [first, second] = await Promise.all([
        admin.repos.email.redeemEmailLink('a'.repeat(64), now),
        admin.repos.email.redeemEmailLink('a'.repeat(64), now),
      ]);
      assert.deepEqual(
        [first, second].filter((r) => r.ok),
        [{ ok: true, siteId: site, conversationId: 'c1', visitorId: 'v_c1' }],
        'one of two concurrent uses wins',
      );
      assert.deepEqual(await admin.repos.email.redeemEmailLink('a'.repeat(64), now), { ok: false, reason: 'used' });
      assert.deepEqual(await admin.repos.email.redeemEmailLink('b'.repeat(64), now), { ok: false, reason: 'expired' });
      assert.deepEqual(await admin.repos.email.redeemEmailLink('c'.repeat(64), now), { ok: false, reason: 'unknown' });

      // Staff settings: only active members, per site; who has an email is listed for every site.
      await store.createStaff({
        id: 'st_n',
        siteId: site,
        name: 'Nina',
        role: 'agent',
        tokenHash: 'h'.repeat(64),
        createdAt: now,
        revokedAt: null,
      });
      assert.deepEqual(await admin.repos.email.getStaffEmail(site, 'st_n'), {
        id: 'st_n',
        siteId: site,
        name: 'Nina',
        role: 'agent',
        emailEnc: undefined,
        notify: false,
        notifiedAt: null,
      });
      assert.equal(await admin.repos.email.updateStaffEmail(otherSite.id, 'st_n', { notify: true }), undefined);
      const updated = await admin.repos.email.updateStaffEmail(site, 'st_n', { emailEnc: 'sealed', notify: true });
      assert.equal(updated?.emailEnc, 'sealed');
      assert.equal(updated?.notify, true);
      await admin.repos.email.markNotified(site, 'st_n', 5000);
      assert.deepEqual(
        (await admin.repos.email.staffWithEmail()).map((s) => [s.id, s.notify, s.notifiedAt]),
        [['st_n', true, 5000]],
      );

      // What a notification lists: conversations with a visitor message since a time, with their newest one.
      const since = (await store.messagesAfter('c1', 0, 1))[0]!.ts - 1;
      await conversation(store, 'c2', ['first', 'second']);
      const listed = await admin.repos.email.conversationsForNotice(site, since, 10);
      assert.deepEqual(listed.map((c) => [c.conversationId, c.text, c.messages, c.isNew]).sort(), [
        ['c1', 'hello', 1, true],
        ['c2', 'second', 2, true],
      ]);
      assert.deepEqual(await admin.repos.email.conversationsForNotice(site, Date.now() + 60_000, 10), []);

      // The brand colour is a site setting of its own.
      assert.equal((await admin.repos.retention.getSettings(site)).brandColor, null);
      assert.equal((await admin.repos.retention.updateSettings(site, { brandColor: '#aa3300' })).brandColor, '#aa3300');
      assert.equal((await admin.repos.retention.getSettings(site)).retentionDays, null);
      // So is the logo, kept beside the colour.
      assert.equal((await admin.repos.retention.getSettings(site)).logoUrl, null);
      const logo = await admin.repos.retention.updateSettings(site, { logoUrl: 'https://cdn.example.com/logo.png' });
      assert.deepEqual([logo.logoUrl, logo.brandColor], ['https://cdn.example.com/logo.png', '#aa3300']);
      assert.equal((await admin.repos.retention.updateSettings(site, { logoUrl: null })).logoUrl, null);
      assert.equal((await admin.repos.retention.getSettings(otherSite.id)).logoUrl, null);

      // Erasing the conversation's contact removes what email kept about it.
      await admin.repos.contacts.eraseContact(site, 'v_c1');
      assert.equal(await admin.repos.email.emailedThrough(site, 'c1'), 0);
      assert.equal(await admin.repos.email.emailLinkSite('a'.repeat(64)), undefined);
    });

    it('records a note’s mentions once each, lists them newest first, marks them read, and forgets them with the conversation', async () => {
      const { store, admin } = await open();
      await conversation(store, 'c1', ['hello']);
      const note = await store.append(
        contractInput({
          conversationId: 'c1',
          visitorId: 'v_c1',
          clientId: 'note-1',
          author: { role: 'staff', id: 'st_author' },
          text: '@Ana look',
          kind: 'note',
        }),
      );
      const seq = note.message.seq;
      const mention = { siteId: site, conversationId: 'c1', seq, authorId: 'st_author', createdAt: 1000 };
      const effects: string[][] = [];
      const first = await admin.repos.mentions.recordMentions({ ...mention, staffIds: ['st_ana', 'st_bo'] }, (ids) => {
        effects.push([...ids]);
        return [];
      });
      assert.deepEqual(first, ['st_ana', 'st_bo']);
      // Again (a retried job): nothing new, and no effects asked for.
      assert.deepEqual(
        await admin.repos.mentions.recordMentions({ ...mention, staffIds: ['st_ana', 'st_bo'] }, () => assert.fail()),
        [],
      );
      assert.deepEqual(effects, [['st_ana', 'st_bo']]);
      // Another site's conversation id: nothing.
      assert.deepEqual(
        await admin.repos.mentions.recordMentions({ ...mention, siteId: otherSite.id, staffIds: ['st_ana'] }, () => []),
        [],
      );

      // The inbox's `mentions` view: conversations with a mention of the caller not read yet.
      const view = await admin.repos.conversations.listConversations({
        siteId: site,
        staffId: 'st_ana',
        view: 'mentions',
        limit: 10,
      });
      assert.deepEqual(
        view.items.map((c) => c.id),
        ['c1'],
      );
      assert.equal(view.counts.mentions, 1);
      assert.equal(
        (await admin.repos.conversations.listConversations({ siteId: site, staffId: 'st_x', limit: 10 })).counts
          .mentions,
        0,
      );
      const listed = await admin.repos.mentions.listMentions(site, 'st_ana', { limit: 10 });
      assert.equal(listed.unread, 1);
      assert.deepEqual(
        listed.items.map((m) => [m.conversationId, m.seq, m.author.id, m.text, m.createdAt, m.readAt]),
        [['c1', seq, 'st_author', '@Ana look', 1000, null]],
      );
      assert.equal(await admin.repos.mentions.mentionReadAt(site, 'st_ana', 'c1', seq), null);
      assert.equal(await admin.repos.mentions.markMentionsRead(otherSite.id, 'st_ana', 'c1', 2000), 0);
      assert.equal(await admin.repos.mentions.markMentionsRead(site, 'st_ana', 'c1', 2000), 1);
      assert.equal(await admin.repos.mentions.markMentionsRead(site, 'st_ana', 'c1', 3000), 0);
      assert.equal(await admin.repos.mentions.mentionReadAt(site, 'st_ana', 'c1', seq), 2000);
      assert.deepEqual(
        (await admin.repos.mentions.listMentions(site, 'st_ana', { unread: true, limit: 10 })).items,
        [],
      );
      assert.equal(
        (
          await admin.repos.conversations.listConversations({
            siteId: site,
            staffId: 'st_ana',
            view: 'mentions',
            limit: 10,
          })
        ).items.length,
        0,
      );
      assert.equal((await admin.repos.mentions.listMentions(site, 'st_bo', { limit: 10 })).unread, 1);
      assert.deepEqual((await admin.repos.mentions.listMentions(site, 'st_bo', { before: 1000, limit: 10 })).items, []);

      await admin.repos.contacts.eraseContact(site, 'v_c1');
      assert.deepEqual((await admin.repos.mentions.listMentions(site, 'st_bo', { limit: 10 })).items, []);
      assert.equal(await admin.repos.mentions.mentionReadAt(site, 'st_ana', 'c1', seq), undefined);
    });
  });
}
