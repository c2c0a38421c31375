import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { conversation, mount } from './admin-fixture.js';
import { attribute } from './fakes/attributes-fake.js';
import { company } from './fakes/companies-fake.js';
import { $, $$, choose, settle, text, viewDialogWithCriteria, waitUntil } from './helpers.js';

// Bulk actions and saved views in the conversation list (issue #40): conversations picked with the keyboard and
// Shift+click, one change for all of them with its outcome said; saved views beside Mine / Unassigned / All.

const four = () => [conversation('c1'), conversation('c2'), conversation('c3'), conversation('c4')];
const option = (el: HTMLElement, id: string) => $(el, `#option-${id}`)!;
const checked = (el: HTMLElement) =>
  $$(el, '[role=option][aria-checked=true]').map((node) => node.id.slice('option-'.length));

describe('<chat-admin> bulk actions', () => {
  it('picks with x, Shift+x and Shift+click, resolves them, says what failed, and Escape clears', async () => {
    const { el, api } = await mount(four());
    api.bulkMissing.add('c3');
    await waitUntil(() => $(el, '#option-c4 .pick'), 'the rows’ checkboxes, once the list’s tools are in');
    option(el, 'c1').focus();
    await sendKeys({ press: 'x' });
    await waitUntil(() => checked(el).length === 1, 'c1 picked');
    await waitUntil(() => $(el, 'chat-admin-bulk .bulk'), 'the bulk bar, once its chunk is in');
    expect(text($(el, '.bulk-count'))).to.equal('1 selected');
    // Down to c3 (focus follows), then Shift+x: c1 to c3.
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'X' });
    await sendKeys({ up: 'Shift' });
    await waitUntil(() => checked(el).length === 3, 'c1 to c3 picked');
    expect(checked(el)).to.deep.equal(['c1', 'c2', 'c3']);
    expect(text($(el, '.bulk-count'))).to.equal('3 selected');

    ($(el, '.bulk button.primary') as HTMLButtonElement).click();
    await waitUntil(() => api.bulkCalls.length === 1, 'one bulk request');
    expect(api.bulkCalls[0]).to.deep.equal({ ids: ['c1', 'c2', 'c3'], status: 'resolved' });
    await waitUntil(() => text($(el, '.bulk-outcome')).startsWith('2 resolved'), 'the outcome');
    expect(text($(el, '.bulk-outcome'))).to.equal(
      '2 resolved, 1 failed: Visitor c3 (No such conversation on this site.)',
    );
    // The failed one stays picked; the list was read again (the resolved left the Open tab).
    await waitUntil(() => !option(el, 'c1'), 'the resolved conversations leave the view');
    expect(checked(el)).to.deep.equal(['c3']);

    option(el, 'c3').focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => checked(el).length === 0, 'Escape clears');
    expect($(el, 'chat-admin-bulk .bulk')).to.equal(null);
    // The outcome is still said once the bar is gone.
    expect(text($(el, 'chat-admin-bulk .bulk-outcome'))).to.match(/^2 resolved/);
  });

  it('Shift+click picks a range; Select all; one change from the menu, a label added', async () => {
    const { el, api } = await mount(four());
    await waitUntil(() => $(el, '#option-c4 .pick'), 'the rows’ checkboxes');
    ($(el, '#option-c2 .pick') as HTMLInputElement).click();
    await waitUntil(() => checked(el).length === 1, 'c2 picked');
    ($(el, '#option-c4 .pick') as HTMLInputElement).dispatchEvent(
      new MouseEvent('click', { bubbles: true, shiftKey: true }),
    );
    await waitUntil(() => checked(el).length === 3, 'c2 to c4');
    expect(checked(el)).to.deep.equal(['c2', 'c3', 'c4']);
    const selectAll = $$(el, '.bulk button.ghost').find((button) => text(button) === 'Select all 4')!;
    selectAll.click();
    await waitUntil(() => checked(el).length === 4, 'all four');

    const select = $(el, '.bulk select[name=change]') as HTMLSelectElement;
    select.value = 'priority:high';
    (select.form as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.bulkCalls.length === 1, 'the priority change');
    expect(api.bulkCalls[0]).to.deep.equal({ ids: ['c1', 'c2', 'c3', 'c4'], priority: 'high' });
    await waitUntil(() => text($(el, '.bulk-outcome')) === '4 set to High', 'the outcome');
    // The pick stays for the next change (issue #81).
    expect(checked(el)).to.deep.equal(['c1', 'c2', 'c3', 'c4']);

    ($(el, '.bulk button[aria-label="Clear selection"]') as HTMLButtonElement).click();
    await waitUntil(() => checked(el).length === 0, 'Clear clears');
    ($(el, '#option-c1 .pick') as HTMLInputElement).click();
    await waitUntil(() => $(el, '.bulk input[name=label]'), 'the bar again');
    ($(el, '.bulk input[name=label]') as HTMLInputElement).value = 'vip';
    (($(el, '.bulk input[name=label]') as HTMLInputElement).form as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.bulkCalls.length === 2, 'the label');
    expect(api.bulkCalls[1]).to.deep.equal({ ids: ['c1'], addLabels: ['vip'] });
    await waitUntil(() => text($(el, '.bulk-outcome')) === '1 labelled “vip”', 'the outcome');
  });
});

describe('<chat-admin> bulk actions, one pick for several changes (issue #81)', () => {
  it('assigns, labels and resolves the same picked conversations without picking them again', async () => {
    const { el, api } = await mount(four());
    await waitUntil(() => $(el, '#option-c4 .pick'), 'the rows’ checkboxes');
    for (const id of ['c1', 'c2', 'c3']) ($(el, `#option-${id} .pick`) as HTMLInputElement).click();
    await waitUntil(() => checked(el).length === 3, 'three picked');
    await waitUntil(() => $(el, 'chat-admin-bulk .bulk select[name=change]'), 'the bulk bar');

    const select = $(el, '.bulk select[name=change]') as HTMLSelectElement;
    // The snooze presets say their times (issue #81).
    expect(text(select.querySelector('option[value="snooze:tomorrow"]'))).to.match(/^Tomorrow morning \(9:00\s?AM\)$/);
    expect(text(select.querySelector('option[value="snooze:monday"]'))).to.match(/^Next Monday \(Mon 9:00\s?AM\)$/);
    await waitUntil(() => select.querySelector('option[value="assign:staff_1"]'), 'the team in the menu');
    choose(select, 'assign:staff_1');
    (select.form as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.bulkCalls.length === 1, 'the first change');
    expect(api.bulkCalls[0]).to.deep.equal({ ids: ['c1', 'c2', 'c3'], assigneeId: 'staff_1' });
    await waitUntil(() => text($(el, '.bulk-outcome')) === '3 assigned to Ada', 'its outcome');
    await settle(el);
    expect(checked(el)).to.deep.equal(['c1', 'c2', 'c3']);
    expect(text($(el, '.bulk-count'))).to.equal('3 selected');

    const label = $(el, '.bulk input[name=label]') as HTMLInputElement;
    label.value = 'refund';
    (label.form as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.bulkCalls.length === 2, 'the label, on the same pick');
    expect(api.bulkCalls[1]).to.deep.equal({ ids: ['c1', 'c2', 'c3'], addLabels: ['refund'] });
    await waitUntil(() => text($(el, '.bulk-outcome')).startsWith('3 labelled'), 'its outcome');

    ($(el, '.bulk button.primary') as HTMLButtonElement).click();
    await waitUntil(() => api.bulkCalls.length === 3, 'the resolve, on the same pick');
    expect(api.bulkCalls[2]).to.deep.equal({ ids: ['c1', 'c2', 'c3'], status: 'resolved' });
  });

  it('keeps the bar to a few short rows above the list at 1280 px', async () => {
    await setViewport({ width: 1280, height: 900 });
    const { el } = await mount(four());
    await waitUntil(() => $(el, '#option-c4 .pick'), 'the rows’ checkboxes');
    ($(el, '#option-c1 .pick') as HTMLInputElement).click();
    await waitUntil(() => $(el, 'chat-admin-bulk .bulk'), 'the bulk bar');
    await settle(el);
    // It took ~270 px (five wrapped rows and a two-line hint); three rows of controls fit in 130.
    expect($(el, '.bulk')!.getBoundingClientRect().height).to.be.below(130);
    expect(text($(el, '.bulk .bulk-count'))).to.equal('1 selected');
    expect($(el, '.bulk .bulk-count')!.title).to.match(/^x picks/);
  });
});

describe('<chat-admin> saved views', () => {
  it('Select all N matching gathers every conversation of the view, beyond the page loaded, and changes them all', async () => {
    const many = Array.from({ length: 130 }, (_, i) => conversation(`m${String(i).padStart(3, '0')}`));
    const { el, api } = await mount(many);
    await waitUntil(() => $(el, '#option-m049 .pick'), 'the first page and its checkboxes');
    expect($(el, '#option-m050')).to.equal(null, 'a page of 50 is loaded');
    ($(el, '#option-m000 .pick') as HTMLInputElement).click();
    await waitUntil(() => $(el, 'chat-admin-bulk .bulk'), 'the bulk bar');
    const button = (label: string) => $$(el, '.bulk button.ghost').find((b) => text(b) === label);
    // Nothing beyond the page is offered until the whole page is picked.
    expect(button('Select all 130 matching')).to.equal(undefined);
    button('Select all 50')!.click();
    await waitUntil(() => button('Select all 130 matching'), 'the offer of the rest');
    const asked = api.queries.length;
    button('Select all 130 matching')!.click();
    await waitUntil(() => text($(el, '.bulk-count')) === 'All 130 matching selected', 'every match picked');
    // Gathered in pages of the relay's largest size, with the list's own filters.
    const gathered = api.queries.slice(asked);
    expect(gathered.map((query) => [query.limit, query.cursor])).to.deep.equal([
      [100, undefined],
      [100, '100'],
    ]);
    expect(gathered.every((query) => query.view === 'all' && query.status === 'open')).to.equal(true);
    expect(button('Select all 130 matching')).to.equal(undefined);

    ($(el, '.bulk button.primary') as HTMLButtonElement).click();
    await waitUntil(() => api.bulkCalls.length === 2, 'two bulk requests: the relay takes 100 at a time');
    expect(api.bulkCalls.map((call) => call.ids.length)).to.deep.equal([100, 30]);
    expect(api.bulkCalls.flatMap((call) => call.ids)).to.deep.equal(many.map((item) => item.id));
    await waitUntil(() => text($(el, '.bulk-outcome')) === '130 resolved', 'the outcome');
  });

  it('unpicking one after Select all N matching goes back to the conversations picked in the list', async () => {
    const many = Array.from({ length: 60 }, (_, i) => conversation(`n${String(i).padStart(3, '0')}`));
    const { el, api } = await mount(many);
    await waitUntil(() => $(el, '#option-n049 .pick'), 'the first page');
    ($(el, '#option-n000 .pick') as HTMLInputElement).click();
    await waitUntil(() => $(el, 'chat-admin-bulk .bulk'), 'the bulk bar');
    const button = (label: string) => $$(el, '.bulk button.ghost').find((b) => text(b) === label);
    button('Select all 50')!.click();
    await waitUntil(() => button('Select all 60 matching'), 'the offer');
    button('Select all 60 matching')!.click();
    await waitUntil(() => text($(el, '.bulk-count')) === 'All 60 matching selected', 'every match');
    ($(el, '#option-n003 .pick') as HTMLInputElement).click();
    await waitUntil(() => text($(el, '.bulk-count')) === '49 selected', 'the list’s own pick again');
    ($(el, '.bulk button.primary') as HTMLButtonElement).click();
    await waitUntil(() => api.bulkCalls.length === 1, 'one request');
    expect(api.bulkCalls[0]!.ids).to.have.length(49);
    expect(api.bulkCalls[0]!.ids).not.to.include('n003');
  });

  it('shows the views with their counts, shows one, saves the current filter as a view, and deletes one', async () => {
    const { el, api } = await mount(four(), false);
    api.savedViews = [
      {
        id: 'vw_a',
        name: 'VIP',
        filter: { labels: ['vip'], status: 'pending' },
        shared: true,
        ownerId: 'staff_9',
        position: 0,
        count: 12,
        createdAt: 0,
        updatedAt: 0,
      },
      {
        id: 'vw_b',
        name: 'My billing',
        filter: { assignee: 'me', labels: ['billing'] },
        shared: false,
        ownerId: 'staff_1',
        position: 1,
        count: 3,
        createdAt: 0,
        updatedAt: 0,
      },
    ];
    await el.signIn('st_test');
    await waitUntil(() => $$(el, '.saved-view').length === 2, 'the saved views, once their chunk is in');
    expect($$(el, '.saved-view').map(text)).to.deep.equal(['VIP shared 12', 'My billing personal 3']);

    $(el, '#view-vw_a')!.click();
    await waitUntil(() => api.queries.at(-1)?.view === 'vw_a', 'the list read for the view');
    expect(api.queries.at(-1)?.status).to.equal('pending');
    await settle(el);
    expect($(el, '#view-vw_a')!.getAttribute('aria-pressed')).to.equal('true');
    expect($$(el, '.filters button[aria-pressed=true]').length).to.equal(2);

    // Save view: the dialog starts from the filter shown; Escape closes it, focus back on the button.
    const save = $$(el, '.view-tool').find((button) => text(button).includes('Save view'))!;
    save.click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the dialog');
    expect(($(el, 'dialog select[name=status]') as HTMLSelectElement).value).to.equal('pending');
    expect(($(el, 'dialog input[name=labels]') as HTMLInputElement).value).to.equal('vip');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !$(el, 'chat-admin-views dialog'), 'closed');

    $(el, '.views button')!.click(); // Mine
    $(el, '.statuses button')!.click(); // Open
    await settle(el);
    save.click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the dialog again');
    expect(($(el, 'dialog select[name=assignee]') as HTMLSelectElement).value).to.equal('me');
    ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'Mine, open';
    ($(el, 'dialog input[name=shared]') as HTMLInputElement).checked = true;
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 1, 'the view saved');
    expect(api.viewCalls[0]).to.deep.equal([
      'POST',
      undefined,
      { name: 'Mine, open', filter: { status: 'open', assignee: 'me' }, shared: true },
    ]);
    await waitUntil(() => $$(el, '.saved-view').length === 3, 'the new view listed');
    await waitUntil(() => api.queries.at(-1)?.view === 'vw_3', 'and shown');

    // Edit the view shown: delete it, asked first.
    const edit = $$(el, '.view-tool').find((button) => button.getAttribute('aria-label') === 'Edit view “Mine, open”')!;
    edit.click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the edit dialog');
    const remove = () => $(el, 'dialog .danger') as HTMLButtonElement;
    remove().click();
    await waitUntil(() => text($(el, 'dialog [role=alert]')).startsWith('Delete the view'), 'asked');
    remove().click();
    await waitUntil(() => api.viewCalls.length === 2, 'deleted');
    expect(api.viewCalls[1]).to.deep.equal(['DELETE', 'vw_3', undefined]);
    await waitUntil(() => $$(el, '.saved-view').length === 2, 'gone from the list');
    expect(api.queries.at(-1)?.view).to.equal('all');
  });

  it('keeps custom attribute criteria: chosen from the site’s attributes, compared by type', async () => {
    const { el, api } = await mount(four(), false);
    api.attributeDefinitions = [attribute('plan', 'list', { options: ['Free', 'Pro'] }), attribute('seats', 'number')];
    const rows = await viewDialogWithCriteria(el, 2);
    expect(rows().length).to.equal(2);
    // The second row: Seats, whose comparisons are a number's; its value field takes a number.
    choose(rows()[1]!.querySelector('select')!, 'contact.seats');
    await settle(el);
    const [, seatsOp] = rows()[1]!.querySelectorAll('select');
    expect([...seatsOp!.querySelectorAll('option')].map((option) => option.value)).to.deep.equal([
      'is',
      'gt',
      'lt',
      'is_set',
      'not_set',
    ]);
    choose(seatsOp!, 'gt');
    const seats = rows()[1]!.querySelector('input') as HTMLInputElement;
    expect(seats.type).to.equal('number');
    expect(seats.getAttribute('aria-label')).to.equal('Seats: Value');
    seats.value = '10';
    seats.dispatchEvent(new Event('input'));
    // The first: Plan is Pro, from its options.
    choose(rows()[0]!.querySelectorAll('select')[2]!, 'Pro');
    ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'Big Pro';
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 1, 'the view saved');
    const saved = api.viewCalls[0]![2] as { filter: { attributes: unknown } };
    expect(saved.filter.attributes).to.deep.equal([
      { scope: 'contact', key: 'plan', op: 'is', value: 'Pro' },
      { scope: 'contact', key: 'seats', op: 'gt', value: '10' },
    ]);
    // Editing it shows its criteria again; one removed by its button.
    await waitUntil(() => $$(el, '.saved-view').length === 1, 'the new view listed');
    await waitUntil(() =>
      $$(el, '.view-tool').some((button) => button.getAttribute('aria-label') === 'Edit view “Big Pro”'),
    );
    $$(el, '.view-tool')
      .find((button) => button.getAttribute('aria-label') === 'Edit view “Big Pro”')!
      .click();
    await waitUntil(() => $$(el, 'dialog .criterion').length === 2, 'its criteria');
    ($(el, 'dialog .criterion button[aria-label="Remove Seats"]') as HTMLButtonElement).click();
    await settle(el);
    expect(rows().length).to.equal(1);
  });

  it('a criterion may read verified values only: kept in the view, shown checked again, unchecked by keyboard', async () => {
    const { el, api } = await mount(four(), false);
    api.attributeDefinitions = [attribute('plan', 'list', { options: ['Free', 'Pro'] }), attribute('seats', 'number')];
    const rows = await viewDialogWithCriteria(el, 2);
    const verified = (row: number) => rows()[row]!.querySelector('label.verified-only input') as HTMLInputElement;
    // Each row has its own box, unchecked, named and explained.
    expect(verified(0).checked).to.equal(false);
    expect(text(verified(0).closest('label')!)).to.equal('Verified values only: Plan');
    const hint = $(el, `#${verified(0).getAttribute('aria-describedby')}`);
    expect(text(hint!)).to.match(/^Verified: set by your team or signed by your site\./);
    choose(rows()[0]!.querySelectorAll('select')[2]!, 'Pro');
    verified(0).click();
    choose(rows()[1]!.querySelector('select')!, 'contact.seats');
    await settle(el);
    choose(rows()[1]!.querySelectorAll('select')[1]!, 'is_set');
    ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'Verified Pro';
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 1, 'the view saved');
    expect((api.viewCalls[0]![2] as { filter: { attributes: unknown } }).filter.attributes).to.deep.equal([
      { scope: 'contact', key: 'plan', op: 'is', value: 'Pro', verified: true },
      { scope: 'contact', key: 'seats', op: 'is_set' },
    ]);
    // Editing it shows the box checked; Space unchecks it, and the change is saved without it.
    const edit = () =>
      $$(el, '.view-tool').find((button) => button.getAttribute('aria-label') === 'Edit view “Verified Pro”');
    await waitUntil(edit, 'the new view listed');
    edit()!.click();
    await waitUntil(() => $$(el, 'dialog .criterion').length === 2, 'its criteria');
    expect([verified(0).checked, verified(1).checked]).to.deep.equal([true, false]);
    verified(0).focus();
    await sendKeys({ press: 'Space' });
    await settle(el);
    expect(verified(0).checked).to.equal(false);
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 2, 'the change saved');
    expect(api.viewCalls[1]![0]).to.equal('PATCH');
    expect((api.viewCalls[1]![2] as { filter: { attributes: unknown } }).filter.attributes).to.deep.equal([
      { scope: 'contact', key: 'plan', op: 'is', value: 'Pro' },
      { scope: 'contact', key: 'seats', op: 'is_set' },
    ]);
  });

  it('a view may keep a company (or none): chosen from the site’s companies, shown again when edited', async () => {
    const { el, api } = await mount(four(), false);
    api.attributeDefinitions = [attribute('plan', 'list', { options: ['Free', 'Pro'] })];
    api.companies = [company('co_acme', 'Acme'), company('co_initech', 'Initech')];
    await viewDialogWithCriteria(el, 0);
    const select = () => $(el, 'dialog select[name=company]') as HTMLSelectElement;
    await waitUntil(() => select().options.length === 4, 'the companies read');
    expect([...select().options].map((each) => [each.value, text(each)])).to.deep.equal([
      ['', 'Any'],
      ['none', 'In no company'],
      ['co_acme', 'Acme'],
      ['co_initech', 'Initech'],
    ]);
    expect(text(select().closest('label')!)).to.match(/^Company/);
    choose(select(), 'co_initech');
    ($(el, 'dialog input[name=name]') as HTMLInputElement).value = 'Initech';
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 1, 'the view saved');
    expect((api.viewCalls[0]![2] as { filter: { company?: string } }).filter.company).to.equal('co_initech');
    const edit = () =>
      $$(el, '.view-tool').find((button) => button.getAttribute('aria-label') === 'Edit view “Initech”');
    await waitUntil(edit, 'the new view listed');
    edit()!.click();
    await waitUntil(() => select()?.value === 'co_initech', 'its company shown');
    choose(select(), 'none');
    ($(el, 'dialog form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.viewCalls.length === 2, 'the change saved');
    expect((api.viewCalls[1]![2] as { filter: { company?: string } }).filter.company).to.equal('none');
  });

  it('an agent is not offered a shared view, nor editing one', async () => {
    const { el, api } = await mount(four(), false);
    api.role = 'agent';
    api.savedViews = [
      {
        id: 'vw_a',
        name: 'VIP',
        filter: { labels: ['vip'] },
        shared: true,
        ownerId: 'staff_9',
        position: 0,
        count: 1,
        createdAt: 0,
        updatedAt: 0,
      },
    ];
    await el.signIn('st_test');
    await waitUntil(() => $$(el, '.saved-view').length === 1, 'the view');
    $(el, '#view-vw_a')!.click();
    await settle(el);
    expect($$(el, '.view-tool').map(text)).to.deep.equal(['+ Save view']);
    $$(el, '.view-tool')[0]!.click();
    await waitUntil(() => $(el, 'chat-admin-views dialog[open]'), 'the dialog');
    expect($(el, 'dialog input[name=shared]')).to.equal(null);
  });
});
