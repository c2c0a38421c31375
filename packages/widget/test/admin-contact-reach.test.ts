import { expect } from '@open-wc/testing';
import { conversation, mount, open } from './admin-fixture.js';
import { $, text, waitUntil } from './helpers.js';

// Issue #81: an API channel's contact is reached at a handle (+15550001111) the inbox never showed. The relay's
// contact carries `reach` (lines channel features declare); the visitor panel and the thread's header show them.

const reach = [{ channel: 'api', label: 'Twilio SMS', handle: '+15550001111' }];

describe('<chat-admin> where a contact is reached', () => {
  it('shows an API channel’s handle in the header and the visitor panel; a chat visitor shows none', async () => {
    const { el, api } = await mount([conversation('c1', { channel: 'api' }), conversation('c2')]);
    api.contactList = api.contactList.map((contact) => (contact.id === 'v_c1' ? { ...contact, reach } : contact));
    await open(el, 'c1');

    await waitUntil(() => $(el, 'chat-admin-reach .reach-handle'), 'the header’s reach, once its chunk is in');
    expect(text($(el, 'chat-admin-reach .thread-reach > .muted'))).to.equal('Reached at');
    expect(text($(el, 'chat-admin-reach .reach-handle'))).to.equal('+15550001111');
    expect(text($(el, 'chat-admin-reach .reach-lines .muted'))).to.equal('Twilio SMS (API)');
    // A phone number reads left to right in a right-to-left inbox too.
    expect($(el, 'chat-admin-reach .reach-handle')!.getAttribute('dir')).to.equal('ltr');

    await waitUntil(() => $(el, 'chat-admin-contact-card .contact-reach'), 'the visitor panel’s reach');
    expect(text($(el, '#contact-reach-title'))).to.equal('Reached at');
    expect(text($(el, 'chat-admin-contact-card .reach-handle'))).to.equal('+15550001111');
    expect(text($(el, 'chat-admin-contact-card .reach-lines .muted'))).to.equal('Twilio SMS (API)');

    // A chat conversation: its visitor is reached by the chat alone, and the header reads no contact for it.
    const before = api.requests.filter((request) => request === 'GET /contacts/v_c2').length;
    await open(el, 'c2');
    await waitUntil(() => text($(el, '#conversation-title')) === 'Visitor c2', 'the chat conversation');
    await waitUntil(() => $(el, 'chat-admin-contact-card') && !$(el, 'chat-admin-contact-card .contact-reach'), 'c2');
    expect($(el, 'chat-admin-reach .thread-reach')).to.equal(null);
    // The card reads the contact for its notes; the header does not read it again.
    expect(api.requests.filter((request) => request === 'GET /contacts/v_c2').length - before).to.be.at.most(1);
  });
});
