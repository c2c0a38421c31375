import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { LocalMessage } from '@parley/sdk';
import type { WelcomeFrame } from '@parley/protocol';
import { closedNotice } from '../src/chat-widget/opening-text.js';
import { automationEn } from '../src/chat-widget/automation-ui.js';
import { en } from '../src/i18n/en.js';
import { FakeClient, theirs } from './fake-client.js';
import { $$, $, text, waitUntil } from './helpers.js';

function bot(textOf: string, seq: number, extra: Partial<LocalMessage> = {}): LocalMessage {
  return { ...theirs(textOf, seq), author: { role: 'bot', id: 'bot', name: 'Ada' }, ...extra };
}

function welcome(extra: Partial<WelcomeFrame>): WelcomeFrame {
  return { site: { id: 's1', name: 'Acme' }, staffOnline: 0, lastSeq: 0, ...extra } as WelcomeFrame;
}

async function open(client: FakeClient, locale = 'en'): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale=${locale} .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: automations', () => {
  it('shows the relay’s greeting first, from the bot, and not again where the relay stored it', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', welcome({ greeting: { text: 'Welcome to the shop!', name: 'Ada' } }));
    await el.updateComplete;
    const first = $$(el, '.msg')[0]!;
    expect(text(first.querySelector('.author'))).to.equal('Ada');
    expect(text(first.querySelector('.bubble'))).to.equal('Welcome to the shop!');
    client.timeline.push({ ...theirs('Hi', 1), author: { role: 'visitor', id: 'v1' }, mine: true });
    client.timeline.push(bot('Welcome to the shop!', 2, { automation: 'welcome' }));
    client.emit('message', client.timeline[1]!);
    await el.updateComplete;
    expect($$(el, '.bubble').map(text)).to.deep.equal(['Welcome to the shop!', 'Hi']);
  });

  it('marks the bot’s messages as automated', async () => {
    const client = new FakeClient();
    client.timeline.push(bot('We are away.', 1, { automation: 'away' }));
    const el = await open(client);
    const message = $(el, '.msg.bot')!;
    expect(message.getAttribute('part')).to.contain('message-bot');
    expect(text(message.querySelector('.author'))).to.equal('Ada Automated');
  });

  it('says when the site is back, in the visitor’s language, while out of hours', async () => {
    const client = new FakeClient();
    const el = await open(client, 'fr');
    // Tomorrow at 9:00, the browser's time: "demain", not a weekday that reads as a week away (issue #36, 14).
    const opening = new Date();
    opening.setDate(opening.getDate() + 1);
    opening.setHours(9, 0, 0, 0);
    const until = opening.getTime();
    client.emit('welcome', welcome({ hours: { open: false, until } }));
    // "back …" is worded by the automation part, fetched on first need.
    await waitUntil(() => text($(el, '.presence')).includes('de retour'), 'the notice with its time');
    expect(text($(el, '.presence'))).to.equal('Nous sommes absents — de retour demain 9:00');
    client.emit('welcome', welcome({ hours: { open: true, until } }));
    await el.updateComplete;
    expect(text($(el, '.presence'))).to.not.contain('absents');
  });

  it('follows new hours and staff going Offline while connected, without a reload', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', welcome({ staffOnline: 1 }));
    await el.updateComplete;
    expect(text($(el, '.presence'))).to.equal('We’re online');
    client.emit('presence', { staffOnline: 0 });
    await el.updateComplete;
    expect(text($(el, '.presence'))).to.not.contain('online');
    client.emit('presence', { staffOnline: 1 });
    const opening = new Date();
    opening.setDate(opening.getDate() + 1);
    opening.setHours(9, 0, 0, 0);
    client.emit('hours', { hours: { open: false, until: opening.getTime() } });
    await waitUntil(() => text($(el, '.presence')).includes('back'), 'the notice with its time');
    expect(text($(el, '.presence'))).to.equal('We’re away — back tomorrow 9:00 AM');
    client.emit('hours', { hours: undefined });
    await el.updateComplete;
    expect(text($(el, '.presence'))).to.equal('We’re online');
  });

  it('never names today’s opening by its weekday: Tuesday morning in the site’s zone, and across DST changes', () => {
    const ny = 'America/New_York';
    const closed = (until: string, now: string) =>
      closedNotice({ open: false, until: Date.parse(until) }, { ...automationEn, ...en }, 'en', Date.parse(now), ny);
    // Tuesday 24 November 2026, 07:00 EST; the desk opens at 09:00.
    expect(closed('2026-11-24T14:00:00Z', '2026-11-24T12:00:00Z')).to.equal('We’re away — back today 9:00 AM');
    expect(closed('2026-11-25T14:00:00Z', '2026-11-24T23:00:00Z')).to.equal('We’re away — back tomorrow 9:00 AM');
    expect(closed('2026-11-27T14:00:00Z', '2026-11-24T23:00:00Z')).to.equal('We’re away — back Friday 9:00 AM');
    expect(closed('2026-12-01T14:00:00Z', '2026-11-24T23:00:00Z')).to.equal(
      'We’re away — back Tuesday, December 1 at 9:00 AM',
    );
    // Saturday 23:30 EDT before clocks go back: Monday 00:30 EST is 26 hours on, but two days.
    expect(closed('2026-11-02T05:30:00Z', '2026-11-01T03:30:00Z')).to.equal('We’re away — back Monday 12:30 AM');
    // Saturday 23:30 EST before clocks go forward: Sunday 23:30 EDT is 23 hours on, but tomorrow.
    expect(closed('2026-03-09T03:30:00Z', '2026-03-08T04:30:00Z')).to.equal('We’re away — back tomorrow 11:30 PM');
  });

  it('shows quick replies under the newest message, by keyboard too, and sends the choice', async () => {
    const client = new FakeClient();
    client.timeline.push(
      theirs('Which size?', 1),
      bot('Pick one', 2, { buttons: [{ label: 'Small' }, { label: 'Large' }] }),
    );
    const el = await open(client);
    // The buttons come with the widget's lazy part, fetched the first time a conversation shows one.
    await waitUntil(() => $(el, '[role=group].quick-replies'), 'the quick replies, once their part is fetched');
    const group = $(el, '[role=group].quick-replies')!;
    const button = group.querySelector('button')!;
    expect(getComputedStyle(button).borderRadius, 'styled by the part’s own sheet').to.equal('16px');
    expect(group.getAttribute('aria-label')).to.equal('Quick replies');
    const buttons = [...group.querySelectorAll('button')];
    expect(buttons.map(text)).to.deep.equal(['Small', 'Large']);
    buttons[1]!.focus();
    await sendKeys({ press: 'Enter' });
    expect(client.sent).to.deep.equal(['Large']);
    await el.updateComplete;
    expect($(el, '.quick-replies'), 'gone once the visitor answered').to.equal(null);
  });

  it('sends an FAQ answer’s choice with its reference, and shows the hand-over message that follows', async () => {
    const client = new FakeClient();
    const buttons = [
      { label: 'Yes, thanks', id: 'faq-yes:faq_1' },
      { label: 'Talk to a person', id: 'faq-no:faq_1' },
    ];
    client.timeline.push(
      theirs('Where is my order?', 1),
      bot('Use the tracking link.\n\nDid this help?', 2, { automation: 'faq', buttons }),
    );
    const el = await open(client);
    await waitUntil(() => $(el, '[role=group].quick-replies'), 'the FAQ answer’s buttons');
    const shown = [...$(el, '[role=group].quick-replies')!.querySelectorAll('button')];
    expect(shown.map(text)).to.deep.equal(['Yes, thanks', 'Talk to a person']);
    shown[1]!.click();
    // The label as the message, and which button of which message: the relay does not guess from the label.
    expect(client.chosen).to.deep.equal([{ seq: 2, id: 'faq-no:faq_1', label: 'Talk to a person' }]);
    expect(client.sent, 'not sent as a plain message').to.deep.equal([]);
    const handover = bot('I’m passing you to a person.', 4, { automation: 'handover' });
    client.timeline.push(handover);
    client.emit('message', handover);
    await el.updateComplete;
    expect($$(el, '.msg').map(text).at(-1)).to.contain('I’m passing you to a person.');
    expect($(el, '.quick-replies'), 'no buttons under the hand-over').to.equal(null);
  });

  it('shows suggestions as buttons; one without an id is sent as plain text', async () => {
    const client = new FakeClient();
    client.timeline.push(
      theirs('order refund', 1),
      bot('Maybe one of these answers your question:', 2, {
        automation: 'faq-suggest',
        buttons: [
          { label: 'How do I return an item?', id: 'faq-show:faq_2' },
          { label: 'Talk to a person', id: 'handover' },
        ],
      }),
    );
    const el = await open(client);
    await waitUntil(() => $(el, '[role=group].quick-replies'), 'the suggestions');
    $(el, '[role=group].quick-replies')!.querySelector('button')!.click();
    expect(client.chosen).to.deep.equal([{ seq: 2, id: 'faq-show:faq_2', label: 'How do I return an item?' }]);
  });

  it('asks for a rating under the request, sends it once, and then shows the answer', async () => {
    const client = new FakeClient();
    client.timeline.push(bot('How would you rate this conversation?', 5, { automation: 'csat' }));
    const el = await open(client);
    await waitUntil(() => $(el, 'form.rating'), 'the rating form, once its part is fetched');
    const form = $(el, 'form.rating')!;
    const stars = [...form.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(stars.map((star) => star.getAttribute('aria-label'))).to.deep.equal([
      '1 out of 5',
      '2 out of 5',
      '3 out of 5',
      '4 out of 5',
      '5 out of 5',
    ]);
    stars[3]!.click();
    form.querySelector('textarea')!.value = 'Quick and kind';
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await el.updateComplete;
    expect(client.rated).to.deep.equal([{ seq: 5, score: 4, comment: 'Quick and kind' }]);
    expect(client.sent, 'a rating goes through rate(), not send()').to.deep.equal([]);
    expect($(el, 'form.rating'), 'answered').to.equal(null);
  });
});
