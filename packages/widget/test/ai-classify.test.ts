import { expect } from '@open-wc/testing';
import { classificationBlock, type AttributeDefinition } from '@parley/protocol/admin';
import type { Message } from '@parley/protocol';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open, stored } from './admin-fixture.js';
import { attribute } from './fakes/attributes-fake.js';
import { $, $$, settle, showPage, text, waitUntil } from './helpers.js';

// A rule's AI classification suggested in a private note (`ai_classify`, docs/ai.md “Classify”): shown in words
// instead of the note's text, with Apply, which changes the conversation through the admin API as the member.

const plan: AttributeDefinition = {
  id: 'at_plan',
  key: 'plan',
  label: 'Plan',
  type: 'list',
  scope: 'contact',
  description: null,
  options: ['Free', 'Pro'],
  position: 0,
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

/** The note a rule's `suggest` writes: its words, then its data. */
function suggestion(seq: number, data: Parameters<typeof classificationBlock>[0]): Message {
  return {
    ...stored('c1', seq, `AI suggests — Labels: billing\n\n${classificationBlock(data)}`, 'staff', 'note'),
    author: { role: 'bot', id: 'bot', name: 'Bot' },
    automation: 'ai_classify',
  };
}

async function setUp(history: Message[]) {
  const setup = await mount([conversation('c1', { lastSeq: history.length, labels: ['vip'] })], false);
  setup.api.attributeDefinitions = [plan];
  setup.api.history.set('c1', history);
  await setup.el.signIn('st_test');
  await waitUntil(() => $$(setup.el, '[role=option]').length > 0, 'the list');
  await open(setup.el, 'c1');
  return setup;
}

describe('<chat-admin> AI classification suggested in a note', () => {
  it('shows the suggestion in words and applies it through the admin API, keeping the labels it has', async () => {
    const { el, api } = await setUp([
      stored('c1', 1, 'I was charged twice on the Pro plan'),
      suggestion(2, {
        labels: ['billing', 'vip'],
        priority: 'high',
        team: { id: 'tm_billing', name: 'Billing' },
        attributes: [{ scope: 'contact', key: 'plan', label: 'Plan', value: 'Pro' }],
      }),
    ]);
    await waitUntil(() => $(el, '.ai-suggestion'), 'the suggestion');
    const shown = $(el, '.ai-suggestion')!;
    expect(text(shown.querySelector('dl'))).to.equal('Labelsbilling, vipPriorityHighTeamBillingPlanPro');
    expect(text(shown), 'the data block is not shown').to.not.contain('ai-classification');
    expect(api.patches, 'nothing changed before Apply').to.deep.equal([]);
    ($(el, '.ai-apply') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '.ai-applied'), 'applied');
    expect(api.patches).to.deep.equal([
      { id: 'c1', patch: { labels: ['vip', 'billing'], priority: 'high', teamId: 'tm_billing' } },
    ]);
    expect(api.attributeCalls).to.deep.equal([['PATCH', 'contact:v_c1', { values: { plan: 'Pro' } }]]);
    expect(($(el, '.ai-apply') as HTMLButtonElement).disabled, 'applied once').to.equal(true);
  });

  it('says a refusal (a member without the permission) and changes nothing more', async () => {
    const { el, api } = await setUp([
      suggestion(1, { attributes: [{ scope: 'contact', key: 'plan', label: 'Plan', value: 'Pro' }] }),
    ]);
    api.attributeRefusal = new AdminApiError('forbidden', 'You may not change attributes.', 403);
    await waitUntil(() => $(el, '.ai-apply'), 'Apply');
    ($(el, '.ai-apply') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '.ai-suggestion [role=alert]'), 'the refusal');
    expect(text($(el, '.ai-suggestion [role=alert]'))).to.contain('You may not change attributes.');
    expect($(el, '.ai-applied')).to.equal(null);
    expect(($(el, '.ai-apply') as HTMLButtonElement).disabled, 'it may be tried again').to.equal(false);
  });

  it('shows a note whose data cannot be read as its text, without Apply', async () => {
    const broken = {
      ...suggestion(1, { priority: 'low' }),
      text: 'AI suggests — Priority: low\n\n```ai-classification\n{nope\n```',
    };
    const { el } = await setUp([broken]);
    await waitUntil(
      () => customElements.get('chat-admin-ai-suggestion') && $(el, 'chat-admin-ai-suggestion p'),
      'the note',
    );
    expect(text($(el, 'chat-admin-ai-suggestion p'))).to.contain('AI suggests — Priority: low');
    expect($(el, '.ai-apply')).to.equal(null);
  });
});

describe('<chat-admin> Settings → Rules: the AI classification action', () => {
  it('offers the action, sends exactly what was chosen, and says it in the summary', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = [attribute('plan', 'list', { label: 'Plan', options: ['Free', 'Pro'] })];
    const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
    await waitUntil(() => page.shadowRoot?.querySelector('.new-rule'), 'the rules');
    await settle(page);
    const root = page.shadowRoot!;
    const pick = async (selector: string, value: string) => {
      const field = root.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
      field.value = value;
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
      await page.updateComplete;
    };
    (root.querySelector('.new-rule') as HTMLButtonElement).click();
    await settle(page);
    await pick('#rule-name', 'Triage');
    await pick('#rule-act-0-type', 'ai_classify');
    const row = root.querySelector('.action[data-index="0"]')!;
    expect([...row.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].map((box) => box.checked)).to.deep.equal(
      [true, true, false],
    );
    row.querySelector<HTMLInputElement>('.classify-team')!.click();
    row.querySelector<HTMLInputElement>('.classify-priority')!.click();
    const attributes = row.querySelector<HTMLSelectElement>('.classify-attributes')!;
    attributes.options[0]!.selected = true;
    attributes.dispatchEvent(new Event('change', { bubbles: true }));
    await pick('.action[data-index="0"] .classify-mode', 'apply');
    (root.querySelector('form[data-save=rule] button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.ruleBodies.length === 1, 'the POST');
    expect(api.ruleBodies[0]!.actions).to.deep.equal([
      {
        type: 'ai_classify',
        classify: ['labels', 'team'],
        attributes: [{ scope: 'contact', key: 'plan' }],
        mode: 'apply',
      },
    ]);
    await settle(page);
    expect(text(root.querySelector('.rule .summary'))).to.contain(
      'Classify with AI: Labels (among those in use), Team, Contact: Plan',
    );
  });
});
