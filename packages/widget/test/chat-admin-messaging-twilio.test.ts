import { expect } from '@open-wc/testing';
import { mount } from './admin-fixture.js';
import { FAKE_TWILIO_AUTH_TOKEN } from './fakes/messaging-channels-fake.js';
import { settle, showPage, text, waitUntil } from './helpers.js';

// The messaging channels page connecting a Twilio number (issue #84, SMS), against the fake admin API, in Chromium.

const ACCOUNT = `AC${'1a'.repeat(16)}`;

async function openPage() {
  const setup = await mount(undefined, false);
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Messaging channels', 'chat-admin-messaging-channels');
  await waitUntil(() => page.shadowRoot?.querySelector('form.connect[data-provider=twilio]'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

describe('<chat-admin> messaging channels page: a Twilio number', () => {
  it('asks for the keys (the Auth Token masked, the rest shown), the Messaging Service optional', async () => {
    const { root } = await openPage();
    const form = root.querySelector('form.connect[data-provider=twilio]') as HTMLFormElement;
    expect(text(form.querySelector('h2'))).to.equal('Connect a Twilio number (SMS)');
    const input = (name: string) => form.querySelector(`#connect-twilio-${name}`) as HTMLInputElement;
    expect(input('accountSid').type).to.equal('text');
    expect(input('authToken').type).to.equal('password');
    expect(input('phoneNumber').type).to.equal('text');
    expect(input('messagingServiceSid').type).to.equal('text');
    expect([input('accountSid'), input('authToken'), input('phoneNumber')].every((i) => i.required)).to.equal(true);
    expect(input('messagingServiceSid').required).to.equal(false);
    expect(text(form.querySelector('details.setup-guide'))).to.contain('A message comes in');
  });

  it('connects a number, leaves an empty Messaging Service out, and says where to paste the webhook', async () => {
    const { api, page, root } = await openPage();
    const form = root.querySelector('form.connect[data-provider=twilio]') as HTMLFormElement;
    const input = (name: string) => form.querySelector(`#connect-twilio-${name}`) as HTMLInputElement;
    input('accountSid').value = ACCOUNT;
    input('authToken').value = 'ff'.repeat(16);
    input('phoneNumber').value = '+15550006666';
    const connect = form.querySelector('button[type=submit]') as HTMLButtonElement;
    connect.focus();
    connect.click();
    await waitUntil(() => text(form.querySelector('.save-state.error')) !== '', 'the refusal');
    expect(text(form.querySelector('.save-state.error'))).to.contain('The credentials were refused by Twilio');
    expect(api.messagingChannelList).to.have.length(0);

    input('authToken').value = FAKE_TWILIO_AUTH_TOKEN;
    connect.focus();
    connect.click();
    await waitUntil(() => api.messagingChannelList.length === 1, 'the channel');
    await settle(page);
    expect(api.messagingCredentials.at(-1)).to.deep.equal({
      accountSid: ACCOUNT,
      authToken: FAKE_TWILIO_AUTH_TOKEN,
      phoneNumber: '+15550006666',
    });
    expect(input('authToken').value).to.equal('', 'the Auth Token leaves the page');
    const item = root.querySelector('[data-id=mch_1]')!;
    expect(text(item)).to.contain('SMS (Twilio) · +15550006666');
    expect(text(item)).to.contain('/v1/channels/twilio/mch_1/webhook');
    expect(text(item.querySelector('.webhook-hint'))).to.contain(
      '“A message comes in” to Webhook, this address, HTTP POST',
    );
    expect(root.textContent).to.not.contain(FAKE_TWILIO_AUTH_TOKEN);
  });
});
