import { expect } from '@open-wc/testing';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, text, waitUntil } from './helpers.js';

// Snooze (issue #35): a thread action, in the open conversation's header — presets and a date, then until when
// and Unsnooze while it is snoozed. The relay reads the presets in the site's time zone; the inbox only asks.

describe('<chat-admin> snooze', () => {
  it('snoozes with a preset or a date, shows until when, and opens it again', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-snooze summary'), 'the Snooze menu, once its chunk is in');
    const menu = $(el, 'chat-admin-snooze details') as HTMLDetailsElement;
    ($(el, 'chat-admin-snooze summary') as HTMLElement).click();
    expect(menu.open).to.equal(true);
    const buttons = [...menu.querySelectorAll('.snooze-menu > button')].map((button) => text(button));
    // Each preset says when it ends (issue #81): today's and tomorrow's time, next week's weekday and time.
    const time = (at: Date) => at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    const later = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 900_000) * 900_000);
    const nine = new Date();
    nine.setHours(9, 0, 0, 0);
    const monday = new Date(nine);
    monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
    const weekday = monday.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
    expect(buttons).to.deep.equal([`Later today ${time(later)}`, `Tomorrow ${time(nine)}`, `Next week ${weekday}`]);
    expect(text(menu.querySelector('.snooze-menu > button .when'))).to.equal(time(later));
    (menu.querySelectorAll('.snooze-menu > button')[1] as HTMLButtonElement).click();
    await waitUntil(() => api.snoozeCalls.length === 1, 'the snooze');
    expect(api.snoozeCalls[0]).to.deep.equal(['PUT', 'c1', { preset: 'tomorrow' }]);
    await waitUntil(() => !menu.open, 'the menu to close');

    // The relay's conversation frame says it is snoozed: until when, and Unsnooze.
    client.emit('conversation', { ...conversation('c1', { lastSeq: 1 }), status: 'snoozed', updatedAt: Date.now() });
    await waitUntil(() => text($(el, 'chat-admin-snooze .snoozed')).startsWith('Snoozed until '), 'until when');
    ($(el, 'chat-admin-snooze .unsnooze') as HTMLButtonElement).click();
    await waitUntil(() => api.snoozeCalls.length === 2, 'the unsnooze');
    expect(api.snoozeCalls[1]).to.deep.equal(['DELETE', 'c1', undefined]);

    // A date, from the form.
    client.emit('conversation', { ...conversation('c1', { lastSeq: 1 }), status: 'open', updatedAt: Date.now() });
    await waitUntil(() => $(el, 'chat-admin-snooze summary'), 'the menu again');
    const input = $(el, 'chat-admin-snooze input[type=date]') as HTMLInputElement;
    input.value = '2027-01-04';
    ($(el, 'chat-admin-snooze form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.snoozeCalls.length === 3, 'the snooze to a date');
    expect(api.snoozeCalls[2]).to.deep.equal(['PUT', 'c1', { date: '2027-01-04' }]);
  });

  it('says why the relay refused, and offers nothing on a resolved conversation', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-snooze summary'), 'the Snooze menu');
    api.snoozeRefusal = new AdminApiError(
      'conflict',
      'A resolved conversation cannot be snoozed; reopen it first.',
      409,
    );
    ($(el, 'chat-admin-snooze summary') as HTMLElement).click();
    ($(el, 'chat-admin-snooze .snooze-menu > button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-snooze [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-snooze [role=alert]'))).to.equal(
      'A resolved conversation cannot be snoozed; reopen it first.',
    );
    client.emit('conversation', { ...conversation('c1', { lastSeq: 1 }), status: 'resolved', updatedAt: Date.now() });
    await waitUntil(() => !$(el, 'chat-admin-snooze summary'), 'no menu on a resolved conversation');
  });
});
