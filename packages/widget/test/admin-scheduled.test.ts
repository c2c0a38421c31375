import { expect } from '@open-wc/testing';
import { conversation, mount, open } from './admin-fixture.js';
import { $$, $, text, waitUntil } from './helpers.js';

// Send later (issue #40): a menu next to the composer's Send schedules the reply being written (quick picks on the
// staff member's clock, or a date and time); the conversation's scheduled messages show above the composer, with
// Edit and Cancel. All of it in a chunk of its own, fetched with the composer.

const HOUR = 3_600_000;

describe('<chat-admin> send later', () => {
  it('schedules the reply for a quick pick, lists it, edits it and cancels it', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-send-later summary'), 'the Send later menu, once its chunk is in');
    const input = $(el, '#composer-input') as HTMLTextAreaElement;

    // Nothing written: it says so, and schedules nothing.
    ($(el, 'chat-admin-send-later summary') as HTMLElement).click();
    const menu = $(el, 'chat-admin-send-later details') as HTMLDetailsElement;
    expect(menu.open).to.equal(true);
    expect($$(el, 'chat-admin-send-later .send-later-menu > button').map((button) => text(button))).to.deep.equal([
      'In 1 hour',
      'Tomorrow 9:00',
      'Monday 9:00',
    ]);
    ($(el, 'chat-admin-send-later [data-pick=tomorrow]') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-send-later [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-send-later [role=alert]'))).to.match(/Write the reply first/);
    expect(api.scheduledCalls).to.deep.equal([]);

    // Written, then Tomorrow 9:00: scheduled for 09:00 local time tomorrow, the composer cleared, the list shows it.
    input.value = 'I will check with the warehouse and come back to you.';
    input.dispatchEvent(new Event('input'));
    const before = Date.now();
    ($(el, 'chat-admin-send-later [data-pick=tomorrow]') as HTMLButtonElement).click();
    await waitUntil(() => api.scheduledCalls.length === 1, 'the scheduling');
    const [method, id, body] = api.scheduledCalls[0]!;
    expect([method, id]).to.deep.equal(['POST', 'c1']);
    const { text: sentText, sendAt } = body as { text: string; sendAt: number };
    expect(sentText).to.equal('I will check with the warehouse and come back to you.');
    const at = new Date(sendAt);
    expect([at.getHours(), at.getMinutes()]).to.deep.equal([9, 0]);
    expect(sendAt - before).to.be.within(0, 33 * HOUR);
    await waitUntil(() => $(el, 'chat-admin-scheduled .scheduled-item'), 'the scheduled message listed');
    expect(input.value).to.equal('');
    expect(menu.open).to.equal(false);
    expect(text($(el, 'chat-admin-scheduled h3'))).to.equal('1 scheduled message');
    expect(text($(el, 'chat-admin-scheduled .scheduled-text'))).to.equal(sentText);
    expect(text($(el, 'chat-admin-scheduled .scheduled-when'))).to.match(/^Sends .* as Ana$/);

    // In 1 hour: a second one, listed soonest first.
    input.value = 'Quick follow-up';
    ($(el, 'chat-admin-send-later summary') as HTMLElement).click();
    ($(el, 'chat-admin-send-later [data-pick=hour]') as HTMLButtonElement).click();
    await waitUntil(() => $$(el, 'chat-admin-scheduled .scheduled-item').length === 2, 'two listed');
    const hourAt = (api.scheduledCalls[1]![2] as { sendAt: number }).sendAt;
    expect(hourAt - Date.now()).to.be.within(HOUR - 5_000, HOUR + 65_000);
    expect($$(el, 'chat-admin-scheduled .scheduled-text').map((item) => text(item))).to.deep.equal([
      'Quick follow-up',
      sentText,
    ]);

    // Edit: a new text and time.
    ($(el, 'chat-admin-scheduled .scheduled-actions button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-scheduled .editing form'), 'the edit form');
    const area = $(el, 'chat-admin-scheduled textarea[name=scheduled-text]') as HTMLTextAreaElement;
    expect(area.value).to.equal('Quick follow-up');
    area.value = 'Quick follow-up, with the tracking number';
    const time = $(el, 'chat-admin-scheduled input[name=scheduled-at]') as HTMLInputElement;
    const later = new Date(2030, 0, 7, 14, 30).getTime();
    time.value = '2030-01-07T14:30';
    ($(el, 'chat-admin-scheduled .editing form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.scheduledCalls.length === 3, 'the edit');
    expect(api.scheduledCalls[2]).to.deep.equal([
      'PATCH',
      'sm_2',
      { text: 'Quick follow-up, with the tracking number', sendAt: later },
    ]);
    await waitUntil(() => !$(el, 'chat-admin-scheduled .editing'), 'the edit form closed');
    expect($$(el, 'chat-admin-scheduled .scheduled-text').map((item) => text(item))).to.deep.equal([
      sentText,
      'Quick follow-up, with the tracking number',
    ]);

    // Cancel the first: it leaves the list.
    ($$(el, 'chat-admin-scheduled .scheduled-actions button.danger')[0] as HTMLButtonElement).click();
    await waitUntil(() => $$(el, 'chat-admin-scheduled .scheduled-item').length === 1, 'one left');
    expect(api.scheduledCalls[3]).to.deep.equal(['DELETE', 'sm_1', undefined]);
  });

  it('schedules for a picked date and time; says why the relay refused; nothing in a note', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-send-later summary'), 'the Send later menu');
    const input = $(el, '#composer-input') as HTMLTextAreaElement;
    input.value = 'Happy new year!';
    ($(el, 'chat-admin-send-later summary') as HTMLElement).click();
    ($(el, 'chat-admin-send-later input[name=send-at]') as HTMLInputElement).value = '2029-12-31T23:59';
    ($(el, 'chat-admin-send-later .send-later-pick button') as HTMLButtonElement).click();
    await waitUntil(() => api.scheduledCalls.length === 1, 'the scheduling');
    expect(api.scheduledCalls[0]).to.deep.equal([
      'POST',
      'c1',
      { text: 'Happy new year!', sendAt: new Date(2029, 11, 31, 23, 59).getTime() },
    ]);
    // The relay refuses an edit of one already sent: the error is shown.
    await waitUntil(() => $(el, 'chat-admin-scheduled .scheduled-item'), 'listed');
    api.scheduled[0]!.status = 'sent';
    ($(el, 'chat-admin-scheduled .scheduled-actions button.danger') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-scheduled [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-scheduled [role=alert]'))).to.match(/has been sent; it can no longer be changed/);

    // One the relay could not send: why, and Dismiss (no Edit).
    api.scheduled[0]!.status = 'failed';
    api.scheduled[0]!.error = 'The staff member who scheduled it no longer has access.';
    api.scheduled.push({
      ...api.scheduled[0]!,
      id: 'sm_2',
      status: 'scheduled',
      error: null,
      sendAt: Date.now() + 7_200_000,
    });
    // A change of the conversation (the staff socket's frame) reads the list again.
    client.emit('conversation', { ...conversation('c1', { lastSeq: 2 }), updatedAt: Date.now() });
    await waitUntil(() => $(el, 'chat-admin-scheduled .scheduled-item.status-failed'), 'the failed one listed');
    expect(text($(el, 'chat-admin-scheduled .status-failed .scheduled-when'))).to.equal(
      'Not sent: The staff member who scheduled it no longer has access.',
    );
    expect($$(el, 'chat-admin-scheduled .status-failed button').map((button) => text(button))).to.deep.equal([
      'Dismiss',
    ]);
    ($(el, 'chat-admin-scheduled .status-failed button') as HTMLButtonElement).click();
    await waitUntil(() => !$(el, 'chat-admin-scheduled .scheduled-item.status-failed'), 'dismissed');
    expect(api.scheduledCalls.at(-1)).to.deep.equal(['DELETE', 'sm_1', undefined]);

    // A private note is not scheduled: no menu in note mode.
    ($$(el, '.modes button')[1] as HTMLButtonElement).click();
    await waitUntil(() => !$(el, 'chat-admin-send-later summary'), 'no menu in a note');
  });
});
