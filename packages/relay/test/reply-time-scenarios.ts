/**
 * How fast a site typically replies (issue #81): the figure a visitor's welcome carries (`replySeconds`), from real
 * conversations on a real relay, for each store: none below 5 answered conversations, the bucket of their median
 * first reply once there are 5, a slower bucket when the replies came later (their times moved in the database),
 * nothing when the site turns the line off, and another site's conversations never counted. The store runs these
 * with SQLite (reply-time.test.ts) and PostgreSQL (test-services/reply-time-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';

/** No limit in the way of a test's many visitors from one address. */
export const REPLY_TIME_DESK: StartOptions = {
  ipRateLimitPerSecond: 0,
  adminRateLimitPerSecond: 0,
  newConversationsPerAddressPerHour: 0,
  newConversationsPerSitePerMinute: 0,
};

/** A desk for the scenarios, and how its store moves every staff message's time (a reply that came later). */
export interface ReplyTimeStore {
  readonly desk: Desk;
  readonly delayStaffReplies: (ms: number) => Promise<void>;
}

let made = 0;

/** A new visitor writes; staff answer unless `answered` is false. */
export async function conversation(desk: Desk, key = siteKey, answered = true): Promise<void> {
  const { client, welcome } = await TestClient.hello(desk.wsUrl, { siteKey: key });
  made++;
  await client.say(`m-${made}`, 'Do you ship to Lisbon?');
  client.close();
  if (!answered) return;
  const reply = await desk.call('POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, {
    id: `r-${made}`,
    text: 'Yes, in 3 days.',
  });
  assert.equal(reply.status, 201);
}

/** What a new visitor's welcome says of the reply time (and the raw frame has nothing else of it). */
export async function replySeconds(desk: Desk, key = siteKey): Promise<number | undefined> {
  const { client, welcome } = await TestClient.hello(desk.wsUrl, { siteKey: key });
  client.close();
  return welcome.replySeconds;
}

/** The scenarios on the store `open` makes (one desk for the file). */
export function replyTimeScenarios(open: () => Promise<ReplyTimeStore>): void {
  describe('how fast the site typically replies, in a visitor’s welcome', () => {
    let store: ReplyTimeStore;
    let desk: Desk;
    let siteId: string;
    const refresh = (id = siteId) => desk.use('reply-time')!.refresh(id);
    before(async () => {
      store = await open();
      desk = store.desk;
      siteId = (await desk.store.getSiteByKey(siteKey))!.id;
    });
    after(() => desk.close());

    it('is absent below 5 answered conversations (unanswered ones do not count)', async () => {
      assert.equal(await replySeconds(desk), undefined);
      for (let i = 0; i < 4; i++) await conversation(desk);
      await conversation(desk, siteKey, false);
      await conversation(desk, siteKey, false);
      await refresh();
      assert.equal(await replySeconds(desk), undefined);
    });

    it('is the bucket of the median first reply once 5 were answered: a few minutes', async () => {
      await conversation(desk);
      await refresh();
      assert.equal(await replySeconds(desk), 600);
    });

    it('follows the replies’ real times: answered 2 hours later is "a few hours"', async () => {
      await store.delayStaffReplies(2 * 3_600_000);
      await refresh();
      assert.equal(await replySeconds(desk), 21_600);
    });

    it('is absent while the site turns the line off, and back when it turns it on', async () => {
      const off = await desk.call('PUT', '/v1/admin/widget-look', {
        theme: null,
        position: null,
        prechat: null,
        replyTime: false,
      });
      assert.equal(off.status, 200);
      assert.deepEqual(off.body, { theme: null, position: null, prechat: null, replyTime: false });
      // At once on this relay, without computing anything again.
      assert.equal(await replySeconds(desk), undefined);
      await refresh();
      assert.equal(await replySeconds(desk), undefined);
      const on = await desk.call('PUT', '/v1/admin/widget-look', { theme: null, position: null, prechat: null });
      assert.deepEqual(on.body, { theme: null, position: null, prechat: null, replyTime: null });
      assert.equal(await replySeconds(desk), 21_600);
    });

    it('is each site’s own: another site’s answered conversations are not this one’s', async () => {
      const site = (await desk.store.getSiteByKey(siteKey))!;
      await desk.store.upsertSite({ ...site, id: 'site_reply_other', siteKey: 'pk_reply_other' });
      assert.equal(await replySeconds(desk, 'pk_reply_other'), undefined);
      await refresh('site_reply_other');
      assert.equal(await replySeconds(desk, 'pk_reply_other'), undefined);
      await until(async () => (await replySeconds(desk)) === 21_600, 'this site’s figure, unchanged');
    });
  });
}
