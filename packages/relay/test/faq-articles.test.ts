// The FAQ bot answering from the help center (issue #42): where no FAQ entry is related to a visitor's message, the
// site's published articles that may answer it are offered, once per conversation, with a way to a person; a
// greeting that finds none leaves the list to the question after it; a staff reply ends it. A real relay on port 0.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import type { RunningRelay } from '../src/index.js';
import { faqOnlySettings } from './support/bot-settings.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

const settings = faqOnlySettings;

/** No automation job is pending. */
async function automationsIdle(relay: RunningRelay): Promise<boolean> {
  const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
  return byKind.every((count) => !count.kind.startsWith('automation.') || count.status !== 'pending');
}

const botMessages = async (relay: RunningRelay, conversationId: string): Promise<Message[]> =>
  (await relay.store.messagesAfter(conversationId, 0, 100)).filter((message) => message.author.role === 'bot');

async function visitor(relay: RunningRelay, locale = 'en-US') {
  const { client, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, context: { locale } },
    { protocol: 'parley.v2' },
  );
  return { client, conversationId: welcome.conversationId! };
}

describe('the FAQ bot answering from help-center articles', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, outboxTiming: { pollMs: 50 } });
    assert.equal((await call(relay, 'PUT', '/v1/admin/automations', settings)).status, 200);
    // One FAQ entry, about passwords: a question about parcels is not related to it.
    const entry = await call(relay, 'POST', '/v1/admin/faq', {
      language: 'en',
      question: 'Change password',
      answer: 'Choose "Forgot password" on the sign-in page.',
      keywords: ['password'],
    });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    for (const [slug, title, locale, body] of [
      ['track-parcel', 'Track your parcel', 'en', 'Every parcel has a **tracking number** in the shipping email.'],
      ['return-parcel', 'Return a parcel', 'en', 'Send a parcel back within 30 days with the prepaid label.'],
      ['suivre-colis', 'Suivre votre colis', 'fr', 'Chaque colis a un numéro de suivi dans l’e-mail d’expédition.'],
      ['draft-parcel', 'Parcel drafts', 'en', 'A parcel draft nobody may see.'],
    ] as const) {
      const made = await call(relay, 'POST', '/v1/admin/help/articles', {
        title,
        slug,
        locale,
        body,
        status: slug.startsWith('draft') ? 'draft' : 'published',
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
  });
  after(() => relay.close());

  it('offers the articles that may answer a message no entry answers, with their portal addresses and a person', async () => {
    // The help center is read for the message path in the background: the first message may come before it is.
    await until(async () => {
      const { client, conversationId } = await visitor(relay);
      await client.say('m-1', 'Where is the parcel? I need the tracking number');
      await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
      client.close();
      return (await botMessages(relay, conversationId)).length > 0;
    }, 'articles offered');
    const { client, conversationId } = await visitor(relay);
    await client.say('m-1', 'Where is the parcel? I need the tracking number');
    const offered = await client.next('message', (frame) => frame.message.author.role === 'bot', 5000);
    assert.equal(offered.message.automation, 'faq-articles', offered.message.text);
    assert.equal(offered.message.clientId, 'bot-faq-articles');
    const lines = offered.message.text.split('\n');
    assert.equal(lines[0], 'These articles may answer your question:');
    assert.equal(lines[1], `• Track your parcel: ${relay.publicUrl}/help/${siteKey}/en/track-parcel`);
    assert.ok(!offered.message.text.includes('draft'), 'a draft is never offered');
    assert.deepEqual(offered.message.buttons, [{ label: 'Talk to a person', id: 'handover' }]);
    // Once per conversation: another question gets no second list.
    await client.say('m-2', 'How do I return a parcel?');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    assert.equal((await botMessages(relay, conversationId)).length, 1);
    client.close();
  });

  it('leaves the list to the question after a greeting that finds none, and answers in the visitor’s language', async () => {
    const { client, conversationId } = await visitor(relay, 'fr-FR');
    await client.say('m-1', 'Bonjour');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    assert.equal((await botMessages(relay, conversationId)).length, 0, 'a greeting finds no article');
    await client.say('m-2', 'Où est mon colis ?');
    const offered = await client.next('message', (frame) => frame.message.author.role === 'bot', 5000);
    assert.match(offered.message.text, /^Ces articles répondent peut-être à votre question :\n• Suivre votre colis: /);
    assert.deepEqual(offered.message.buttons, [{ label: 'Parler à quelqu’un', id: 'handover' }]);
    client.close();
  });

  it('answers from the entry when one answers, and offers nothing once staff replied', async () => {
    const { client, conversationId } = await visitor(relay);
    await client.say('m-1', 'Change password');
    const answer = await client.next('message', (frame) => frame.message.author.role === 'bot', 5000);
    assert.equal(answer.message.automation, 'faq');
    const other = await visitor(relay);
    await other.client.say('m-0', 'Hello');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    const staff = await call(relay, 'POST', `/v1/admin/conversations/${other.conversationId}/messages`, {
      id: 'staff-1',
      text: 'Hello, how can I help?',
    });
    assert.equal(staff.status, 201, JSON.stringify(staff.body));

    await other.client.say('m-1', 'Where is the parcel?');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    assert.deepEqual(await botMessages(relay, other.conversationId), []);
    assert.equal((await botMessages(relay, conversationId)).length, 1);
    for (const c of [client, other.client]) c.close();
  });
});
