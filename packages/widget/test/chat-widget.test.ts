import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { WelcomeFrame } from '@parley/protocol';
import { FakeClient, mine, theirs } from './fake-client.js';
import { $, waitUntil } from './helpers.js';

async function mount(
  client: FakeClient,
  template = html`<chat-widget site-name="Acme" .client=${client}></chat-widget>`,
) {
  const el = await fixture<ChatWidget>(template);
  await el.updateComplete;
  return el;
}

async function openByUser(el: ChatWidget): Promise<void> {
  $(el, '.launcher')!.click();
  await el.updateComplete;
}

/** The pre-chat or leave-a-message form, once its part has come (fetched when a form is first shown). */
async function formOf(el: ChatWidget): Promise<HTMLFormElement> {
  await waitUntil(() => $(el, 'form[part=form]'), 'the form, with its part');
  return $(el, 'form[part=form]') as HTMLFormElement;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>', () => {
  it('shows only a launcher on load and takes no focus', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    expect($(el, '.launcher')).to.exist;
    expect($(el, '[role=dialog]')!.hidden).to.equal(true);
    expect(document.activeElement).to.equal(document.body);
    expect(client.connected).to.equal(1);
  });

  it('opens a labelled dialog from the launcher, focuses the composer, and Escape returns focus', async () => {
    const el = await mount(new FakeClient());
    const opened = oneEvent(el, 'chat-open');
    await openByUser(el);
    expect((await opened).detail.reason).to.equal('user');
    const dialog = $(el, '[role=dialog]')!;
    expect(dialog.hidden).to.equal(false);
    expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.equal('Acme');
    expect(el.shadowRoot!.activeElement?.tagName).to.equal('TEXTAREA');
    const log = $(el, '[role=log]')!;
    expect(log.getAttribute('aria-live')).to.equal('polite');

    const closed = oneEvent(el, 'chat-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    await el.updateComplete;
    expect(el.opened).to.equal(false);
    expect(el.shadowRoot!.activeElement).to.equal($(el, '.launcher'));
    expect($(el, '.launcher')!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('opened from code takes no focus', async () => {
    const el = await mount(new FakeClient());
    el.open();
    await el.updateComplete;
    expect(el.opened).to.equal(true);
    expect(document.activeElement).to.equal(document.body);
  });

  it('sends on Enter, adds a line on Shift+Enter, and signals typing', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    await openByUser(el);
    await sendKeys({ type: 'Hello' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'there' });
    expect(client.sent).to.deep.equal([]);
    expect(client.typingCalls).to.be.greaterThan(0);
    await sendKeys({ press: 'Enter' });
    expect(client.sent).to.deep.equal(['Hello\nthere']);
    await el.updateComplete;
    expect(($(el, 'textarea') as HTMLTextAreaElement).value).to.equal('');
    expect($(el, '.msg.mine .bubble')!.textContent).to.equal('Hello\nthere');
  });

  it('renders message text as text and only http(s) URLs as safe links', async () => {
    const client = new FakeClient();
    client.timeline = [
      theirs('<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>', 1),
      theirs('see https://example.com/a?b=1. and javascript:alert(1) and <a href="javascript:x">x</a>', 2),
    ];
    const el = await mount(client);
    el.open();
    await el.updateComplete;
    // An injected <img> would fail to load and run its handler: give it the time to (nothing to await here).
    await new Promise((r) => setTimeout(r, 50));
    const root = el.shadowRoot!;
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('script')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    expect(root.querySelector('.bubble')!.textContent).to.contain('<img src=x onerror=');
    const links = [...root.querySelectorAll('.bubble a')];
    expect(links).to.have.length(1);
    const link = links[0] as HTMLAnchorElement;
    expect(link.href).to.equal('https://example.com/a?b=1');
    expect(link.textContent).to.equal('https://example.com/a?b=1');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.target).to.equal('_blank');
  });

  it('shows delivery states, and an offline banner with queued messages marked', async () => {
    const client = new FakeClient();
    client.timeline = [
      mine('one', 'read', 1),
      mine('two', 'delivered', 2),
      mine('three', 'sent', 3),
      mine('four', 'failed'),
    ];
    const el = await mount(client);
    el.open();
    await el.updateComplete;
    const statuses = [...el.shadowRoot!.querySelectorAll('.status')].map((s) =>
      s.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(statuses).to.deep.equal(['✓✓ Read', '✓✓ Delivered', '✓ Sent', '! Not sent']);
    expect($(el, '.banner')).to.equal(null);

    client.state = 'reconnecting';
    client.emit('stateChange', { previous: 'open', current: 'reconnecting', reason: 'socket closed' });
    await client.send('queued one');
    await el.updateComplete;
    expect($(el, '.banner')!.textContent).to.contain('You’re offline');
    expect($(el, '.msg.queued .status')!.textContent).to.contain('Queued');
  });

  it('shows the unread count on the launcher and emits chat-unread-change', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    const changed = oneEvent(el, 'chat-unread-change');
    client.emit('unreadChange', { count: 3 });
    expect((await changed).detail.count).to.equal(3);
    await el.updateComplete;
    expect($(el, '[part=badge]')!.textContent).to.equal('3');
    expect($(el, '.launcher')!.getAttribute('aria-label')).to.equal('Open chat, 3 unread');
  });

  it('marks messages read when they arrive with the panel open, and emits chat-message', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    el.open();
    await el.updateComplete;
    const message = theirs('Hi!', 1);
    client.timeline.push(message);
    const event = oneEvent(el, 'chat-message');
    client.emit('message', message);
    expect((await event).detail.message).to.equal(message);
    expect(client.readCalls).to.be.greaterThan(0);
    await el.updateComplete;
    expect($(el, '.msg.theirs .author')!.textContent).to.equal('Anna');
  });

  it('shows a staff edit in place, marked Edited, and a deletion as "Message deleted" (issue #36)', async () => {
    const client = new FakeClient();
    const first = theirs('It ships tomorow', 1);
    const second = theirs('Wrong customer, sorry', 2);
    client.timeline.push(first, second);
    const el = await mount(client);
    el.open();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=changed]')).to.equal(null);

    // The client changed the message it holds, then told (as VisitorClient does with an `update` frame).
    Object.assign(first, { text: 'It ships tomorrow', editedAt: Date.now() });
    client.emit('messageUpdate', first);
    const rows = () => el.shadowRoot!.querySelectorAll('.msg.theirs');
    // The mark comes with the automation part, fetched the first time a message needs it.
    await waitUntil(() => rows()[0]!.querySelector('[part=changed]'), 'the Edited mark');
    expect(rows()[0]!.querySelector('[part=bubble]')!.textContent).to.equal('It ships tomorrow');
    expect(rows()[0]!.querySelector('[part=changed]')!.textContent).to.equal('Edited');

    Object.assign(second, { text: '', editedAt: Date.now(), deleted: true });
    client.emit('messageUpdate', second);
    await waitUntil(() => rows()[1]!.querySelector('[part=changed]'), 'the deleted mark');
    expect(rows()[1]!.querySelector('[part=changed]')!.textContent).to.equal('Message deleted');
    expect(rows()[1]!.querySelector('[part=bubble]')).to.equal(null, 'no bubble: the text is gone');
    expect(getComputedStyle(rows()[1]!.querySelector('[part=changed]')!).color).to.equal(
      getComputedStyle(rows()[1]!.querySelector('time')!).color,
      'muted, as the time',
    );
    expect(rows().length).to.equal(2, 'it keeps its place');
  });

  it('shows when staff are typing', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    el.open();
    client.emit('typing', { conversationId: 'c1', author: { role: 'staff', id: 'st1', name: 'Anna' }, active: true });
    await el.updateComplete;
    expect($(el, '[part=typing]')!.textContent).to.equal('Anna is typing…');
    client.emit('typing', { conversationId: 'c1', author: { role: 'staff', id: 'st1', name: 'Anna' }, active: false });
    await el.updateComplete;
    expect($(el, '[part=typing]')!.textContent).to.equal('');
  });

  it('requires the pre-chat form when prechat="required"', async () => {
    const client = new FakeClient();
    const el = await mount(client, html`<chat-widget prechat="required" .client=${client}></chat-widget>`);
    await openByUser(el);
    expect($(el, '[part=composer]'), 'no composer while the form comes').to.equal(null);
    const form = await formOf(el);
    expect(form).to.exist;
    // Its English words and its rules come with its part, not with the element.
    expect(form.querySelector('p')!.textContent).to.equal('Tell us who you are so we can get back to you.');
    expect(getComputedStyle(form).display).to.equal('flex');
    expect(getComputedStyle(form.querySelector('label.check')!).flexDirection).to.equal('row');
    expect($(el, '[part=composer]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.secondary')).to.equal(null);
    form.requestSubmit();
    await el.updateComplete;
    expect($(el, '[part=composer]')).to.equal(null);
    (form.elements.namedItem('name') as HTMLInputElement).value = 'Ada';
    (form.elements.namedItem('email') as HTMLInputElement).value = 'ada@example.com';
    (form.elements.namedItem('consent') as HTMLInputElement).checked = true;
    form.requestSubmit();
    await el.updateComplete;
    expect($(el, '[part=composer]')).to.exist;
    expect(JSON.parse(localStorage.getItem('parley:default:0:anon:profile')!)).to.deep.equal({
      done: true,
      name: 'Ada',
      email: 'ada@example.com',
      consent: true,
      // No consent-version attribute: the version is a hash of the consent text shown.
      consentVersion: 'text-5d3de85c',
    });
  });

  it('lets an optional pre-chat form be skipped', async () => {
    const client = new FakeClient();
    const el = await mount(client, html`<chat-widget prechat="optional" .client=${client}></chat-widget>`);
    await openByUser(el);
    await formOf(el);
    ($(el, '.secondary') as HTMLButtonElement).click();
    await el.updateComplete;
    expect($(el, '[part=composer]')).to.exist;
  });

  it('offers a leave-a-message form when no one is online', async () => {
    const client = new FakeClient();
    client.staffOnline = 0;
    const el = await mount(client);
    await openByUser(el);
    expect($(el, '[part=presence]')!.textContent).to.contain('We’ll reply by email');
    const form = await formOf(el);
    (form.elements.namedItem('email') as HTMLInputElement).value = 'ada@example.com';
    (form.elements.namedItem('text') as HTMLTextAreaElement).value = 'Call me back';
    form.requestSubmit();
    await el.updateComplete;
    expect(client.sent).to.deep.equal(['Call me back']);
    expect($(el, '[part=composer]')).to.exist;
  });

  it('shows the welcome message and loads earlier messages', async () => {
    const client = new FakeClient();
    client.timeline = [theirs('fifth', 5)];
    client.earlier = [theirs('fourth', 4)];
    const el = await mount(client, html`<chat-widget .client=${client}></chat-widget>`);
    client.emit('welcome', {
      site: { id: 's1', name: 'Acme' },
      staffOnline: 1,
      lastSeq: 5,
      greeting: { text: 'Hi! Ask us anything.', name: 'Acme' },
    } as WelcomeFrame);
    el.open();
    await el.updateComplete;
    expect($(el, '.bubble')!.textContent).to.equal('Hi! Ask us anything.');
    const button = $(el, '.earlier') as HTMLButtonElement;
    button.click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('.bubble').length === 3, 'the earlier page');
    const texts = [...el.shadowRoot!.querySelectorAll('.bubble')].map((b) => b.textContent);
    expect(texts).to.deep.equal(['Hi! Ask us anything.', 'fourth', 'fifth']);
    expect($(el, '.earlier')).to.equal(null);
  });

  it('follows the locale attribute, right to left for Arabic, and setLocale', async () => {
    const el = await mount(new FakeClient(), html`<chat-widget locale="ar" .client=${new FakeClient()}></chat-widget>`);
    expect($(el, 'div')!.getAttribute('dir')).to.equal('rtl');
    expect($(el, '.launcher')!.getAttribute('aria-label')).to.equal('افتح المحادثة');
    el.setLocale('fr');
    await el.updateComplete;
    expect($(el, 'div')!.getAttribute('dir')).to.equal('ltr');
    expect($(el, '.launcher')!.getAttribute('aria-label')).to.equal('Ouvrir le chat');
  });

  it('toggles sound with a switch', async () => {
    const el = await mount(new FakeClient());
    el.open();
    await el.updateComplete;
    const toggle = $(el, '[part=sound-button]')!;
    const before = toggle.getAttribute('aria-checked');
    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute('aria-checked')).to.equal(before === 'true' ? 'false' : 'true');
  });

  it('themes through adopted stylesheets only: accent, offset, z-index; no style attributes', async () => {
    const client = new FakeClient();
    const el = await mount(
      client,
      html`<chat-widget accent="rgb(225, 29, 72)" offset="24px 90px" z-index="77" position="left" .client=${client}></chat-widget>`,
    );
    el.open();
    await el.updateComplete;
    const launcher = $(el, '.launcher')!;
    const style = getComputedStyle(launcher);
    expect(style.backgroundColor).to.equal('rgb(225, 29, 72)');
    expect(style.bottom).to.equal('90px');
    expect(style.left).to.equal('24px');
    expect(style.zIndex).to.equal('77');
    expect(el.shadowRoot!.querySelectorAll('[style], style')).to.have.length(0);
    expect(el.hasAttribute('style')).to.equal(false);
  });

  it('refuses CSS injection through the accent attribute', async () => {
    const client = new FakeClient();
    const el = await mount(
      client,
      html`<chat-widget accent="red;}:host{display:none" .client=${client}></chat-widget>`,
    );
    expect(getComputedStyle($(el, '.launcher')!).backgroundColor).to.equal('rgb(37, 99, 235)');
  });

  it('lets the page theme it through --chat-* properties and ::part()', async () => {
    const style = document.createElement('style');
    style.textContent =
      'chat-widget.t { --chat-accent: rgb(0, 128, 0); } chat-widget.t::part(launcher) { width: 70px; }';
    document.head.append(style);
    const client = new FakeClient();
    const el = await mount(client, html`<chat-widget class="t" .client=${client}></chat-widget>`);
    const launcher = getComputedStyle($(el, '.launcher')!);
    expect(launcher.backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(launcher.width).to.equal('70px');
    style.remove();
  });

  it('unsubscribes from its client when removed, and resubscribes when put back', async () => {
    const client = new FakeClient();
    const el = await mount(client);
    const subscribed = client.listenerCount();
    expect(subscribed).to.be.greaterThan(0);
    const parent = el.parentElement!;
    el.remove();
    expect(client.listenerCount()).to.equal(0);
    expect(client.state).to.equal('open');
    parent.append(el);
    await el.updateComplete;
    expect(client.listenerCount()).to.equal(subscribed);
  });

  it('remembers, for the loader of the next page, whether the visitor has a conversation', async () => {
    const client = new FakeClient();
    await mount(client, html`<chat-widget site-key="pk_mark" .client=${client}></chat-widget>`);
    const mark = () => localStorage.getItem('parley:pk_mark:conversation');
    const welcome = (lastSeq: number) =>
      ({ site: { id: 's1', name: 'Acme' }, staffOnline: 1, lastSeq }) as WelcomeFrame;
    expect(mark()).to.equal(null);
    client.emit('welcome', welcome(0));
    expect(mark(), 'the relay has no message for them').to.equal('false');
    await client.send('Hello');
    expect(mark()).to.equal('true');

    const back = new FakeClient();
    const el = await mount(back, html`<chat-widget site-key="pk_back" .client=${back}></chat-widget>`);
    back.emit('welcome', welcome(12));
    expect(localStorage.getItem('parley:pk_back:conversation')).to.equal('true');
    el.reset();
    expect(localStorage.getItem('parley:pk_back:conversation'), 'a new visitor after reset').to.equal('false');
  });

  it('shares one connection between elements for the same relay and site', async () => {
    const relay = 'ws://127.0.0.1:9/v1/ws';
    const a = await fixture<ChatWidget>(html`<chat-widget relay=${relay} site-key="pk_share"></chat-widget>`);
    const b = await fixture<ChatWidget>(html`<chat-widget relay=${relay} site-key="pk_share"></chat-widget>`);
    const registry = (globalThis as Record<symbol, Map<string, unknown>>)[Symbol.for('parley.widget.clients')]!;
    const keys = [...registry.keys()].filter((k) => k.includes('pk_share'));
    expect(keys).to.have.length(1);
    a.reset();
    b.remove();
  });

  describe('email', () => {
    const welcome = (email: boolean | undefined) =>
      ({
        site: { id: 's1', name: 'Acme' },
        staffOnline: 0,
        lastSeq: 0,
        ...(email === undefined ? {} : { email }),
      }) as WelcomeFrame;

    it('promises no email when the relay sends none: another presence line, no leave-a-message form', async () => {
      const client = new FakeClient();
      client.staffOnline = 0;
      const el = await mount(client);
      client.emit('welcome', welcome(false));
      await openByUser(el);
      expect($(el, '[part=presence]')!.textContent).to.contain('We’ll reply here when we’re back');
      expect($(el, '[part=presence]')!.textContent).not.to.contain('email');
      expect($(el, 'form[part=form]')).to.equal(null);
      expect($(el, 'input[name=email]')).to.equal(null);
      expect($(el, '[part=composer]')).to.exist;

      el.setLocale('fr');
      await el.updateComplete;
      expect($(el, '[part=presence]')!.textContent).to.contain('Nous répondrons ici à notre retour');
    });

    it('keeps promising email with a relay that sends it, or one from before email', async () => {
      for (const email of [true, undefined]) {
        sessionStorage.clear(); // the first panel's open state would open the second one
        const client = new FakeClient();
        client.staffOnline = 0;
        const el = await mount(client);
        client.emit('welcome', welcome(email));
        await openByUser(el);
        expect($(el, '[part=presence]')!.textContent).to.contain('We’ll reply by email');
        expect((await formOf(el)).querySelector('input[name=email]')).to.exist;
      }
    });

    it('emails the transcript from the menu, and says where to', async () => {
      const client = new FakeClient();
      client.timeline.push(theirs('Hello', 1));
      const el = await mount(
        client,
        html`<chat-widget
          site-name="Acme"
          .client=${client}
          .identity=${{ id: 'u1', hash: 'a'.repeat(64), email: 'ada@example.com' }}
        ></chat-widget>`,
      );
      client.emit('welcome', welcome(true));
      await openByUser(el);
      // The menu is the email part's, fetched once the conversation has a message.
      await waitUntil(() => $(el, '[part=menu-button]'), 'the menu');
      const menuButton = $(el, '[part=menu-button]') as HTMLButtonElement;
      // Its icon, drawn by the part: three dots, as SVG (not text), sized by the header's rules.
      const dots = menuButton.querySelectorAll('svg[aria-hidden=true] circle');
      expect(dots.length).to.equal(3);
      expect(dots[0]).to.be.instanceOf(SVGCircleElement);
      expect(menuButton.querySelector('svg')!.getBoundingClientRect().width).to.equal(20);
      expect(menuButton.getAttribute('aria-haspopup')).to.equal('menu');
      expect(menuButton.getAttribute('aria-label')).to.equal('More');
      menuButton.click();
      await el.updateComplete;
      const item = $(el, '[role=menuitem]') as HTMLButtonElement;
      expect(item.textContent).to.contain('Email me this conversation');
      item.click();
      await waitUntil(() => $(el, '[part~=notice]'), 'the notice');
      expect(client.transcriptCalls).to.equal(1);
      expect($(el, '[part~=notice]')!.textContent).to.contain('a***@ex***.com');
      expect($(el, '[role=menu]')).to.equal(null);
      expect($(el, '[part=email-ask]'), 'no card: the email is known').to.equal(null);

      // The relay knows no email after all: no dead end, the card asks for one (see chat-widget-email-ask.test.ts).
      client.transcript = { code: 'no_email' };
      menuButton.click();
      await el.updateComplete;
      ($(el, '[role=menuitem]') as HTMLButtonElement).click();
      await waitUntil(() => $(el, '[part=email-ask]'), 'the card');
      await waitUntil(() => el.shadowRoot!.activeElement === $(el, '[part=email-ask] input'), 'its field focused');
    });

    it('offers no transcript without a relay that emails, or before the first message', async () => {
      const client = new FakeClient();
      const el = await mount(client);
      client.emit('welcome', welcome(true));
      await openByUser(el);
      expect($(el, '[part=menu-button]'), 'nothing to send yet').to.equal(null);
      client.timeline.push(theirs('Hello', 1));
      client.emit('welcome', welcome(false));
      await el.updateComplete;
      expect($(el, '[part=menu-button]')).to.equal(null);
    });

    it('follows a link from an email: the token leaves the address bar at once, is exchanged, the chat opens on the conversation’s newest page', async () => {
      const original = window.fetch;
      const asked: Array<{ url: string; body: string }> = [];
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        asked.push({ url: String(input), body: String(init?.body) });
        return new Response(JSON.stringify({ visitorToken: 'vt_link', conversationId: 'c_link' }), { status: 200 });
      };
      const token = 'tok_0123456789abcdefghij';
      history.replaceState(null, '', `${location.pathname}?page=1#parley-link=${token}`);
      try {
        const client = new FakeClient();
        const el = await mount(
          client,
          html`<chat-widget relay="wss://chat.example/v1/ws" site-key="pk_link" .client=${client}></chat-widget>`,
        );
        expect(location.hash, 'removed at once').to.equal('');
        expect(location.search).to.equal('?page=1');
        await waitUntil(() => el.opened, 'the chat to open');
        expect(asked).to.deep.equal([{ url: 'https://chat.example/v1/visitor/link', body: JSON.stringify({ token }) }]);
        // The visitor the link grants becomes the client's (its own client, with that visitorToken: tests/e2e/email.test.ts
        // follows a real link); the newest page of their conversation is loaded.
        await waitUntil(() => client.loadEarlierCalls === 1, 'the conversation’s newest page');
      } finally {
        window.fetch = original;
        history.replaceState(null, '', location.pathname);
      }
    });

    // Issue #36: a link used twice, or too late, says which, and what to do instead.
    const refusals: Array<[string, () => Promise<Response>, string]> = [
      [
        'used already',
        async () => new Response('{"error":{"code":"link_used"}}', { status: 410 }),
        'This link works once, and it was used already. If you opened it on this device, your conversation is below',
      ],
      [
        'expired',
        async () => new Response('{"error":{"code":"link_expired"}}', { status: 410 }),
        'This link has expired (links work for 7 days). Reply to the email instead',
      ],
      [
        'unknown, or the relay out of reach',
        async () => {
          throw new TypeError('Failed to fetch');
        },
        'This link could not be opened. Reply to the email instead',
      ],
    ];
    for (const [why, answer, notice] of refusals)
      it(`says what happened when a link is ${why}`, async () => {
        const original = window.fetch;
        window.fetch = answer;
        history.replaceState(null, '', `${location.pathname}#parley-link=tok_usedusedusedusedused`);
        try {
          const client = new FakeClient();
          const el = await mount(
            client,
            html`<chat-widget relay="wss://chat.example/v1/ws" site-key="pk_used" .client=${client}></chat-widget>`,
          );
          await waitUntil(() => $(el, '[part~=notice]'), 'the notice');
          expect($(el, '[part~=notice]')!.textContent).to.contain(notice);
          expect(location.hash).to.equal('');
          expect(client.loadEarlierCalls).to.equal(0);
        } finally {
          window.fetch = original;
          history.replaceState(null, '', location.pathname);
        }
      });
  });
});
