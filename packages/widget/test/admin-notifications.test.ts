import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import type { PushEnvironment, PushSubscriptionLike } from '../src/chat-admin/pages/notifications/browser-push.js';
import type { ChatAdminNotifications } from '../src/chat-admin/pages/notifications/chat-admin-notifications.component.js';
import {
  CLEAR_NOTIFICATIONS,
  OPEN_CONVERSATION,
  READ_ELSEWHERE_TAG,
  clearRequestFrom,
  closedByRead,
  openConversationHash,
} from '../src/chat-admin/open-conversation.js';
import { PUSH_KEY, TOKEN, mount } from './admin-fixture.js';
import { FakeAuth, session } from './auth-fixture.js';
import { $, $$, settle, showPage, text, waitUntil } from './helpers.js';

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

    // Submitted from its button, as a user does: the outcome is said beside it.
    const save = panel.querySelector('form button[type=submit]') as HTMLButtonElement;
    const said = (role: string) => text(panel.querySelector(`form .actions [role=${role}]`));
    notify.checked = true;
    save.focus();
    save.click();
    await waitUntil(() => said('alert'), 'the refusal');
    expect(said('alert')).to.contain('Enter your email');
    expect(api.notificationPatches).to.deep.equal([]);

    email.value = ' ada@example.com ';
    save.click();
    await waitUntil(() => said('status'), 'saved');
    expect(api.notificationPatches).to.deep.equal([{ email: 'ada@example.com', notify: true }]);
    expect(said('alert')).to.equal('');
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

describe('<chat-admin> a clicked push notification opens its conversation', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', location.pathname + location.search);
  });
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  const selected = (el: ChatAdmin) => $(el, '[aria-selected=true]')?.id;
  /** What the inbox's service worker posts to an open inbox window (src/admin-sw.ts). */
  const fromWorker = (data: unknown) => navigator.serviceWorker.dispatchEvent(new MessageEvent('message', { data }));

  it('an open inbox shows the conversation the worker names, from any page, with the composer focused', async () => {
    const { el } = await mount(undefined, true, { hash: true });
    await showPage(el, 'Email notifications', 'chat-admin-notifications');
    fromWorker({ type: OPEN_CONVERSATION, conversationId: 'c2' });
    await waitUntil(() => selected(el) === 'option-c2', 'the conversation opened');
    await customElements.whenDefined('chat-admin-composer'); // its chunk
    await settle(el);
    expect(text($(el, '.topbar nav button[aria-current=page]')!)).to.equal('Inbox');
    expect(el.shadowRoot!.activeElement?.id).to.equal('composer-input');
  });

  it('ignores messages that are not the worker’s to open a conversation, or name a malformed id', async () => {
    const { el } = await mount(undefined, true, { hash: true });
    for (const data of [
      { type: 'other', conversationId: 'c2' },
      { type: OPEN_CONVERSATION, conversationId: '../c2' },
      { type: OPEN_CONVERSATION, conversationId: 'c2', siteId: 42 },
      'c2',
      null,
    ])
      fromWorker(data);
    await settle(el);
    expect(selected(el)).to.equal(undefined);
  });

  it('a new inbox window reads the conversation from its address once signed in, and keeps it as its address', async () => {
    history.replaceState(null, '', openConversationHash({ type: OPEN_CONVERSATION, conversationId: 'c3' }));
    const { el } = await mount(undefined, true, { hash: true });
    await waitUntil(() => selected(el) === 'option-c3', 'the conversation opened');
    // One scheme (issue #36): the fragment is the open conversation's address, with its site.
    await waitUntil(() => location.hash === '#conversation=c3&site=s1', 'the conversation’s address');
  });

  it('keeps the open conversation in the address, so a reload or a colleague’s link opens it (issue #36)', async () => {
    const first = await mount(undefined, true, { hash: true });
    ($(first.el, '#option-c2') as HTMLElement).click();
    await waitUntil(() => location.hash === '#conversation=c2&site=s1', 'the conversation’s address');
    const link = location.href;
    // Another page shows its own address; a conversation opened from there shows its own again.
    await showPage(first.el, 'Email notifications', 'chat-admin-notifications');
    expect(location.hash).to.equal('#settings/notifications');
    ($$(first.el, '.topbar nav button').find((tab) => text(tab) === 'Inbox') as HTMLElement).click();
    await settle(first.el);
    ($(first.el, '#option-c1') as HTMLElement).click();
    await waitUntil(() => location.hash === '#conversation=c1&site=s1', 'the other conversation’s address');
    first.el.remove();

    // A reload, or the link in a colleague's inbox on the same site: that conversation opens.
    history.replaceState(null, '', link);
    const again = await mount(undefined, true, { hash: true });
    await waitUntil(() => selected(again.el) === 'option-c2', 'the linked conversation opened');
    expect(location.hash).to.equal('#conversation=c2&site=s1');
  });

  it('switches to the conversation’s site first when the account is signed in on another', async () => {
    history.replaceState(
      null,
      '',
      openConversationHash({ type: OPEN_CONVERSATION, conversationId: 'c1', siteId: 's2' }),
    );
    const auth = new FakeAuth();
    auth.current = session();
    const { el } = await mount(undefined, false, { auth, hash: true });
    await waitUntil(() => selected(el) === 'option-c1', 'the conversation opened');
    expect(auth.calls.filter(([call]) => call === 'switchSite')).to.deep.equal([['switchSite', 's2']]);
    expect(auth.current!.site.id).to.equal('s2');

    // A site the account does not belong to: nothing is switched or opened.
    fromWorker({ type: OPEN_CONVERSATION, conversationId: 'c2', siteId: 's9' });
    await settle(el);
    expect(selected(el)).to.equal('option-c1');
    expect(auth.calls.filter(([call]) => call === 'switchSite').length).to.equal(1);
  });
});

describe('closing notifications when a conversation is read (the request the inbox posts its worker)', () => {
  const notification = (tag: string, data: unknown) => ({ tag, data });

  it('takes a well-formed request and refuses anything else', () => {
    expect(clearRequestFrom({ type: CLEAR_NOTIFICATIONS, conversationId: 'c_1' })).to.deep.equal({
      type: CLEAR_NOTIFICATIONS,
      conversationId: 'c_1',
    });
    expect(clearRequestFrom({ type: CLEAR_NOTIFICATIONS, conversationId: 'c_1', readBy: 4 })).to.deep.equal({
      type: CLEAR_NOTIFICATIONS,
      conversationId: 'c_1',
      readBy: 4,
    });
    for (const data of [
      { type: OPEN_CONVERSATION, conversationId: 'c_1' },
      { type: CLEAR_NOTIFICATIONS, conversationId: '../c_1' },
      { type: CLEAR_NOTIFICATIONS, conversationId: 'c_1', readBy: '4' },
      { type: CLEAR_NOTIFICATIONS, conversationId: 'c_1', readBy: 1.5 },
      { type: CLEAR_NOTIFICATIONS },
      'c_1',
      null,
    ])
      expect(clearRequestFrom(data), JSON.stringify(data)).to.equal(undefined);
  });

  it('opened here: every notification of the conversation goes, and the stand-in; others stay', () => {
    const request = clearRequestFrom({ type: CLEAR_NOTIFICATIONS, conversationId: 'c_1' })!;
    expect(closedByRead(notification('conversation:c_1', { conversationId: 'c_1', seq: 9 }), request)).to.equal(true);
    expect(closedByRead(notification('mention:c_1:3', { conversationId: 'c_1' }), request)).to.equal(true);
    expect(closedByRead(notification(READ_ELSEWHERE_TAG, {}), request)).to.equal(true);
    expect(closedByRead(notification('conversation:c_2', { conversationId: 'c_2', seq: 1 }), request)).to.equal(false);
    expect(closedByRead(notification('parley', null), request)).to.equal(false);
  });

  it('read elsewhere up to a message: its messages up to there go, a later one and a mention stay', () => {
    const request = clearRequestFrom({ type: CLEAR_NOTIFICATIONS, conversationId: 'c_1', readBy: 4 })!;
    expect(closedByRead(notification('conversation:c_1', { conversationId: 'c_1', seq: 4 }), request)).to.equal(true);
    expect(closedByRead(notification('conversation:c_1', { conversationId: 'c_1' }), request)).to.equal(true);
    expect(closedByRead(notification('conversation:c_1', { conversationId: 'c_1', seq: 5 }), request)).to.equal(false);
    expect(closedByRead(notification('mention:c_1:3', { conversationId: 'c_1' }), request)).to.equal(false);
  });
});
