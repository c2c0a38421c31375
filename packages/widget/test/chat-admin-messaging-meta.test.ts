import { expect } from '@open-wc/testing';
import type { MessagingProviderInfo } from '@parley/protocol/admin';
import { mount } from './admin-fixture.js';
import { FAKE_META_TOKEN } from './fakes/messaging-channels-fake.js';
import { settle, showPage, text, waitUntil } from './helpers.js';

// The messaging channels page connecting a Facebook Page (Messenger) and an Instagram account (issue #84), against
// the fake admin API, in Chromium: the relay's providers as it lists them, each with its own form and setup guide.

const field = (name: string, label: string, secret = true) => ({
  name,
  label,
  description: `${label}, from Meta’s app dashboard.`,
  ...(secret ? {} : { secret: false }),
});
const META: MessagingProviderInfo[] = [
  {
    id: 'messenger',
    label: 'Messenger',
    setup:
      'In Meta’s developer dashboard, create a Business app and add the Messenger product. Then, under Webhooks, set the callback URL to the channel’s webhook address and subscribe to messages, messaging_postbacks, message_deliveries and message_reads.',
    fields: [
      field('pageId', 'Page ID', false),
      field('accessToken', 'Page access token'),
      field('appSecret', 'App secret'),
      field('verifyToken', 'Verify token'),
    ],
  },
  {
    id: 'instagram',
    label: 'Instagram',
    setup:
      'Make the Instagram account a professional account, link it to a Facebook Page, and allow access to messages. Then choose the Instagram object under Webhooks and subscribe to messages and messaging_seen.',
    fields: [
      field('pageId', 'Facebook Page ID', false),
      field('instagramAccountId', 'Instagram account ID', false),
      field('accessToken', 'Page access token'),
      field('appSecret', 'App secret'),
      field('verifyToken', 'Verify token'),
    ],
  },
];

async function openPage() {
  const setup = await mount(undefined, false);
  setup.api.messagingProviders = [...setup.api.messagingProviders, ...META];
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Messaging channels', 'chat-admin-messaging-channels');
  await waitUntil(() => page.shadowRoot?.querySelector('form.connect[data-provider=instagram]'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

describe('<chat-admin> messaging channels page: Messenger and Instagram', () => {
  it('lists both after the relay’s other providers, each with its form, its secrets masked, and its setup guide', async () => {
    const { root } = await openPage();
    expect([...root.querySelectorAll('form.connect')].map((form) => form.getAttribute('data-provider'))).to.deep.equal([
      'telegram',
      'twilio',
      'messenger',
      'instagram',
    ]);
    const messenger = root.querySelector('form.connect[data-provider=messenger]')!;
    const instagram = root.querySelector('form.connect[data-provider=instagram]')!;
    expect(text(messenger.querySelector('h2'))).to.equal('Connect a Facebook Page (Messenger)');
    expect(text(instagram.querySelector('h2'))).to.equal('Connect an Instagram account');
    const type = (form: Element, name: string) => (form.querySelector(`[id$=-${name}]`) as HTMLInputElement).type;
    expect(['pageId', 'accessToken', 'appSecret', 'verifyToken'].map((name) => type(messenger, name))).to.deep.equal([
      'text',
      'password',
      'password',
      'password',
    ]);
    expect(type(instagram, 'instagramAccountId')).to.equal('text');
    expect(text(messenger.querySelector('details.setup-guide'))).to.contain('message_deliveries');
    expect(text(instagram.querySelector('details.setup-guide'))).to.contain('messaging_seen');
  });

  it('connects an Instagram account: a refusal said beside the button, then the channel listed and the token gone', async () => {
    const { api, page, root } = await openPage();
    const form = root.querySelector('form.connect[data-provider=instagram]') as HTMLFormElement;
    const input = (name: string) => form.querySelector(`#connect-instagram-${name}`) as HTMLInputElement;
    input('pageId').value = '104567890123499';
    input('instagramAccountId').value = '17841405822304914';
    input('accessToken').value = 'EAAGwrongTOKEN000000000000000';
    input('appSecret').value = 'ab'.repeat(16);
    input('verifyToken').value = 'instagram-verify-phrase';
    const connect = form.querySelector('button[type=submit]') as HTMLButtonElement;
    connect.focus();
    connect.click();
    await waitUntil(() => text(form.querySelector('.save-state.error')) !== '', 'the refusal');
    expect(text(form.querySelector('.save-state.error'))).to.contain('The token was refused by Instagram');
    expect(api.messagingChannelList).to.have.length(0);

    input('accessToken').value = FAKE_META_TOKEN;
    connect.focus();
    connect.click();
    await waitUntil(() => api.messagingChannelList.length === 1, 'the channel');
    await settle(page);
    expect(api.messagingCredentials.at(-1)).to.deep.equal({
      pageId: '104567890123499',
      instagramAccountId: '17841405822304914',
      accessToken: FAKE_META_TOKEN,
      appSecret: 'ab'.repeat(16),
      verifyToken: 'instagram-verify-phrase',
    });
    expect(input('accessToken').value).to.equal('', 'the token leaves the page');
    const item = root.querySelector('[data-id=mch_1]')!;
    expect(text(item)).to.contain('Instagram · @parley.shop');
    expect(text(item)).to.contain('/v1/channels/instagram/mch_1/webhook');
    expect(root.textContent).to.not.contain(FAKE_META_TOKEN);
  });
});
