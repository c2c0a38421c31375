import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { forgetAiStatus } from '../src/chat-admin/ai/ai-status.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The AI settings page (issue #83): the provider (the relay's default or the site's own), the key write-only, the
// budget, and the month's usage.

async function openAi(el: ChatAdmin) {
  const page = await showPage(el, 'AI', 'chat-admin-ai');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the AI form');
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement = HTMLInputElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

describe('<chat-admin> AI settings page', () => {
  it('is for those who manage the settings', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('AI');
  });

  it('refuses a bad base URL and budget in the form, saves the provider and a key it never shows again', async () => {
    const { el, api } = await mount([conversation('c1')]);
    const { page, root } = await openAi(el);
    // Every control is labelled.
    for (const control of root.querySelectorAll('input, select'))
      expect((control as HTMLInputElement).labels?.length ?? 0, (control as HTMLInputElement).name).to.be.greaterThan(
        0,
      );
    field(root, 'input[name=enabled]').click();
    field(root, '#ai-base-url').value = 'api.example.com';
    field(root, '#ai-model').value = 'gpt-4o-mini';
    field(root, '#ai-key').value = 'sk-secret-123';
    field(root, '#ai-budget').value = '0';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => root.querySelector('#ai-baseUrl-error'), 'the URL refused');
    expect(text(root.querySelector('#ai-baseUrl-error'))).to.equal(
      'The base URL must be a full address starting with https:// (or http://).',
    );
    expect(text(root.querySelector('#ai-monthlyTokenBudget-error'))).to.equal(
      'The budget must be a whole number of tokens, at least 1 (or empty for no limit).',
    );
    expect(field(root, '#ai-base-url').getAttribute('aria-invalid')).to.equal('true');
    expect(field(root, '#ai-base-url').getAttribute('aria-describedby')).to.contain('ai-baseUrl-error');
    expect(api.aiCalls, 'nothing sent').to.deep.equal([]);

    // The relay's refusal, beside the field it names.
    field(root, '#ai-base-url').value = 'http://10.0.0.5:11434/v1';
    field(root, '#ai-budget').value = '2000000';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(
      () => text(root.querySelector('#ai-baseUrl-error')).includes('must be https'),
      'the relay’s refusal',
    );

    field(root, '#ai-base-url').value = 'https://api.example.com/v1';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiSettings.keySet, 'saved');
    expect(api.aiCalls.at(-1)).to.deep.equal([
      'PUT /ai',
      '',
      {
        enabled: true,
        monthlyTokenBudget: 2_000_000,
        featureBudgets: {},
        inherit: false,
        provider: 'openai',
        baseUrl: 'https://api.example.com/v1',
        model: 'gpt-4o-mini',
        apiKey: 'sk-secret-123',
      },
    ]);
    await waitUntil(() => root.querySelector('.key-set'), 'the key said set');
    expect(text(root.querySelector('.key-set'))).to.equal('A key is set. It is never shown.');
    expect(root.querySelector('#ai-key'), 'no key field').to.equal(null);
    expect(page.shadowRoot!.innerHTML).to.not.contain('sk-secret-123');
    expect([...root.querySelectorAll('.save-state:not(.error)')].map((state) => text(state))).to.include('Saved.');

    // Saving again sends no key: the stored one is kept.
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiCalls.length === 3, 'saved again');
    expect(api.aiCalls.at(-1)![2]).to.not.have.property('apiKey');

    // Replace, then Remove after a confirm.
    field<HTMLButtonElement>(root, '.replace-key').click();
    await waitUntil(() => root.activeElement === root.querySelector('#ai-key'), 'the key field, focused');
    field<HTMLButtonElement>(root, '.keep-key').click();
    await page.updateComplete;
    field<HTMLButtonElement>(root, '.remove-key').click();
    await waitUntil(() => root.querySelector('#ai-remove-key'), 'the confirm');
    field<HTMLButtonElement>(root, '.confirm .ok').click();
    await waitUntil(() => text(root.querySelector('.key-set')) === 'The key will be removed when you save.', 'marked');
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiCalls.length === 4, 'saved without the key');
    expect((api.aiCalls.at(-1)![2] as { apiKey: unknown }).apiKey).to.equal(null);
    expect(api.aiKey).to.equal(null);
  });

  it('inherits the relay’s default when there is one', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.aiSettings = {
      ...api.aiSettings,
      defaultAvailable: true,
      inherited: true,
      keySet: true,
      provider: 'openai',
      model: 'gpt-4o-mini',
    };
    await el.signIn('st_admin');
    await settle(el);
    const { root } = await openAi(el);
    expect(field(root, 'input[value=inherit]').checked).to.equal(true);
    expect(root.querySelector('#ai-base-url'), 'the default’s address is not shown').to.equal(null);
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiCalls.length === 1, 'saved');
    expect(api.aiCalls[0]![2]).to.deep.equal({
      enabled: false,
      monthlyTokenBudget: null,
      featureBudgets: {},
      inherit: true,
    });
  });

  it('edits each feature’s budget in a table beside its use this month, refusing a bad one by name', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    Object.assign(api.aiSettings, {
      enabled: true,
      provider: 'openai',
      baseUrl: 'https://api.example.com/v1',
      model: 'gpt-4o-mini',
    });
    api.aiSettings.featureBudgets.translate = 50_000;
    api.aiUsage = {
      month: '2026-11',
      monthlyTokenBudget: null,
      usedTokens: 36_000,
      features: [
        { feature: 'draft', calls: 12, failures: 1, inputTokens: 30_000, outputTokens: 6_000, budget: null },
        { feature: 'translate', calls: 0, failures: 0, inputTokens: 0, outputTokens: 0, budget: 50_000 },
      ],
      recent: [],
    };
    await el.signIn('st_admin');
    await settle(el);
    const { root } = await openAi(el);
    const rows = () =>
      [...root.querySelectorAll('fieldset.feature-budgets tbody tr')].map((row) => [
        text(row.querySelector('th')),
        text(row.querySelector('.feature-used')),
        row.querySelector('input')!.value,
      ]);
    await waitUntil(() => rows().length === 6, 'the budgets table');
    expect(rows()).to.deep.equal([
      ['Draft reply', (36_000).toLocaleString(), ''],
      ['Rewrite', '0', ''],
      ['Summary', '0', ''],
      ['Translate', '0', '50000'],
      ['AI agent (visitors)', '0', ''],
      ['Classify (rules)', '0', ''],
    ]);
    // Each input is labelled by its feature.
    expect(field(root, '#ai-budget-agent').labels![0]!.textContent).to.equal('AI agent (visitors)');

    field(root, '#ai-budget-draft').value = '0';
    field(root, '#ai-budget-rewrite').value = '2.5';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => root.querySelector('#ai-featureBudgets-error'), 'the budgets refused');
    expect(text(root.querySelector('#ai-featureBudgets-error'))).to.equal(
      'Draft reply, Rewrite: the budget must be a whole number of tokens, at least 1 (or empty for no limit).',
    );
    expect(field(root, '#ai-budget-draft').getAttribute('aria-invalid')).to.equal('true');
    expect(field(root, '#ai-budget-summary').getAttribute('aria-invalid')).to.equal('false');
    expect(api.aiCalls, 'nothing sent').to.deep.equal([]);

    field(root, '#ai-budget-draft').value = '20000';
    field(root, '#ai-budget-rewrite').value = '';
    field(root, '#ai-budget-translate').value = '';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiCalls.length === 1, 'saved');
    expect((api.aiCalls[0]![2] as { featureBudgets: unknown }).featureBudgets).to.deep.equal({ draft: 20_000 });
    expect(api.aiSettings.featureBudgets).to.deep.equal({
      draft: 20_000,
      rewrite: null,
      summary: null,
      translate: null,
      agent: null,
      classify: null,
    });
    expect(root.querySelector('#ai-featureBudgets-error')).to.equal(null);
  });

  it('shows the month’s usage per feature, the budget and the latest calls, by month', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.aiUsage = {
      month: '2026-11',
      monthlyTokenBudget: 100_000,
      usedTokens: 42_000,
      features: [
        { feature: 'draft', calls: 12, failures: 1, inputTokens: 30_000, outputTokens: 6_000, budget: null },
        { feature: 'summary', calls: 3, failures: 0, inputTokens: 5_000, outputTokens: 1_000, budget: null },
      ],
      recent: [
        {
          at: Date.UTC(2026, 10, 20, 9),
          feature: 'draft',
          model: 'gpt-4o-mini',
          inputTokens: 2_500,
          outputTokens: 500,
          latencyMs: 1_200,
          outcome: 'ok',
        },
        {
          at: Date.UTC(2026, 10, 20, 8),
          feature: 'summary',
          model: 'gpt-4o-mini',
          inputTokens: 0,
          outputTokens: 0,
          latencyMs: 30_000,
          outcome: 'timeout',
        },
      ],
    };
    await el.signIn('st_admin');
    await settle(el);
    const { page, root } = await openAi(el);
    await waitUntil(() => root.querySelector('meter'), 'the usage');
    expect(text(root.querySelector('.used'))).to.equal(
      `${(42_000).toLocaleString()} of ${(100_000).toLocaleString()} tokens used`,
    );
    expect(field<HTMLMeterElement>(root, 'meter').value).to.equal(42_000);
    const rows = [...root.querySelectorAll('table.features tbody tr')].map((row) =>
      [...row.children].map((cell) => text(cell)),
    );
    expect(rows).to.deep.equal([
      ['Draft reply', '12', '1', `${(30_000).toLocaleString()} / ${(6_000).toLocaleString()}`],
      ['Summary', '3', '0', `${(5_000).toLocaleString()} / ${(1_000).toLocaleString()}`],
    ]);
    expect([...root.querySelectorAll('table.recent tbody tr td:last-child')].map((cell) => text(cell))).to.deep.equal([
      'OK',
      'Timed out',
    ]);
    const month = field(root, 'input[name=month]');
    month.value = '2026-10';
    month.dispatchEvent(new Event('change'));
    await waitUntil(() => api.requests.includes('GET /ai/usage?month=2026-10'), 'October asked');
    await page.updateComplete;
  });

  it('turning the tools on shows them in the inbox at once', async () => {
    forgetAiStatus('s1');
    const { el, api } = await mount([conversation('c1')]);
    await open(el, 'c1');
    await waitUntil(() => api.requests.includes('GET /ai/status'), 'the status asked');
    await settle(el);
    expect($(el, '.ai-draft'), 'off').to.equal(null);
    const { root } = await openAi(el);
    field(root, 'input[name=enabled]').click();
    field(root, '#ai-base-url').value = 'https://api.example.com/v1';
    field(root, '#ai-model').value = 'gpt-4o-mini';
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => api.aiStatus.enabled, 'saved on');
    $$(el, '.topbar nav button')
      .find((button) => text(button) === 'Inbox')!
      .click();
    await waitUntil(() => $(el, '.ai-draft'), 'the tools, asked again');
    expect(api.requests.filter((r) => r === 'GET /ai/status')).to.have.length(2);
  });
});
