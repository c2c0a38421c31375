import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AuditEntry, ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { settingsLinks, showDeskPage, showPage, text, waitUntil } from './helpers.js';

const DAY = 86_400_000;
const start = new Date(2026, 2, 10).getTime(); // 10 March 2026, local midnight

/** 60 entries, newest first, one an hour from 10 March on: Ada and Grace, reveals and saved replies. */
function entries(): AuditEntry[] {
  return Array.from({ length: 60 }, (_, i) => {
    const n = 59 - i;
    return {
      id: String(n + 1),
      at: start + n * 3_600_000,
      actorId: n % 2 ? 'staff_2' : 'staff_1',
      actorName: n % 2 ? 'Grace' : 'Ada',
      action: n === 59 ? 'something.new' : n % 3 ? 'contact.reveal' : 'canned.create',
      targetType: n % 3 ? 'contact' : 'canned_response',
      targetId: `t${n}`,
      details: n % 3 ? {} : { shortcut: `s${n}`, counts: { a: 1 } },
    };
  });
}

async function openAudit(el: ChatAdmin) {
  const page = await showDeskPage(el, 'Audit log', 'chat-admin-audit');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('tbody tr').length > 0, 'the entries');
  return { page, root };
}

function select(root: ShadowRoot, name: string, value: string): void {
  const field = root.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
  field.value = value;
  field.dispatchEvent(new Event('change'));
}

describe('<chat-admin> Audit log', () => {
  it('shows entries with readable actions and their details, a page at a time', async () => {
    const { el, api } = await mount();
    api.auditEntries = entries();
    const { root } = await openAudit(el);
    expect(root.querySelectorAll('tbody tr')).to.have.length(50);
    const first = root.querySelector('tbody tr')!;
    // An action the page has no name for is shown as recorded.
    expect(text(first.querySelector('.what'))).to.contain('something.new');
    const reveal = root.querySelector('tbody tr[data-id="59"]')!;
    expect(text(reveal.querySelector('.what'))).to.equal('Revealed an email On contact t58');
    expect(text(reveal.querySelector('.who'))).to.equal('Ada');
    const created = root.querySelector('tbody tr[data-id="58"]')!;
    expect(text(created.querySelector('.what'))).to.contain('Added a saved reply');
    expect([...created.querySelectorAll('.details dt, .details dd')].map(text)).to.deep.equal([
      'shortcut',
      's57',
      'counts',
      '{"a":1}',
    ]);
    root.querySelector<HTMLButtonElement>('button.more')!.click();
    await waitUntil(() => root.querySelectorAll('tbody tr').length === 60, 'the older entries');
    expect(api.requests).to.deep.equal(['GET /audit?limit=50', 'GET /audit/facets', 'GET /audit?limit=50&cursor=11']);
    expect(root.querySelector('button.more')).to.equal(null);
  });

  it('filters by staff member, action and days (both included), from the keyboard; refuses a reversed range', async () => {
    const { el, api } = await mount();
    api.auditEntries = entries();
    const { page, root } = await openAudit(el);
    await waitUntil(() => root.querySelectorAll('select[name=actor] option').length === 3, 'the actors');
    expect([...root.querySelectorAll('select[name=actor] option')].map(text)).to.deep.equal(['Anyone', 'Grace', 'Ada']);
    expect([...root.querySelectorAll('select[name=action] option')].map(text)).to.deep.equal([
      'Any action',
      'Added a saved reply',
      'Revealed an email',
      'something.new',
    ]);
    select(root, 'actor', 'staff_2');
    select(root, 'action', 'contact.reveal');
    const from = root.querySelector<HTMLInputElement>('input[name=from]')!;
    from.value = '2026-03-11';
    const to = root.querySelector<HTMLInputElement>('input[name=to]')!;
    to.value = '2026-03-11';
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.auditQueries.length === 2, 'the filtered query');
    expect(api.auditQueries[1]).to.deep.equal({
      actor: 'staff_2',
      action: 'contact.reveal',
      from: start + DAY,
      to: start + 2 * DAY,
      limit: 50,
    });
    await page.updateComplete;
    const shown = [...root.querySelectorAll('tbody tr')];
    expect(shown.length).to.be.greaterThan(0);
    for (const row of shown) expect(text(row.querySelector('.who'))).to.equal('Grace');

    // A range that ends before it starts: said, and nothing asked.
    from.value = '2026-03-12';
    root.querySelector<HTMLButtonElement>('form.filters button[type=submit]')!.click();
    await page.updateComplete;
    expect(text(root.querySelector('[role=alert]'))).to.contain('The start date must be on or before the end date.');
    expect(api.auditQueries).to.have.length(2);

    // Clear: every entry again.
    root.querySelector<HTMLButtonElement>('form.filters button[type=reset]')!.click();
    await waitUntil(() => api.auditQueries.length === 3, 'the cleared query');
    expect(api.auditQueries[2]).to.deep.equal({ limit: 50 });
  });

  it('is not offered to agents', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    await showPage(el, 'Settings', 'chat-admin-settings');
    const links = (await settingsLinks(el)).map(text);
    expect(links).to.include('Saved replies');
    expect(links).not.to.include('Audit log');
    expect(links).not.to.include('Site');
  });
});
