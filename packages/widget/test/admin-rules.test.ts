import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { attribute } from './fakes/attributes-fake.js';
import { company } from './fakes/companies-fake.js';
import { macro, rule } from './fakes/rules-fake.js';
import { $, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// Rules and macros in the inbox (issue #40): Settings → Rules (the list in order, its switch, reorder, duplicate,
// delete, the run log; the editor's rows and the exact body they make, a refusal beside its row, Try it; agents
// read-only), the macros' editor, and the composer's Macros (list, preview, run by the shortcut, outcomes).

async function openRules(el: ChatAdmin): Promise<{ page: LitElement; root: ShadowRoot }> {
  const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
  await waitUntil(
    () =>
      page.shadowRoot?.querySelector('.rules, .items, p.muted:not(:empty)') &&
      !(page as unknown as { busy: boolean }).busy,
    'the rules',
  );
  await settle(page);
  return { page, root: page.shadowRoot! };
}

function get<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** Types into an input (or picks in a select) as a person would: the value, then its event. */
async function put(page: LitElement, selector: string, value: string): Promise<void> {
  const field = get<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(page.shadowRoot!, selector);
  field.value = value;
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  await page.updateComplete;
}

async function click(page: LitElement, selector: string): Promise<void> {
  get<HTMLButtonElement>(page.shadowRoot!, selector).click();
  await settle(page);
}

const names = (root: ParentNode): string[] => [...root.querySelectorAll('.rules .rule h3')].map(text);

describe('<chat-admin> Settings → Rules', () => {
  it('lists the rules in order with their switch, summary in words and run counts; the run log on demand', async () => {
    const { el, api } = await mount();
    api.rulesValue = [
      rule('rl_1', 'VIP to Sales', {
        conditions: [{ field: 'page_url', op: 'contains', value: '/pricing' }],
        actions: [
          { type: 'add_labels', labels: ['vip'] },
          { type: 'assign_team', teamId: 'team_1' },
        ],
        runs: {
          fired: 12,
          failed: 1,
          lastFiredAt: Date.now() - 60_000,
          lastErrors: [{ at: Date.now(), conversationId: 'c1', error: 'no such team' }],
        },
      }),
      rule('rl_2', 'Nudge idle', {
        enabled: false,
        trigger: 'conversation.idle',
        idleMinutes: 120,
        actions: [{ type: 'assign', staffId: 'staff_2' }],
      }),
    ];
    api.ruleRuns.set('rl_1', [{ at: Date.now(), conversationId: 'c2', status: 'failed', detail: 'no such team' }]);
    const { page, root } = await openRules(el);
    expect(names(root)).to.deep.equal(['VIP to Sales', 'Nudge idle']);
    const [first, second] = [...root.querySelectorAll<HTMLElement>('.rule')];
    expect(text(first!.querySelector('.summary'))).to.equal(
      'When a visitor sends a message, if Page address contains “/pricing”: Add the labels “vip”; Move to the team Sales.',
    );
    expect(text(second!.querySelector('.summary'))).to.equal(
      'When a conversation is idle for 2 hours: Assign to Grace.',
    );
    expect(text(first!.querySelector('.counts'))).to.match(
      /^Fired 12 times in 30 days, 1 with a failed action · last /,
    );
    expect(get<HTMLInputElement>(first!, 'input.enabled').checked).to.equal(true);
    expect(get<HTMLInputElement>(second!, 'input.enabled').checked).to.equal(false);
    // Turning one on is a PATCH of `enabled` alone.
    get<HTMLInputElement>(second!, 'input.enabled').click();
    await waitUntil(() => api.rulePatches.length === 1, 'the patch');
    expect(api.rulePatches[0]).to.deep.equal({ id: 'rl_2', patch: { enabled: true } });
    // The run log: the last errors, then the firings, each with a link to its conversation.
    await click(page, '.rule[data-id=rl_1] .run-log-button');
    await waitUntil(() => root.querySelector('#rule-rl_1-runs .runs:not(.last-errors) li'), 'the run log');
    expect(text(root.querySelector('#rule-rl_1-runs .last-errors li'))).to.contain('no such team');
    expect(text(root.querySelector('#rule-rl_1-runs .runs:not(.last-errors) li'))).to.contain('Failed: no such team');
    expect(api.requests).to.include('GET /rules/rl_1/runs');
    expect(get(root, '.rule[data-id=rl_1] .run-log-button').getAttribute('aria-expanded')).to.equal('true');
  });

  it('builds a rule through the form, without JSON, and POSTs exactly what the form says', async () => {
    const { el, api } = await mount();
    const { page, root } = await openRules(el);
    expect(text(root.querySelector('.rules, p.muted'))).to.equal('No rules yet.');
    await click(page, '.new-rule');
    expect(root.activeElement?.id).to.equal('rule-name');
    await put(page, '#rule-name', '  Angry customers  ');
    await put(page, '#rule-trigger', 'conversation.idle');
    // The idle minutes are asked for only for conversation.idle.
    await put(page, '#rule-idleMinutes', '30');
    get<HTMLInputElement>(root, 'input[name=rule-match][value=any]').click();
    await page.updateComplete;
    // Condition 1: the text contains "refund". Condition 2: the channel is email (a select of the channel's values).
    await click(page, '.add-condition');
    await put(page, '#rule-cond-0-op', 'contains');
    await put(page, '#rule-cond-0-value', ' refund ');
    await click(page, '.add-condition');
    await put(page, '#rule-cond-1-field', 'channel');
    // Only the field's comparisons are offered.
    expect([...root.querySelectorAll<HTMLOptionElement>('#rule-cond-1-op option')].map((o) => o.value)).to.deep.equal([
      'is',
      'is_not',
    ]);
    // The kinds, then the relay's messaging providers (`GET /conversation-channels`).
    expect([...root.querySelectorAll<HTMLOptionElement>('#rule-cond-1-value option')].map(text)).to.deep.equal([
      'Chat',
      'Email',
      'API',
      'WhatsApp',
      'SMS',
    ]);
    await put(page, '#rule-cond-1-value', 'email');
    // Condition 3: the assignee is not set (no value asked).
    await click(page, '.add-condition');
    await put(page, '#rule-cond-2-field', 'assignee');
    await put(page, '#rule-cond-2-op', 'not_set');
    expect(root.querySelector('#rule-cond-2-value')).to.equal(null);
    // Condition 4, then removed.
    await click(page, '.add-condition');
    await click(page, '.condition[data-index="3"] .remove');
    // Actions: labels (the first row), then a team, the priority, a saved reply, a note.
    await put(page, '#rule-act-0-value', 'angry, vip,');
    await click(page, '.add-action');
    await put(page, '#rule-act-1-type', 'assign_team');
    expect([...root.querySelectorAll<HTMLOptionElement>('#rule-act-1-value option')].map(text)).to.deep.equal([
      'No team',
      'Sales',
    ]);
    await click(page, '.add-action');
    await put(page, '#rule-act-2-type', 'set_priority');
    await put(page, '#rule-act-2-value', 'urgent');
    await click(page, '.add-action');
    await put(page, '#rule-act-3-type', 'send_saved_reply');
    await put(page, '#rule-act-3-value', 'k2');
    await click(page, '.add-action');
    await put(page, '#rule-act-4-type', 'add_note');
    await put(page, '#rule-act-4-value', 'Check the order first.');
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => api.ruleBodies.length === 1, 'the POST');
    expect(api.ruleBodies[0]).to.deep.equal({
      name: 'Angry customers',
      enabled: true,
      trigger: 'conversation.idle',
      idleMinutes: 30,
      match: 'any',
      conditions: [
        { field: 'text', op: 'contains', value: 'refund' },
        { field: 'channel', op: 'is', value: 'email' },
        { field: 'assignee', op: 'not_set' },
      ],
      actions: [
        { type: 'add_labels', labels: ['angry', 'vip'] },
        { type: 'assign_team', teamId: 'team_1' },
        { type: 'set_priority', priority: 'urgent' },
        { type: 'send_saved_reply', replyId: 'k2' },
        { type: 'add_note', text: 'Check the order first.' },
      ],
    });
    await settle(page);
    expect(names(root)).to.deep.equal(['Angry customers']);
    expect(root.querySelector('#rule-name')).to.equal(null, 'the editor closed');
    expect(text(get(root, '.rule .summary'))).to.equal(
      'When a conversation is idle for 30 minutes, if Message text contains “refund” or Channel is Email or Assignee is not set: Add the labels “angry”, “vip”; Move to the team Sales; Set the priority to Urgent; Send the saved reply /refund; Add the note “Check the order first.”',
    );
  });

  it('offers “verified values only” on an attribute condition, sends it, and says so in the summary', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = [attribute('plan', 'list', { label: 'Plan', options: ['Free', 'Pro'] })];
    const { page, root } = await openRules(el);
    await click(page, '.new-rule');
    await put(page, '#rule-name', 'Signed Pro plans');
    await click(page, '.add-condition');
    // The switch is the attribute condition's only: not on a text condition.
    expect(root.querySelector('#rule-cond-0-verified')).to.equal(null);
    await put(page, '#rule-cond-0-field', 'attribute');
    await put(page, '#rule-cond-0-value', 'Pro');
    const verified = get<HTMLInputElement>(root, '#rule-cond-0-verified');
    expect(verified.checked).to.equal(false);
    expect(text(verified.closest('label'))).to.contain('Verified values only');
    verified.click();
    await page.updateComplete;
    await put(page, '#rule-act-0-value', 'pro');
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => api.ruleBodies.length === 1, 'the POST');
    expect(api.ruleBodies[0]!.conditions).to.deep.equal([
      { field: 'attribute', scope: 'contact', key: 'plan', op: 'is', value: 'Pro', verified: true },
    ]);
    await settle(page);
    expect(text(get(root, '.rule .summary'))).to.contain('if Contact: Plan is “Pro” (verified values only):');
    // Opened again, the switch is as saved.
    await click(page, '.rule .edit');
    expect(get<HTMLInputElement>(root, '#rule-cond-0-verified').checked).to.equal(true);
  });

  it('offers the company condition when the site has companies, sends its id, and names it in the summary', async () => {
    const fields = (root: ShadowRoot) =>
      [...get<HTMLSelectElement>(root, '#rule-cond-0-field').options].map((each) => each.value);
    // No companies: not offered.
    const bare = await mount();
    const without = await openRules(bare.el);
    await click(without.page, '.new-rule');
    await click(without.page, '.add-condition');
    expect(fields(without.root)).not.to.include('company');

    const { el, api } = await mount();
    api.companies = [company('co_acme', 'Acme'), company('co_initech', 'Initech')];
    const { page, root } = await openRules(el);
    await click(page, '.new-rule');
    await put(page, '#rule-name', 'Initech first');
    await click(page, '.add-condition');
    expect(fields(root)).to.include('company');
    await put(page, '#rule-cond-0-field', 'company');
    const value = get<HTMLSelectElement>(root, '#rule-cond-0-value');
    expect([...value.options].map((each) => [each.value, text(each)])).to.deep.equal([
      ['co_acme', 'Acme'],
      ['co_initech', 'Initech'],
    ]);
    await put(page, '#rule-cond-0-op', 'is_not');
    await put(page, '#rule-cond-0-value', 'co_initech');
    get<HTMLInputElement>(root, '#rule-cond-0-verified').click();
    await page.updateComplete;
    await put(page, '#rule-act-0-value', 'not-initech');
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => api.ruleBodies.length === 1, 'the POST');
    expect(api.ruleBodies[0]!.conditions).to.deep.equal([
      { field: 'company', op: 'is_not', value: 'co_initech', verified: true },
    ]);
    await settle(page);
    expect(text(get(root, '.rule .summary'))).to.contain('if Company is not Initech (verified values only):');
    // Opened again, as saved.
    await click(page, '.rule .edit');
    expect(get<HTMLSelectElement>(root, '#rule-cond-0-field').value).to.equal('company');
    expect(get<HTMLSelectElement>(root, '#rule-cond-0-value').value).to.equal('co_initech');
    expect(get<HTMLInputElement>(root, '#rule-cond-0-verified').checked).to.equal(true);
  });

  it('shows a 400 beside its field (a row, the name), focused, and saves nothing', async () => {
    const { el, api } = await mount();
    const { page, root } = await openRules(el);
    await click(page, '.new-rule');
    await put(page, '#rule-name', 'Snoozer');
    await put(page, '#rule-act-0-type', 'snooze');
    await put(page, '#rule-act-0-value', '0');
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => root.querySelector('.field-error'), 'the field error');
    await settle(page);
    const error = get(root, '.action[data-index="0"] .field-error');
    expect(text(error)).to.equal('at least 1 minute');
    const minutes = get<HTMLInputElement>(root, '#rule-act-0-value');
    expect(minutes.getAttribute('aria-describedby')).to.equal(error.id);
    expect(root.activeElement).to.equal(minutes);
    expect(api.ruleBodies).to.deep.equal([]);
    // The name: said under it.
    await put(page, '#rule-act-0-value', '90');
    await put(page, '#rule-name', '   ');
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => text(root.querySelector('#rule-name-error')) === 'a name is needed', 'the name’s error');
    expect(root.querySelector('.action .field-error')).to.equal(null, 'the earlier error is gone');
    expect(get(root, '#rule-name').getAttribute('aria-invalid')).to.equal('true');
    // A refusal only the relay can make, about a row, is put beside it too.
    await put(page, '#rule-name', 'Snoozer');
    api.refuseRule = 'Invalid body.actions.0.minutes: too long for this site.';
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(
      () => text(root.querySelector('.action .field-error')) === 'too long for this site',
      'the relay’s refusal',
    );
    api.refuseRule = undefined;
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => api.ruleBodies.length === 1, 'saved');
    expect(api.ruleBodies[0]!.actions).to.deep.equal([{ type: 'snooze', minutes: 90 }]);
  });

  it('reorders with Move up / Move down (the ids in their new order), keeps focus, duplicates and deletes', async () => {
    const { el, api } = await mount();
    api.rulesValue = [
      rule('rl_a', 'A'),
      rule('rl_b', 'B', { conditions: [{ field: 'language', op: 'is', value: 'fr' }] }),
      rule('rl_c', 'C'),
    ];
    const { page, root } = await openRules(el);
    expect(get<HTMLButtonElement>(root, '#rule-rl_a-up').disabled).to.equal(true);
    expect(get<HTMLButtonElement>(root, '#rule-rl_c-down').disabled).to.equal(true);
    get<HTMLButtonElement>(root, '#rule-rl_c-up').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.ruleOrders.length === 1, 'the order');
    expect(api.ruleOrders[0]).to.deep.equal(['rl_a', 'rl_c', 'rl_b']);
    await settle(page);
    expect(names(root)).to.deep.equal(['A', 'C', 'B']);
    expect(root.activeElement?.id).to.equal('rule-rl_c-up');
    // Up again: it is first, so focus goes to its Move down.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.ruleOrders.length === 2, 'the second order');
    expect(api.ruleOrders[1]).to.deep.equal(['rl_c', 'rl_a', 'rl_b']);
    await settle(page);
    expect(root.activeElement?.id).to.equal('rule-rl_c-down');
    await click(page, '#rule-rl_a-down');
    await waitUntil(() => api.ruleOrders.length === 3, 'the third order');
    expect(api.ruleOrders[2]).to.deep.equal(['rl_c', 'rl_b', 'rl_a']);
    // Duplicate: a POST of the same rule named "… (copy)".
    await click(page, '.rule[data-id=rl_b] .duplicate');
    await waitUntil(() => api.ruleBodies.length === 1, 'the copy');
    expect(api.ruleBodies[0]).to.deep.equal({
      name: 'B (copy)',
      enabled: true,
      trigger: 'message.visitor',
      match: 'all',
      conditions: [{ field: 'language', op: 'is', value: 'fr' }],
      actions: [{ type: 'add_labels', labels: ['vip'] }],
    });
    await settle(page);
    expect(names(root)).to.deep.equal(['C', 'B', 'A', 'B (copy)']);
    // Delete asks first; Cancel keeps it; Delete deletes it.
    await click(page, '.rule[data-id=rl_a] .delete');
    expect(text(root.querySelector('.confirm [role=alert]'))).to.equal(
      'Delete the rule “A”? Its run log goes with it.',
    );
    await click(page, '.confirm .cancel');
    expect(api.requests).not.to.include('DELETE /rules/rl_a');
    await click(page, '.rule[data-id=rl_a] .delete');
    await click(page, '.confirm .ok');
    await waitUntil(() => api.requests.includes('DELETE /rules/rl_a'), 'the delete');
    await settle(page);
    expect(names(root)).to.deep.equal(['C', 'B', 'B (copy)']);
  });

  it('Try it shows how many of the latest conversations it would have matched, each to open, and what it would do', async () => {
    const { el, api } = await mount();
    api.rulesValue = [
      rule('rl_1', 'Pricing', { conditions: [{ field: 'page_url', op: 'contains', value: '/pricing' }] }),
    ];
    api.dryRunAnswer = {
      checked: 100,
      matches: [
        { conversationId: 'c1', visitorName: 'Visitor c1', lastMessageAt: Date.now() - 60_000, status: 'open' },
        { conversationId: 'c2', visitorName: null, lastMessageAt: null, status: 'resolved' },
      ],
      actions: ['Add the labels “vip”'],
    };
    const { page, root } = await openRules(el);
    await click(page, '.rule[data-id=rl_1] .edit');
    expect(get<HTMLInputElement>(root, '#rule-name').value).to.equal('Pricing');
    expect(get<HTMLInputElement>(root, '#rule-cond-0-value').value).to.equal('/pricing');
    // A dry run's refusal (`body.rule.conditions.0.value`) goes beside its row too.
    await put(page, '#rule-cond-0-value', ' ');
    await click(page, '.try');
    await waitUntil(() => root.querySelector('.condition .field-error'), 'the dry run’s refusal');
    expect(text(get(root, '.condition[data-index="0"] .field-error'))).to.equal('an empty value');
    expect(root.activeElement?.id).to.equal('rule-cond-0-value');
    expect(api.dryRuns).to.deep.equal([]);
    await put(page, '#rule-cond-0-value', '/pricing');
    await click(page, '.try');
    await waitUntil(() => root.querySelector('#dry-run'), 'the dry run');
    expect(api.dryRuns).to.have.length(1);
    expect(api.dryRuns[0]!.rule.conditions).to.deep.equal([{ field: 'page_url', op: 'contains', value: '/pricing' }]);
    expect(api.dryRuns[0]!.limit).to.equal(100);
    expect(text(root.querySelector('#dry-run-title'))).to.equal(
      'It would have matched 2 of the latest 100 conversations.',
    );
    expect(
      [...root.querySelectorAll('#dry-run .matches li')].map((li) => text(li.querySelector('span'))),
    ).to.deep.equal(['Visitor c1', 'Visitor']);
    expect([...root.querySelectorAll('#dry-run .would li')].map(text)).to.deep.equal(['Add the labels “vip”']);
    // Open: the conversation, in the inbox.
    get<HTMLButtonElement>(root, '#dry-run .matches li button').click();
    await waitUntil(
      () => el.shadowRoot!.querySelector('chat-admin-inbox') && $(el, '#composer-input'),
      'the conversation',
    );
    expect(text($(el, '.thread-head, .thread header, h2'))).to.contain('Visitor c1');
  });

  it('saves an edit as a PATCH of the whole rule (idleMinutes cleared when the trigger is no longer idle)', async () => {
    const { el, api } = await mount();
    api.rulesValue = [rule('rl_1', 'Idle', { trigger: 'conversation.idle', idleMinutes: 60 })];
    const { page, root } = await openRules(el);
    await click(page, '.rule[data-id=rl_1] .edit');
    expect(get<HTMLInputElement>(root, '#rule-idleMinutes').value).to.equal('60');
    await put(page, '#rule-trigger', 'conversation.created');
    expect(root.querySelector('#rule-idleMinutes')).to.equal(null);
    get<HTMLInputElement>(root, '#rule-enabled').click();
    await click(page, 'form[data-save=rule] button[type=submit]');
    await waitUntil(() => api.rulePatches.length === 1, 'the patch');
    expect(api.rulePatches[0]).to.deep.equal({
      id: 'rl_1',
      patch: {
        name: 'Idle',
        enabled: false,
        trigger: 'conversation.created',
        idleMinutes: null,
        match: 'all',
        conditions: [],
        actions: [{ type: 'add_labels', labels: ['vip'] }],
      },
    });
    await settle(page);
    expect(text(get(root, '.rule .summary'))).to.equal('When a conversation starts: Add the labels “vip”.');
  });

  it('is read-only for agents: the rules shown without their buttons; they write personal macros only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    api.rulesValue = [rule('rl_1', 'VIP')];
    api.macrosValue = [macro('mc_1', 'Close politely'), macro('mc_2', 'Mine', { shared: false, ownerId: 'staff_1' })];
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.include('Rules and macros');
    const { page, root } = await openRules(el);
    expect(text(root.querySelector('#rules-read-only'))).to.equal('Only admins can change rules.');
    expect(root.querySelector('.new-rule, .rule .edit, .rule .up, .rule .duplicate, .rule .delete')).to.equal(null);
    expect(get<HTMLInputElement>(root, '.rule input.enabled').disabled).to.equal(true);
    // The shared macro is not theirs to change; their own is.
    expect(root.querySelector('.macro[data-id=mc_1] .edit')).to.equal(null);
    expect(root.querySelector('.macro[data-id=mc_2] .edit')).not.to.equal(null);
    await click(page, '.new-macro');
    expect(get<HTMLInputElement>(root, '#macro-shared').disabled).to.equal(true);
    expect(get<HTMLInputElement>(root, '#macro-shared').checked).to.equal(false);
    await put(page, '#macro-name', 'Escalate');
    await put(page, '#macro-act-0-type', 'assign');
    await put(page, '#macro-act-0-value', '');
    await click(page, 'form[data-save=macro] button[type=submit]');
    await waitUntil(() => api.macroBodies.length === 1, 'the macro');
    expect(api.macroBodies[0]).to.deep.equal({
      name: 'Escalate',
      shared: false,
      sender: 'agent',
      actions: [{ type: 'assign', staffId: null }],
    });
  });

  it('macros: edited with the same action rows (a shared one by an admin); a refusal beside its row', async () => {
    const { el, api } = await mount();
    const { page, root } = await openRules(el);
    await click(page, '.new-macro');
    expect(get<HTMLInputElement>(root, '#macro-shared').checked).to.equal(true);
    await put(page, '#macro-name', 'Close and thank');
    await put(page, '#macro-act-0-type', 'send_message');
    await put(page, '#macro-act-0-value', 'Thanks for writing!');
    await click(page, '.macro-form .add-action');
    await put(page, '#macro-act-1-type', 'call_webhook');
    await put(page, '#macro-act-1-value', 'ftp://nope');
    await click(page, 'form[data-save=macro] button[type=submit]');
    await waitUntil(() => root.querySelector('.macro-form .field-error'), 'the refusal');
    expect(text(get(root, '.macro-form .action[data-index="1"] .field-error'))).to.equal('an http(s) address');
    await put(page, '#macro-act-1-type', 'set_status');
    await click(page, 'form[data-save=macro] button[type=submit]');
    await waitUntil(() => api.macroBodies.length === 1, 'the macro');
    expect(api.macroBodies[0]).to.deep.equal({
      name: 'Close and thank',
      shared: true,
      sender: 'agent',
      actions: [
        { type: 'send_message', text: 'Thanks for writing!' },
        { type: 'set_status', status: 'resolved' },
      ],
    });
    await settle(page);
    expect(text(get(root, '.macro .summary'))).to.equal(
      'Send the message “Thanks for writing!”; Set the status to Resolved',
    );
  });

  it('macros: sends as the member by default, or the bot (chosen by keyboard); saved, marked in the list, changed back', async () => {
    const { el, api } = await mount();
    const { page, root } = await openRules(el);
    await click(page, '.new-macro');
    const agent = get<HTMLInputElement>(root, '#macro-sender-agent');
    expect(agent.checked).to.equal(true);
    expect(text(get(root, '.macro-sender legend'))).to.equal('Sends as');
    expect(text(get(root, '#macro-sender-help'))).to.match(/^Its messages and notes are theirs/);
    await put(page, '#macro-name', 'Welcome');
    await put(page, '#macro-act-0-type', 'send_message');
    await put(page, '#macro-act-0-value', 'Hi there!');
    // The radios are one stop: an arrow moves to the bot and chooses it.
    agent.focus();
    await sendKeys({ press: 'ArrowDown' });
    await settle(page);
    expect(get<HTMLInputElement>(root, '#macro-sender-bot').checked).to.equal(true);
    expect(root.activeElement?.id).to.equal('macro-sender-bot');
    expect(text(get(root, '#macro-sender-help'))).to.match(/bot’s name/);
    await click(page, 'form[data-save=macro] button[type=submit]');
    await waitUntil(() => api.macroBodies.length === 1, 'the macro');
    expect(api.macroBodies[0]).to.deep.equal({
      name: 'Welcome',
      shared: true,
      sender: 'bot',
      actions: [{ type: 'send_message', text: 'Hi there!' }],
    });
    await settle(page);
    const item = () => get(root, '.macro[data-id=mc_new1]');
    expect([...item().querySelectorAll('.badge')].map(text)).to.deep.equal([
      'Shared with the team',
      'Sends as the bot',
    ]);

    // Edited: the bot is shown chosen; back to the member, and the mark goes.
    get<HTMLButtonElement>(item(), '.edit').click();
    await settle(page);
    expect(get<HTMLInputElement>(root, '#macro-sender-bot').checked).to.equal(true);
    await click(page, '#macro-sender-agent');
    await click(page, 'form[data-save=macro] button[type=submit]');
    await waitUntil(() => !root.querySelector('.macro-form'), 'saved');
    expect(api.macrosValue.find((each) => each.id === 'mc_new1')?.sender).to.equal('agent');
    expect([...item().querySelectorAll('.badge')].map(text)).to.deep.equal(['Shared with the team']);
  });
});

describe('<chat-admin> the composer’s Macros', () => {
  it('opens with Ctrl+Shift+M, arrows and Enter choose, the preview says what it will do, Run shows each outcome', async () => {
    const { el, api } = await mount();
    api.macrosValue = [
      macro('mc_1', 'Close politely', {
        actions: [
          { type: 'send_saved_reply', replyId: 'k1' },
          { type: 'set_status', status: 'resolved' },
        ],
      }),
      macro('mc_2', 'To Sales', {
        shared: false,
        ownerId: 'staff_1',
        actions: [
          { type: 'assign_team', teamId: 'team_1' },
          { type: 'snooze', minutes: 1440 },
        ],
      }),
    ];
    api.macroRunAnswer = {
      results: [
        { action: 'Move to the team Sales', ok: true, detail: '' },
        { action: 'Snooze for 1 day', ok: false, detail: 'already snoozed' },
      ],
    };
    await open(el, 'c1');
    expect(customElements.get('chat-admin-macros')).to.equal(undefined, 'not fetched before it is opened');
    ($(el, '#composer-input') as HTMLTextAreaElement).focus();
    await sendKeys({ down: 'Control' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'M' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ up: 'Control' });
    await waitUntil(() => $(el, 'chat-admin-macros')?.shadowRoot?.querySelector('[role=option]'), 'the macros');
    const part = $(el, 'chat-admin-macros') as LitElement;
    const root = part.shadowRoot!;
    await settle(part);
    expect([...root.querySelectorAll('[role=option]')].map(text)).to.deep.equal([
      'Close politely',
      'To Sales Personal',
    ]);
    expect(root.activeElement?.getAttribute('role')).to.equal('listbox');
    await sendKeys({ press: 'ArrowDown' });
    await part.updateComplete;
    expect(root.querySelector('[role=listbox]')!.getAttribute('aria-activedescendant')).to.equal('macro-mc_2');
    await sendKeys({ press: 'Enter' });
    await settle(part);
    expect(text(root.querySelector('#macro-chosen'))).to.equal('To Sales');
    expect([...root.querySelectorAll('.words li')].map(text)).to.deep.equal([
      'Move to the team Sales',
      'Snooze for 1 day',
    ]);
    expect(root.activeElement?.classList.contains('run')).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('.results'), 'the results');
    expect(api.macroRuns).to.deep.equal([{ conversationId: 'c1', macroId: 'mc_2' }]);
    expect([...root.querySelectorAll('.results li')].map(text)).to.deep.equal([
      'Move to the team Sales — Done',
      'Snooze for 1 day — Failed: already snoozed',
    ]);
    // Close: focus back on the Macros button.
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect($(el, 'chat-admin-macros')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.classList.contains('macros-button')).to.equal(true);
  });

  it('the button opens it too; Cancel goes back to the list and Escape closes it, nothing run', async () => {
    const { el, api } = await mount();
    api.macrosValue = [macro('mc_1', 'Close politely')];
    await open(el, 'c1');
    ($(el, '.macros-button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-macros')?.shadowRoot?.querySelector('[role=option]'), 'the macros');
    const part = $(el, 'chat-admin-macros') as LitElement;
    (part.shadowRoot!.querySelector('[role=option]') as HTMLElement).click();
    await settle(part);
    expect([...part.shadowRoot!.querySelectorAll('.words li')].map(text)).to.deep.equal(['Set the status to Resolved']);
    (part.shadowRoot!.querySelector('.cancel') as HTMLButtonElement).click();
    await settle(part);
    expect(part.shadowRoot!.activeElement?.getAttribute('role')).to.equal('listbox');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, 'chat-admin-macros')).to.equal(null);
    expect(api.macroRuns).to.deep.equal([]);
  });

  it('says who what the macro writes is from: you, or the bot; nothing when it writes nothing', async () => {
    const { el, api } = await mount();
    api.macrosValue = [
      macro('mc_1', 'As me', { actions: [{ type: 'send_message', text: 'Hello' }] }),
      macro('mc_2', 'As the bot', { sender: 'bot', actions: [{ type: 'add_note', text: 'seen' }] }),
      macro('mc_3', 'Quiet', { sender: 'bot' }),
    ];
    await open(el, 'c1');
    ($(el, '.macros-button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-macros')?.shadowRoot?.querySelector('[role=option]'), 'the macros');
    const part = $(el, 'chat-admin-macros') as LitElement;
    const said: Array<string | null> = [];
    for (const id of ['mc_1', 'mc_2', 'mc_3']) {
      (part.shadowRoot!.querySelector(`#macro-${id}`) as HTMLElement).click();
      await settle(part);
      const line = part.shadowRoot!.querySelector('.preview .sender');
      said.push(line && text(line));
      (part.shadowRoot!.querySelector('.cancel') as HTMLButtonElement).click();
      await settle(part);
    }
    expect(said).to.deep.equal(['What it writes is from you.', 'What it writes is from the bot.', null]);
  });
});

describe('<chat-admin> the macro editor’s rows (issue #81)', () => {
  it('lines up an action’s select with the field beside it, whatever help the field has under it', async () => {
    const { el } = await mount();
    const { page, root } = await openRules(el);
    (root.querySelector('.new-macro') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('.macro-form .rule-row.action'), 'the macro editor');
    await settle(page);
    const row = root.querySelector('.macro-form .rule-row.action')!;
    const select = row.querySelector('select.type')!.getBoundingClientRect();
    const field = row.querySelector('label.value-field :is(input, select, textarea)')!.getBoundingClientRect();
    expect(Math.abs(select.top - field.top), `select at ${select.top}, field at ${field.top}`).to.be.below(1);
  });
});
