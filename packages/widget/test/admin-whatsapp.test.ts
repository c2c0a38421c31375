import { expect } from '@open-wc/testing';
import { conversation, mount, open } from './admin-fixture.js';
import { whatsappWindow } from './fakes/whatsapp-fake.js';
import { $, $$, text, waitUntil } from './helpers.js';

// WhatsApp's 24-hour window (issue #84): above the composer of a WhatsApp conversation, until when free replies go,
// or why a typed reply will not be delivered, and the number's approved templates to send instead.

describe('<chat-admin> WhatsApp window', () => {
  it('outside the window: says why, and sends an approved template with its values', async () => {
    const { el, api } = await mount([conversation('c1', { channel: 'api' })]);
    api.whatsappConversations.set('c1', whatsappWindow(false));
    api.whatsappDeliveries.set('c1', [
      { messageId: '7', status: 'read', error: null, updatedAt: Date.now() - 90_000_000 },
      {
        messageId: '9',
        status: 'failed',
        error: 'Outside WhatsApp’s 24-hour customer service window.',
        updatedAt: Date.now(),
      },
    ]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-whatsapp .whatsapp-state'), 'the window, once its chunk is in');
    expect(text($(el, 'chat-admin-whatsapp .whatsapp-state'))).to.match(/Outside WhatsApp’s 24-hour window/);
    expect(text($(el, 'chat-admin-whatsapp .whatsapp-failed'))).to.equal(
      'The last reply was not delivered: Outside WhatsApp’s 24-hour customer service window.',
    );
    const select = $(el, 'chat-admin-whatsapp select') as HTMLSelectElement;
    expect($$(el, 'chat-admin-whatsapp option').map((option) => text(option))).to.deep.equal([
      'Choose a template',
      'order_update (en_US)',
    ]);
    select.value = select.options[1]!.value;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => $$(el, 'chat-admin-whatsapp input').length === 2, 'a field per variable');
    const [first, second] = $$(el, 'chat-admin-whatsapp input') as HTMLInputElement[];
    first!.value = 'Ada';
    first!.dispatchEvent(new Event('input'));
    second!.value = '#1042';
    second!.dispatchEvent(new Event('input'));
    await waitUntil(() => text($(el, 'chat-admin-whatsapp .whatsapp-preview')).includes('#1042'), 'the preview');
    expect(text($(el, 'chat-admin-whatsapp .whatsapp-preview'))).to.match(/Hello Ada, your order #1042 has shipped\./);
    ($(el, 'chat-admin-whatsapp form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.whatsappSent.length === 1, 'the template sent');
    const [conversationId, body] = api.whatsappSent[0]!;
    expect(conversationId).to.equal('c1');
    expect([body.name, body.language, body.values]).to.deep.equal(['order_update', 'en_US', ['Ada', '#1042']]);
    expect(body.id).to.match(/^wt-/);
    await waitUntil(() => $(el, 'chat-admin-whatsapp .said'), 'said');
    expect(text($(el, 'chat-admin-whatsapp .said'))).to.equal('Template order_update sent.');
  });

  it('inside the window: says until when, templates folded away', async () => {
    const { el, api } = await mount([conversation('c1', { channel: 'api' })]);
    api.whatsappConversations.set('c1', whatsappWindow(true));
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-whatsapp .whatsapp-state'), 'the window');
    expect(text($(el, 'chat-admin-whatsapp .whatsapp-state'))).to.match(/^WhatsApp: free replies until /);
    expect(($(el, 'chat-admin-whatsapp details') as HTMLDetailsElement).open).to.equal(false);
    expect($(el, 'chat-admin-whatsapp .whatsapp-failed')).to.equal(null);
  });

  it('shows nothing, and asks nothing, for a conversation of the site’s chat', async () => {
    const { el, api } = await mount([conversation('c1'), conversation('c2', { channel: 'api' })]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-composer'), 'the composer');
    expect(api.requests.some((request) => request.includes('/whatsapp'))).to.equal(false);
    // An API channel's conversation that no WhatsApp number opened: asked, `channelId` null, nothing shown.
    await open(el, 'c2');
    await waitUntil(() => api.requests.some((request) => request.includes('/whatsapp')), 'asked');
    expect($(el, 'chat-admin-whatsapp .whatsapp-window')).to.equal(null);
  });
});
