import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { attribute } from './fakes/attributes-fake.js';
import { rule } from './fakes/rules-fake.js';
import { $, settle, showPage, text, waitUntil } from './helpers.js';

// Custom attributes in the inbox (issue #40): the visitor panel's card (values by type, edited in place, unverified
// ones marked, a refusal under its field), Settings → Custom attributes (add, edit, reorder, archive, delete, a
// refusal beside its field), and the rule editor's attribute conditions.

const SITE = () => [
  attribute('plan', 'list', { label: 'Plan', options: ['Free', 'Pro', 'Enterprise'] }),
  attribute('seats', 'number', { label: 'Seats', position: 1 }),
  attribute('vip', 'checkbox', { label: 'VIP', position: 2 }),
  attribute('renews_on', 'date', { label: 'Renews on', position: 3 }),
  attribute('order', 'text', { label: 'Order number', scope: 'conversation' }),
];

function get<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** Sets a field's value as a person would, then says it changed. */
function change(field: HTMLInputElement | HTMLSelectElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<chat-admin> custom attributes: the visitor panel', () => {
  it('shows the contact’s and the conversation’s attributes, unverified ones marked, and saves a change at once', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 1 })]);
    api.attributeDefinitions = SITE();
    api.attributeValues.set(
      'contact:v_c1',
      new Map([
        ['plan', { key: 'plan', value: 'Pro', verified: false, source: 'visitor', updatedAt: 1, updatedBy: null }],
        ['seats', { key: 'seats', value: 12, verified: true, source: 'signed', updatedAt: 1, updatedBy: null }],
      ]),
    );
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-attributes-card dl'), 'the attributes card, once its chunk is in');
    const card = $(el, 'chat-admin-attributes-card')!;
    expect([...card.querySelectorAll('dt')].map(text)).to.deep.equal([
      'Plan',
      'Seats',
      'VIP',
      'Renews on',
      'Order number',
    ]);
    expect([...card.querySelectorAll('.scope-title')].map(text)).to.deep.equal(['Contact', 'This conversation']);
    const plan = get<HTMLSelectElement>(card, '#attribute-contact-plan');
    expect(plan.value).to.equal('Pro');
    expect(text(get(card, '#attribute-contact-plan-unverified'))).to.equal('Unverified');
    expect(plan.getAttribute('aria-describedby')).to.equal('attribute-contact-plan-unverified');
    expect(get<HTMLInputElement>(card, '#attribute-contact-seats').value).to.equal('12');
    expect(get<HTMLInputElement>(card, '#attribute-contact-renews_on').type).to.equal('date');
    expect(get<HTMLInputElement>(card, '#attribute-contact-vip').type).to.equal('checkbox');
    // The labels name their fields.
    expect(get<HTMLLabelElement>(card, 'label[for=attribute-contact-seats]').textContent).to.equal('Seats');

    // A staff member's choice replaces the claim: verified now.
    change(plan, 'Enterprise');
    await waitUntil(() => api.attributeCalls.length === 1, 'the save');
    expect(api.attributeCalls[0]).to.deep.equal(['PATCH', 'contact:v_c1', { values: { plan: 'Enterprise' } }]);
    await waitUntil(() => !card.querySelector('#attribute-contact-plan-unverified'), 'verified now');

    const vip = get<HTMLInputElement>(card, '#attribute-contact-vip');
    vip.click();
    await waitUntil(() => api.attributeCalls.length === 2, 'the checkbox');
    expect(api.attributeCalls[1]![2]).to.deep.equal({ values: { vip: true } });

    change(get<HTMLInputElement>(card, '#attribute-contact-seats'), '15');
    await waitUntil(() => api.attributeCalls.length === 3, 'the number');
    expect(api.attributeCalls[2]![2]).to.deep.equal({ values: { seats: 15 } });

    change(get<HTMLInputElement>(card, '#attribute-conversation-order'), ' A-1042 ');
    await waitUntil(() => api.attributeCalls.length === 4, 'the conversation’s');
    expect(api.attributeCalls[3]).to.deep.equal(['PATCH', 'conversation:c1', { values: { order: 'A-1042' } }]);

    // Emptied: cleared.
    change(get<HTMLInputElement>(card, '#attribute-contact-seats'), '');
    await waitUntil(() => api.attributeCalls.length === 5, 'the clear');
    expect(api.attributeCalls[4]![2]).to.deep.equal({ values: { seats: null } });
  });

  it('says a refusal under the field, which keeps what is stored; a site without attributes shows no card', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 1 }), conversation('c2', { lastSeq: 1 })]);
    api.attributeDefinitions = SITE();
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-attributes-card dl'), 'the card');
    const card = $(el, 'chat-admin-attributes-card')!;
    api.attributeRefusal = new AdminApiError(
      'bad_request',
      'Invalid body.values.renews_on: Renews on must be a date, YYYY-MM-DD.',
      400,
    );
    const date = get<HTMLInputElement>(card, '#attribute-contact-renews_on');
    change(date, '2027-02-01');
    await waitUntil(() => card.querySelector('#attribute-contact-renews_on-error'), 'the refusal');
    expect(text(get(card, '#attribute-contact-renews_on-error'))).to.contain('Renews on must be a date');
    expect(get(card, '#attribute-contact-renews_on-error').getAttribute('role')).to.equal('alert');
    expect(date.getAttribute('aria-invalid')).to.equal('true');

    api.attributeDefinitions = [];
    await open(el, 'c2');
    await waitUntil(() => !$(el, 'chat-admin-attributes-card dl'), 'no card');
    expect(text($(el, 'chat-admin-attributes-card')!)).to.equal('');
  });
});

async function openAttributes(el: LitElement): Promise<LitElement> {
  const page = await showPage(el, 'Custom attributes', 'chat-admin-attributes');
  await waitUntil(
    () => !(page as unknown as { busy: boolean }).busy && page.shadowRoot?.querySelector('form'),
    'the page',
  );
  await settle(page);
  return page;
}

describe('<chat-admin> Settings → Custom attributes', () => {
  it('lists each scope’s attributes; adds one with a key made of its label; edits, reorders, archives, deletes', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = SITE();
    const page = await openAttributes(el);
    const root = page.shadowRoot!;
    const titles = (scope: string) =>
      [...root.querySelectorAll(`section[data-save=${scope}] .attribute h3`)].map((h) => text(h));
    expect(titles('contact')).to.deep.equal(['Plan', 'Seats', 'VIP', 'Renews on']);
    expect(titles('conversation')).to.deep.equal(['Order number']);
    expect(text(get(root, '.attribute[data-id=attr_plan] .options'))).to.equal('Free · Pro · Enterprise');

    // Add a list attribute of conversations: the key follows the label until typed in.
    const label = get<HTMLInputElement>(root, '#attribute-label');
    label.value = 'Refund reason';
    label.dispatchEvent(new Event('input'));
    await page.updateComplete;
    expect(get<HTMLInputElement>(root, '#attribute-key').value).to.equal('refund_reason');
    change(get<HTMLSelectElement>(root, '#attribute-type'), 'list');
    await page.updateComplete;
    get<HTMLInputElement>(root, 'input[name=scope][value=conversation]').click();
    await page.updateComplete;
    get<HTMLTextAreaElement>(root, '#attribute-options').value = 'Damaged\nLate\n\nWrong size';
    get<HTMLFormElement>(root, 'form[data-save=attribute]').requestSubmit();
    await waitUntil(() => titles('conversation').length === 2, 'the new attribute');
    expect(api.attributeCalls.at(-1)).to.deep.equal([
      'POST',
      '',
      {
        key: 'refund_reason',
        label: 'Refund reason',
        type: 'list',
        scope: 'conversation',
        options: ['Damaged', 'Late', 'Wrong size'],
      },
    ]);

    // A key taken: said beside the key, which gets focus. The form kept the scope chosen last.
    expect(get<HTMLInputElement>(root, 'input[name=scope][value=conversation]').checked).to.equal(true);
    get<HTMLInputElement>(root, 'input[name=scope][value=contact]').click();
    label.value = 'Plan';
    label.dispatchEvent(new Event('input'));
    await page.updateComplete;
    get<HTMLFormElement>(root, 'form[data-save=attribute]').requestSubmit();
    await waitUntil(() => root.querySelector('#attribute-key-error'), 'the refusal');
    expect(text(get(root, '#attribute-key-error'))).to.contain('attribute “plan” already');
    expect(root.activeElement?.id).to.equal('attribute-key');

    // Edit: label and options; key, type and scope are shown, not editable.
    get<HTMLButtonElement>(root, '.attribute[data-id=attr_plan] button.secondary').click();
    await settle(page);
    expect(text(get(root, '#attribute-form-title'))).to.equal('Editing Plan');
    expect(root.querySelector('#attribute-key')).to.equal(null);
    get<HTMLInputElement>(root, '#attribute-label').value = 'Plan tier';
    get<HTMLTextAreaElement>(root, '#attribute-options').value = 'Free\nPro\nEnterprise\nTeam';
    get<HTMLFormElement>(root, 'form[data-save=attribute]').requestSubmit();
    await waitUntil(() => titles('contact')[0] === 'Plan tier', 'the edit');
    expect(api.attributeCalls.at(-1)).to.deep.equal([
      'PATCH',
      'attr_plan',
      { label: 'Plan tier', description: null, options: ['Free', 'Pro', 'Enterprise', 'Team'] },
    ]);

    // Down: the two swap places.
    get<HTMLButtonElement>(root, '.attribute[data-id=attr_plan] .down').click();
    await waitUntil(() => titles('contact')[0] === 'Seats', 'the move');
    expect(titles('contact').slice(0, 2)).to.deep.equal(['Seats', 'Plan tier']);
    expect(get<HTMLButtonElement>(root, '.attribute[data-id=attr_seats] .up').disabled).to.equal(true);

    // Archive, then delete after a confirmation.
    get<HTMLButtonElement>(root, '.attribute[data-id=attr_vip] .archive').click();
    await waitUntil(() => root.querySelector('.attribute.archived[data-id=attr_vip]'), 'archived');
    get<HTMLButtonElement>(root, '.attribute[data-id=attr_vip] .delete').click();
    await settle(page);
    const confirm = [...root.querySelectorAll<HTMLButtonElement>('.attribute[data-id=attr_vip] button')].find(
      (button) => text(button) === 'Delete',
    );
    confirm!.click();
    await waitUntil(() => !root.querySelector('.attribute[data-id=attr_vip]'), 'deleted');
    expect(api.attributeCalls.at(-1)).to.deep.equal(['DELETE', 'attr_vip', undefined]);
  });
});

describe('<chat-admin> rule editor: attribute conditions', () => {
  it('offers the site’s attributes, comparisons by type and a value input by type, and saves the condition', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = SITE();
    api.rulesValue = [
      rule('rl_1', 'Pro accounts', {
        conditions: [{ field: 'attribute', scope: 'contact', key: 'plan', op: 'is', value: 'Pro' }],
        actions: [{ type: 'add_labels', labels: ['pro'] }],
      }),
    ];
    const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
    await waitUntil(() => page.shadowRoot?.querySelector('.rules .rule'), 'the rules');
    const root = page.shadowRoot!;
    expect(text(get(root, '.rules .rule .summary'))).to.contain('Contact: Plan is “Pro”');

    get<HTMLButtonElement>(root, '.new-rule, button.primary').click();
    await settle(page);
    get<HTMLButtonElement>(root, '.add-condition').click();
    await settle(page);
    change(get<HTMLSelectElement>(root, '#rule-cond-0-field'), 'attribute');
    await settle(page);
    const attributeSelect = get<HTMLSelectElement>(root, '#rule-cond-0-attribute');
    expect([...attributeSelect.options].map((option) => option.text)).to.deep.equal([
      'Contact: Plan',
      'Contact: Seats',
      'Contact: VIP',
      'Contact: Renews on',
      'Conversation: Order number',
    ]);
    // A list: its options to choose from.
    expect([...get<HTMLSelectElement>(root, '#rule-cond-0-value').options].map((o) => o.value)).to.deep.equal([
      'Free',
      'Pro',
      'Enterprise',
    ]);
    // A number: more and less than, and a number input.
    change(attributeSelect, 'contact.seats');
    await settle(page);
    expect([...get<HTMLSelectElement>(root, '#rule-cond-0-op').options].map((o) => o.value)).to.deep.equal([
      'is',
      'gt',
      'lt',
      'is_set',
      'not_set',
    ]);
    change(get<HTMLSelectElement>(root, '#rule-cond-0-op'), 'gt');
    await settle(page);
    const value = get<HTMLInputElement>(root, '#rule-cond-0-value');
    expect(value.type).to.equal('number');
    value.value = '10';
    value.dispatchEvent(new Event('input'));
    const labels = get<HTMLInputElement>(root, '#rule-act-0-value');
    labels.value = 'big';
    labels.dispatchEvent(new Event('input'));
    get<HTMLInputElement>(root, '#rule-name').value = 'Big accounts';
    get<HTMLInputElement>(root, '#rule-name').dispatchEvent(new Event('input'));
    await settle(page);
    get<HTMLFormElement>(root, 'form[data-save=rule]').requestSubmit();
    await waitUntil(() => api.ruleBodies.length === 1, 'the save');
    expect(api.ruleBodies[0]!.conditions).to.deep.equal([
      { field: 'attribute', scope: 'contact', key: 'seats', op: 'gt', value: '10' },
    ]);
  });
});

describe('<chat-admin> Reports: conversations by attribute', () => {
  it('breaks the report’s range down by a list or checkbox attribute, chosen in a select', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = SITE();
    const page = await showPage(el, 'Reports', 'chat-admin-reports');
    const element = () => page.shadowRoot?.querySelector('chat-admin-attribute-breakdown');
    await waitUntil(() => element()?.shadowRoot?.querySelector('table'), 'the breakdown');
    const root = element()!.shadowRoot!;
    const rows = () =>
      [...root.querySelectorAll('tbody tr')].map((row) => [
        text(row.querySelector('th')!),
        text(row.querySelector('.n')!),
      ]);
    // Only list and checkbox attributes are offered.
    expect([...get<HTMLSelectElement>(root, '#breakdown-attribute').options].map((o) => o.text)).to.deep.equal([
      'Plan',
      'VIP',
    ]);
    expect(rows()).to.deep.equal([
      ['Free', '3'],
      ['Pro', '6'],
      ['Enterprise', '9'],
      ['Not set', '2'],
    ]);
    expect(get(root, 'tbody tr meter').getAttribute('aria-label')).to.equal('Free: 3 conversations');
    const asked = api.attributeCalls.find(([method]) => method === 'GET')!;
    const query = asked[2] as Record<string, string>;
    expect(Number(query['to']) - Number(query['from'])).to.be.greaterThan(29 * 86_400_000);

    change(get<HTMLSelectElement>(root, '#breakdown-attribute'), 'attr_vip');
    await waitUntil(() => rows()[0]?.[0] === 'Yes', 'the checkbox’s breakdown');
    expect(rows()).to.deep.equal([
      ['Yes', '3'],
      ['No', '6'],
      ['Not set', '2'],
    ]);
  });
});
