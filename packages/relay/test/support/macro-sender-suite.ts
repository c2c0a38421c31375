/**
 * Who a macro writes as (issue #81, docs/rules.md "Who a macro writes as"), run on SQLite (`test/macro-sender.test.ts`)
 * and PostgreSQL (`test-services/macro-sender-postgres.test.ts`): the member who runs it by default, as a reply they
 * typed (the thread, the list's preview, the visitor's socket, assign on reply); the bot when the macro says so; rules
 * always the bot; the setting checked strictly; and macros written before the setting existed write as the member. A real
 * relay on port 0, real sockets, signed-in members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { invite, setUpOwner, type Browser } from './auth-browser.js';
import { TestClient } from './client.js';
import { siteKey, startDesk, type Desk } from './desk.js';
import { tempDir } from './temp.js';
import { until } from './until.js';

/** What the suite needs of a store: the relay's options for a data dir, and a way to undo the sender's migration. */
export interface MacroSenderStore {
  readonly options: (dataDir: string) => StartOptions;
  /** Takes the relay's database (the relay stopped) back to before `rules.macro-sender`: no column, not recorded. */
  readonly unmigrate: (dataDir: string) => Promise<void>;
}

interface StoredMessage {
  seq: number;
  text: string;
  kind: string;
  author: { role: string; id: string; name?: string };
}

export function macroSenderSuite(name: string, store: () => Promise<MacroSenderStore> | MacroSenderStore): void {
  describe(`who a macro writes as (${name}): issue #81`, () => {
    let relay: Desk;
    let owner: Browser;
    let ana: Browser;
    let anaId: string;
    let ownerId: string;
    const visitors: TestClient[] = [];

    before(async () => {
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        newConversationsPerAddressPerHour: 10_000,
        outboxTiming: { pollMs: 50 },
        ...(await store()).options(tempDir('parley-macro-sender-')),
      });
      owner = await setUpOwner(relay);
      ana = await invite(relay, owner, 'agent', 'ana@example.com', 'ana password 1234');
      anaId = (await ana.call('GET', '/v1/admin/me')).body.id;
      ownerId = (await owner.call('GET', '/v1/admin/me')).body.id;
      // Manual routing: nothing assigns a new conversation; a reply still takes it (assign on reply, on by default).
      const routing = await owner.call('GET', '/v1/admin/routing');
      assert.equal(routing.body.settings.assignOnReply, true);
      await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
    });
    after(async () => {
      for (const client of visitors) client.close();
      await relay.close();
    });

    async function visitor(text: string): Promise<{ id: string; client: TestClient }> {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
      await client.say(`m-${visitors.length}`, text);
      visitors.push(client);
      return { id: welcome.conversationId!, client };
    }
    const messages = async (id: string): Promise<StoredMessage[]> =>
      (await owner.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items;
    async function macro(by: Browser, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
      const made = await by.call('POST', path, body);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body;
    }
    async function run(by: Browser, conversationId: string, macroId: unknown): Promise<void> {
      const ran = await by.call('POST', `/v1/admin/conversations/${conversationId}/macros/${String(macroId)}/run`);
      assert.equal(ran.status, 200, JSON.stringify(ran.body));
      assert.ok(
        ran.body.results.every((result: { ok: boolean }) => result.ok),
        JSON.stringify(ran.body),
      );
    }

    it('writes as the member who runs it by default: thread, list preview, the visitor, assign on reply', async () => {
      const made = await macro(owner, '/v1/admin/macros', {
        name: 'Thanks',
        actions: [
          { type: 'add_note', text: 'thanked them' },
          { type: 'send_message', text: 'Thanks for writing in!' },
        ],
      });
      assert.equal(made['sender'], 'agent');
      const listed = (await ana.call('GET', '/v1/admin/macros')).body.items.find(
        (each: { id: string }) => each.id === made['id'],
      );
      assert.equal(listed.sender, 'agent');

      const { id, client } = await visitor('hello there');
      await run(ana, id, made['id']);

      const [note, sent] = (await messages(id)).slice(-2);
      assert.deepEqual(
        [note!.kind, note!.author],
        ['note', { role: 'staff', id: anaId, name: 'ana' }],
        'the note is the member’s',
      );
      assert.equal(sent!.text, 'Thanks for writing in!');
      assert.deepEqual(sent!.author, { role: 'staff', id: anaId, name: 'ana' });
      // The visitor's widget gets it as the member's reply.
      const delivered = await client.next('message', (frame) => frame.message.text === 'Thanks for writing in!');
      assert.deepEqual(delivered.message.author, { role: 'staff', id: anaId, name: 'ana' });
      assert.equal(delivered.message.automation, undefined);
      // The list's preview names her.
      const listItem = async () =>
        ((await owner.call('GET', '/v1/admin/conversations?view=all')).body.items as Array<Record<string, any>>).find(
          (each) => each['id'] === id,
        );
      const preview = (await listItem())!['lastMessage'];
      assert.deepEqual(
        [preview.text, preview.authorRole, preview.authorId, preview.authorName],
        ['Thanks for writing in!', 'staff', anaId, 'ana'],
      );
      // As a reply she typed: the unassigned conversation becomes hers.
      await until(async () => (await listItem())?.['assigneeId'] === anaId, 'assigned to the member on her reply');
    });

    it('writes as the bot when the macro says so, and does not take the conversation; rules always do', async () => {
      const mine = await macro(ana, '/v1/admin/me/macros', {
        name: 'Bot hello',
        sender: 'bot',
        actions: [{ type: 'send_message', text: 'The bot says hi.' }],
      });
      assert.equal(mine['sender'], 'bot');
      const byMember = await macro(owner, '/v1/admin/macros', {
        name: 'Owner hello',
        actions: [{ type: 'send_message', text: 'The owner says hi.' }],
      });

      const { id } = await visitor('anyone?');
      await run(ana, id, mine['id']);
      const [bot] = (await messages(id)).slice(-1);
      assert.equal(bot!.text, 'The bot says hi.');
      assert.equal(bot!.author.role, 'bot');
      // Had Ana's run written a claim, it would run first (one queue per site) and the owner's would find it taken.
      await run(owner, id, byMember['id']);
      await until(
        async () => (await owner.call('GET', `/v1/admin/conversations/${id}`)).body.assigneeId === ownerId,
        'assigned to the owner, whose macro wrote as him',
      );

      // A macro changed to the member: its next run is hers.
      const changed = await ana.call('PATCH', `/v1/admin/me/macros/${String(mine['id'])}`, { sender: 'agent' });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.sender, 'agent');
      await run(ana, id, mine['id']);
      assert.deepEqual((await messages(id)).at(-1)!.author, { role: 'staff', id: anaId, name: 'ana' });

      // A rule (no one runs it) writes as the bot.
      const rule = await owner.call('POST', '/v1/admin/rules', {
        name: 'Echo',
        trigger: 'message.visitor',
        conditions: [{ field: 'text', op: 'contains', value: 'rule please' }],
        actions: [{ type: 'send_message', text: 'A rule answers.' }],
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      const other = await visitor('rule please');
      const answered = await until(
        async () => (await messages(other.id)).find((m) => m.text === 'A rule answers.'),
        'the rule’s message',
      );
      assert.equal(answered.author.role, 'bot');
    });

    it('refuses a sender that is neither agent nor bot, naming the field, and changes nothing', async () => {
      const refused = await owner.call('POST', '/v1/admin/macros', {
        name: 'Odd',
        sender: 'visitor',
        actions: [{ type: 'send_message', text: 'x' }],
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /sender/);
      assert.match(refused.body.error.message, /agent, bot/);
      assert.ok(
        !(await owner.call('GET', '/v1/admin/macros')).body.items.some((m: { name: string }) => m.name === 'Odd'),
      );

      const made = await macro(owner, '/v1/admin/macros', {
        name: 'Steady',
        sender: 'bot',
        actions: [{ type: 'send_message', text: 'y' }],
      });
      for (const sender of ['Agent', null, 1]) {
        const patched = await owner.call('PATCH', `/v1/admin/macros/${String(made['id'])}`, { sender });
        assert.equal(patched.status, 400, JSON.stringify(patched.body));
        assert.match(patched.body.error.message, /sender/);
      }
      const kept = (await owner.call('GET', '/v1/admin/macros')).body.items.find(
        (m: { id: string }) => m.id === made['id'],
      );
      assert.equal(kept.sender, 'bot');
      assert.equal(kept.updatedAt, made['updatedAt']);
    });
  });

  describe(`who a macro writes as (${name}): the macros written before`, () => {
    it('write as the member after the upgrade, as new ones do', async () => {
      const { options, unmigrate } = await store();
      const dataDir = tempDir('parley-macro-sender-upgrade-');
      const first = await startDesk(options(dataDir));
      let made;
      try {
        made = await first.call('POST', '/v1/admin/macros', {
          name: 'Old one',
          actions: [{ type: 'send_message', text: 'z' }],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
      } finally {
        await first.close();
      }
      await unmigrate(dataDir);
      const second = await startDesk(options(dataDir));
      try {
        const items = (await second.call('GET', '/v1/admin/macros')).body.items as Array<{
          id: string;
          sender: string;
        }>;
        assert.equal(items.find((each) => each.id === made.body.id)?.sender, 'agent');
        const fresh = await second.call('POST', '/v1/admin/macros', {
          name: 'New one',
          actions: [{ type: 'send_message', text: 'z' }],
        });
        assert.equal(fresh.status, 201, JSON.stringify(fresh.body));
        assert.equal(fresh.body.sender, 'agent');
      } finally {
        await second.close();
      }
    });
  });
}
