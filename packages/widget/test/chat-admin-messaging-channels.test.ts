import { expect } from '@open-wc/testing';
import type { MessagingChannel } from '@parley/protocol/admin';
import { mount } from './admin-fixture.js';
import { FAKE_TELEGRAM_TOKEN } from './fakes/messaging-channels-fake.js';
import { $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The messaging channels page of <chat-admin> (issue #84), against the fake admin API, in Chromium.

function channel(id: string, overrides: Partial<MessagingChannel> = {}): MessagingChannel {
  return {
    id,
    provider: 'telegram',
    name: `Bot ${id}`,
    account: `@bot_${id}`,
    webhookUrl: `https://chat.example.com/v1/channels/telegram/${id}/webhook`,
    createdAt: Date.now() - 60_000,
    ...overrides,
  };
}

async function openPage(channels: MessagingChannel[] = []) {
  const setup = await mount(undefined, false);
  setup.api.messagingChannelList = channels;
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Messaging channels', 'chat-admin-messaging-channels');
  await waitUntil(() => page.shadowRoot?.querySelector('form.connect'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

describe('<chat-admin> messaging channels page', () => {
  it('is a settings page for admins only', async () => {
    const agent = await mount(undefined, false);
    agent.api.role = 'agent';
    await agent.el.signIn('st_test_token_0123456789');
    await settle(agent.el);
    expect($$(agent.el, '.topbar nav button').map(text)).to.include('Settings');
    expect((await settingsLinks(agent.el)).map(text)).to.not.include('Messaging channels');
  });

  it('connects a Telegram bot by its token, typed masked, and keeps no trace of it once connected', async () => {
    const { api, page, root } = await openPage();
    const form = root.querySelector('form.connect[data-provider=telegram]') as HTMLFormElement;
    expect(text(form.querySelector('h2'))).to.equal('Connect a Telegram bot');
    const token = form.querySelector('#connect-telegram-token') as HTMLInputElement;
    expect(token.type).to.equal('password');
    expect(text(form.querySelector('label[for=connect-telegram-token]'))).to.equal('Bot token');
    expect(text(form)).to.contain('never shown again');
    expect(text(form.querySelector('details.setup-guide'))).to.contain('@BotFather');
    expect(root.textContent).to.contain('No messaging channels yet.');

    // A token Telegram refuses: the reason is said beside the button, the field keeps what was typed to be corrected.
    token.value = '1:wrong';
    const connect = form.querySelector('button[type=submit]') as HTMLButtonElement;
    // Focused as a click focuses it: the outcome is said beside the form's button.
    connect.focus();
    connect.click();
    await waitUntil(() => text(form.querySelector('.save-state.error')) !== '', 'the refusal');
    expect(text(form.querySelector('.save-state.error'))).to.contain('The token was refused by Telegram');
    expect(api.messagingChannelList).to.have.length(0);

    token.value = FAKE_TELEGRAM_TOKEN;
    (form.querySelector('#connect-telegram-name') as HTMLInputElement).value = 'Help desk';
    connect.focus();
    connect.click();
    await waitUntil(() => api.messagingChannelList.length === 1, 'the channel');
    await settle(page);
    expect(api.messagingCredentials.at(-1)).to.deep.equal({ token: FAKE_TELEGRAM_TOKEN });
    expect(api.messagingChannelList[0]).to.include({ provider: 'telegram', name: 'Help desk' });
    expect(token.value).to.equal('', 'the token leaves the page');
    expect(text(form.querySelector('.save-state[role=status]'))).to.equal('Help desk is connected.');
    const item = root.querySelector('[data-id=mch_1]')!;
    expect(text(item)).to.contain('Telegram · @parley_help_bot');
    expect(text(item)).to.contain('/v1/channels/telegram/mch_1/webhook');
    expect(root.textContent).to.not.contain(FAKE_TELEGRAM_TOKEN.split(':')[1]);
  });

  it('removes a channel after a confirmation', async () => {
    const { api, page, root } = await openPage([channel('mch_7'), channel('mch_8')]);
    expect($$(page, '.channel').length).to.equal(2);
    (root.querySelector('[data-id=mch_7] .delete') as HTMLButtonElement).click();
    await settle(page);
    let dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('Bot mch_7');
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await settle(page);
    expect(api.messagingChannelList).to.have.length(2);
    (root.querySelector('[data-id=mch_7] .delete') as HTMLButtonElement).click();
    await settle(page);
    dialog = root.querySelector('dialog')!;
    expect(text(dialog)).to.contain('conversations stay in the inbox');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await waitUntil(() => api.messagingChannelList.length === 1, 'the removal');
    await settle(page);
    expect(root.querySelector('[data-id=mch_7]')).to.equal(null);
    expect(root.querySelector('[data-id=mch_8]')).to.exist;
  });
});
