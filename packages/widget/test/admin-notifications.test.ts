import { expect, waitUntil } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { TOKEN, mount } from './admin-fixture.js';
import { $$, showPage, text } from './helpers.js';

async function openNotifications(el: ChatAdmin): Promise<ShadowRoot> {
  // The page comes in a chunk of its own, fetched the first time it is shown.
  const panel = await showPage(el, 'Email', 'chat-admin-notifications');
  await waitUntil(() => panel.shadowRoot?.querySelector('input[name=email]'), 'the notifications page');
  return panel.shadowRoot!;
}

describe('<chat-admin> email notifications', () => {
  it('lets the signed-in member set their address and turn notifications on', async () => {
    const { el, api } = await mount();
    const panel = await openNotifications(el);
    expect(text(panel.querySelector('h2')!)).to.equal('Email notifications');
    const email = panel.querySelector('input[name=email]') as HTMLInputElement;
    const notify = panel.querySelector('input[name=notify]') as HTMLInputElement;
    expect(email.value).to.equal('');
    expect(notify.checked).to.equal(false);

    notify.checked = true;
    (panel.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => panel.querySelector('[role=alert]'), 'the refusal');
    expect(text(panel.querySelector('[role=alert]')!)).to.contain('Enter your email');
    expect(api.notificationPatches).to.deep.equal([]);

    email.value = ' ada@example.com ';
    (panel.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => panel.querySelector('[role=status]'), 'saved');
    expect(api.notificationPatches).to.deep.equal([{ email: 'ada@example.com', notify: true }]);
    expect(panel.querySelector('[role=alert]')).to.equal(null);
  });

  it('shows what is set, and is there for agents too', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    api.notificationSettings = { email: 'sam@example.com', notify: true };
    await el.signIn(TOKEN);
    await waitUntil(() => $$(el, '.topbar nav button').length > 0, 'the top bar');
    const panel = await openNotifications(el);
    await waitUntil(() => (panel.querySelector('input[name=email]') as HTMLInputElement).value !== '', 'the settings');
    expect((panel.querySelector('input[name=email]') as HTMLInputElement).value).to.equal('sam@example.com');
    expect((panel.querySelector('input[name=notify]') as HTMLInputElement).checked).to.equal(true);
  });
});
