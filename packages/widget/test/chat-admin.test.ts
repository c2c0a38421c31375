import { expect, oneEvent } from '@open-wc/testing';
import type { Message } from '@parley/protocol';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { AdminApiError, HttpAdminApi } from '../src/chat-admin/chat-admin.js';
import { FakeNotification, TOKEN, composer, conversation, live, mount, open, stored } from './admin-fixture.js';
import { $, $$, linkButton, pair, settle, showPage, signInPage, signOutButton, text, waitUntil } from './helpers.js';

beforeEach(() => {
  sessionStorage.clear();
  FakeNotification.shown = [];
  FakeNotification.permission = 'granted';
});

// ---- tests -------------------------------------------------------------------------------------------------

describe('<chat-admin> sign-in', () => {
  it('refuses a wrong token and keeps nothing, then signs in, keeps the token in sessionStorage only, and signs out', async () => {
    const { el, api, client, tokens } = await mount(undefined, false);
    let page = await signInPage(el);
    linkButton(page, 'Sign in with an API token instead').click();
    await settle(el);
    const input = page.querySelector('#token') as HTMLInputElement;
    expect(input.type).to.equal('password');
    expect(input.autocomplete).to.equal('off');

    api.refuse = true;
    input.value = 'wrong_token_value';
    (page.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => text(page.querySelector('#sign-in-error')), 'the refusal');
    expect(text(page.querySelector('#sign-in-error'))).to.equal('This token was refused.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(sessionStorage.length).to.equal(0);

    api.refuse = false;
    (page.querySelector('#token') as HTMLInputElement).value = TOKEN;
    const signedIn = oneEvent(el, 'chat-admin-sign-in');
    (page.querySelector('form') as HTMLFormElement).requestSubmit();
    expect((await signedIn).detail.me.name).to.equal('Ada');
    await settle(el);
    expect(sessionStorage.getItem('parley-admin:token')).to.equal(TOKEN);
    expect(localStorage.getItem('parley-admin:token')).to.equal(null);
    expect(tokens).to.include(TOKEN);
    expect(text($(el, '.brand'))).to.equal('Acme Outdoor');
    expect($(el, '[role=listbox]')).to.exist;

    const signedOut = oneEvent(el, 'chat-admin-sign-out');
    (await signOutButton(el)).click();
    expect((await signedOut).detail.reason).to.equal('user');
    await el.updateComplete;
    expect(client.closed).to.equal(true);
    expect(sessionStorage.getItem('parley-admin:token')).to.equal(null);
    page = await signInPage(el);
    expect(page.querySelector('#email')).to.exist;
    expect(page.activeElement).to.equal(page.querySelector('#email'));
  });

  it('signs in again from the token kept in this tab', async () => {
    sessionStorage.setItem('parley-admin:token', TOKEN);
    const { el, tokens } = await mount(undefined, false);
    await waitUntil(() => el.me !== undefined, 'signed in from sessionStorage');
    expect(tokens[0]).to.equal(TOKEN);
  });

  it('HttpAdminApi sends the token as a Bearer header and never in a URL', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl = async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      if (url.endsWith('/me'))
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'no' } }), { status: 401 });
      return new Response(JSON.stringify({ items: [], counts: {} }), { status: 200 });
    };
    const api = new HttpAdminApi('https://relay.test/v1/admin/', TOKEN, fetchImpl);
    await api.conversations({ view: 'mine', status: 'open', q: 'tent' });
    const error = await api.me().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AdminApiError);
    expect((error as AdminApiError).code).to.equal('unauthorized');
    expect((error as AdminApiError).status).to.equal(401);
    expect(seen[0]!.url).to.equal('https://relay.test/v1/admin/conversations?view=mine&status=open&q=tent');
    for (const request of seen) {
      expect(request.url).not.to.contain(TOKEN);
      expect((request.init!.headers as Record<string, string>)['authorization']).to.equal(`Bearer ${TOKEN}`);
    }
  });
});

describe('<chat-admin> inbox', () => {
  it('shows views and status tabs with counts, and asks the API for the chosen filters', async () => {
    const { el, api } = await mount();
    const views = $$(el, '.views button').map(text);
    expect(views).to.deep.equal(['Mine 1', 'Mentions 0', 'Unassigned 2', 'All 3', 'Overdue 0', 'Review 0', 'Spam 0']);
    expect($$(el, '.statuses button').map(text)).to.deep.equal(['Open 3', 'Pending 4', 'Snoozed 0', 'Resolved 7']);
    expect($(el, '.views button[aria-pressed=true]')!.textContent).to.contain('All');
    expect($$(el, '[role=option]')).to.have.length(3);
    expect(text($(el, '#option-c1 .badge'))).to.equal('1');
    expect($(el, '#option-c1 .badge')!.getAttribute('aria-label')).to.equal('1 unread');

    $$(el, '.views button')[0]!.click();
    await waitUntil(() => $$(el, '[role=option]').length === 1, 'the Mine view');
    expect(api.queries.at(-1)).to.include({ view: 'mine', status: 'open' });
    $$(el, '.statuses button')[3]!.click();
    await settle(el);
    expect(api.queries.at(-1)).to.include({ view: 'mine', status: 'resolved' });
    expect(text($(el, '.empty'))).to.equal('No conversations here.');

    const search = $(el, '#search') as HTMLInputElement;
    search.value = 'tent';
    search.dispatchEvent(new Event('input'));
    await waitUntil(() => api.queries.at(-1)?.q === 'tent', 'the search');
  });

  it('a colleague’s note naming me notifies; the Mentions view lists it, and opening it reads the mention', async () => {
    const { el, api, client, played } = await mount();
    const notified = oneEvent(el, 'chat-admin-notify');
    const note: Message = {
      ...stored('c2', 2, '@Ada can you take this one?', 'staff', 'note'),
      author: { role: 'staff', id: 'staff_2', name: 'Grace' },
    };
    api.mentioned.add('c2');
    client.emit('message', live(note));
    const { detail } = await notified;
    expect(detail).to.include({ kind: 'message', conversationId: 'c2', text: 'Grace mentioned you' });
    expect(played).to.deep.equal(['message']);
    // My own note naming me, and a colleague's note naming someone else, say nothing.
    client.emit('message', live({ ...stored('c1', 2, '@Ada note to self', 'staff', 'note') }));
    client.emit('message', live({ ...note, seq: 3, id: 'm_c2_3', clientId: 'c_c2_3', text: '@Grace thanks' }));
    await settle(el);
    expect(played).to.deep.equal(['message']);

    const views = $$(el, '.views button');
    const mentions = views.find((button) => text(button).startsWith('Mentions'))!;
    mentions.click();
    await waitUntil(() => $$(el, '[role=option]').length === 1, 'the Mentions view');
    expect(api.queries.at(-1)).to.include({ view: 'mentions' });
    expect(text(mentions.querySelector('.count'))).to.equal('1');
    await open(el, 'c2');
    expect(api.mentionReads).to.deep.equal(['c2']);
  });

  it('a live visitor message moves the conversation up, adds to its unread badge and notifies', async () => {
    const { el, client, played } = await mount();
    expect($$(el, '[role=option]').map((o) => o.id)).to.deep.equal(['option-c1', 'option-c2', 'option-c3']);
    const notified = oneEvent(el, 'chat-admin-notify');
    const unread = oneEvent(el, 'chat-unread-change');
    client.emit('message', live(stored('c2', 2, 'Is the blue tent in stock?')));
    const { detail } = await notified;
    expect(detail).to.include({ kind: 'message', conversationId: 'c2', text: 'New message from Visitor c2' });
    expect(detail.channels).to.deep.equal(['sound']);
    expect(played).to.deep.equal(['message']);
    expect((await unread).detail.count).to.equal(3); // c1 and c3 had one each
    await el.updateComplete;
    expect($$(el, '[role=option]')[0]!.id).to.equal('option-c2');
    expect(text($(el, '#option-c2 .badge'))).to.equal('1');
    expect(text($(el, '#option-c2 .preview'))).to.equal('Is the blue tent in stock?');
    expect(text($(el, '.notices'))).to.contain('New message from Visitor c2');
  });

  it('the list says "You:" only before the reader’s own message; a colleague’s note or reply by their name (issue #81)', async () => {
    const at = Date.now() - 30_000;
    const { el, client } = await mount([
      conversation('c1', {
        lastMessage: { seq: 2, text: 'On it', ts: at, authorRole: 'staff', authorId: 'staff_1', authorName: 'Ada' },
      }),
      conversation('c2', {
        lastMessage: {
          seq: 2,
          text: 'Refund approved',
          ts: at,
          authorRole: 'staff',
          authorId: 'staff_2',
          authorName: 'Bo',
        },
      }),
      conversation('c3', {
        lastMessage: { seq: 2, text: 'Sent later', ts: at, authorRole: 'staff', authorId: 'staff_3' },
      }),
    ]);
    expect(text($(el, '#option-c1 .preview'))).to.equal('You: On it');
    expect(text($(el, '#option-c2 .preview'))).to.equal('Bo: Refund approved');
    expect(text($(el, '#option-c3 .preview'))).to.equal('A colleague: Sent later');
    // Live: a colleague's note, then the reader's own reply.
    const note: Message = {
      ...stored('c2', 3, 'Check the tracking first', 'staff', 'note'),
      author: { role: 'staff', id: 'staff_2', name: 'Bo' },
    };
    client.emit('message', live(note));
    await waitUntil(
      () => text($(el, '#option-c2 .preview')) === 'Bo: Check the tracking first',
      'the colleague’s note',
    );
    client.emit('message', live(stored('c2', 4, 'Tracking sent', 'staff'), true));
    await waitUntil(() => text($(el, '#option-c2 .preview')) === 'You: Tracking sent', 'the reader’s reply');
  });

  it('a message in a conversation not listed yet fetches it and notifies a new conversation (desktop when switched on)', async () => {
    const { el, api, client, played } = await mount();
    await el.notifier.set('conversation', 'desktop', true);
    api.conversationsById.set('c9', conversation('c9', { lastSeq: 1 }));
    const notified = oneEvent(el, 'chat-admin-notify');
    client.emit('message', live(stored('c9', 1, 'First message')));
    const { detail } = await notified;
    expect(detail.kind).to.equal('conversation');
    expect(detail.channels).to.deep.equal(['sound', 'desktop']);
    expect(played).to.deep.equal(['conversation']);
    expect(FakeNotification.shown[0]).to.deep.equal({
      title: 'New conversation from Visitor c9',
      body: 'First message',
    });
    await el.updateComplete;
    expect($$(el, '[role=option]')[0]!.id).to.equal('option-c9');
  });

  it('a visitor coming online notifies only when that switch is on', async () => {
    const { el, client, played } = await mount();
    const events: string[] = [];
    el.addEventListener('chat-admin-notify', (e) => events.push(`${e.detail.kind}:${e.detail.channels.join('+')}`));
    client.emit('presence', { conversationId: 'c1', visitorOnline: true });
    await el.updateComplete;
    expect(events).to.deep.equal(['visitor:']);
    expect(played).to.deep.equal([]);
    expect($(el, '#option-c1 .dot.on')).to.exist;
    await el.notifier.set('visitor', 'sound', true);
    client.emit('presence', { conversationId: 'c1', visitorOnline: false });
    client.emit('presence', { conversationId: 'c1', visitorOnline: true });
    expect(events).to.deep.equal(['visitor:', 'visitor:sound']);
    expect(played).to.deep.equal(['visitor']);
  });
});

describe('<chat-admin> conversation', () => {
  it('opens with history, marks it read, and shows the visitor read state on staff messages', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 3, unread: 1, visitorReadSeq: 2 })]);
    api.history.set('c1', [
      stored('c1', 1, 'Hi'),
      stored('c1', 2, 'Hello, how can I help?', 'staff'),
      stored('c1', 3, 'Tents?'),
    ]);
    await open(el, 'c1');
    const log = $(el, '[role=log]')!;
    expect(log.getAttribute('aria-live')).to.equal('polite');
    expect($$(el, '.msg .bubble').map(text)).to.deep.equal(['Hi', 'Hello, how can I help?', 'Tents?']);
    expect(text($(el, '.msg.staff .status'))).to.equal('Read');
    expect(client.reads).to.deep.equal([[3, 'c1']]);
    expect($(el, '#option-c1 .badge')).to.equal(null);
    expect($(el, '#option-c1')!.getAttribute('aria-selected')).to.equal('true');

    client.emit('message', live(stored('c1', 4, 'Another reply', 'staff'), true));
    await el.updateComplete;
    expect(text($$(el, '.msg.staff .status')[1]!)).to.equal('Sent');
    client.emit('read', { conversationId: 'c1', seq: 4, by: 'visitor' });
    await el.updateComplete;
    expect(text($$(el, '.msg.staff .status')[1]!)).to.equal('Read');
  });

  it('gives a conversation opened before the socket client came its history once the client comes', async () => {
    let come!: () => void;
    const clientAfter = new Promise<void>((resolve) => (come = resolve));
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 2 })], true, { clientAfter });
    api.history.set('c1', [stored('c1', 1, 'Hi'), stored('c1', 2, 'Tents?')]);
    await el.openConversation('c1');
    await settle(el);
    expect($$(el, '.msg .bubble')).to.have.length(0);
    expect(client.connected).to.equal(0);
    come();
    await waitUntil(() => $$(el, '.msg .bubble').length === 2, 'the history, once the client came');
    expect($$(el, '.msg .bubble').map(text)).to.deep.equal(['Hi', 'Tents?']);
    expect(client.connected).to.equal(1);
  });

  it('closes unused a socket client that comes after its member signed out', async () => {
    let come!: () => void;
    const clientAfter = new Promise<void>((resolve) => (come = resolve));
    const { el, client } = await mount([conversation('c1')], true, { clientAfter });
    el.signOut();
    await el.updateComplete;
    come();
    await waitUntil(() => client.closed, 'the client closed');
    expect(client.connected).to.equal(0);
  });

  it('pages history back with "load earlier"', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 40 })]);
    api.history.set(
      'c1',
      Array.from({ length: 40 }, (_, i) => stored('c1', i + 1, `message ${i + 1}`)),
    );
    await open(el, 'c1');
    expect($$(el, '.msg')).to.have.length(30);
    ($(el, '.earlier') as HTMLButtonElement).click();
    await waitUntil(() => $$(el, '.msg').length === 40, 'the earlier page');
    expect(text($$(el, '.msg .bubble')[0]!)).to.equal('message 1');
    expect($(el, '.earlier')).to.equal(null);
  });

  it('replies with Enter, writes private notes that look different, and signals typing only for replies', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: 'Sure, ' });
    expect(client.typingCalls).to.include('c1');
    await sendKeys({ type: 'it is' });
    await sendKeys({ press: 'Enter' });
    expect(client.sent).to.deep.equal([{ text: 'Sure, it is', conversationId: 'c1', note: false }]);
    await el.updateComplete;
    expect(composer(el).value).to.equal('');
    expect(text($(el, '.msg.staff .bubble'))).to.equal('Sure, it is');
    expect(text($(el, '.msg.staff .status'))).to.equal('Queued');

    $$(el, '.modes button')[1]!.click();
    await el.updateComplete;
    expect($(el, '.composer')!.classList.contains('note-mode')).to.equal(true);
    const typingBefore = client.typingCalls.length;
    composer(el).focus();
    await sendKeys({ type: 'VIP customer' });
    await sendKeys({ press: 'Enter' });
    expect(client.typingCalls.length).to.equal(typingBefore);
    expect(client.sent[1]).to.deep.equal({ text: 'VIP customer', conversationId: 'c1', note: true });
    await el.updateComplete;
    const note = $(el, '.msg.note')!;
    expect(note.getAttribute('part')).to.contain('message-note');
    expect(text(note.querySelector('.note-badge'))).to.equal('Private note');
    expect(getComputedStyle(note.querySelector('.bubble')!).backgroundColor).not.to.equal(
      getComputedStyle($(el, '.msg.staff .bubble')!).backgroundColor,
    );
  });

  it('shows the visitor typing', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    client.emit('typing', { conversationId: 'c1', author: { role: 'visitor', id: 'v_c1' }, active: true });
    await el.updateComplete;
    expect(text($(el, '.typing'))).to.equal('Visitor c1 is typing…');
    expect(text($(el, '#option-c1 .preview'))).to.equal('Visitor c1 is typing…');
    client.emit('typing', { conversationId: 'c1', author: { role: 'visitor', id: 'v_c1' }, active: false });
    await el.updateComplete;
    expect(text($(el, '.typing'))).to.equal('');
  });

  it('inserts a saved reply from "/" with the keyboard', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: 'Hi! /re' });
    await el.updateComplete;
    const listbox = $(el, '#canned')!;
    expect(listbox.getAttribute('role')).to.equal('listbox');
    expect(composer(el).getAttribute('aria-expanded')).to.equal('true');
    expect($$(el, '#canned [role=option]').map((o) => text(o.querySelector('.shortcut')))).to.deep.equal(['/refund']);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect($$(el, '#canned [role=option]')).to.have.length(2);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(composer(el).getAttribute('aria-activedescendant')).to.equal('canned-k2');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('Hi! Refunds take 5 working days.');
    expect(client.sent).to.deep.equal([]);
    expect($(el, '#canned')).to.equal(null);
    await sendKeys({ press: 'Enter' });
    expect(client.sent[0]!.text).to.equal('Hi! Refunds take 5 working days.');
  });

  it('assigns, sets status and priority, and edits labels', async () => {
    const { el, api } = await mount();
    await open(el, 'c1');
    const [assignee, status, priority] = $$(el, '.controls select') as HTMLSelectElement[];
    expect([...assignee!.options].map((o) => o.textContent!.trim())).to.deep.equal(['Unassigned', 'Me (Ada)', 'Grace']);
    assignee!.value = 'staff_2';
    assignee!.dispatchEvent(new Event('change'));
    priority!.value = 'urgent';
    priority!.dispatchEvent(new Event('change'));
    status!.value = 'pending';
    status!.dispatchEvent(new Event('change'));
    await waitUntil(() => api.patches.length === 3, 'three patches');
    expect(api.patches.map((p) => p.patch)).to.deep.equal([
      { assigneeId: 'staff_2' },
      { priority: 'urgent' },
      { status: 'pending' },
    ]);
    const label = $(el, '.add-label input') as HTMLInputElement;
    label.value = 'vip';
    (label.form as HTMLFormElement).requestSubmit();
    await waitUntil(() => $(el, '.chips .label'), 'the label');
    expect(api.patches.at(-1)!.patch).to.deep.equal({ labels: ['vip'] });
    ($(el, '.chip-remove') as HTMLButtonElement).click();
    await waitUntil(() => api.patches.length === 5, 'label removed');
    expect(api.patches.at(-1)!.patch).to.deep.equal({ labels: [] });
  });

  it('shows the visitor panel with a masked email that a button reveals', async () => {
    const { el, api } = await mount([conversation('c1', { visitor: { ...conversation('c1').visitor, online: true } })]);
    await open(el, 'c1');
    const panel = $(el, '[part=visitor-panel]')!;
    expect(panel.tagName).to.equal('ASIDE');
    expect(text(panel.querySelector('.email'))).to.equal('a***@ex***.com');
    expect(text(panel)).to.contain('Online');
    expect(text(panel)).to.contain('Chrome 126 on Linux');
    expect(text(panel)).to.contain('(Europe/Paris)');
    const page = panel.querySelector('.page-url a') as HTMLAnchorElement;
    expect(page.href).to.equal('https://shop.example.com/tents');
    expect(page.rel).to.equal('noopener noreferrer');
    // The page's own title is text beside the link, whose text is where it goes.
    expect(text(panel.querySelector('.page-title'))).to.equal('Tents');
    expect(text(page)).to.equal('https://shop.example.com/tents');
    const reveal = panel.querySelector('.reveal') as HTMLButtonElement;
    expect(reveal.getAttribute('aria-pressed')).to.equal('false');
    reveal.click();
    await waitUntil(() => text($(el, '.email')) === 'ada@example.com', 'the revealed email');
    expect(api.reveals).to.deep.equal(['v_c1']);
    ($(el, '.reveal') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(text($(el, '.email'))).to.equal('a***@ex***.com');
    expect(text(panel.querySelector('.consent'))).to.equal('Not given');
  });

  it('shows the pre-chat consent the visitor gave: the version of the text and when', async () => {
    const at = Date.UTC(2026, 0, 15, 9, 30);
    const visitor = { ...conversation('c1').visitor, consent: { version: 'privacy-2026-01', at } };
    const { el } = await mount([conversation('c1', { visitor })]);
    await open(el, 'c1');
    const consent = text($(el, '[part=visitor-panel] .consent'));
    expect(consent).to.contain('privacy-2026-01');
    expect(consent).to.contain('2026');
  });

  it('shows a bouncing badge and why beside an email that bounces, readable in light and dark, wide and narrow', async () => {
    const at = Date.UTC(2026, 2, 3, 8, 0);
    const visitor = { ...conversation('c1').visitor, emailBouncingAt: at };
    const { el } = await mount([conversation('c1', { visitor }), conversation('c2')]);
    for (const width of [1280, 390]) {
      await setViewport({ width, height: 800 });
      await open(el, 'c1');
      for (const theme of ['light', 'dark']) {
        el.setAttribute('theme', theme);
        await settle(el);
        const toggle = $(el, '#visitor-toggle') as HTMLButtonElement | null;
        if (toggle && toggle.getAttribute('aria-expanded') === 'false' && toggle.offsetParent !== null) {
          // A drawer on narrow screens: opened from the thread.
          toggle.click();
          await settle(el);
        }
        const panel = $(el, '[part=visitor-panel]')!;
        const badge = panel.querySelector('.bouncing') as HTMLElement;
        expect(text(badge)).to.equal('Bouncing');
        expect(text(panel.querySelector('.bouncing-help'))).to.contain('no email is sent to it until you change');
        expect(text(panel.querySelector('.bouncing-help'))).to.contain('2026');
        const box = badge.getBoundingClientRect();
        const outer = panel.getBoundingClientRect();
        expect(box.width, `${width}px ${theme}: shown`).to.be.greaterThan(0);
        expect(box.right, `${width}px ${theme}: inside the panel`).to.be.at.most(outer.right + 0.5);
        const style = getComputedStyle(badge);
        const background = backgroundOf(badge);
        expect(contrast(style.color, background), `${width}px ${theme}: contrast`).to.be.at.least(4.5);
      }
    }
    await setViewport({ width: 1280, height: 800 });
    el.removeAttribute('theme');
    await open(el, 'c2');
    expect($(el, '[part=visitor-panel] .bouncing'), 'no badge for an email that does not bounce').to.equal(null);
  });
});

describe('<chat-admin> keyboard', () => {
  it('J/K move through the list, E resolves, R focuses the reply, ? lists the shortcuts; none fire while typing', async () => {
    const { el, api } = await mount();
    document.body.focus();
    await sendKeys({ press: 'j' });
    await settle(el);
    expect($(el, '[aria-selected=true]')!.id).to.equal('option-c1');
    await sendKeys({ press: 'j' });
    await settle(el);
    expect($(el, '[aria-selected=true]')!.id).to.equal('option-c2');
    await sendKeys({ press: 'k' });
    await settle(el);
    expect($(el, '[aria-selected=true]')!.id).to.equal('option-c1');

    await sendKeys({ press: 'e' });
    await waitUntil(() => api.patches.length === 1, 'resolved');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { status: 'resolved' } });

    await sendKeys({ press: 'r' });
    await settle(el);
    expect(el.shadowRoot!.activeElement).to.equal(composer(el));
    await sendKeys({ type: 'jk e?' });
    await settle(el);
    expect(composer(el).value).to.equal('jk e?');
    expect($(el, '[aria-selected=true]')!.id).to.equal('option-c1');
    expect(api.patches).to.have.length(1);
    expect($(el, 'dialog')).to.equal(null);

    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: '?' });
    await settle(el);
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('Next conversation');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, 'dialog')).to.equal(null);
  });

  it('the list is a listbox operable with arrow keys, with one tab stop', async () => {
    const { el } = await mount();
    const options = $$(el, '[role=option]');
    expect(options.filter((o) => o.tabIndex === 0)).to.have.length(1);
    options[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(el.shadowRoot!.activeElement!.id).to.equal('option-c2');
    expect($(el, '#option-c2')!.getAttribute('aria-selected')).to.equal('true');
    expect($(el, '#conversation-title')!.textContent).to.equal('Visitor c2');
  });
});

describe('<chat-admin> safety', () => {
  const payload = '<img src=x onerror="window.__pwnedAdmin=1"><script>window.__pwnedAdmin=2</script>';

  it('renders a visitor XSS payload as inert text, in history, live and in the list', async () => {
    const { el, api, client } = await mount([
      conversation('c1', {
        lastMessage: { seq: 1, text: payload, ts: Date.now(), authorRole: 'visitor' },
        visitor: { ...conversation('c1').visitor, name: payload },
      }),
    ]);
    api.history.set('c1', [stored('c1', 1, payload)]);
    await open(el, 'c1');
    client.emit('message', live(stored('c1', 2, `${payload} javascript:alert(1)`)));
    await waitUntil(() => $$(el, '.msg .bubble').length === 2, 'the live message');
    // An injected <img> would fail to load and run its handler: give it the time to (nothing to await here).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const root = el.shadowRoot!;
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('script')).to.equal(null);
    expect(root.querySelector('.bubble a')).to.equal(null);
    expect((window as { __pwnedAdmin?: number }).__pwnedAdmin).to.equal(undefined);
    expect($$(el, '.msg .bubble').map((b) => b.textContent)).to.deep.equal([payload, `${payload} javascript:alert(1)`]);
    expect($(el, '#option-c1 .name')!.textContent).to.equal(payload);
    expect($(el, '#conversation-title')!.textContent).to.equal(payload);
  });

  it('shows where links really go: no address-like title as link text, punycode hosts, no bidi controls in names', async () => {
    const spoof = conversation('c1', {
      visitor: {
        ...conversation('c1').visitor,
        name: 'Invoice \u202Efdp.exe',
        verified: true,
        context: { url: 'https://evil.example/phish', title: 'https://bank.example/login' },
      },
    });
    const { el, api, client } = await mount([spoof]);
    api.history.set('c1', [
      stored('c1', 1, 'log in at https://\u0430pple.com/account or https://bank.example@evil.example/x'),
    ]);
    await open(el, 'c1');
    const panel = $(el, '[part=visitor-panel]')!;
    const page = panel.querySelector('.page-url a') as HTMLAnchorElement;
    expect(page.href).to.equal('https://evil.example/phish');
    expect(text(page)).to.equal('https://evil.example/phish');
    expect(text(panel)).not.to.contain('bank.example', 'an address-like title is not shown at all');
    // Only the user id is signed: the panel says so, and does not mark the email verified.
    expect(text(panel)).to.contain('User ID signed by your site');
    expect(text(panel.querySelector('dd')!)).not.to.contain('signed');
    const links = $$(el, '.msg .bubble a') as HTMLAnchorElement[];
    expect(links.map((a) => a.textContent)).to.deep.equal([
      'https://xn--pple-43d.com/account',
      'https://evil.example/x',
    ]);
    expect(links[0]!.href).to.equal('https://xn--pple-43d.com/account');
    for (const shown of [
      $(el, '#option-c1 .name')!,
      $(el, '#conversation-title')!,
      panel.querySelector('.visitor-name')!,
    ])
      expect(shown.textContent).not.to.match(/[\u202a-\u202e\u2066-\u2069]/, 'no bidi control in a name');
    expect($(el, '#option-c1 .name')!.textContent).to.equal('Invoice fdp.exe');
    client.emit(
      'message',
      live({ ...stored('c1', 2, 'hi'), author: { role: 'visitor', id: 'v_c1', name: '\u202Eevil' } }),
    );
    await waitUntil(() => $$(el, '.msg .author').length === 2, 'the live message');
    // A visitor's message is signed with the contact's name as the inbox shows it everywhere (issue #36), not the
    // name its page gave then: still without its bidi controls.
    expect($$(el, '.msg .author').at(-1)!.textContent).to.equal('Invoice fdp.exe');
    expect($$(el, '.msg .author').at(-1)!.textContent).not.to.match(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('sets no style attribute and adds no <style> element anywhere (CSP style-src self)', async () => {
    const { el, api } = await mount();
    api.history.set('c1', [stored('c1', 1, 'Hello')]);
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: '/' });
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLButtonElement>('#settings-button')!.click();
    await waitUntil(() => $(el, 'dialog'), 'the Notifications dialog (its chunk)');
    await settle(el);
    const roots: ShadowRoot[] = [];
    const visit = (root: ShadowRoot | Element): void => {
      for (const node of root.querySelectorAll('*')) {
        expect(node.hasAttribute('style'), `${node.tagName} has a style attribute`).to.equal(false);
        expect(node.tagName).not.to.equal('STYLE');
        if (node.shadowRoot) {
          roots.push(node.shadowRoot);
          visit(node.shadowRoot);
        }
      }
    };
    visit(el.shadowRoot!);
    // The other panels too.
    ($(el, 'dialog form button') as HTMLButtonElement).click();
    await settle(el);
    for (const section of ['Broadcasts', 'Stats']) {
      const panel = await showPage(
        el,
        section,
        section === 'Broadcasts' ? 'chat-admin-broadcasts' : 'chat-admin-stats',
      );
      await waitUntil(() => panel.shadowRoot?.querySelector(section === 'Stats' ? '.stats' : '.card'), section);
      visit(el.shadowRoot!);
    }
    expect(roots.length).to.be.greaterThan(0);
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
  });
});

describe('<chat-admin> broadcasts, stats and notification switches', () => {
  it('sends a broadcast to a segment and polls its figures until done', async () => {
    const { el, api } = await mount();
    const panel = (await showPage(el, 'Broadcasts', 'chat-admin-broadcasts')).shadowRoot!;
    (panel.querySelector('#broadcast-text') as HTMLTextAreaElement).value = 'Summer sale: 20% off tents';
    const online = panel.querySelector('input[value=online]') as HTMLInputElement;
    online.click();
    await settle(el);
    (panel.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.broadcastsMade.length === 1, 'the broadcast');
    expect(api.broadcastsMade[0]).to.deep.equal({ text: 'Summer sale: 20% off tents', segment: { type: 'online' } });
    await waitUntil(() => panel.querySelector('.state')?.textContent === 'Done', 'the figures polled', {
      timeout: 4000,
    });
    const figures = [...panel.querySelectorAll('.figures div')].map(pair);
    expect(figures).to.deep.equal(['Targeted 10', 'Stored 10', 'Delivered 6', 'Read 3']);
  });

  it('shows stats', async () => {
    const { el } = await mount();
    const panel = (await showPage(el, 'Stats', 'chat-admin-stats')).shadowRoot!;
    await waitUntil(() => panel.querySelector('.stats'), 'the figures');
    expect([...panel.querySelectorAll('.stat')].map(pair)).to.deep.equal([
      'Visitors online 4',
      'Staff online 2',
      'Open conversations 3',
      'Messages today 57',
      'Median first reply 2 min',
    ]);
  });

  it('persists each switch, and asks desktop permission only when one is turned on', async () => {
    const { el } = await mount();
    ($(el, '#settings-button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '#notify-message-desktop'), 'the Notifications dialog (its chunk)');
    await settle(el);
    const box = $(el, '#notify-message-desktop') as HTMLInputElement;
    expect(box.getAttribute('role')).to.equal('switch');
    expect(box.checked).to.equal(false);
    FakeNotification.permission = 'denied';
    box.click();
    await settle(el);
    expect(box.checked).to.equal(false);
    expect(box.disabled, 'blocked in the browser: the switch cannot be turned on').to.equal(true);
    expect(text($(el, 'dialog'))).to.contain('blocked');
    FakeNotification.permission = 'granted';
    // The dialog is an element of its own (its chunk): it renders again, as after any change of a switch.
    ($(el, 'chat-admin-prefs') as LitElement).requestUpdate();
    await settle(el);
    box.click();
    await settle(el);
    expect(box.checked).to.equal(true);
    expect(el.notifier.prefs.message).to.deep.equal({ sound: true, desktop: true });
    ($(el, '#notify-message-sound') as HTMLInputElement).click();
    await settle(el);
    expect(el.notifier.prefs.message).to.deep.equal({ sound: false, desktop: true });
  });

  it("sets the site's retention period (admins), empty for the relay default", async () => {
    const { el, api } = await mount();
    api.settingsValue = { retentionDays: null, defaultRetentionDays: 90, effectiveRetentionDays: 90 };
    ($(el, '#settings-button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '#retention-days') !== null, 'the retention field');
    const field = $(el, '#retention-days') as HTMLInputElement;
    expect(field.value).to.equal('');
    expect(text($(el, '#retention-hint'))).to.contain('90 days');
    field.value = '30';
    ($(el, 'form.retention button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.settingsValue.retentionDays === 30, 'saved');
    await settle(el);
    expect(text($(el, '#retention-hint'))).to.contain('Erased 30 days after');
    field.value = '';
    ($(el, 'form.retention button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.settingsValue.retentionDays === null, 'back to the default');
  });
});

/** WCAG contrast ratio of two `rgb()` colours as computed styles give them. */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The first opaque background behind `node`, through shadow roots; white when none is. */
function backgroundOf(node: Element): string {
  for (let at: Element | null = node; at;) {
    const color = getComputedStyle(at).backgroundColor;
    if (color && !/rgba\(.*,\s*0\)$/.test(color) && color !== 'transparent') return color;
    at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null;
  }
  return 'rgb(255, 255, 255)';
}
