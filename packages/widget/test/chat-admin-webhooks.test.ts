import { expect } from '@open-wc/testing';
import type { WebhookEndpoint } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The webhooks page of <chat-admin>, against the fake admin API, in Chromium.

function endpoint(id: string, overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id,
    url: `https://hooks.example.com/${id}`,
    events: ['message.created'],
    enabled: true,
    batch: false,
    disabledReason: null,
    disabledAt: null,
    createdAt: Date.now() - 60_000,
    updatedAt: Date.now() - 60_000,
    ...overrides,
  };
}

async function openPage(role: 'admin' | 'agent' = 'admin', endpoints: WebhookEndpoint[] = []) {
  const setup = await mount(undefined, false);
  setup.api.role = role;
  setup.api.webhookList = endpoints;
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Webhooks', 'chat-admin-webhooks');
  await waitUntil(() => page.shadowRoot?.querySelector('#endpoints-title'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

describe('<chat-admin> webhooks page', () => {
  it('is a tab for admins only', async () => {
    const agent = await mount(undefined, false);
    agent.api.role = 'agent';
    await agent.el.signIn('st_test_token_0123456789');
    await settle(agent.el);
    expect($$(agent.el, '.topbar nav button').map(text)).to.include('Stats');
    expect((await settingsLinks(agent.el)).map(text)).to.not.include('Webhooks');
  });

  it('adds an endpoint with its events and shows the secret once, with a copy button and a warning', async () => {
    const { api, page, root } = await openPage();
    const url = root.querySelector('#webhook-url') as HTMLInputElement;
    expect(root.querySelector('label[for=webhook-url]')).to.exist;
    url.value = 'https://hooks.example.com/parley';
    const note = root.querySelector('input[value="note.created"]') as HTMLInputElement;
    note.click();
    (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.webhookList.length === 1, 'the endpoint');
    await settle(page);
    expect(api.webhookList[0]!.events).to.deep.equal(['conversation.created', 'message.created', 'note.created']);
    const secret = root.querySelector('.secret') as HTMLElement;
    expect(text(secret.querySelector('code'))).to.equal('whsec_shown_once_0123456789');
    expect(text(secret)).to.contain('shown only this once');
    expect(root.activeElement).to.equal(secret, 'focus moves to the secret');
    expect(text(root.querySelector('.endpoint .url'))).to.equal('https://hooks.example.com/parley');

    (secret.querySelector('.dismiss') as HTMLButtonElement).click();
    await settle(page);
    expect(root.querySelector('.secret')).to.equal(null);
    expect(root.textContent).to.not.contain('whsec_shown_once');
  });

  it('says why an endpoint was refused, and that an event is needed', async () => {
    const { api, page, root } = await openPage();
    for (const box of root.querySelectorAll<HTMLInputElement>('input[name=events]:checked')) box.click();
    (root.querySelector('#webhook-url') as HTMLInputElement).value = 'https://hooks.example.com/x';
    (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await settle(page);
    expect(text(root.querySelector('[role=alert]'))).to.contain('at least one event');
    (root.querySelector('input[value="message.created"]') as HTMLInputElement).click();
    (root.querySelector('#webhook-url') as HTMLInputElement).value = 'http://10.0.0.1/';
    (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await settle(page);
    expect(text(root.querySelector('[role=alert]'))).to.contain('Invalid body.url');
    expect(api.webhookList).to.have.length(0);
  });

  it('disables and enables, shows why the relay disabled one, and deletes after a confirmation', async () => {
    const { api, page, root } = await openPage('admin', [
      endpoint('wh_1'),
      endpoint('wh_2', { enabled: false, disabledReason: 'HTTP 500 for a day', disabledAt: Date.now() }),
    ]);
    const [first, second] = [...root.querySelectorAll<HTMLElement>('.endpoint')];
    expect(text(second!.querySelector('.reason'))).to.contain('HTTP 500 for a day');
    expect(text(second!.querySelector('.state'))).to.equal('Disabled');
    (first!.querySelector('.toggle') as HTMLButtonElement).click();
    await settle(page);
    expect(api.webhookList[0]!.enabled).to.equal(false);
    expect(text(root.querySelector('[data-id=wh_1] .toggle'))).to.equal('Enable');

    (root.querySelector('[data-id=wh_2] .delete') as HTMLButtonElement).click();
    await settle(page);
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('https://hooks.example.com/wh_2');
    (dialog.querySelector('.cancel') as HTMLButtonElement).click();
    await waitUntil(
      () => root.activeElement === root.querySelector('[data-id=wh_2] .delete'),
      'focus back on the endpoint’s delete button',
    );
    expect(api.webhookList).to.have.length(2, 'cancel deletes nothing');

    (root.querySelector('[data-id=wh_2] .delete') as HTMLButtonElement).click();
    await settle(page);
    (root.querySelector('dialog .confirm') as HTMLButtonElement).click();
    await waitUntil(() => api.webhookList.length === 1, 'the deletion');
    await settle(page);
    expect(api.webhookList.map((e) => e.id)).to.deep.equal(['wh_1']);
    expect(root.querySelectorAll('.endpoint')).to.have.length(1);
  });

  it('shows the delivery log and resends an event', async () => {
    const setup = await openPage('admin', [endpoint('wh_1')]);
    const { api, page, root } = setup;
    api.deliveryLog.set('wh_1', [
      {
        id: '2',
        eventId: 'evt_b',
        eventType: 'message.created',
        attempt: 2,
        at: Date.now(),
        outcome: 'failed',
        statusCode: 500,
        error: 'HTTP 500',
        latencyMs: 31,
        excerpt: 'upstream down',
        events: 1,
        resendable: true,
      },
      {
        id: '1',
        eventId: 'evt_a',
        eventType: 'message.created',
        attempt: 1,
        at: Date.now() - 1000,
        outcome: 'failed',
        statusCode: null,
        error: 'timed out after 10000 ms',
        latencyMs: 10000,
        excerpt: null,
        events: 1,
        resendable: false,
      },
    ]);
    const toggle = root.querySelector('[data-id=wh_1] .log') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await settle(page);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const rows = [...root.querySelectorAll<HTMLElement>('.delivery')];
    expect(rows).to.have.length(2);
    expect(text(rows[0]!)).to.contain('HTTP 500');
    expect(text(rows[0]!)).to.contain('upstream down');
    expect(text(rows[1]!)).to.contain('timed out');
    expect((rows[1]!.querySelector('.resend') as HTMLButtonElement).disabled).to.equal(true);
    // Clicked, as a user does: the button takes focus, and the outcome is said beside the endpoints.
    (rows[0]!.querySelector('.resend') as HTMLButtonElement).focus();
    (rows[0]!.querySelector('.resend') as HTMLButtonElement).click();
    await settle(page);
    expect(api.resends).to.deep.equal([{ id: 'wh_1', deliveryId: '2' }]);
    expect(text(root.querySelector('[data-save=endpoints] [role=status]'))).to.contain('Queued');
  });

  it('adds a batching endpoint, switches batching, and shows a batch’s count in the log', async () => {
    const { api, page, root } = await openPage();
    (root.querySelector('#webhook-url') as HTMLInputElement).value = 'https://hooks.example.com/batched';
    const batch = root.querySelector('input[name=batch]') as HTMLInputElement;
    expect(batch.checked, 'one event per request unless asked').to.equal(false);
    expect(text(root.querySelector(`#${batch.getAttribute('aria-describedby')}`))).to.contain('500 events');
    batch.click();
    (root.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.webhookList.length === 1, 'the endpoint');
    await settle(page);
    expect(api.webhookList[0]!.batch).to.equal(true);
    const row = root.querySelector('[data-id=wh_1]') as HTMLElement;
    expect(text(row)).to.contain('Batched');
    const toggle = row.querySelector('.batch') as HTMLButtonElement;
    expect(text(toggle)).to.equal('Send one event per request');
    toggle.click();
    await waitUntil(() => api.webhookList[0]!.batch === false, 'batching off');
    await settle(page);
    expect(text(root.querySelector('[data-id=wh_1] .batch'))).to.equal('Send in batches');
    expect(text(root.querySelector('[data-id=wh_1]'))).to.not.contain('Batched');

    api.deliveryLog.set('wh_1', [
      {
        id: '7',
        eventId: 'evt_first',
        eventType: 'batch',
        attempt: 1,
        at: Date.now(),
        outcome: 'delivered',
        statusCode: 200,
        error: null,
        latencyMs: 12,
        excerpt: null,
        events: 240,
        resendable: true,
      },
    ]);
    (root.querySelector('[data-id=wh_1] .log') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('.delivery'), 'the log');
    expect(text(root.querySelector('.delivery'))).to.contain('batch of 240 events');
  });

  it('sends a test event and shows its delivery in the log', async () => {
    const { api, page, root } = await openPage('admin', [endpoint('wh_1'), endpoint('wh_2', { enabled: false })]);
    const off = root.querySelector('[data-id=wh_2] .test') as HTMLButtonElement;
    expect(off.disabled, 'a disabled endpoint would skip it').to.equal(true);
    const button = root.querySelector('[data-id=wh_1] .test') as HTMLButtonElement;
    expect(text(button)).to.equal('Send a test event');
    button.click();
    await waitUntil(() => root.querySelector('[data-id=wh_1] .delivery'), 'the delivery log');
    await settle(page);
    expect(api.requests).to.include('POST /webhooks/wh_1/test');
    const row = root.querySelector('[data-id=wh_1] .delivery') as HTMLElement;
    expect(text(row)).to.contain('ping');
    expect(text(row)).to.contain('HTTP 204');
    await waitUntil(() => text(root.querySelector('[role=status]')).includes('Test event: Delivered'), 'the result');
  });

  it('renders in dark mode with the dark theme’s colors', async () => {
    const { el, page } = await openPage('admin', [endpoint('wh_1')]);
    el.theme = 'dark';
    await settle(el);
    await settle(page);
    const card = page.shadowRoot!.querySelector('.card') as HTMLElement;
    expect(getComputedStyle(card).colorScheme).to.equal('dark');
  });
});
