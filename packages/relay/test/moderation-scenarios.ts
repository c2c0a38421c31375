/**
 * Spam and review (issue #39, docs/safety.md "Spam and review") against a real relay, for each store: the repeat
 * and network limits refusing a real WebSocket client, marking a conversation as spam (its visitor and network
 * blocked, out of the list and the reports) and undoing it, and flags listed and dismissed. The store runs these
 * with SQLite (moderation.test.ts) and PostgreSQL (test-services/moderation-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { startDesk, siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';

const HOUR = 3_600_000;

/** What every scenario's desk needs: the visitor's address from `X-Forwarded-For`, and no other limit in the way. */
export const MODERATION_DESK: StartOptions = {
  trustProxy: true,
  ipRateLimitPerSecond: 0,
  adminRateLimitPerSecond: 0,
  newConversationsPerAddressPerHour: 0,
  newConversationsPerSitePerMinute: 0,
};

/** A visitor connected from `address` (a header a trusted proxy would set; the socket is loopback). */
export async function visitor(
  desk: Desk,
  address: string,
): Promise<{ client: TestClient; conversationId: string; visitorId: string }> {
  const { client, welcome } = await TestClient.hello(
    desk.wsUrl,
    { siteKey },
    { headers: { 'x-forwarded-for': address } },
  );
  return { client, conversationId: welcome.conversationId!, visitorId: welcome.visitorId! };
}

/** Sends a text; resolves with `ack` or the error's code (and the error). */
export async function attempt(
  client: TestClient,
  id: string,
  text: string,
): Promise<{ outcome: string; retryAfterMs?: number | undefined }> {
  client.send({ type: 'send', id, text });
  // An error comes at once, an ack once the message is stored: whichever is recorded first.
  const deadline = Date.now() + 5000;
  for (;;) {
    const frame = client.frames.find(
      (each) => (each.type === 'ack' && each.id === id) || (each.type === 'error' && each.ref === id),
    );
    if (frame?.type === 'ack') return { outcome: 'ack' };
    if (frame?.type === 'error') return { outcome: frame.code, retryAfterMs: frame.retryAfterMs };
    if (Date.now() > deadline) throw new Error(`no answer to ${id}; got ${JSON.stringify(client.frames.slice(-3))}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function flags(
  desk: Desk,
  id: string,
): Promise<{ items: Array<{ reason: string; detail: string; seq: number | null; at: number }>; spam: boolean }> {
  const answer = await desk.call('GET', `/v1/admin/conversations/${id}/flags`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

async function listed(desk: Desk, view: string): Promise<{ ids: string[]; counts: Record<string, number> }> {
  const answer = await desk.call('GET', `/v1/admin/conversations?view=${view}&limit=100`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return { ids: answer.body.items.map((item: { id: string }) => item.id), counts: answer.body.counts };
}

/** Conversations the site's report counts as created today (UTC). */
async function reported(desk: Desk): Promise<number> {
  const from = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const answer = await desk.call('GET', `/v1/admin/reports?from=${from}&to=${from + 86_400_000}&bucket=day`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.conversations.reduce((sum: number, each: { count: number }) => sum + each.count, 0);
}

/** The scenarios, on a desk started with `options()` (on top of {@link MODERATION_DESK}). */
export function moderationScenarios(name: string, options: () => Promise<StartOptions>): void {
  describe(`spam and review (${name})`, () => {
    let desk: Desk;
    const clients: TestClient[] = [];
    before(async () => {
      desk = await startDesk({ ...MODERATION_DESK, ...(await options()) });
    });
    after(async () => {
      for (const client of clients) client.close();
      await desk.close();
    });

    async function open(address: string) {
      const made = await visitor(desk, address);
      clients.push(made.client);
      return made;
    }

    it('refuses the same text in more conversations than the repeat limit, and flags every one', async () => {
      // The default limit: 3 conversations within an hour. Case and spacing do not make a text new.
      const texts = [
        'Cheap watches at our store, best prices today!',
        'CHEAP watches at   our store, best prices today!',
        'cheap watches at our store,\nbest prices today!',
      ];
      const first = [];
      for (const [i, text] of texts.entries()) {
        const made = await open(`203.0.${10 + i}.7`);
        assert.equal((await attempt(made.client, `r-${i}`, text)).outcome, 'ack');
        first.push(made);
      }
      // The same visitor again in their own conversation is no new conversation.
      assert.equal((await attempt(first[0]!.client, 'r-again', texts[0]!)).outcome, 'ack');
      const late = await open('203.0.20.7');
      const refused = await attempt(late.client, 'r-late', 'Cheap watches at our store, best prices today!');
      assert.equal(refused.outcome, 'rate_limited');
      assert.ok(refused.retryAfterMs! > 0 && refused.retryAfterMs! <= HOUR, `retry after ${refused.retryAfterMs}`);
      assert.equal(
        (await desk.call('GET', `/v1/admin/conversations/${late.conversationId}`)).status,
        404,
        'nothing stored',
      );
      // A short text is sent everywhere: never counted.
      for (const made of [...first, late])
        assert.equal((await attempt(made.client, `hi-${made.conversationId}`, 'Hi!')).outcome, 'ack');

      for (const made of first)
        await until(
          async () => (await flags(desk, made.conversationId)).items.some((flag) => flag.reason === 'repeat'),
          'a repeat flag',
        );
      const flagged = (await flags(desk, first[2]!.conversationId)).items.find((flag) => flag.reason === 'repeat')!;
      assert.match(flagged.detail, /^same text: “cheap watches at our store, best prices today!”$/);
      assert.equal(flagged.seq, 1, 'the message that reached the limit');
      const review = await listed(desk, 'review');
      for (const made of first) assert.ok(review.ids.includes(made.conversationId));
      assert.ok(review.counts.review! >= 3);
    });

    it('refuses the same set of links in more conversations than the limit, whatever the text around them', async () => {
      const sends = [
        'look at https://promo.example/deal and www.other.example',
        'Deal: www.other.example, https://promo.example/deal',
        'HTTPS://PROMO.EXAMPLE/deal! also www.other.example.',
      ];
      for (const [i, text] of sends.entries()) {
        const made = await open(`203.0.${30 + i}.9`);
        assert.equal((await attempt(made.client, `l-${i}`, text)).outcome, 'ack');
      }
      const late = await open('203.0.40.9');
      assert.equal(
        (await attempt(late.client, 'l-late', 'hey (https://promo.example/deal) www.other.example')).outcome,
        'rate_limited',
      );
      // Another set of links is another key.
      assert.equal((await attempt(late.client, 'l-other', 'https://promo.example/deal only')).outcome, 'ack');
    });

    it('refuses new conversations past the network limit from one /24, and flags them; other networks go on', async () => {
      const opened: string[] = [];
      let firstClient: TestClient | undefined;
      // The default limit: 30 new conversations an hour from one network.
      for (let i = 0; i < 30; i += 1) {
        const made = await open(`198.51.100.${i + 1}`);
        assert.equal(
          (await attempt(made.client, `n-${i}`, `question number ${i}`)).outcome,
          'ack',
          `conversation ${i}`,
        );
        opened.push(made.conversationId);
        firstClient ??= made.client;
      }
      const late = await open('198.51.100.200');
      const refused = await attempt(late.client, 'n-late', 'one more');
      assert.equal(refused.outcome, 'rate_limited');
      assert.ok(refused.retryAfterMs! > 0);
      // The address is only its network: IPv4-mapped IPv6 in it is the same network.
      const mapped = await open('::ffff:198.51.100.201');
      assert.equal((await attempt(mapped.client, 'n-mapped', 'and another')).outcome, 'rate_limited');
      const elsewhere = await open('198.51.101.1');
      assert.equal((await attempt(elsewhere.client, 'n-else', 'from next door')).outcome, 'ack');
      // IPv6: a /48 is one network.
      for (let i = 0; i < 30; i += 1) {
        const made = await open(`2001:db8:7::${(i + 1).toString(16)}`);
        assert.equal((await attempt(made.client, `n6-${i}`, `v6 question ${i}`)).outcome, 'ack');
      }
      const six = await open('2001:db8:7:ffff::1');
      assert.equal((await attempt(six.client, 'n6-late', 'v6 one more')).outcome, 'rate_limited');
      const otherSix = await open('2001:db8:8::1');
      assert.equal((await attempt(otherSix.client, 'n6-else', 'v6 next door')).outcome, 'ack');

      await until(
        async () => (await flags(desk, opened[0]!)).items.some((flag) => flag.reason === 'network'),
        'a network flag',
      );
      assert.match(
        (await flags(desk, opened[29]!)).items.find((flag) => flag.reason === 'network')!.detail,
        /more than 30 new conversations/,
      );
      // A visitor whose conversation exists keeps writing.
      assert.equal((await attempt(firstClient!, 'n-later', 'still here')).outcome, 'ack');
    });

    it('marking as spam blocks the visitor and their network, hides the conversation and keeps it out of reports; undo restores', async () => {
      const spammer = await open('192.0.2.15');
      assert.equal((await attempt(spammer.client, 's-1', 'buy now')).outcome, 'ack');
      const bystander = await open('192.0.3.15');
      assert.equal((await attempt(bystander.client, 'b-1', 'a real question')).outcome, 'ack');
      const id = spammer.conversationId;
      const createdBefore = await reported(desk);
      const allBefore = await listed(desk, 'all');
      assert.ok(allBefore.ids.includes(id));

      const agent = await desk.agent('Moderating agent');
      const marked = await desk.call('POST', `/v1/admin/conversations/${id}/spam`, undefined, agent.token);
      assert.equal(marked.status, 200, JSON.stringify(marked.body));
      assert.equal(marked.body.spam, true);
      assert.ok(
        Math.abs(marked.body.blockedUntil - (Date.now() + 168 * HOUR)) < 60_000,
        'blocked for the default week',
      );

      assert.equal((await attempt(spammer.client, 's-2', 'buy now again')).outcome, 'blocked');
      // Another visitor from the same network: refused, their conversation never made.
      const neighbour = await open('192.0.2.99');
      assert.equal((await attempt(neighbour.client, 'nb-1', 'hello?')).outcome, 'blocked');
      assert.equal((await desk.call('GET', `/v1/admin/conversations/${neighbour.conversationId}`)).status, 404);
      // Another network is not blocked.
      assert.equal((await attempt(bystander.client, 'b-2', 'still fine')).outcome, 'ack');

      for (const view of ['all', 'mine', 'unassigned', 'review'])
        assert.equal((await listed(desk, view)).ids.includes(id), false, view);
      const spam = await listed(desk, 'spam');
      assert.deepEqual(spam.ids, [id]);
      assert.equal(spam.counts.spam, 1);
      assert.equal(spam.counts.all, allBefore.counts.all! - 1);
      assert.equal(await reported(desk), createdBefore - 1, 'out of the report');
      const state = await flags(desk, id);
      assert.equal(state.spam, true);
      assert.deepEqual(state.items.at(-1), {
        reason: 'spam',
        detail: 'Moderating agent',
        seq: null,
        at: state.items.at(-1)!.at,
      });
      const audit = await desk.call('GET', '/v1/admin/audit?action=conversation.spam');
      assert.equal(audit.body.items[0].targetId, id);
      assert.equal(audit.body.items[0].actorName, 'Moderating agent');

      const undone = await desk.call('DELETE', `/v1/admin/conversations/${id}/spam`);
      assert.deepEqual(undone.body, { spam: false, blockedUntil: null });
      assert.equal((await attempt(spammer.client, 's-3', 'sorry')).outcome, 'ack');
      const again = await open('192.0.2.100');
      assert.equal((await attempt(again.client, 'nb-2', 'hello again')).outcome, 'ack');
      assert.ok((await listed(desk, 'all')).ids.includes(id));
      assert.equal((await listed(desk, 'spam')).counts.spam, 0);
      assert.equal(await reported(desk), createdBefore + 1, 'back in the report, with the new conversation');
      assert.equal((await flags(desk, id)).spam, false);
      assert.equal((await desk.call('GET', '/v1/admin/audit?action=conversation.not-spam')).body.items[0].targetId, id);
      const twice = await desk.call('DELETE', `/v1/admin/conversations/${id}/spam`);
      assert.equal(twice.status, 409);
      assert.equal((await desk.call('POST', '/v1/admin/conversations/c_nope/spam')).status, 404);
    });

    it('flags raised by a feature are deduplicated, bounded, listed and dismissed (audited)', async () => {
      const made = await open('192.0.4.1');
      assert.equal((await attempt(made.client, 'f-1', 'anything')).outcome, 'ack');
      const id = made.conversationId;
      const moderation = desk.use('moderation')!;
      moderation.flag('default', id, { reason: 'word', detail: 'scam', seq: 1 });
      moderation.flag('default', id, { reason: 'word', detail: 'scam', seq: 1 });
      moderation.flag('default', id, { reason: 'link', detail: `x${'y'.repeat(1000)}`, seq: 1 });
      // Nothing for a conversation that does not exist, or of another site; and never a throw.
      moderation.flag('default', 'c_nowhere', { reason: 'word', detail: 'scam', seq: null });
      moderation.flag('site_other', id, { reason: 'word', detail: 'other site', seq: null });
      await until(async () => (await flags(desk, id)).items.length === 2, 'two flags');
      const { items } = await flags(desk, id);
      assert.deepEqual(items.map((flag) => [flag.reason, flag.detail.length]).sort(), [
        ['link', 200],
        ['word', 4],
      ]);
      assert.ok((await listed(desk, 'review')).ids.includes(id));

      const dismissed = await desk.call('POST', `/v1/admin/conversations/${id}/flags/dismiss`);
      assert.deepEqual(dismissed.body, { dismissed: 2 });
      assert.deepEqual((await flags(desk, id)).items, []);
      assert.equal((await listed(desk, 'review')).ids.includes(id), false);
      assert.equal(
        (await desk.call('GET', '/v1/admin/audit?action=conversation.flags-dismiss')).body.items[0].targetId,
        id,
      );
      // A dismissed flag stays dismissed; a new one comes back to review.
      moderation.flag('default', id, { reason: 'word', detail: 'scam', seq: 2 });
      moderation.flag('default', id, { reason: 'pattern', detail: 'free\\s+bitcoin', seq: 2 });
      await until(async () => (await flags(desk, id)).items.length === 1, 'the new flag');
      assert.equal((await flags(desk, id)).items[0]!.reason, 'pattern');
      assert.equal((await desk.call('GET', '/v1/admin/conversations/c_nope/flags')).status, 404);
    });

    it('leaves staff messages alone: the same reply in many conversations is never throttled', async () => {
      const ids = [];
      for (let i = 0; i < 5; i += 1) {
        const made = await open(`192.0.5.${i + 1}`);
        assert.equal((await attempt(made.client, `st-${i}`, `question ${i}`)).outcome, 'ack');
        ids.push(made.conversationId);
      }
      for (const [i, id] of ids.entries()) {
        const sent = await desk.call('POST', `/v1/admin/conversations/${id}/messages`, {
          id: `reply-${i}`,
          text: 'Thanks for writing, we will get back to you within a day: https://help.example/faq',
        });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
      }
    });
  });
}
