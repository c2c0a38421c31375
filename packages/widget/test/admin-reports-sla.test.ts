// Issue #86: the Reports page shows the SLA attainment beside its other figures, narrowed by its own range and
// filters. The section is the SLA feature's (pages/sla/report-section.ts), in the page's report sections outlet
// (pages/reports/report-sections.ts): the page never names it, and a member without `reports.view` (what the
// attainment route takes) is not given it.
import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { Permission } from '@parley/protocol/admin';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { ChatAdminReports } from '../src/chat-admin/pages/reports/chat-admin-reports.component.js';
import { FakeApi, mount } from './admin-fixture.js';
import { $$, settle, showPage, text, waitUntil } from './helpers.js';

function midnight(daysFromToday: number): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysFromToday).getTime();
}

const row = (id: string | null, name: string | null, target: string, met: number, breached: number) => ({
  id,
  name,
  target: target as 'firstResponse',
  met,
  breached,
  attainment: met + breached === 0 ? null : met / (met + breached),
});

/** The Reports page, its figures in, and its SLA section's shadow root once it has a table, an empty state or an error. */
async function openReports(el: ChatAdmin): Promise<{ page: LitElement; section: () => ShadowRoot }> {
  const page = await showPage(el, 'Reports', 'chat-admin-reports');
  await waitUntil(() => page.shadowRoot?.querySelector('#times-title'), 'the figures');
  await customElements.whenDefined('chat-admin-sla-report');
  const section = () => page.shadowRoot!.querySelector('chat-admin-sla-report')!.shadowRoot!;
  await waitUntil(
    () =>
      page
        .shadowRoot!.querySelector('chat-admin-sla-report')
        ?.shadowRoot?.querySelector('table, .empty, [role=alert]:not(:empty)'),
    'the SLA section',
  );
  return { page, section };
}

const tableRows = (root: ShadowRoot): string[][] =>
  [...root.querySelectorAll('table.sla-attainment tbody tr')].map((tr) => [...tr.children].map((cell) => text(cell)));

describe('<chat-admin> reports: the SLA section (issue #86)', () => {
  // First in the file: the section's chunk is not yet in the page.
  it('is not made for a member without reports.view, and its chunk and report are never fetched', async () => {
    // Such a member has no Reports tab…
    const { el, api } = await mount([], false);
    api.role = 'agent';
    api.mePermissions = ['contacts.manage'] satisfies Permission[];
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => el.me !== undefined, 'signed in');
    await settle(el);
    expect($$(el, '.topbar nav button').map((b) => text(b))).to.not.include('Reports');
    // …and the page, were it shown to them, gives them no section.
    if (!customElements.get('chat-admin-reports')) customElements.define('chat-admin-reports', ChatAdminReports);
    const other = new FakeApi([]);
    const page = await fixture<ChatAdminReports>(html`<chat-admin-reports
      .api=${other}
      .inbox=${{ state: { me: { role: 'agent', permissions: ['contacts.manage'] } } }}
    ></chat-admin-reports>`);
    await waitUntil(() => page.shadowRoot!.querySelector('#times-title'), 'the figures');
    await settle(page);
    expect(page.shadowRoot!.querySelector('chat-admin-sla-report')).to.equal(null);
    expect(customElements.get('chat-admin-sla-report')).to.equal(undefined);
    expect(other.requests.filter((request) => request.includes('/sla/'))).to.deep.equal([]);
    expect(api.requests.filter((request) => request.includes('/sla/'))).to.deep.equal([]);
  });

  it('shows each policy’s met, breached and share per target, of the page’s range, to a member with reports.view', async () => {
    const { el, api } = await mount([], false);
    api.role = 'agent';
    api.mePermissions = ['reports.view'];
    api.slaAttainment.policy = [
      row('slp_2', 'Urgent', 'firstResponse', 9, 1),
      row('slp_1', 'Everyone', 'firstResponse', 30, 10),
      row('slp_1', 'Everyone', 'resolution', 4, 0),
      row('slp_2', 'Urgent', 'resolution', 0, 0),
    ];
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => el.me !== undefined, 'signed in');
    const { page, section } = await openReports(el);
    // The page's own range, the only filter the default view has.
    expect(api.slaAttainmentQueries).to.deep.equal([
      { split: 'policy', from: String(midnight(-29)), to: String(midnight(1)) },
    ]);
    expect(api.reportQueries[0]).to.include({ from: midnight(-29), to: midnight(1) });
    const root = section();
    expect(text(root.querySelector('h2'))).to.equal('SLA attainment by policy');
    // Each target's share over every policy; no column for a target no clock had.
    expect([...root.querySelectorAll('.stat')].map((stat) => text(stat))).to.deep.equal([
      'First response 78% 39 of 50 met',
      'Resolution 100% 4 of 4 met',
    ]);
    expect([...root.querySelectorAll('thead tr')].map((tr) => [...tr.children].map((th) => text(th)))).to.deep.equal([
      ['Policy', 'First response', 'Resolution'],
      ['Met', 'Breached', 'Attainment', 'Met', 'Breached', 'Attainment'],
    ]);
    expect(root.querySelector('thead th[colspan="3"]')!.getAttribute('scope')).to.equal('colgroup');
    expect(tableRows(root)).to.deep.equal([
      ['Everyone', '30', '10', '75%', '4', '0', '100%'],
      ['Urgent', '9', '1', '90%', '0', '0', '–'],
    ]);
    // A card of the page's column, under the page's own figures, and nothing a strict style-src would refuse.
    const cards = [...page.shadowRoot!.children].filter((child) =>
      child.matches('section.card, chat-admin-sla-report'),
    );
    expect(cards.at(-1)!.localName).to.equal('chat-admin-sla-report');
    expect(root.querySelectorAll('[style]').length).to.equal(0);
  });

  it('passes the page’s channel, team, assignee, label and range, and follows its split by team or agent', async () => {
    try {
      const { el, api } = await mount();
      api.slaAttainment.team = [
        row('team_billing', 'Billing', 'firstResponse', 3, 1),
        row(null, null, 'firstResponse', 1, 1),
        row('team_billing', 'Billing', 'nextResponse', 5, 0),
      ];
      const { page, section } = await openReports(el);
      const root = page.shadowRoot!;
      const choose = async (name: string, value: string) => {
        await waitUntil(
          () =>
            [...root.querySelector<HTMLSelectElement>(`select[name=${name}]`)!.options].some((o) => o.value === value),
          `the choice ${value}`,
        );
        const select = root.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
        select.value = value;
        select.dispatchEvent(new Event('change'));
        await settle(page);
      };
      await choose('channel', 'whatsapp');
      await choose('team', 'team_billing');
      await choose('agent', 'none');
      await choose('label', 'vip');
      await waitUntil(() => api.slaAttainmentQueries.length === 5, 'asked for each change');
      const range = { from: String(midnight(-29)), to: String(midnight(1)) };
      expect(api.slaAttainmentQueries.at(-1)).to.deep.equal({
        split: 'policy',
        ...range,
        channel: 'whatsapp',
        team: 'team_billing',
        agent: 'none',
        label: 'vip',
      });
      // The request itself: the route's own parameters and the filters, nothing of the figures' (no tz, no bucket).
      const asked = api.requests.filter((r) => r.startsWith('GET /sla/attainment?')).at(-1)!;
      expect([...new URLSearchParams(asked.split('?')[1]).keys()]).to.deep.equal([
        'split',
        'from',
        'to',
        'channel',
        'team',
        'agent',
        'label',
      ]);

      // Split by team: the attainment per team, the row of no team last.
      await choose('split', 'team');
      await waitUntil(() => api.slaAttainmentQueries.at(-1)!.split === 'team', 'asked per team');
      await waitUntil(() => section().querySelector('table'), 'the team rows');
      expect(text(section().querySelector('h2'))).to.equal('SLA attainment by team');
      expect(tableRows(section())).to.deep.equal([
        ['Billing', '3', '1', '75%', '5', '0', '100%'],
        ['No team', '1', '1', '50%', '–', '–', '–'],
      ]);
      // A split the attainment has no rows for (label): per policy again.
      await choose('split', 'label');
      await waitUntil(() => api.slaAttainmentQueries.at(-1)!.split === 'policy', 'asked per policy');

      // Another range: asked again with it.
      $$(root.host as HTMLElement, '.presets button')[0]!.click();
      await waitUntil(() => api.slaAttainmentQueries.at(-1)!.from === String(midnight(-6)), 'the 7 days');
      expect(api.slaAttainmentQueries.at(-1)).to.include({ to: String(midnight(1)), team: 'team_billing' });
    } finally {
      history.replaceState(null, '');
    }
  });

  it('says when no clock was due, and says a refusal as the page says its own', async () => {
    const { el, api } = await mount();
    const { page, section } = await openReports(el);
    expect(text(section().querySelector('.empty'))).to.equal(
      'No SLA clock was due in this range. Targets are set under Settings → SLA policies.',
    );
    expect(section().querySelector('table')).to.equal(null);

    api.refuseSlaAttainment = new AdminApiError(
      'bad_request',
      'Invalid from: at most a year and a day before to.',
      400,
    );
    $$(page, '.presets button')[2]!.click();
    await waitUntil(() => text(section().querySelector('[role=alert]')), 'the refusal');
    expect(text(section().querySelector('[role=alert]'))).to.equal(
      'Something went wrong: Invalid from: at most a year and a day before to.',
    );
    expect(section().querySelector('.empty, table')).to.equal(null);
  });
});
