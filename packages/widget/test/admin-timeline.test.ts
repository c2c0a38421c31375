import { expect } from '@open-wc/testing';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { $$, text, waitUntil } from './helpers.js';

// The thread's timeline (issue #36): who assigned, labelled, prioritised and resolved the conversation, shown
// between the messages at the time it happened, from the relay's `GET /conversations/{id}/events`.

describe('<chat-admin> thread timeline', () => {
  it('shows each change after the message before it, and reads the timeline again when the conversation changes', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 3 })]);
    const history = [stored('c1', 1, 'Hi'), stored('c1', 2, 'My invoice is wrong'), stored('c1', 3, 'Thanks!')];
    api.history.set('c1', history);
    const ana = { id: 'staff_1', name: 'Ana' };
    const between = (seq: number) => history[seq - 1]!.ts + 10;
    api.timelines.set('c1', [
      { at: between(1), actor: ana, type: 'assigned', assignee: { id: 'staff_2', name: 'Bo' } },
      { at: between(2), actor: ana, type: 'label_added', label: 'billing' },
      { at: between(2) + 1, actor: ana, type: 'priority', priority: 'high' },
      {
        at: between(2) + 2,
        actor: { id: 'feature:rules', name: "Rule 'VIP'" },
        type: 'team',
        team: { id: 't1', name: 'Sales' },
      },
    ]);
    await open(el, 'c1');
    await waitUntil(() => $$(el, '.timeline-event').length === 4, 'the timeline, once its chunk is in');
    const log = $$(el, '[role=log] > .msg, [role=log] > .timeline-event').map((node) =>
      node.classList.contains('msg') ? text(node.querySelector('.bubble')) : text(node).split(' · ')[0],
    );
    expect(log).to.deep.equal([
      'Hi',
      'Ana assigned this to Bo',
      'My invoice is wrong',
      'Label billing added by Ana',
      'Priority set to high by Ana',
      "Rule 'VIP' moved this to Sales",
      'Thanks!',
    ]);
    const event = $$(el, '.timeline-event')[0]!;
    expect(event.getAttribute('role')).to.equal('note');
    expect(event.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(between(1)).toISOString());

    // Resolved (by a colleague, live): the timeline is read again and says so, after the last message.
    api.timelines
      .get('c1')!
      .push({ at: Date.now(), actor: { id: 'staff_2', name: 'Bo' }, type: 'status', status: 'resolved' });
    client.emit('conversation', { ...conversation('c1', { lastSeq: 3 }), status: 'resolved' });
    await waitUntil(() => $$(el, '.timeline-event').length === 5, 'the new event');
    expect(text($$(el, '.timeline-event')[4]!)).to.contain('Resolved by Bo');
    client.emit('message', live({ ...stored('c1', 4, 'One more thing', 'visitor'), ts: Date.now() + 1000 }));
    // A message after it comes after it.
    await waitUntil(() => $$(el, '.msg').length === 4, 'the new message');
    expect(text($$(el, '[role=log] > *').at(-1)!.querySelector('.bubble'))).to.equal('One more thing');
  });
});
