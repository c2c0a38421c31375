import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatAdmin, OutboxJob } from '../src/chat-admin/chat-admin.js';
import { TOKEN, mount } from './admin-fixture.js';
import { $$, settingsLinks, showPage, text, waitUntil } from './helpers.js';

function job(id: string, overrides: Partial<OutboxJob> = {}): OutboxJob {
  return {
    id,
    kind: 'webhook',
    status: 'dead',
    attempts: 30,
    conversationId: 'c1',
    createdAt: Date.now() - 86_400_000,
    dueAt: Date.now() - 3_600_000,
    doneAt: Date.now() - 3_600_000,
    lastError: 'HTTP 500 from hooks.example.com',
    detail: null,
    held: false,
    ...overrides,
  };
}

async function openDeliveries(el: ChatAdmin): Promise<ShadowRoot> {
  const panel = await showPage(el, 'Deliveries', 'chat-admin-deliveries');
  await waitUntil(() => panel.shadowRoot?.querySelector('.jobs, .muted'), 'the deliveries page');
  return panel.shadowRoot!;
}

describe('<chat-admin> deliveries', () => {
  it('lists failed deliveries with their error, and replays one from the keyboard', async () => {
    const { el, api } = await mount();
    api.outboxJobs = [
      job('ob_1'),
      job('ob_2', { kind: 'email.reply', lastError: 'connect ECONNREFUSED' }),
      job('ob_3', { status: 'pending', attempts: 2, lastError: 'HTTP 503' }),
    ];
    const panel = await openDeliveries(el);
    await waitUntil(() => panel.querySelectorAll('.job').length === 2, 'the failed ones');
    expect(api.outboxQueries[0]).to.deep.equal({ status: 'dead' });
    const rows = [...panel.querySelectorAll('.job')];
    expect(text(rows[0]!.querySelector('.job-head strong')!)).to.equal('Webhook');
    expect(text(rows[1]!.querySelector('.job-head strong')!)).to.equal('Reply by email');
    expect(text(rows[1]!.querySelector('.job-error')!)).to.equal('connect ECONNREFUSED');
    expect(text(rows[0]!.querySelector('.job-meta')!)).to.contain('30 attempts');
    const replay = rows[0]!.querySelector('button')!;
    expect(replay.getAttribute('aria-label')).to.match(/^Replay: Webhook, /);
    replay.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.replays.length === 1, 'the replay');
    expect(api.replays).to.deep.equal(['ob_1']);
    await waitUntil(() => panel.querySelectorAll('.job').length === 1, 'the replayed job leaves the failed list');
    expect(text(panel.querySelector('[role=status]')!)).to.equal('Queued again.');
  });

  it('shows each state on demand', async () => {
    const { el, api } = await mount();
    api.outboxJobs = [
      job('ob_1'),
      job('ob_3', { status: 'pending', attempts: 2, lastError: 'HTTP 503' }),
      job('ob_4', { status: 'pending', attempts: 0, lastError: null, held: true }),
    ];
    const panel = await openDeliveries(el);
    (panel.querySelector('input[value=pending]') as HTMLInputElement).click();
    await waitUntil(() => api.outboxQueries.some((q) => q.status === 'pending'), 'the waiting ones');
    await waitUntil(() => panel.querySelector('.job[data-id=ob_3]'), 'the waiting job');
    const row = panel.querySelector('.job[data-id=ob_3]')!;
    expect(text(row.querySelector('.job-meta')!)).to.contain('2 attempts · next try');
    expect(row.querySelector('button'), 'only a failed job replays').to.equal(null);
    expect(text(panel.querySelector('.job[data-id=ob_4] .job-meta')!)).to.contain(
      'waits for an earlier delivery of this conversation',
    );
    expect(text(row.querySelector('.job-meta')!)).to.not.contain('waits for');
    (panel.querySelector('input[value=delivered]') as HTMLInputElement).click();
    await waitUntil(() => text(panel.querySelector('.card')!).includes('Nothing here.'), 'an empty state');
  });

  it('is not offered to agents', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    await el.signIn(TOKEN);
    await waitUntil(() => $$(el, '.topbar nav button').length > 0, 'the top bar');
    expect((await settingsLinks(el)).map(text)).to.not.include('Deliveries');
  });
});

describe('<chat-admin> pages in dark mode', () => {
  it('gives every page the shell’s theme, so a page with a shadow root of its own is dark too', async () => {
    const { el } = await mount();
    el.theme = 'dark';
    for (const [tab, tag] of [
      ['Broadcasts', 'chat-admin-broadcasts'],
      ['Stats', 'chat-admin-stats'],
      ['Deliveries', 'chat-admin-deliveries'],
    ] as const) {
      const page = await showPage(el, tab, tag);
      expect(page.getAttribute('theme'), tab).to.equal('dark');
      const card = page.shadowRoot!.querySelector('.card')!;
      await waitUntil(() => card, tab);
      const background = getComputedStyle(card).backgroundColor;
      expect(background, `${tab}: a dark card, not white`).to.not.equal('rgb(255, 255, 255)');
    }
  });
});
