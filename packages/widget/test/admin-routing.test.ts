import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

async function openRouting(el: ChatAdmin): Promise<ShadowRoot> {
  const page = await showPage(el, 'Routing', 'chat-admin-routing');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the routing form');
  return page.shadowRoot!;
}

function field<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

function change(input: HTMLInputElement | HTMLSelectElement, value: string | boolean): void {
  if (typeof value === 'boolean') (input as HTMLInputElement).checked = value;
  else input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

describe('<chat-admin> availability', () => {
  it('shows the signed-in agent’s availability in the top bar, labelled, and changes it', async () => {
    const { el, api } = await mount();
    await settle(el);
    const select = $(el, '.topbar #availability') as HTMLSelectElement;
    expect(select, 'the switch').to.exist;
    expect(select.value).to.equal('online');
    // A labelled control: its accessible name is "Availability".
    expect(text(select.closest('label'))).to.include('Availability');
    change(select, 'away');
    await waitUntil(() => api.availabilityChanges.length === 1, 'the change sent');
    expect(api.availabilityChanges).to.deep.equal(['away']);
    await settle(el);
    expect(($(el, '.topbar #availability') as HTMLSelectElement).value).to.equal('away');
    expect($(el, '.topbar .availability')!.classList.contains('away')).to.equal(true);
  });

  it('puts the availability back when the relay refuses the change', async () => {
    const { el, api } = await mount();
    await settle(el);
    api.refuseAvailability = true;
    change($(el, '#availability') as HTMLSelectElement, 'offline');
    await settle(el);
    await waitUntil(() => $(el, '.error-bar'), 'the error shown');
    expect(($(el, '#availability') as HTMLSelectElement).value).to.equal('online');
  });
});

describe('<chat-admin> overdue view and SLA timers', () => {
  it('lists overdue conversations in their own view, with their timers and team', async () => {
    const now = Date.now();
    const { el, api } = await mount([
      conversation('late', { overdue: true, dueAt: now - 60_000, createdAt: now - 11 * 60_000, teamId: 'team_1' }),
      conversation('due', { dueAt: now + 5 * 60_000, createdAt: now - 5 * 60_000 }),
      conversation('answered', {
        dueAt: now + 60_000,
        firstResponseAt: now - 8 * 60_000,
        createdAt: now - 10 * 60_000,
      }),
    ]);
    await settle(el);
    const views = $$(el, '.views button');
    expect(views.map((b) => text(b))).to.deep.equal([
      'Mine 1',
      'Mentions 0',
      'Unassigned 2',
      'All 3',
      'Overdue 1',
      'Review 0',
      'Spam 0',
    ]);
    expect(text($(el, '#option-due .sla'))).to.match(/First reply due in [45] min/);
    expect(text($(el, '#option-answered .sla'))).to.equal('First reply after 2 min');
    expect(text($(el, '#option-late .sla'))).to.include('Overdue');
    expect(text($(el, '#option-late .sla'))).to.include('Sales');
    views[4]!.click();
    await settle(el);
    expect(api.queries.at(-1)!.view).to.equal('overdue');
    expect(views[4]!.getAttribute('aria-pressed')).to.equal('true');
    expect($$(el, '[role=option]').map((o) => o.id)).to.deep.equal(['option-late']);
  });

  it('announces an escalation once in the page’s live region, and moves the conversation into the Overdue view', async () => {
    const { el, client } = await mount();
    await settle(el);
    const escalated = conversation('c1', { overdue: true, priority: 'urgent', dueAt: Date.now() - 1000 });
    client.emit('conversation', escalated);
    await settle(el);
    const notices = $$(el, '.notices .notice').map(text);
    expect(notices).to.deep.equal(['Overdue: Visitor c1 is waiting for a first reply']);
    expect($(el, '.notices')!.getAttribute('role')).to.equal('status');
    expect(text($(el, '#option-c1 .sla .overdue'))).to.equal('Overdue');
    client.emit('conversation', { ...escalated, unread: 2 });
    await settle(el);
    expect($$(el, '.notices .notice')).to.have.length(1);
  });

  it('sets a conversation’s team from its header', async () => {
    const { el, api } = await mount();
    await settle(el);
    await open(el, 'c1');
    const team = $(el, '#team') as HTMLSelectElement;
    expect(text(team.closest('label'))).to.include('Team');
    change(team, 'team_1');
    await waitUntil(() => api.patches.length === 1, 'the patch');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { teamId: 'team_1' } });
  });
});

describe('<chat-admin> routing page', () => {
  it('saves the routing mode, capacity and reassignment as one document, leaving deadlines to the SLA policies', async () => {
    const { el, api } = await mount();
    const page = await openRouting(el);
    const pageEl = $(el, 'chat-admin-routing')! as HTMLElement & { updateComplete: Promise<unknown> };
    change(field<HTMLSelectElement>(page, 'select[name=mode]'), 'least-open');
    change(field<HTMLInputElement>(page, 'input[name=defaultCapacity]'), '4');
    change(field<HTMLInputElement>(page, 'input[name=reassignAfterMinutes]'), '10');
    // On by default; an admin may turn it off.
    expect(field<HTMLInputElement>(page, 'input[name=assignOnReply]').checked).to.equal(true);
    change(field<HTMLInputElement>(page, 'input[name=assignOnReply]'), false);
    // Deadlines are the SLA policies' page now: no field here, a link there, and the save leaves them alone.
    expect(page.querySelector('input[name=sla], input[name=firstResponseMinutes]')).to.equal(null);
    expect(page.querySelector('[data-sla-moved] a')?.getAttribute('href')).to.equal('#settings/sla');
    await pageEl.updateComplete;
    field<HTMLButtonElement>(page, 'form button[type=submit]').click();
    await waitUntil(() => api.savedRouting.length === 1, 'the save');
    expect(api.savedRouting[0]).to.deep.equal({
      mode: 'least-open',
      defaultCapacity: 4,
      reassignAfterMinutes: 10,
      sla: null,
      assignOnReply: false,
    });
    await pageEl.updateComplete;
    expect(text(page.querySelector('[role=status]'))).to.equal('Saved.');
  });

  it('sets a staff member’s capacity and a team’s members, with labelled fields', async () => {
    const { el, api } = await mount();
    const page = await openRouting(el);
    const pageEl = $(el, 'chat-admin-routing')! as HTMLElement & { updateComplete: Promise<unknown> };
    const capacity = field<HTMLInputElement>(page, 'tr[data-staff=staff_1] input[type=number]');
    expect(capacity.getAttribute('aria-label')).to.equal('Capacity: Ada');
    expect(capacity.placeholder).to.equal('Default (10)');
    change(capacity, '5');
    await waitUntil(() => api.staffPatches.length === 1, 'the capacity saved');
    expect(api.staffPatches[0]).to.deep.equal({ id: 'staff_1', patch: { capacity: 5 } });
    await settle(el);
    const sales = field<HTMLFormElement>(page, 'form[data-team=team_1]');
    field<HTMLInputElement>(sales, 'input[value=staff_1]').checked = true;
    field<HTMLButtonElement>(sales, 'button[type=submit]').click();
    await waitUntil(() => api.teamSaves.length === 1, 'the team saved');
    expect(api.teamSaves[0]).to.deep.equal({
      id: 'team_1',
      body: { name: 'Sales', memberIds: ['staff_1', 'staff_2'] },
    });
    await settle(el);
    const added = field<HTMLFormElement>(page, 'form[data-team=new]');
    field<HTMLInputElement>(added, 'input[name=name]').value = 'Support';
    field<HTMLButtonElement>(added, 'button[type=submit]').click();
    await waitUntil(() => api.teamSaves.length === 2, 'the team created');
    await pageEl.updateComplete;
    expect(api.teamSaves[1]).to.deep.equal({ id: undefined, body: { name: 'Support', memberIds: [] } });
    expect(page.querySelectorAll('form.team').length).to.equal(3);
  });

  it('is for admins only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('Routing');
    // Agents still set their own availability.
    expect($(el, '#availability')).to.exist;
  });
});
