// Message safety in <chat-widget> (issue #39): the warning of sensitive data the site hides (a part fetched only for
// such a site), the bubble that takes the text as stored once acknowledged, and a refusal shown beside its bubble.
import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { WelcomeFrame } from '@parley/protocol';
import { VisitorClient } from '@parley/sdk/visitor';
import { ar } from '../src/i18n/ar.js';
import { es } from '../src/i18n/es.js';
import { fr } from '../src/i18n/fr.js';
import { safetyStringsEn } from '../src/chat-widget/safety-strings.js';
import { fakeWebSocket } from '../../sdk/test/fakes.js';
import { FakeClient } from './fake-client.js';
import { $$, $, text, visitorWelcome, waitUntil } from './helpers.js';

const CARD = '4242 4242 4242 4242';
const CARD_WARNING = 'This looks like a card number. We’ll hide it.';
/**
 * The warning's pause after the last keystroke (`SAFETY_DEBOUNCE_MS` in safety-part.ts, 300 ms), with some room:
 * not imported, since importing the part would fetch it and the first test checks that nothing did.
 */
const PAUSE_MS = 400;

const welcome = visitorWelcome;

/** The widget, open, over a fake client the relay `welcomed`. */
async function open(welcomed: WelcomeFrame): Promise<{ el: ChatWidget; client: FakeClient }> {
  const client = new FakeClient();
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale="en" .client=${client} open></chat-widget>`,
  );
  client.welcome = welcomed;
  client.emit('welcome', welcomed);
  await el.updateComplete;
  return { el, client };
}

/** Whether the page fetched the safety part (its module, from src under test). */
const safetyFetched = (): boolean =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('safety-part'));

const textarea = (el: ChatWidget): HTMLTextAreaElement => $(el, 'textarea')! as HTMLTextAreaElement;

/** Types `value` into the composer as a visitor would (focus, then keys). */
async function type(el: ChatWidget, value: string): Promise<void> {
  textarea(el).focus();
  await sendKeys({ type: value });
}

async function clear(el: ChatWidget): Promise<void> {
  const input = textarea(el);
  input.value = '';
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}

/** Waits past the warning's pause, then for the render it caused. */
async function pause(el: ChatWidget): Promise<void> {
  await aTimeout(PAUSE_MS);
  await el.updateComplete;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

// First in the file: the page has fetched nothing of the part yet.
describe('<chat-widget> on a site that hides nothing', () => {
  it('never fetches the safety part, and warns of nothing', async () => {
    const { el } = await open(welcome());
    await type(el, `my card ${CARD}`);
    await pause(el);
    expect($(el, '.safety-note')).to.equal(null);
    expect(textarea(el).hasAttribute('aria-describedby')).to.equal(false);
    expect(safetyFetched()).to.equal(false, 'the detector is not downloaded for a site without safety');
  });
});

describe('<chat-widget> on a site that hides sensitive data', () => {
  it('fetches the part on the first keystroke, and warns of a card number as the visitor types, not of an order number', async () => {
    const { el } = await open(welcome({ safety: { hides: ['card', 'iban', 'ssn', 'secret'] } }));
    await aTimeout(50);
    expect(safetyFetched()).to.equal(false, 'opening the chat does not fetch it: the visitor may never write');
    await type(el, 'O');
    await waitUntil(() => $(el, '.safety-note'), 'the warning line, once the part came');
    expect(safetyFetched()).to.equal(true);
    const note = $(el, '.safety-note')!;
    // A polite live region, present (empty) before anything is said, so what it says is announced.
    expect(note.getAttribute('role')).to.equal('status');
    expect(text(note)).to.equal('');

    await type(el, 'rder 1234-5678-9012, ref 2024-11-25');
    await pause(el);
    expect(text($(el, '.safety-note'))).to.equal('', 'an order number is no card');
    expect(textarea(el).hasAttribute('aria-describedby')).to.equal(false);

    await clear(el);
    await type(el, `my card is ${CARD}`);
    // Debounced: not while the visitor is still typing.
    expect(text($(el, '.safety-note'))).to.equal('');
    await pause(el);
    expect(text($(el, '.safety-note'))).to.equal(CARD_WARNING);
    expect(textarea(el).getAttribute('aria-describedby')).to.equal($(el, '.safety-note')!.id);
    expect(el.shadowRoot!.getElementById(textarea(el).getAttribute('aria-describedby')!)).to.equal(
      $(el, '.safety-note'),
    );

    // Removing it takes the warning away.
    await clear(el);
    expect(text($(el, '.safety-note'))).to.equal('');
  });

  it('names each kind the site hides, and only those', async () => {
    const { el } = await open(welcome({ safety: { hides: ['iban', 'secret'] } }));
    await type(el, `card ${CARD}, IBAN GB82 WEST 1234 5698 7654 32, key AKIAIOSFODNN7EXAMPLE`);
    await pause(el);
    expect($$(el, '.safety-note span').map(text)).to.deep.equal([
      'This looks like an IBAN. We’ll hide it.',
      'This looks like a key or token. We’ll hide it.',
    ]);
  });

  it('at send: what the warning has not said yet is said first, and the next press sends', async () => {
    const { el, client } = await open(welcome({ safety: { hides: ['card'] } }));
    // The part comes with the first keystroke (this page has it already).
    await type(el, 'x');
    await waitUntil(() => $(el, '.safety-note'), 'the warning line');
    await clear(el);
    await type(el, `card ${CARD}`);
    await sendKeys({ press: 'Enter' }); // before the pause ended
    await el.updateComplete;
    expect(client.sent).to.deep.equal([]);
    expect(text($(el, '.safety-note'))).to.equal(CARD_WARNING);
    expect(textarea(el).value).to.equal(`card ${CARD}`);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.sent).to.deep.equal([`card ${CARD}`]);
    expect(textarea(el).value).to.equal('');
    expect(text($(el, '.safety-note'))).to.equal('');

    // Warned while typing: the first press sends.
    await type(el, `again ${CARD}`);
    await pause(el);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.sent).to.have.length(2);
    // Nothing to warn of: sent at once.
    await type(el, 'thanks');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.sent).to.deep.equal([`card ${CARD}`, `again ${CARD}`, 'thanks']);
  });

  it('speaks the visitor’s language: every built-in locale words each kind', async () => {
    for (const strings of [fr, es, ar]) {
      const words = strings.safetyStrings!;
      for (const kind of Object.keys(safetyStringsEn) as (keyof typeof safetyStringsEn)[]) {
        expect(words[kind]).to.be.a('string').and.not.equal(safetyStringsEn[kind]);
      }
    }
    const client = new FakeClient();
    const el = await fixture<ChatWidget>(html`<chat-widget locale="fr" .client=${client} open></chat-widget>`);
    client.welcome = welcome({ safety: { hides: ['card'] } });
    client.emit('welcome', client.welcome);
    await el.updateComplete;
    await type(el, CARD);
    await pause(el);
    await waitUntil(() => text($(el, '.safety-note')) === fr.safetyStrings!.card, 'the French warning');
  });
});

describe('<chat-widget> with the SDK: what the relay stored', () => {
  /** A real VisitorClient over a fake socket, and the widget on it, welcomed. */
  async function live() {
    const sockets = fakeWebSocket();
    const client = new VisitorClient({
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: sockets.WebSocket,
      storage: 'memory',
      tabs: false,
    });
    const el = await fixture<ChatWidget>(
      html`<chat-widget site-name="Acme" locale="en" .client=${client} open></chat-widget>`,
    );
    await waitUntil(() => sockets.sockets.length > 0, 'the client connects');
    sockets.last().accept();
    await waitUntil(() => sockets.last().framesOf('hello').length > 0, 'the hello');
    sockets.last().receive(welcome());
    await waitUntil(() => client.state === 'open', 'welcomed');
    const sends = () => sockets.sockets.flatMap((socket) => socket.framesOf('send'));
    return { el, client, socket: sockets.last(), sends };
  }

  it('replaces the optimistic bubble with the text as stored once acknowledged', async () => {
    const { el, client, socket, sends } = await live();
    await type(el, `my card is ${CARD}`);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => sends().length === 1, 'sent');
    const [sent] = sends();
    expect(text($(el, '.msg.mine .bubble'))).to.equal(`my card is ${CARD}`);
    socket.receive({
      type: 'ack',
      id: sent!.id,
      messageId: 'm1',
      conversationId: 'c1',
      seq: 1,
      ts: Date.now(),
      duplicate: false,
      text: 'my card is [card ending 4242]',
      redacted: { kinds: ['card'] },
    });
    await waitUntil(() => text($(el, '.msg.mine .bubble')) === 'my card is [card ending 4242]', 'the stored text');
    expect($$(el, '.msg.mine')).to.have.length(1, 'replaced, not added');
    expect(el.shadowRoot!.textContent).not.to.include(CARD);
    client.close();
  });

  for (const code of ['content_refused', 'blocked'] as const) {
    it(`${code}: shows the relay’s message beside the bubble, and does not send it again`, async () => {
      const { el, client, socket, sends } = await live();
      await type(el, 'visit spam.example now');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => sends().length === 1, 'sent');
      const words = 'Links to that site are not allowed here.';
      socket.receive({ type: 'error', code, message: words, ref: sends()[0]!.id, retryAfterMs: 10 });
      await waitUntil(() => $(el, '.msg.mine .refused'), 'the refusal');
      const refusal = $(el, '.msg.mine .refused')!;
      expect(text(refusal)).to.equal(words);
      expect(refusal.getAttribute('role')).to.equal('alert');
      expect($(el, '.msg.mine')!.classList.contains('failed')).to.equal(true);
      await aTimeout(100);
      expect(sends()).to.have.length(1, 'not retried');
      client.close();
    });
  }
});
