import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { LocalMessage } from '@parley/sdk';
import type { WelcomeFrame } from '@parley/protocol';
import { FakeClient, mine, theirs } from './fake-client.js';
import { $, text, waitUntil } from './helpers.js';

/*
 * "Get notified by email" (issue #36): the card that asks a visitor who wrote, and whose email is not known, for one
 * whenever a live answer is unlikely — no agent available, out of hours, no staff reply within the site's time —
 * and the transcript menu's path through it.
 */

/** What the relay says; the fake client keeps it too (the card reads the site's wait from it). */
function welcome(client: FakeClient, extra: Partial<WelcomeFrame> = {}): void {
  const frame = {
    type: 'welcome',
    protocol: 'parley.v2',
    site: { id: 's1', name: 'Acme' },
    staffOnline: 1,
    lastSeq: 1,
    email: true,
    ...extra,
  } as WelcomeFrame;
  client.welcome = frame;
  client.staffOnline = frame.staffOnline;
  client.emit('welcome', frame);
}

/** A visitor who has written `text` (a message the relay stored `ago` ms ago). */
function wrote(client: FakeClient, text = 'Is the blue one in stock?', ago = 0): LocalMessage {
  const message = { ...mine(text, 'sent', client.timeline.length + 1), ts: Date.now() - ago };
  client.timeline.push(message);
  return message;
}

async function open(client: FakeClient, locale = 'en'): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale=${locale} .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

const card = (el: ChatWidget) => $(el, 'form[part=email-ask]');

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: Get notified by email', () => {
  it('asks a visitor who wrote when no agent is available: in the log, labelled, announced politely, taking no focus', async () => {
    const client = new FakeClient();
    wrote(client);
    const el = await open(client);
    const composer = $(el, 'textarea')!;
    composer.focus();
    welcome(client, { staffOnline: 0 });
    await waitUntil(() => card(el), 'the card');
    const form = card(el)!;
    // In the message log, whose polite live region announces it; focus stays where the visitor was typing.
    expect(form.closest('[role=log]')!.getAttribute('aria-live')).to.equal('polite');
    expect(el.shadowRoot!.activeElement).to.equal(composer);
    expect(text(el.shadowRoot!.getElementById(form.getAttribute('aria-labelledby')!))).to.equal(
      'Get notified by email',
    );
    const input = form.querySelector('input')!;
    expect(input.type).to.equal('email');
    expect(input.autocomplete).to.equal('email');
    expect(text(input.closest('label'))).to.equal('Email');
    expect($(el, 'textarea'), 'the composer stays').to.exist;

    input.focus();
    await sendKeys({ type: 'ada@example.com' });
    (form.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => !card(el), 'the card goes once the email is kept');
    expect(client.saved).to.deep.equal(['ada@example.com']);
    expect(text($(el, '[part~=notice]'))).to.equal('We’ll reply to a***@ex***.com if you’re not here.');
    // Kept like the forms' profile: the next visit knows it and does not ask.
    const stored = Object.entries(localStorage).find(([key]) => key.endsWith(':profile'));
    expect(JSON.parse(stored![1]).email).to.equal('ada@example.com');
    client.emit('message', wrote(client, 'Anyone?'));
    await el.updateComplete;
    expect(card(el)).to.equal(null);
    // The notice is read, then leaves (issue #81: it stayed at the top of the panel for good).
    await waitUntil(() => !$(el, '[part~=notice]'), 'the notice to leave, 6 s after it came');
  });

  it('asks out of hours, in the visitor’s language', async () => {
    const client = new FakeClient();
    wrote(client);
    const el = await open(client, 'fr');
    welcome(client, { staffOnline: 1, hours: { open: false, until: Date.now() + 3_600_000 } });
    await waitUntil(() => card(el), 'the card');
    expect(text(card(el)!.querySelector('.ask-title'))).to.equal('Être prévenu par e-mail');
    expect(text(card(el)!.querySelector('button[type=submit]'))).to.equal('Me prévenir');
  });

  it('asks when no staff reply came within the site’s time after the visitor’s last message, not before', async () => {
    const client = new FakeClient();
    const el = await open(client);
    welcome(client, { staffOnline: 1, emailAskMs: 400 });
    const asked = wrote(client);
    client.emit('message', asked);
    await el.updateComplete;
    // An agent is available and in hours: nothing while the site's time has not passed. Each look reads the clock
    // first, so a timer a loaded browser wakes late cannot make a look fall after the time and fail.
    for (let elapsed = Date.now() - asked.ts; elapsed < 400; elapsed = Date.now() - asked.ts) {
      expect(card(el), `not before the site’s time (${elapsed} ms)`).to.equal(null);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitUntil(() => card(el), 'the card, once the site’s time has passed', { timeout: 3000 });
    expect(Date.now() - asked.ts).to.be.at.least(400);

    // A staff reply takes it away; a bot's away reply or welcome is no reply.
    client.timeline.push(theirs('Yes, two left.', 2));
    client.emit('message', client.timeline.at(-1)!);
    await el.updateComplete;
    expect(card(el)).to.equal(null);
    const bot = { ...theirs('We are away.', 4), author: { role: 'bot' as const, id: 'bot', name: 'Ada' } };
    client.timeline.push(wrote(client, 'And the red one?', 1000), bot);
    client.emit('message', bot);
    await waitUntil(() => card(el), 'the card: the bot’s message answers nothing');
  });

  it('waits 2 minutes when the relay names no time', async () => {
    const client = new FakeClient();
    wrote(client, 'Hello', 119_000);
    const el = await open(client);
    welcome(client, { staffOnline: 1 });
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(card(el)).to.equal(null);
    await waitUntil(() => card(el), 'the card after 120 s', { timeout: 3000 });
  });

  it('does not ask without a relay that emails, before the visitor writes, or with an email known', async () => {
    for (const [setup, why] of [
      [(c: FakeClient) => (wrote(c), welcome(c, { staffOnline: 0, email: false })), 'no email sent'],
      [(c: FakeClient) => (c.timeline.push(theirs('Hi!', 1)), welcome(c, { staffOnline: 0 })), 'not written'],
    ] as const) {
      const client = new FakeClient();
      const el = await open(client);
      setup(client);
      await el.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(card(el), why).to.equal(null);
    }
    const client = new FakeClient();
    wrote(client);
    const el = await fixture<ChatWidget>(
      html`<chat-widget
        .client=${client}
        .identity=${{ id: 'u1', hash: 'a'.repeat(64), email: 'ada@example.com' }}
        open
      ></chat-widget>`,
    );
    welcome(client, { staffOnline: 0 });
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(card(el), 'the identity’s email').to.equal(null);
  });

  it('goes away with Not now, and refuses what is not an email, changing nothing', async () => {
    const client = new FakeClient();
    wrote(client);
    const el = await open(client);
    welcome(client, { staffOnline: 0 });
    await waitUntil(() => card(el), 'the card');
    const input = card(el)!.querySelector('input')!;
    input.focus();
    await sendKeys({ type: 'not an email' });
    (card(el)!.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(text($(el, '.ask-error'))).to.equal('Enter a valid email address');
    expect($(el, '.ask-error')!.getAttribute('role')).to.equal('alert');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.contain('ask-error');
    expect(client.saved, 'never sent').to.deep.equal([]);

    // The relay refuses it (its rule is stricter than the browser's): said the same way, nothing kept.
    input.value = 'ada@localhost';
    client.emailRefusal = 'invalid_email';
    (card(el)!.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => client.saved.length === 1, 'sent');
    await el.updateComplete;
    expect(text($(el, '.ask-error'))).to.equal('Enter a valid email address');
    expect(Object.keys(localStorage).some((key) => key.endsWith(':profile'))).to.equal(false);

    const dismiss = [...card(el)!.querySelectorAll('button')].find((b) => text(b) === 'Not now')!;
    dismiss.click();
    await el.updateComplete;
    expect(card(el)).to.equal(null);
    client.emit('message', wrote(client, 'Still there?'));
    await el.updateComplete;
    expect(card(el), 'not again on this page').to.equal(null);
    // Forgetting the visitor (a logout) forgets their Not now too.
    el.reset();
    el.open();
    await waitUntil(() => card(el), 'asked again after reset()');
  });

  it('opens from the transcript menu without an email known, focused, and sends the transcript once saved', async () => {
    const client = new FakeClient();
    wrote(client);
    const el = await open(client);
    welcome(client, { staffOnline: 1 });
    await waitUntil(() => $(el, '[part=menu-button]'), 'the menu');
    expect(card(el), 'an agent is there: no ask yet').to.equal(null);
    $(el, '[part=menu-button]')!.click();
    await el.updateComplete;
    ($(el, '[role=menuitem]') as HTMLButtonElement).click();
    await waitUntil(() => card(el), 'the card');
    expect(client.transcriptCalls, 'nothing asked of the relay yet').to.equal(0);
    expect(text(card(el)!.querySelector('.ask-intro'))).to.equal(
      'Enter your email and we’ll send you this conversation.',
    );
    await waitUntil(() => el.shadowRoot!.activeElement === card(el)!.querySelector('input'), 'its field focused');
    await sendKeys({ type: 'ada@example.com' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.transcriptCalls === 1, 'the transcript asked for once the email is saved');
    expect(client.saved).to.deep.equal(['ada@example.com']);
    await waitUntil(() => text($(el, '[part~=notice]')) === 'Sent to a***@ex***.com.', 'where it went');
    expect(card(el)).to.equal(null);
  });
});
