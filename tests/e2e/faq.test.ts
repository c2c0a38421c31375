// End-to-end: FAQ answers (issue #17) with a visitor on the demo page, one Chromium, a real relay: the visitor asks,
// sees the bot's answer and its two buttons, says it helped, and the entry counts it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, buildWidget, startAdminHarness, until, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${h.relay.httpUrl}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status}`);
  return response.json();
}

describe('FAQ answers end to end', () => {
  it('the visitor asks, sees the answer with its two buttons, clicks one, and the entry counts it', async () => {
    await api('PUT', '/automations', {
      botName: 'Ada',
      hours: null,
      welcome: { enabled: false, texts: {} },
      away: { enabled: false, texts: {}, emailTexts: {} },
      csat: { enabled: false, texts: {} },
      faq: { enabled: true },
    });
    const entry = await api('POST', '/faq', {
      language: 'en',
      question: 'How do I track my order?',
      answer: 'Use the tracking link in your confirmation email.',
      phrasings: ['where is my order'],
      keywords: ['tracking', 'delivery'],
    });

    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'en-GB' });
    const visitor = await context.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    const widget = visitor.locator('chat-widget');
    await widget.locator('button[part=launcher]').click();
    const composer = widget.locator('textarea[part=input]');
    await composer.fill('Where is my order?');
    await composer.press('Enter');

    const answer = widget.locator('.msg.bot', { hasText: 'Use the tracking link' });
    await answer.waitFor();
    assert.match((await answer.textContent()) ?? '', /Did this help\?/);
    const buttons = widget.locator('[part=quick-replies] button');
    await buttons.first().waitFor();
    assert.deepEqual(
      (await buttons.allTextContents()).map((t) => t.trim()),
      ['Yes, thanks', 'Talk to a person'],
    );
    await buttons.first().click();
    await widget.locator('.msg.mine .bubble', { hasText: 'Yes, thanks' }).waitFor();
    await widget.locator('[part=quick-replies]').waitFor({ state: 'detached' });

    // The click named its button: the entry counts it as helpful (the job runs in the background).
    const counts = async () => (await api('GET', '/faq')).items.find((e: { id: string }) => e.id === entry.id).counts;
    await until(async () => (await counts()).helpful === 1, 'the helpful count');
    assert.deepEqual(await counts(), { answered: 1, helpful: 1, escalated: 0 });
    await context.close();
  });
});
