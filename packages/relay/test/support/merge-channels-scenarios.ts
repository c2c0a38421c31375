/**
 * The merge suite's channels (docs/merge.md, "What other features keep per contact"), run by `merge-suite.ts` on
 * SQLite and PostgreSQL: a merge of contacts carries an API channel's and a WhatsApp number's customers to the kept
 * contact. A staff reply in a moved conversation reaches the customer (a real loopback bridge; the loopback Graph
 * API), their next message continues under the kept contact, a contact holding two handles on one channel is answered
 * on each conversation's own, and undo puts each handle back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { identityHash } from '../../src/index.js';
import { TestClient } from './client.js';
import { adminToken, identitySecret, siteKey, type Desk } from './desk.js';
import { WebhookReceiver } from './webhook-receiver.js';
import { inbound, webhook, type GraphNumber, type WhatsAppGraphApi } from './whatsapp-graph-api.js';

/** What the scenarios run on: the suite's relay (started with the Graph API's address) and the loopback Graph API. */
export interface ChannelsRelay {
  readonly relay: Desk;
  readonly graph: WhatsAppGraphApi;
}

const NUMBER: GraphNumber = {
  phoneNumberId: '106540352240101',
  businessAccountId: '102290129340101',
  accessToken: 'EAAGm0PX4ZCpsBAOmergeTOKENforTHEloopbackONLY01234567',
  appSecret: '0123456789abcdef0123456789abcd01',
  displayPhoneNumber: '+1 555-078-0101',
  verifiedName: 'Merge Help',
};

let made = 0;

/** A web visitor who wrote once (identified and verified when `user` is given): their contact, stored. */
async function webContact(relay: Desk, user?: { id: string; name: string }): Promise<string> {
  made += 1;
  const { client, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, ...(user ? { user: { ...user, hash: identityHash(identitySecret, user.id) } } : {}) },
    { protocol: 'parley.v3' },
  );
  await client.say(`web-${made}`, 'Hello from the web');
  client.close();
  await relay.admin.flushContacts();
  return welcome.visitorId!;
}

/** The admin API's helpers the scenarios share. */
function admin(relay: Desk) {
  return {
    visitorOf: async (conversationId: string): Promise<string> => {
      const answer = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.visitor.id as string;
    },
    /** Where the site's channels reach a contact: `<channel's name> <handle>` each. */
    reach: async (contactId: string): Promise<string[]> => {
      const answer = await relay.call('GET', `/v1/admin/contacts/${contactId}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return ((answer.body.reach ?? []) as { label: string; handle: string }[]).map(
        (line) => `${line.label} ${line.handle}`,
      );
    },
    merge: async (keep: string, from: string): Promise<string> => {
      await relay.admin.flushContacts();
      const merged = await relay.call('POST', `/v1/admin/contacts/${keep}/merge`, { from });
      assert.equal(merged.status, 200, JSON.stringify(merged.body));
      return merged.body.id as string;
    },
    undo: async (id: string): Promise<void> => {
      const undone = await relay.call('POST', `/v1/admin/contact-merges/${id}/undo`);
      assert.equal(undone.status, 200, JSON.stringify(undone.body));
    },
    reply: async (conversationId: string, id: string, text: string): Promise<void> => {
      const answer = await relay.call('POST', `/v1/admin/conversations/${conversationId}/messages`, { id, text });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    },
  };
}

/** The scenarios, inside the suite's `describe`; `get` gives its relay once started. */
export function mergeChannelScenarios(get: () => ChannelsRelay): void {
  describe("channels' customers", () => {
    let bridge: WebhookReceiver;
    let staff: TestClient;

    before(async () => {
      bridge = await WebhookReceiver.start();
      ({ client: staff } = await TestClient.hello(
        get().relay.wsUrl,
        { staffToken: adminToken },
        { protocol: 'parley.v3' },
      ));
    });
    after(async () => {
      staff.close();
      await bridge.close();
    });

    it("an API channel's customer merged into a web contact: replies reach the bridge, their messages continue, each of two ids answered on its own, undo puts them back", async () => {
      const { relay } = get();
      const { visitorOf, reach, merge, undo, reply } = admin(relay);
      const made = await relay.call('POST', '/v1/admin/api-channels', { name: 'SMS', webhookUrl: bridge.url('/sms') });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const token = made.body.token as string;
      /** The bridge posts a contact's message: the conversation it went to. */
      const post = async (contactId: string, messageId: string, text: string, name?: string): Promise<string> => {
        const response = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ contactId, messageId, text, ...(name ? { name } : {}) }),
        });
        const body = (await response.json()) as { conversationId: string };
        assert.equal(response.status, 201, JSON.stringify(body));
        return body.conversationId;
      };
      /** The next replies the bridge received, each `<contactId> <conversation> <text>`, in no particular order. */
      const delivered = async (count: number, names: Record<string, string>): Promise<string[]> => {
        const got: string[] = [];
        for (let i = 0; i < count; i++) {
          const event = JSON.parse((await bridge.next()).body) as {
            contactId: string;
            conversationId: string;
            message: { text: string };
          };
          got.push(`${event.contactId} ${names[event.conversationId] ?? event.conversationId} ${event.message.text}`);
        }
        return got.sort();
      };

      const web = await webContact(relay, { id: 'u-ada-api', name: 'Ada Web' });
      const a = await post('+15550101010', 'sms-1', 'Where is my order?', 'Maria Bridge');
      const absorbed = await visitorOf(a);
      assert.notEqual(absorbed, web);
      const merged = await merge(web, absorbed);
      assert.equal(await visitorOf(a), web);
      assert.deepEqual(await reach(web), ['SMS +15550101010']);

      // A staff reply in the moved conversation is delivered to the bridge, for the customer's id.
      await reply(a, 'api-r1', 'It left this morning');
      assert.deepEqual(await delivered(1, { [a]: 'a' }), ['+15550101010 a It left this morning']);
      // The customer's next message continues there, the kept contact's; the absorbed id is not made again, and the
      // kept record's name and verification stay its own.
      assert.equal(await post('+15550101010', 'sms-2', 'Thanks', 'M. Lopez'), a);
      assert.equal(await visitorOf(a), web);
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${absorbed}`)).status, 404);
      const kept = (await relay.call('GET', `/v1/admin/contacts/${web}`)).body;
      assert.deepEqual([kept.name, kept.verified], ['Ada Web', true]);

      // A second id of the same person on the same channel, merged too: each conversation is answered on its own.
      const b = await post('+15550202020', 'sms-3', 'Also me, from my work phone');
      const absorbedToo = await visitorOf(b);
      const mergedToo = await merge(web, absorbedToo);
      assert.deepEqual(await reach(web), ['SMS +15550101010', 'SMS +15550202020']);
      await reply(b, 'api-r2', 'To the work phone');
      await reply(a, 'api-r3', 'To the first phone');
      assert.deepEqual(await delivered(2, { [a]: 'a', [b]: 'b' }), [
        '+15550101010 a To the first phone',
        '+15550202020 b To the work phone',
      ]);
      assert.equal(await post('+15550202020', 'sms-4', 'Work again'), b);
      assert.equal(await post('+15550101010', 'sms-5', 'First again'), a);

      // Undone, newest first: each id is its own contact's again, its conversation with it.
      await undo(mergedToo);
      assert.equal(await visitorOf(b), absorbedToo);
      assert.deepEqual(await reach(web), ['SMS +15550101010']);
      assert.deepEqual(await reach(absorbedToo), ['SMS +15550202020']);
      assert.equal(await post('+15550202020', 'sms-6', 'On my own again'), b);
      assert.equal(await visitorOf(b), absorbedToo);
      await reply(b, 'api-r4', 'Still answered');
      assert.deepEqual(await delivered(1, { [b]: 'b' }), ['+15550202020 b Still answered']);
      await undo(merged);
      assert.equal(await visitorOf(a), absorbed);
      assert.deepEqual(await reach(web), []);
      assert.deepEqual(await reach(absorbed), ['SMS +15550101010']);
      assert.equal(await post('+15550101010', 'sms-7', 'Me again'), a);
      assert.equal(await visitorOf(a), absorbed);
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${absorbed}`)).body.name, 'Maria Bridge');
    });

    it('a WhatsApp customer merged into a web contact: replies go to their number, their messages continue, two numbers each answered on their own, undo puts them back', async () => {
      const { relay, graph } = get();
      const { visitorOf, reach, merge, undo, reply } = admin(relay);
      graph.addNumber(NUMBER);
      const connected = await relay.call('POST', '/v1/admin/messaging-channels', {
        provider: 'whatsapp',
        credentials: {
          phoneNumberId: NUMBER.phoneNumberId,
          businessAccountId: NUMBER.businessAccountId,
          accessToken: NUMBER.accessToken,
          appSecret: NUMBER.appSecret,
          verifyToken: 'a-phrase-for-the-merge',
        },
      });
      assert.equal(connected.status, 201, JSON.stringify(connected.body));
      const webhookUrl = connected.body.webhookUrl as string;
      /** A customer writes from their number: the conversation it went to and its contact. */
      const write = async (from: { waId: string; name: string }, wamid: string, text: string) => {
        const answer = await graph.deliver(
          webhookUrl,
          NUMBER.appSecret,
          webhook(NUMBER, inbound(wamid, 'text', { text: { body: text } }, from)),
        );
        assert.equal(answer.status, 200);
        // Each text is written once in the suite: its frame is this message's.
        const { message } = await staff.next('message', (frame) => frame.message.text === text);
        return { conversationId: message.conversationId, contactId: message.author.id };
      };
      /** The next `count` messages the number sent, each `<to> <text>`, in no particular order. */
      const sent = async (before: number, count: number): Promise<string[]> => {
        await graph.sentCount(before + count);
        return graph.sent
          .slice(before, before + count)
          .map((s) => `${s.to} ${(s.body.text as { body: string }).body}`)
          .sort();
      };

      const personal = { waId: '447700900101', name: 'Ada Phone' };
      const work = { waId: '447700900202', name: 'Ada Work' };
      const web = await webContact(relay);
      const x = await write(personal, 'wamid.MERGE-X1', 'Is the shop open today?');
      const merged = await merge(web, x.contactId);
      assert.equal(await visitorOf(x.conversationId), web);
      assert.deepEqual(await reach(web), ['Merge Help +447700900101']);

      // The reply window is the number's (the customer wrote just now), and the reply goes to it.
      const window = await relay.call('GET', `/v1/admin/conversations/${x.conversationId}/whatsapp`);
      assert.equal(window.status, 200, JSON.stringify(window.body));
      assert.equal(window.body.window.open, true);
      let before = graph.sent.length;
      await reply(x.conversationId, 'wa-r1', 'Until six');
      assert.deepEqual(await sent(before, 1), ['447700900101 Until six']);
      const next = await write(personal, 'wamid.MERGE-X2', 'Great, see you');
      assert.deepEqual(next, { conversationId: x.conversationId, contactId: web });
      assert.equal((await relay.call('GET', `/v1/admin/contacts/${x.contactId}`)).status, 404);

      // Their work number too, merged into the same contact: each conversation is answered on its own number.
      const y = await write(work, 'wamid.MERGE-Y1', 'Writing from work');
      const mergedToo = await merge(web, y.contactId);
      assert.deepEqual(await reach(web), ['Merge Help +447700900101', 'Merge Help +447700900202']);
      before = graph.sent.length;
      await reply(y.conversationId, 'wa-r2', 'Hello at work');
      await reply(x.conversationId, 'wa-r3', 'Hello at home');
      assert.deepEqual(await sent(before, 2), ['447700900101 Hello at home', '447700900202 Hello at work']);
      assert.deepEqual(await write(work, 'wamid.MERGE-Y2', 'At work again'), {
        conversationId: y.conversationId,
        contactId: web,
      });

      // Undone: each number is its own contact's again, with its conversation, and still answered there.
      await undo(mergedToo);
      await undo(merged);
      assert.deepEqual(await reach(web), []);
      assert.deepEqual(await reach(x.contactId), ['Merge Help +447700900101']);
      assert.deepEqual(await reach(y.contactId), ['Merge Help +447700900202']);
      assert.deepEqual(await write(personal, 'wamid.MERGE-X3', 'Back home'), x);
      assert.deepEqual(await write(work, 'wamid.MERGE-Y3', 'Back at work'), y);
      before = graph.sent.length;
      await reply(y.conversationId, 'wa-r4', 'Bye from work');
      assert.deepEqual(await sent(before, 1), ['447700900202 Bye from work']);
    });
  });
}
