import { expect } from '@open-wc/testing';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { rule } from './fakes/rules-fake.js';
import { $, $$, settle, showPage, text, waitUntil } from './helpers.js';

// Conversations of a messaging channel (issue #84, ADR 2026-11-30-channel-providers): their kind is `api`, their
// provider names them; the list's badge and the thread's header say the provider's label, views offer the relay's
// providers as channels.

describe('<chat-admin> conversations of messaging providers', () => {
  it('badges a WhatsApp conversation “WhatsApp” in the list and the thread, an API channel’s “API”', async () => {
    const { el, api } = await mount([
      conversation('c1', { channel: 'api', provider: { id: 'whatsapp', label: 'WhatsApp' } }),
      conversation('c2', { channel: 'api' }),
      conversation('c3', { channel: 'api', provider: { id: 'twilio', label: 'SMS' } }),
      conversation('c4'),
    ]);
    api.contactList = api.contactList.map((contact) =>
      contact.id === 'v_c1'
        ? { ...contact, reach: [{ channel: 'whatsapp', label: 'Parley Help', handle: '+15550104477' }] }
        : contact,
    );
    await waitUntil(() => $$(el, '[role=option] .channel').length === 3, 'the channel badges');
    const badge = (id: string) => $(el, `#option-${id} .channel`);
    expect(text(badge('c1'))).to.equal('WhatsApp');
    expect(badge('c1')!.dataset['provider']).to.equal('whatsapp');
    expect(text(badge('c2'))).to.equal('API');
    expect(badge('c2')!.dataset['provider']).to.equal(undefined);
    expect(text(badge('c3'))).to.equal('SMS');
    expect(badge('c4'), 'a chat has no badge').to.equal(null);
    $(el, '#option-c1')!.click();
    await waitUntil(() => $(el, '.conversation-head .channel'), 'the thread’s header');
    expect(text($(el, '.conversation-head .channel'))).to.equal('WhatsApp');
    // The customer's number, with the channel's name and the provider's label.
    await waitUntil(() => $(el, 'chat-admin-reach .reach-handle'), 'the header’s reach');
    expect(text($(el, 'chat-admin-reach .reach-lines'))).to.equal('+15550104477 Parley Help (WhatsApp)');
  });

  it('offers the relay’s providers as a view’s channel, and saves one by its id', async () => {
    const { el, api } = await mount([
      conversation('c1', { channel: 'api', provider: { id: 'whatsapp', label: 'WhatsApp' } }),
    ]);
    await waitUntil(() => $$(el, '.view-tool').length > 0, 'the views’ tools');
    $$(el, '.view-tool')
      .find((button) => text(button).includes('Save view'))!
      .click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the dialog');
    const select = () => $(el, 'dialog select[name=channel]') as HTMLSelectElement;
    await waitUntil(() => select().options.length === 6, 'the providers offered');
    expect([...select().options].map((o) => [o.value, o.text.trim()])).to.deep.equal([
      ['', 'Any'],
      ['chat', 'Chat'],
      ['email', 'Email'],
      ['api', 'API'],
      ['whatsapp', 'WhatsApp'],
      ['twilio', 'SMS'],
    ]);
    select().value = 'whatsapp';
    ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'WhatsApp';
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 1, 'the view saved');
    expect(api.viewCalls[0]![2]).to.deep.include({ name: 'WhatsApp', filter: { status: 'open', channel: 'whatsapp' } });
    await settle(el);
  });

  it('keeps a view’s provider the relay no longer lists, by its id; a relay without the list still offers the kinds', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.conversationChannels = [];
    api.savedViews = [
      {
        id: 'vw_a',
        name: 'Old',
        filter: { channel: 'pigeon' },
        shared: false,
        ownerId: 'staff_1',
        position: 0,
        count: 0,
        createdAt: 0,
        updatedAt: 0,
      },
    ];
    await el.signIn('st_test');
    await waitUntil(() => $$(el, '.saved-view').length === 1, 'the saved view');
    $(el, '#view-vw_a')!.click();
    await settle(el);
    $$(el, '.view-tool')
      .find((button) => button.getAttribute('aria-label') === 'Edit view “Old”')!
      .click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the edit dialog');
    const select = $(el, 'dialog select[name=channel]') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'chat', 'email', 'api', 'pigeon']);
    expect(select.value).to.equal('pigeon');
  });

  it('marks a reply its channel did not deliver, with the reason, from one read for the thread', async () => {
    const { el, api, client } = await mount([
      conversation('c1', { channel: 'api', provider: { id: 'whatsapp', label: 'WhatsApp' }, lastSeq: 4 }),
      conversation('c2'),
    ]);
    api.replyDeliveries.set('c1', [
      { messageId: 'm_c1_2', status: 'sent', error: null, updatedAt: 1 },
      {
        messageId: 'm_c1_3',
        status: 'failed',
        error: 'WhatsApp refused the message: (#131047) Re-engagement message',
        updatedAt: 2,
      },
    ]);
    await open(el, 'c1');
    client.emit('message', live(stored('c1', 1, 'Is my parcel on its way?')));
    client.emit('message', live(stored('c1', 2, 'It left today.', 'staff')));
    client.emit('message', live(stored('c1', 3, 'Are you there?', 'staff')));
    client.emit('message', live(stored('c1', 4, 'A note for the team', 'staff', 'note')));
    const article = (words: string) =>
      [...el.shadowRoot!.querySelectorAll<HTMLElement>('article.msg')].find((each) => text(each).includes(words));
    await waitUntil(() => article('Are you there?')?.querySelector('.reply-failed'), 'the mark, once its chunk is in');
    expect(text(article('Are you there?')!.querySelector('.reply-failed'))).to.equal(
      'Not delivered: WhatsApp refused the message: (#131047) Re-engagement message',
    );
    expect(article('It left today.')!.querySelector('.reply-failed'), 'a reply sent').to.equal(null);
    expect(article('Is my parcel')!.querySelector('chat-admin-reply-delivery'), 'the customer’s').to.equal(null);
    expect(article('A note for the team')!.querySelector('chat-admin-reply-delivery'), 'a note').to.equal(null);
    expect(api.replyDeliveryReads, 'one read for the thread').to.equal(1);
  });

  it('marks nothing in a chat, and reads nothing for it', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 2 })]);
    await open(el, 'c1');
    client.emit('message', live(stored('c1', 2, 'Hello from staff', 'staff')));
    await waitUntil(
      () => [...el.shadowRoot!.querySelectorAll('article.msg')].some((a) => text(a).includes('Hello from staff')),
      'the reply',
    );
    await settle(el);
    expect(el.shadowRoot!.querySelector('chat-admin-reply-delivery')).to.equal(null);
    expect(api.replyDeliveryReads).to.equal(0);
  });

  it('offers the relay’s providers as a rule’s channel, and says a rule’s provider by its label', async () => {
    const { el, api } = await mount();
    api.rulesValue = [
      rule('rl_1', 'WhatsApp first', { conditions: [{ field: 'channel', op: 'is', value: 'whatsapp' }] }),
    ];
    const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
    await waitUntil(() => page.shadowRoot?.querySelector('.rule[data-id=rl_1]'), 'the rules');
    await settle(page);
    expect(text(page.shadowRoot!.querySelector('.rule[data-id=rl_1]'))).to.contain('Channel is WhatsApp');
  });

  it('names the provider as the channel in the print view of an export', async () => {
    const { el, api } = await mount([
      conversation('c1', { channel: 'api', provider: { id: 'whatsapp', label: 'WhatsApp' }, lastSeq: 5 }),
    ]);
    api.exportProviders.set('c1', { id: 'whatsapp', label: 'WhatsApp' });
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-export summary'), 'the Export menu, once its chunk is in');
    ($(el, 'chat-admin-export summary') as HTMLElement).click();
    await waitUntil(() => ($(el, 'chat-admin-export details') as HTMLDetailsElement).open, 'the menu open');
    ($(el, 'chat-admin-export .export-print') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-export iframe.export-print'), 'the print frame');
    const doc = ($(el, 'chat-admin-export iframe.export-print') as HTMLIFrameElement).contentDocument!;
    await waitUntil(() => doc.querySelector('dl.facts'), 'the print view drawn');
    const facts = [...doc.querySelectorAll('dl.facts dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling!.textContent,
    ]);
    expect(facts).to.deep.include(['Channel', 'WhatsApp']);
  });
});
