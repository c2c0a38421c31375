import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Message } from '@parley/protocol';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import type { ChatAdminAiAgent } from '../src/chat-admin/pages/ai/chat-admin-ai-agent.component.js';
import { forgetAiStatus } from '../src/chat-admin/ai/ai-status.js';
import { conversation, mount, open, stored } from './admin-fixture.js';
import { $, $$, settle, showPage, text, waitUntil } from './helpers.js';

// The AI agent in the inbox (issue #83): a bot's answer shows the articles it drew on as links in the thread (the AI
// folder's message decoration), and the AI settings page's "AI agent" section sets it up, checked as the contract
// checks it.

/** The AI agent's answer, as the relay stores it: a bot's message with its sources. */
function answer(seq: number, sources: Message['sources']): Message {
  return {
    ...stored('c1', seq, 'You can reset your password from the sign-in page.', 'staff'),
    author: { role: 'bot', id: 'bot', name: 'Ada' },
    automation: 'ai',
    sources,
  };
}

async function thread(enabled: boolean) {
  forgetAiStatus('s1');
  const setup = await mount([conversation('c1', { lastSeq: 3 })], false);
  setup.api.aiStatus = { enabled, budgetExhausted: false, featuresExhausted: [] };
  setup.api.history.set('c1', [
    stored('c1', 1, 'How do I reset my password?'),
    answer(2, [
      { title: 'Resetting your password', url: 'https://help.example.com/articles/reset-password' },
      { title: 'Script', url: 'javascript:alert(document.cookie)' },
      { title: 'Relative', url: '/articles/relative' },
    ]),
    stored('c1', 3, 'I’m on it.', 'staff'),
  ]);
  await setup.el.signIn('st_test');
  await waitUntil(() => $$(setup.el, '[role=option]').length > 0, 'the list');
  await open(setup.el, 'c1');
  return setup;
}

/** The sources under the bot's answer, once the decoration's chunk is in. */
async function sourcesIn(el: ChatAdmin): Promise<HTMLElement> {
  await waitUntil(() => $(el, 'chat-admin-ai-message .ai-message-sources'), 'the answer’s sources');
  return $(el, 'chat-admin-ai-message .ai-message-sources')!;
}

async function openAi(el: ChatAdmin) {
  const page = await showPage(el, 'AI', 'chat-admin-ai');
  await waitUntil(() => page.shadowRoot?.querySelector('chat-admin-ai-agent'), 'the agent’s section');
  const section = page.shadowRoot!.querySelector('chat-admin-ai-agent') as ChatAdminAiAgent;
  await waitUntil(() => section.shadowRoot?.querySelector('form'), 'the agent’s form');
  return { page, section, root: section.shadowRoot! };
}

function field<T extends HTMLElement = HTMLInputElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** Types `value` in the topic field and presses Enter. */
async function addTopic(root: ShadowRoot, value: string): Promise<void> {
  const input = field(root, '#agent-topic');
  input.focus();
  input.value = value;
  await sendKeys({ press: 'Enter' });
}

const topics = (root: ParentNode) => [...root.querySelectorAll('.topics li > span')].map(text);

describe('<chat-admin> AI agent', () => {
  it('shows a bot’s answer’s sources as links under it, with the tools off too, and links only web addresses', async () => {
    const { el } = await thread(false);
    const sources = await sourcesIn(el);
    expect(text(sources.closest('article')!.querySelector('.bubble'))).to.equal(
      'You can reset your password from the sign-in page.',
    );
    const list = sources.querySelector('ul')!;
    expect(list.getAttribute('aria-label')).to.equal('Sources');
    expect([...list.querySelectorAll('li')].map(text)).to.deep.equal(['Resetting your password', 'Script', 'Relative']);
    const links = [...list.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://help.example.com/articles/reset-password',
    ]);
    expect(links[0]!.target).to.equal('_blank');
    expect(links[0]!.rel.split(' ')).to.include('noopener');
    expect(sources.innerHTML).to.not.contain('javascript:');
    // One per bot answer; nothing on the visitor's or the agent's messages while the tools are off.
    expect($$(el, '.ai-message-sources')).to.have.length(1);
    expect($(el, '.ai-translate')).to.equal(null);
  });

  it('keeps Translate on the visitor’s message beside the answer’s sources while the tools are on', async () => {
    const { el } = await thread(true);
    await sourcesIn(el);
    await waitUntil(() => $(el, '.ai-translate'), 'Translate');
    expect($$(el, '.ai-translate'), 'on the visitor’s message only').to.have.length(1);
    expect(text($(el, '.ai-translate')!.closest('article')!.querySelector('.bubble'))).to.equal(
      'How do I reset my password?',
    );
  });

  it('is disabled, saying why, while the AI tools are off', async () => {
    const { el } = await mount([conversation('c1')]);
    const { root } = await openAi(el);
    const fieldset = field<HTMLFieldSetElement>(root, 'fieldset.agent');
    expect(fieldset.disabled).to.equal(true);
    expect(fieldset.getAttribute('aria-describedby')).to.equal('agent-off');
    expect(text(root.getElementById('agent-off'))).to.equal(
      'Turn the AI tools on above and save first: the agent answers with their provider.',
    );
  });

  it('checks the name, tone and topics as the contract does, says each refusal beside its field, and saves', async () => {
    const { el, api } = await mount([conversation('c1')]);
    api.aiSettings = { ...api.aiSettings, enabled: true, provider: 'openai', baseUrl: 'https://x.test/v1', model: 'm' };
    api.aiAgent = { enabled: false, name: null, tone: '', avoid: ['refunds'] };
    const { section, root } = await openAi(el);
    expect(field<HTMLFieldSetElement>(root, 'fieldset.agent').disabled).to.equal(false);
    expect(topics(root)).to.deep.equal(['refunds']);
    // Every control is labelled.
    for (const control of root.querySelectorAll('input, textarea'))
      expect((control as HTMLInputElement).labels?.length ?? 0, (control as HTMLInputElement).id).to.be.greaterThan(0);

    // A topic: added with Enter (the form not saved), refused when too long or there already, each said beside it.
    await addTopic(root, '  legal advice ');
    await section.updateComplete;
    expect(topics(root)).to.deep.equal(['refunds', 'legal advice']);
    expect(field(root, '#agent-topic').value).to.equal('');
    await addTopic(root, 'x'.repeat(101));
    await section.updateComplete;
    expect(text(root.querySelector('#agent-avoid-error'))).to.equal('A topic is at most 100 characters.');
    expect(field(root, '#agent-topic').getAttribute('aria-invalid')).to.equal('true');
    expect(field(root, '#agent-topic').getAttribute('aria-describedby')).to.contain('agent-avoid-error');
    await addTopic(root, 'Refunds');
    await section.updateComplete;
    expect(text(root.querySelector('#agent-avoid-error'))).to.equal('That topic is already in the list.');
    expect(topics(root)).to.have.length(2);
    // Twenty at most.
    for (let n = 3; n <= 20; n++) await addTopic(root, `topic ${n}`);
    await section.updateComplete;
    expect(topics(root)).to.have.length(20);
    await addTopic(root, 'one too many');
    await section.updateComplete;
    expect(text(root.querySelector('#agent-avoid-error'))).to.equal('At most 20 topics: remove one first.');
    expect(topics(root)).to.have.length(20);
    expect(field(root, '#agent-topic').value, 'the refused topic stays to be fixed').to.equal('one too many');
    field(root, '#agent-topic').value = '';
    // Removed by its own button, named for it; focus stays in the list.
    const remove = [...root.querySelectorAll<HTMLButtonElement>('.topics button')].slice(2);
    expect(remove[0]!.getAttribute('aria-label')).to.equal('Remove “topic 3”');
    for (const button of remove) button.click();
    await section.updateComplete;
    expect(topics(root)).to.deep.equal(['refunds', 'legal advice']);
    expect(root.querySelector('#agent-avoid-error'), 'the list changed: its refusal goes').to.equal(null);

    // The name and tone over their limits: refused beside them, nothing sent, focus on the first.
    field(root, 'input[name=enabled]').click();
    field(root, '#agent-name').value = 'A'.repeat(61);
    field<HTMLTextAreaElement>(root, '#agent-tone').value = 't'.repeat(301);
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => root.querySelector('#agent-name-error'), 'the name refused');
    expect(text(root.querySelector('#agent-name-error'))).to.equal('The name is at most 60 characters.');
    expect(text(root.querySelector('#agent-tone-error'))).to.equal('The tone is at most 300 characters.');
    expect(field(root, '#agent-tone').getAttribute('aria-invalid')).to.equal('true');
    await section.updateComplete;
    expect(root.activeElement).to.equal(field(root, '#agent-name'));
    expect(api.aiCalls, 'nothing sent').to.deep.equal([]);

    // The relay's refusal naming a field, beside it.
    field(root, '#agent-name').value = 'Ada';
    field<HTMLTextAreaElement>(root, '#agent-tone').value = 'Warm and brief.';
    api.agentRefusal = new AdminApiError('invalid_body', 'Invalid body.tone: the tone names a forbidden word.', 400);
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => text(root.querySelector('#agent-tone-error')).includes('forbidden word'), 'the refusal');
    expect(root.querySelector('#agent-name-error')).to.equal(null);

    // Saved: a topic still typed is added first; an empty name is the bot's (null).
    field(root, '#agent-name').value = '  ';
    field(root, '#agent-topic').value = 'pricing';
    // Saved as a person does, with the focus in the form: the outcome is said beside its button.
    field(root, 'button[type=submit]').focus();
    field<HTMLFormElement>(root, 'form').requestSubmit();
    await waitUntil(() => text(root.querySelector('.actions .save-state[role=status]')) === 'Saved.', 'saved');
    expect(api.aiCalls.at(-1)).to.deep.equal([
      'PUT /ai/agent',
      '',
      { enabled: true, name: null, tone: 'Warm and brief.', avoid: ['refunds', 'legal advice', 'pricing'] },
    ]);
    expect(api.aiAgent).to.deep.equal({
      enabled: true,
      name: null,
      tone: 'Warm and brief.',
      avoid: ['refunds', 'legal advice', 'pricing'],
    });
    expect(root.querySelector('.field-error')).to.equal(null);
    expect(topics(root)).to.deep.equal(['refunds', 'legal advice', 'pricing']);
  });

  it('is enabled once the tools are saved on, without leaving the page', async () => {
    const { el, api } = await mount([conversation('c1')]);
    const { page, root } = await openAi(el);
    expect(field<HTMLFieldSetElement>(root, 'fieldset.agent').disabled).to.equal(true);
    const provider = page.shadowRoot!;
    field(provider, 'input[name=enabled]').click();
    field(provider, '#ai-base-url').value = 'https://api.example.com/v1';
    field(provider, '#ai-model').value = 'gpt-4o-mini';
    field<HTMLFormElement>(provider, 'form').requestSubmit();
    await waitUntil(() => api.aiSettings.enabled, 'the tools saved on');
    await waitUntil(() => !field<HTMLFieldSetElement>(root, 'fieldset.agent').disabled, 'the section enabled');
    expect(root.getElementById('agent-off')).to.equal(null);
  });

  it('shows the agent’s calls on the usage page as a feature of their own', async () => {
    const { el, api } = await mount([conversation('c1')]);
    api.aiUsage = {
      month: '2026-11',
      monthlyTokenBudget: null,
      usedTokens: 9_000,
      features: [{ feature: 'agent', calls: 7, failures: 1, inputTokens: 8_000, outputTokens: 1_000, budget: null }],
      recent: [
        {
          at: Date.UTC(2026, 10, 20, 9),
          feature: 'agent',
          model: 'gpt-4o-mini',
          inputTokens: 1_200,
          outputTokens: 150,
          latencyMs: 900,
          outcome: 'ok',
        },
      ],
    };
    const { page } = await openAi(el);
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('table.features'), 'the usage');
    await settle(el);
    expect(text(root.querySelector('table.features tbody tr[data-feature=agent] th'))).to.equal('AI agent (visitors)');
    expect(text(root.querySelector('table.recent tbody tr td:nth-child(2)'))).to.equal('AI agent (visitors)');
  });
});
