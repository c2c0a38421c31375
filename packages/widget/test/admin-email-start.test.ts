import { expect } from '@open-wc/testing';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, mount } from './admin-fixture.js';
import { $, text, waitUntil } from './helpers.js';

// Starting a conversation by email (issue #84): a list action above the conversation list. The relay finds or makes
// the contact, opens the conversation and emails it; the inbox asks, says a refusal, and opens what was started.

function fill(el: HTMLElement, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const field = $(el, `chat-admin-email-start [name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement;
    field.value = value;
  }
}

describe('<chat-admin> new email', () => {
  it('starts a conversation from a chosen address, and opens it', async () => {
    const { el, api } = await mount([conversation('c1')]);
    api.emailSenders = [
      { address: 'desk@team.example', name: 'Team', kind: 'mailbox' },
      { address: 'help@shop.example', name: null, kind: 'support' },
    ];
    api.conversationsById.set('ce_1', conversation('ce_1', { visitor: { ...conversation('x').visitor, name: 'Max' } }));
    await waitUntil(() => $(el, 'chat-admin-email-start summary'), 'the New email action, once its chunk is in');
    expect(text($(el, 'chat-admin-email-start summary'))).to.equal('New email');
    ($(el, 'chat-admin-email-start summary') as HTMLElement).click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('chat-admin-email-start option').length === 2, 'the senders');
    const options = [...el.shadowRoot!.querySelectorAll('chat-admin-email-start option')].map((o) => text(o));
    expect(options).to.deep.equal(['desk@team.example (mailbox)', 'help@shop.example (support address)']);
    ($(el, 'chat-admin-email-start select') as HTMLSelectElement).value = 'help@shop.example';
    fill(el, { to: 'max@customer.example', name: 'Max', subject: 'Your quote', text: 'Here it is.' });
    ($(el, 'chat-admin-email-start form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => el.shadowRoot!.querySelector('chat-admin-thread')?.textContent?.includes('Max'), 'opened');
    expect(api.emailStarts).to.have.length(1);
    const { id, ...sent } = api.emailStarts[0]!;
    expect(id).to.match(/^[0-9a-v]{26}$/);
    expect(sent).to.deep.equal({
      from: 'help@shop.example',
      to: 'max@customer.example',
      name: 'Max',
      subject: 'Your quote',
      text: 'Here it is.',
    });
    expect(($(el, 'chat-admin-email-start details') as HTMLDetailsElement).open).to.equal(false);
  });

  it('says the relay’s refusal and keeps what was typed; a retry carries the same id', async () => {
    const { el, api } = await mount([conversation('c1')]);
    api.emailSenders = [{ address: 'desk@team.example', name: null, kind: 'mailbox' }];
    await waitUntil(() => $(el, 'chat-admin-email-start summary'), 'the action');
    ($(el, 'chat-admin-email-start summary') as HTMLElement).click();
    await waitUntil(() => $(el, 'chat-admin-email-start option'), 'the senders');
    fill(el, { to: 'max@customer.example', subject: 'Hello', text: 'Hi.' });
    api.emailStartRefusal = new AdminApiError('bad_request', 'Invalid body.to: one of the site’s own addresses.', 400);
    ($(el, 'chat-admin-email-start form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => $(el, 'chat-admin-email-start [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-email-start [role=alert]'))).to.equal(
      'Invalid body.to: one of the site’s own addresses.',
    );
    expect(($(el, 'chat-admin-email-start [name="subject"]') as HTMLInputElement).value).to.equal('Hello');
    api.emailStartRefusal = undefined;
    ($(el, 'chat-admin-email-start form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.emailStarts.length === 2, 'the retry');
    expect(api.emailStarts[1]!.id).to.equal(api.emailStarts[0]!.id);
  });

  it('says there is nothing to send from while the site has no address', async () => {
    const { el } = await mount([conversation('c1')]);
    await waitUntil(() => $(el, 'chat-admin-email-start summary'), 'the action');
    ($(el, 'chat-admin-email-start summary') as HTMLElement).click();
    await waitUntil(() => $(el, 'chat-admin-email-start .muted'), 'the words');
    expect(text($(el, 'chat-admin-email-start .muted'))).to.match(/no address to send from yet/);
    expect($(el, 'chat-admin-email-start form')).to.equal(null);
  });
});
