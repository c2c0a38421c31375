import { expect } from '@open-wc/testing';
import type { ApiChannel } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The API channels page of <chat-admin>, against the fake admin API, in Chromium.

function channel(id: string, overrides: Partial<ApiChannel> = {}): ApiChannel {
  return {
    id,
    name: `Channel ${id}`,
    webhookUrl: `https://bridge.example.com/${id}`,
    createdAt: Date.now() - 60_000,
    tokenRotatedAt: null,
    ...overrides,
  };
}

async function openPage(channels: ApiChannel[] = []) {
  const setup = await mount(undefined, false);
  setup.api.apiChannelList = channels;
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'API channels', 'chat-admin-api-channels');
  await waitUntil(() => page.shadowRoot?.querySelector('#channels-title'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

/** Replaces the clipboard's `writeText` for the test: what was copied. */
function spyClipboard(): { copied: string[]; restore(): void } {
  const copied: string[] = [];
  const clipboard = navigator.clipboard as Clipboard & { writeText: Clipboard['writeText'] };
  Object.defineProperty(clipboard, 'writeText', {
    configurable: true,
    value: async (value: string) => void copied.push(value),
  });
  return { copied, restore: () => delete (clipboard as { writeText?: unknown }).writeText };
}

describe('<chat-admin> API channels page', () => {
  it('is a settings page for admins only', async () => {
    const agent = await mount(undefined, false);
    agent.api.role = 'agent';
    await agent.el.signIn('st_test_token_0123456789');
    await settle(agent.el);
    expect($$(agent.el, '.topbar nav button').map(text)).to.include('Settings');
    expect((await settingsLinks(agent.el)).map(text)).to.not.include('API channels');
  });

  it('adds a channel and shows its token and secret once, each with a copy button', async () => {
    const clipboard = spyClipboard();
    try {
      const { api, page, root } = await openPage();
      expect(text(root.querySelector('.card .muted'))).to.contain('webhook');
      expect(root.textContent).to.contain('No API channels yet.');
      expect(root.querySelector('label[for=channel-name]')).to.exist;
      expect(root.querySelector('label[for=channel-webhook]')).to.exist;
      (root.querySelector('#channel-name') as HTMLInputElement).value = 'SMS';
      (root.querySelector('#channel-webhook') as HTMLInputElement).value = 'https://bridge.example.com/parley';
      (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
      await waitUntil(() => api.apiChannelList.length === 1, 'the channel');
      await settle(page);
      expect(api.apiChannelList[0]).to.include({ name: 'SMS', webhookUrl: 'https://bridge.example.com/parley' });
      const once = root.querySelector('.once') as HTMLElement;
      expect(text(once.querySelector('code.token'))).to.equal('pac_shown_once_1');
      expect(text(once.querySelector('code.secret'))).to.equal('whsec_channel_secret_0123456789');
      expect(text(once)).to.contain('only time it is shown');
      expect(root.activeElement).to.equal(once, 'focus moves to what is shown once');
      expect(text(root.querySelector('[data-id=ach_1]'))).to.contain('https://bridge.example.com/parley');

      (once.querySelector('.copy-token') as HTMLButtonElement).click();
      await waitUntil(() => clipboard.copied.length === 1, 'the token copied');
      (once.querySelector('.copy-secret') as HTMLButtonElement).click();
      await waitUntil(() => clipboard.copied.length === 2, 'the secret copied');
      expect(clipboard.copied).to.deep.equal(['pac_shown_once_1', 'whsec_channel_secret_0123456789']);
      await settle(page);
      expect(text(once.querySelector('[role=status]'))).to.equal('Copied');

      (once.querySelector('.dismiss') as HTMLButtonElement).click();
      await settle(page);
      expect(root.querySelector('.once')).to.equal(null);
      expect(root.textContent).to.not.contain('pac_shown_once');
      expect(root.textContent).to.not.contain('whsec_channel_secret');
    } finally {
      clipboard.restore();
    }
  });

  it('says why a channel was refused, and adds nothing', async () => {
    const { api, page, root } = await openPage();
    (root.querySelector('#channel-name') as HTMLInputElement).value = 'SMS';
    (root.querySelector('#channel-webhook') as HTMLInputElement).value = 'http://10.0.0.1/';
    (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await settle(page);
    await waitUntil(() => root.querySelector('[role=alert]'), 'the refusal');
    expect(text(root.querySelector('[role=alert]'))).to.contain('Invalid body.webhookUrl');
    expect(api.apiChannelList).to.have.length(0);
    expect(root.querySelector('.once')).to.equal(null);
  });

  it('replaces a token after a confirmation, showing the new one once (no secret), and deletes a channel', async () => {
    const { api, page, root } = await openPage([channel('ach_1'), channel('ach_2')]);
    expect(root.querySelectorAll('.channel')).to.have.length(2);
    (root.querySelector('[data-id=ach_1] .rotate') as HTMLButtonElement).click();
    await settle(page);
    let dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('Channel ach_1');
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await waitUntil(
      () => root.activeElement === root.querySelector('[data-id=ach_1] .rotate'),
      'focus back on the rotate button',
    );
    expect(api.apiChannelTokens).to.equal(0, 'cancel replaces nothing');

    (root.querySelector('[data-id=ach_1] .rotate') as HTMLButtonElement).click();
    await settle(page);
    (root.querySelector('dialog .confirm') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('.once'), 'the new token');
    await settle(page);
    const once = root.querySelector('.once') as HTMLElement;
    expect(text(once.querySelector('code.token'))).to.equal('pac_shown_once_1');
    expect(once.querySelector('code.secret')).to.equal(null);
    expect(once.querySelector('.copy-secret')).to.equal(null);
    expect(text(root.querySelector('[data-id=ach_1]'))).to.contain('token replaced');

    (root.querySelector('[data-id=ach_1] .delete') as HTMLButtonElement).click();
    await settle(page);
    dialog = root.querySelector('dialog')!;
    expect(text(dialog)).to.contain('conversations stay in the inbox');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await waitUntil(() => api.apiChannelList.length === 1, 'the deletion');
    await settle(page);
    expect(api.apiChannelList.map((item) => item.id)).to.deep.equal(['ach_2']);
    expect(root.querySelectorAll('.channel')).to.have.length(1);
    expect(root.querySelector('.once')).to.equal(null, 'the deleted channel’s token is no longer shown');
  });
});
