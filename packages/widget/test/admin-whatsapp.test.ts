import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LocalMessage } from '@parley/sdk';
import { composer, conversation, mount, open } from './admin-fixture.js';
import { whatsappWindow } from './fakes/whatsapp-fake.js';
import { $, $$, text, waitUntil } from './helpers.js';

// WhatsApp's 24-hour window (issue #84): above the composer of a WhatsApp conversation, until when free replies go,
// or why a typed reply cannot be sent (the composer holds Send, saying why), and the number's approved templates to
// send instead.

describe('<chat-admin> WhatsApp window', () => {
  it('outside the window: says why, and sends an approved template with its values (a failed reply is marked in the thread, not here)', async () => {
    const { el, api } = await mount([conversation('c1', { channel: 'api' })]);
    api.whatsappConversations.set('c1', whatsappWindow(false));
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-whatsapp .whatsapp-state'), 'the window, once its chunk is in');
    expect(text($(el, 'chat-admin-whatsapp .whatsapp-state'))).to.match(/Outside WhatsApp’s 24-hour window/);
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

  it('outside the window, Send is off for a reply, saying why; a note still goes', async () => {
    const { el, api, client } = await mount([conversation('c1', { channel: 'api' }), conversation('c2')]);
    api.whatsappConversations.set('c1', whatsappWindow(false));
    await open(el, 'c1');
    const send = () => $(el, '.compose-row button[type=submit]') as HTMLButtonElement;
    await waitUntil(() => send().disabled, 'Send held, once the hold is asked');
    const held = $(el, '#send-held')!;
    expect(text(held)).to.match(/WhatsApp takes free text only within 24 hours.*approved template/);
    expect(held.getAttribute('role')).to.equal('status');
    expect(send().getAttribute('aria-describedby')).to.equal('send-held');
    expect(composer(el).getAttribute('aria-describedby')).to.equal('send-held');
    // The hold and the tool share one read of the window.
    await waitUntil(() => $(el, 'chat-admin-whatsapp .whatsapp-state'), 'the tool');
    const count = (path: string): number => api.requests.filter((request) => request === `GET ${path}`).length;
    expect(count('/conversations/c1/whatsapp')).to.equal(1);

    composer(el).focus();
    await sendKeys({ type: 'Are you still there?' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.sent).to.deep.equal([]);
    expect(composer(el).value, 'the text stays').to.equal('Are you still there?');

    // A note is the team's: it goes.
    el.shadowRoot!.querySelector<HTMLButtonElement>('.modes [aria-keyshortcuts=n]')!.click();
    await el.updateComplete;
    expect(send().disabled).to.equal(false);
    expect($(el, '#send-held')).to.equal(null);
    composer(el).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.sent.length === 1, 'the note sent');
    expect(client.sent[0]!.text).to.equal('Are you still there?');

    // Another conversation, of the site's chat: nothing held.
    await open(el, 'c2');
    el.shadowRoot!.querySelector<HTMLButtonElement>('.modes [aria-keyshortcuts=r]')!.click();
    await el.updateComplete;
    expect(send().disabled).to.equal(false);
    expect($(el, '#send-held')).to.equal(null);
  });

  it('inside the window, Send is on, and held once the window closes while the conversation is open', async () => {
    const { el, api } = await mount([conversation('c1', { channel: 'api' })]);
    const closing = whatsappWindow(true);
    api.whatsappConversations.set('c1', { ...closing, window: { ...closing.window, closesAt: Date.now() + 300 } });
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-whatsapp .whatsapp-state'), 'the window');
    const send = () => $(el, '.compose-row button[type=submit]') as HTMLButtonElement;
    expect(send().disabled).to.equal(false);
    expect($(el, '#send-held')).to.equal(null);
    // The relay says closed from now on: asked again after the window's end, Send is held.
    api.whatsappConversations.set('c1', whatsappWindow(false));
    await waitUntil(() => send().disabled, 'held once the window closed', { timeout: 5000 });
    await waitUntil(
      () => /Outside WhatsApp’s 24-hour window/.test(text($(el, 'chat-admin-whatsapp .whatsapp-state'))),
      'the tool says so too',
      { timeout: 5000 },
    );
  });

  it('a reply the relay refused for the window says why beside its “Not sent”', async () => {
    const { el, api, client } = await mount([conversation('c1', { channel: 'api' })]);
    api.whatsappConversations.set('c1', whatsappWindow(true));
    await open(el, 'c1');
    const message = await client.send('Just as it closed', { conversationId: 'c1' });
    const held = client.messages('c1').find((m) => m.clientId === message.clientId)! as LocalMessage;
    held.status = 'failed';
    held.error = {
      code: 'reply_window_closed',
      message: 'Outside WhatsApp’s 24-hour customer service window: only an approved template can be sent.',
    };
    client.emit('messageStatus', { message: held, previous: 'queued' });
    await waitUntil(() => $(el, '.msg.staff chat-admin-whatsapp-refused .whatsapp-refused'), 'the reason');
    expect(text($(el, '.msg.staff .status'))).to.equal('Not sent');
    expect(text($(el, '.msg.staff .whatsapp-refused'))).to.equal(
      'Outside WhatsApp’s 24-hour customer service window: only an approved template can be sent.',
    );
    // Another refusal shows no such reason.
    held.error = { code: 'content_refused', message: 'Refused.' };
    client.emit('messageStatus', { message: held, previous: 'failed' });
    await waitUntil(() => !$(el, '.msg.staff chat-admin-whatsapp-refused'), 'gone');
  });
});
