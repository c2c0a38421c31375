import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import type { PushEnvironment, PushSubscriptionLike } from '../src/chat-admin/browser-push.js';
import type { ChatAdminNotifications } from '../src/chat-admin/chat-admin-notifications.component.js';
import { PUSH_KEY, TOKEN, mount } from './admin-fixture.js';
import { $$, showPage, text } from './helpers.js';

async function openNotifications(el: ChatAdmin): Promise<ShadowRoot> {
  // The page comes in a chunk of its own, fetched the first time it is shown.
  const panel = await showPage(el, 'Email notifications', 'chat-admin-notifications');
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

  it('turns browser push on and off for this browser, from the keyboard', async () => {
    const { el, api } = await mount();
    const root = await openNotifications(el);
    const panel = root.host as ChatAdminNotifications;
    const calls: string[] = [];
    let permission: NotificationPermission = 'default';
    let subscription: PushSubscriptionLike | null = null;
    const keyBytes = Uint8Array.from(atob(PUSH_KEY.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const fake: PushEnvironment = {
      supported: true,
      permission: () => permission,
      requestPermission: async () => {
        calls.push('permission');
        permission = 'granted';
        return permission;
      },
      pushManager: async () => ({
        getSubscription: async () => subscription,
        subscribe: async (options) => {
          calls.push(`subscribe ${options.applicationServerKey === PUSH_KEY} ${options.userVisibleOnly}`);
          subscription = {
            endpoint: 'https://push.example/send/abc',
            options: { applicationServerKey: keyBytes.buffer },
            toJSON: () => ({ endpoint: 'https://push.example/send/abc', keys: { p256dh: 'P256', auth: 'AUTH' } }),
            unsubscribe: async () => {
              calls.push('unsubscribe');
              subscription = null;
              return true;
            },
          };
          return subscription;
        },
      }),
    };
    panel.pushEnvironment = fake;
    await panel.load();
    await waitUntil(() => root.querySelector('#push-toggle'), 'the push switch');
    expect(text(root.querySelector('#push-state')!)).to.equal('Off on this browser.');
    const toggle = root.querySelector('#push-toggle') as HTMLButtonElement;
    expect(text(toggle)).to.equal('Turn on for this browser');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(root.querySelector('#push-state')!) === 'On for this browser.', 'push on');
    expect(calls).to.deep.equal(['permission', 'subscribe true true']);
    expect(api.pushSubscriptions).to.deep.equal([
      { endpoint: 'https://push.example/send/abc', keys: { p256dh: 'P256', auth: 'AUTH' } },
    ]);

    // Opening the page again saves the subscription again (the relay may have forgotten it).
    api.pushSubscriptions = [];
    await panel.load();
    await waitUntil(() => api.pushSubscriptions.length === 1, 'saved again');

    (root.querySelector('#push-toggle') as HTMLButtonElement).click();
    await waitUntil(() => text(root.querySelector('#push-state')!) === 'Off on this browser.', 'push off');
    expect(calls.at(-1)).to.equal('unsubscribe');
    expect(api.pushSubscriptions).to.deep.equal([]);
  });

  it('says when this browser cannot get pushes, or has blocked them, and offers no switch', async () => {
    const { el } = await mount();
    const root = await openNotifications(el);
    const panel = root.host as ChatAdminNotifications;
    const none = async () => {
      throw new Error('not asked');
    };
    panel.pushEnvironment = { supported: true, permission: () => 'denied', requestPermission: none, pushManager: none };
    await panel.load();
    await waitUntil(() => text(root.querySelector('#push-state')!).startsWith('Notifications are blocked'), 'blocked');
    expect(root.querySelector('#push-toggle')).to.equal(null);
    panel.pushEnvironment = {
      supported: false,
      permission: () => 'default',
      requestPermission: none,
      pushManager: none,
    };
    await panel.load();
    await waitUntil(() => text(root.querySelector('#push-state')!).startsWith('This browser cannot'), 'unsupported');
    expect(root.querySelector('#push-toggle')).to.equal(null);
  });
});
