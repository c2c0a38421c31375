import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, showPage, text, waitUntil } from './helpers.js';

// SLA policies (issue #86): a settings page of policies in order, the default last, and the open conversation's
// clocks in its header, amber before the deadline and red after it.

async function openSla(el: ChatAdmin): Promise<ShadowRoot> {
  const page = await showPage(el, 'SLA policies', 'chat-admin-sla');
  await waitUntil(() => page.shadowRoot?.querySelector('.intro'), 'the SLA page');
  return page.shadowRoot!;
}

function set(root: ParentNode, selector: string, value: string | boolean): void {
  const input = root.querySelector<HTMLInputElement>(selector);
  if (!input) throw new Error(`no ${selector}`);
  if (typeof value === 'boolean') input.checked = value;
  else input.value = value;
}

describe('<chat-admin> SLA policies', () => {
  it('adds a default and a policy for urgent conversations, in hours, orders and deletes them', async () => {
    const { el, api } = await mount();
    const root = await openSla(el);
    expect(text(root.querySelector('.muted'))).to.include('No policy yet');
    (root.querySelector('.card-head button') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('form[data-save=new]'), 'the new policy form');
    let form = root.querySelector('form[data-save=new]') as HTMLFormElement;
    set(form, '[name=name]', 'Everyone');
    set(form, '[name=firstResponse-value]', '2');
    (form.querySelector('[name=firstResponse-unit]') as HTMLSelectElement).value = 'hours';
    set(form, '[name=isDefault]', true);
    form.requestSubmit();
    await waitUntil(() => api.slaCalls.length === 1, 'the default saved');
    expect(api.slaCalls[0]![2]).to.include({
      name: 'Everyone',
      firstResponseMinutes: 120,
      isDefault: true,
      warnAtPercent: 80,
    });
    await waitUntil(
      () => root.querySelector('li.item') && root.querySelector('.card-head button'),
      'the default listed',
    );
    (root.querySelector('.card-head button') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('form[data-save=new]'), 'the form again');
    form = root.querySelector('form[data-save=new]') as HTMLFormElement;
    // No target: refused on the page, nothing sent.
    set(form, '[name=name]', 'Urgent');
    form.requestSubmit();
    await waitUntil(() => (root.textContent ?? '').includes('Give at least one target.'), 'the refusal');
    expect(api.slaCalls.length).to.equal(1);
    set(form, '[name=firstResponse-value]', '15');
    set(form, '[name=nextResponse-value]', '30');
    set(form, '[name=businessHours]', true);
    set(form, 'input[name=priority][value=urgent]', true);
    (form.querySelector('[name=raise]') as HTMLSelectElement).value = 'high';
    form.requestSubmit();
    await waitUntil(() => api.slaCalls.length === 2, 'the policy saved');
    expect(api.slaCalls[1]![2]).to.deep.include({
      name: 'Urgent',
      firstResponseMinutes: 15,
      nextResponseMinutes: 30,
      resolutionMinutes: null,
      businessHours: true,
      raisePriorityTo: 'high',
      match: { priorities: ['urgent'] },
    });
    await waitUntil(() => root.querySelectorAll('li.item').length === 2, 'two policies');
    const names = () => [...root.querySelectorAll('li.item h3')].map((h) => text(h).split(/\s+/)[0]);
    // The default is last, marked, and has no arrows.
    expect(names()).to.deep.equal(['Urgent', 'Everyone']);
    expect(text(root.querySelectorAll('li.item')[1]!.querySelector('.badge'))).to.equal('Default');
    expect(root.querySelectorAll('li.item')[1]!.querySelector('.up')).to.equal(null);
    expect(text(root.querySelectorAll('li.item')[0]!)).to.include('First response 15 minutes');
    expect(text(root.querySelectorAll('li.item')[0]!)).to.include('business hours');

    // Edit: the next-response target in hours.
    (root.querySelector('li.item .edit') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('li.item form'), 'the editor');
    const editor = root.querySelector('li.item form') as HTMLFormElement;
    set(editor, '[name=nextResponse-value]', '1');
    (editor.querySelector('[name=nextResponse-unit]') as HTMLSelectElement).value = 'hours';
    editor.requestSubmit();
    await waitUntil(() => api.slaCalls.length === 3, 'the edit saved');
    expect(api.slaCalls[2]![0]).to.equal('PATCH');
    expect((api.slaCalls[2]![2] as { nextResponseMinutes: number }).nextResponseMinutes).to.equal(60);

    // Delete asks first.
    await waitUntil(() => root.querySelector('li.item .delete'), 'the list again');
    (root.querySelector('li.item .delete') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('.confirm .ok'), 'the question');
    expect(api.slaCalls.length).to.equal(3);
    (root.querySelector('.confirm .ok') as HTMLButtonElement).click();
    await waitUntil(() => api.slaCalls.length === 4, 'deleted');
    expect(api.slaCalls[3]).to.deep.equal(['DELETE', 'slp_2', undefined]);
    await waitUntil(() => names().length === 1, 'one left');
  });

  it('moves a policy up and down', async () => {
    const { el, api } = await mount();
    for (const name of ['A', 'B']) await api.request('POST', '/sla/policies', { name, resolutionMinutes: 60 });
    const root = await openSla(el);
    await waitUntil(() => root.querySelectorAll('li.item').length === 2, 'the list');
    (root.querySelectorAll('li.item')[1]!.querySelector('.up') as HTMLButtonElement).click();
    await waitUntil(() => api.slaCalls.some((call) => call[0] === 'ORDER'), 'the order sent');
    expect(api.slaCalls.find((call) => call[0] === 'ORDER')![2]).to.deep.equal(['slp_2', 'slp_1']);
    await waitUntil(() => text(root.querySelector('li.item h3')) === 'B', 'B first');
  });

  it('shows the last 30 days’ attainment per policy, then per team, in a table with its headers', async () => {
    const { el, api } = await mount();
    api.slaAttainment = {
      policy: [{ id: 'slp_1', name: 'Everyone', target: 'firstResponse', met: 3, breached: 1, attainment: 0.75 }],
      team: [
        { id: 'team_1', name: 'Sales', target: 'resolution', met: 1, breached: 1, attainment: 0.5 },
        { id: null, name: null, target: 'resolution', met: 0, breached: 0, attainment: null },
      ],
    };
    const root = await openSla(el);
    await waitUntil(() => root.querySelector('table[data-attainment]'), 'the attainment table');
    const rows = () =>
      [...root.querySelectorAll('table[data-attainment] tbody tr')].map((tr) =>
        [...tr.children].map((cell) => text(cell)),
      );
    expect([...root.querySelectorAll('table[data-attainment] thead th')].map((th) => text(th))).to.deep.equal([
      'Policy',
      'Target',
      'Met',
      'Breached',
      'Attainment',
    ]);
    expect(rows()).to.deep.equal([['Everyone', 'First response', '3', '1', '75%']]);
    const split = root.querySelector('select[name=split]') as HTMLSelectElement;
    split.value = 'team';
    split.dispatchEvent(new Event('change'));
    await waitUntil(() => api.requests.some((r) => r.includes('/sla/attainment?split=team')), 'asked per team');
    await waitUntil(() => rows().length === 2, 'the team rows');
    expect(rows()).to.deep.equal([
      ['Sales', 'Resolution', '1', '1', '50%'],
      ['None', 'Resolution', '0', '0', '–'],
    ]);
  });
});

describe('<chat-admin> SLA clocks in the thread', () => {
  it('counts down, amber past the warning, red when overdue; nothing without a policy', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 1 }), conversation('c2', { lastSeq: 1 })]);
    const now = Date.now();
    const clock = (target: string, dueIn: number, warnIn: number | null, state = 'running') => ({
      target,
      cycle: 0,
      policyId: 'slp_1',
      startedAt: now - 60_000,
      dueAt: now + dueIn,
      warnAt: warnIn === null ? null : now + warnIn,
      state,
      pausedSince: null,
      pausedMs: 0,
      warnedAt: null,
      metAt: null,
      breachedAt: null,
    });
    api.slaClocks.set('c1', {
      policy: { id: 'slp_1', name: 'Urgent', businessHours: false },
      clocks: [
        clock('firstResponse', 25 * 60_000, -60_000) as never,
        clock('resolution', 3 * 3_600_000, 3_600_000) as never,
      ],
      now,
    });
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-sla-clocks .sla-clock'), 'the clocks');
    const chips = () => [...el.shadowRoot!.querySelectorAll('chat-admin-sla-clocks .sla-clock')];
    expect(chips().map((chip) => text(chip))).to.deep.equal(['First reply due in 25 m', 'Resolution due in 3 h']);
    expect(chips()[0]!.classList.contains('warning')).to.equal(true);
    expect(chips()[1]!.classList.contains('warning')).to.equal(false);
    // A breach: the relay publishes the conversation, the clocks are read again.
    api.slaClocks.set('c1', {
      policy: { id: 'slp_1', name: 'Urgent', businessHours: false },
      clocks: [{ ...clock('firstResponse', -5 * 60_000, null), state: 'breached', breachedAt: now } as never],
      now,
    });
    client.emit('conversation', { ...conversation('c1', { lastSeq: 1 }), priority: 'high', updatedAt: Date.now() });
    await waitUntil(() => chips()[0]?.classList.contains('overdue'), 'red');
    expect(text(chips()[0]!)).to.equal('First reply overdue by 5 m');
    await open(el, 'c2');
    await waitUntil(() => chips().length === 0, 'no clocks without a policy');
  });
});
