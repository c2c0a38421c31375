import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open, stored } from './admin-fixture.js';
import { $, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

async function openAutomations(el: ChatAdmin): Promise<ShadowRoot> {
  const page = await showPage(el, 'Automations', 'chat-admin-automations');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the automations form');
  return page.shadowRoot!;
}

function field<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

function change(input: HTMLInputElement | HTMLTextAreaElement, value: string | boolean, type = 'change'): void {
  if (typeof value === 'boolean') (input as HTMLInputElement).checked = value;
  else input.value = value;
  input.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

describe('<chat-admin> automations', () => {
  it('edits business hours, the welcome, away and rating texts, and saves them as one document', async () => {
    const { el, api } = await mount();
    const page = await openAutomations(el);
    change(field<HTMLInputElement>(page, 'input[name=botName]'), 'Ada', 'input');
    change(field<HTMLInputElement>(page, 'input[name=hours]'), true);
    await settle(el);
    const pageEl = $(el, 'chat-admin-automations')! as HTMLElement & { updateComplete: Promise<unknown> };
    await pageEl.updateComplete;
    change(field<HTMLInputElement>(page, 'input[name=timezone]'), 'Europe/Paris');
    await pageEl.updateComplete;
    // Saturday on, 10:00–14:00; Christmas off.
    change(field<HTMLInputElement>(page, 'input[data-day="6"]'), true);
    await pageEl.updateComplete;
    const saturday = [...page.querySelectorAll<HTMLInputElement>('input[type=time]')].filter((i) =>
      i.getAttribute('aria-label')!.startsWith('Saturday'),
    );
    change(saturday[0]!, '10:00');
    await pageEl.updateComplete;
    change(saturday[1]!, '14:00');
    change(field<HTMLTextAreaElement>(page, 'textarea[name=holidays]'), '2026-12-25\n2027-01-01');
    change(field<HTMLInputElement>(page, 'input[name=welcome]'), true);
    await pageEl.updateComplete;
    const welcomeFr = field<HTMLTextAreaElement>(page, 'textarea[name=welcome-fr]');
    expect(welcomeFr.placeholder, 'the built-in text shows through').to.equal('Bonjour !');
    change(welcomeFr, 'Bienvenue !', 'input');
    change(field<HTMLInputElement>(page, 'input[name=away]'), true);
    change(field<HTMLInputElement>(page, 'input[name=csat]'), true);
    await pageEl.updateComplete;
    field<HTMLButtonElement>(page, 'button[type=submit]').click();
    await waitUntil(() => api.savedAutomations.length === 1, 'the save');
    expect(api.savedAutomations[0]).to.deep.equal({
      botName: 'Ada',
      hours: {
        timezone: 'Europe/Paris',
        weekly: [
          ...[1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
          { day: 6, open: '10:00', close: '14:00' },
        ],
        holidays: ['2026-12-25', '2027-01-01'],
      },
      welcome: { enabled: true, texts: { fr: 'Bienvenue !' } },
      away: { enabled: true, texts: {}, emailTexts: {} },
      csat: { enabled: true, texts: {} },
    });
    await pageEl.updateComplete;
    expect(text(page.querySelector('[role=status]'))).to.equal('Saved.');
  });

  it('sets how long the chat waits for a reply before it asks the visitor for their email; empty takes 120 s', async () => {
    const { el, api } = await mount();
    const page = await openAutomations(el);
    const pageEl = $(el, 'chat-admin-automations')! as HTMLElement & { updateComplete: Promise<unknown> };
    const wait = field<HTMLInputElement>(page, 'input[name=emailAskSeconds]');
    expect(wait.type).to.equal('number');
    expect(wait.placeholder, 'the default shows through').to.equal('120');
    expect([wait.min, wait.max]).to.deep.equal(['5', '3600']);
    expect(text(wait.closest('label'))).to.contain('seconds without a reply');
    expect(text(page.getElementById(wait.getAttribute('aria-describedby')!))).to.contain('out of hours');
    change(wait, '45', 'input');
    await pageEl.updateComplete;
    field<HTMLButtonElement>(page, 'button[type=submit]').click();
    await waitUntil(() => api.savedAutomations.length === 1, 'the save');
    expect(api.savedAutomations[0]!.emailAskSeconds).to.equal(45);
    await pageEl.updateComplete;
    // Emptied: the relay's default again (the member leaves the document).
    change(field<HTMLInputElement>(page, 'input[name=emailAskSeconds]'), '', 'input');
    await pageEl.updateComplete;
    field<HTMLButtonElement>(page, 'button[type=submit]').click();
    await waitUntil(() => api.savedAutomations.length === 2, 'the second save');
    expect(api.savedAutomations[1]).to.not.have.property('emailAskSeconds');
  });

  it('is for admins only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('Automations');
  });

  it('shows the bot, a rating and buttons in the thread, and sends buttons from the composer', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 4 })]);
    api.history.set('c1', [
      stored('c1', 1, 'Hi'),
      {
        ...stored('c1', 2, 'We are away.', 'staff'),
        author: { role: 'bot', id: 'bot', name: 'Ada' },
        automation: 'away',
      },
      { ...stored('c1', 3, 'Size?', 'staff'), buttons: [{ label: 'S' }, { label: 'L' }] },
      { ...stored('c1', 4, '★★★★☆ Nice'), rating: { seq: 3, score: 4 } },
    ]);
    await open(el, 'c1');
    const bot = $(el, '.msg.bot')!;
    expect(text(bot.querySelector('.author'))).to.equal('Ada Bot');
    expect([...$(el, '.msg .buttons')!.querySelectorAll('li')].map(text)).to.deep.equal(['S', 'L']);
    expect(text($(el, '.msg .rating'))).to.equal('Rated 4 out of 5');

    const input = $(el, '#composer-input') as HTMLTextAreaElement;
    input.value = 'Delivery or pick-up?';
    ($(el, 'input[name=buttons]') as HTMLInputElement).value = 'Delivery | Pick-up';
    ($(el, 'form.composer') as HTMLFormElement).requestSubmit();
    expect(client.sent.at(-1)).to.deep.equal({
      text: 'Delivery or pick-up?',
      conversationId: 'c1',
      note: false,
      buttons: [{ label: 'Delivery' }, { label: 'Pick-up' }],
    });
    // Five are refused in the form, and nothing is sent.
    input.value = 'Too many';
    ($(el, 'input[name=buttons]') as HTMLInputElement).value = 'a|b|c|d|e';
    ($(el, 'form.composer') as HTMLFormElement).requestSubmit();
    expect(client.sent.at(-1)!.text).to.equal('Delivery or pick-up?');
    expect(($(el, 'input[name=buttons]') as HTMLInputElement).validationMessage).to.contain('At most 4');
  });
});
