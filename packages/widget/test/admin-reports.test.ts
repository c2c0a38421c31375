import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatAdmin, Report, ReportQuery } from '../src/chat-admin/chat-admin.js';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { adminEn } from '../src/chat-admin/admin-strings.js';
import { repliesEn } from '../src/chat-admin/pages/replies/replies-strings.js';
import { reportsEn } from '../src/chat-admin/pages/reports/reports-strings.js';
import { mount, type FakeApi } from './admin-fixture.js';
import { $$, showPage, text, waitUntil } from './helpers.js';

const DAY = 86_400_000;

function midnight(daysFromToday: number): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysFromToday).getTime();
}

/** Three days of figures, worked so that every part of the page has something to show. */
function report({ channel, ...query }: ReportQuery): Report {
  const t = (i: number): number => query.from + i * DAY;
  const busiestHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  busiestHours[1]![14] = 12; // Tuesday 14:00, the busiest
  busiestHours[4]![9] = 3;
  return {
    range: query,
    filters: channel ? { channel } : {},
    conversations: [
      { t: t(0), count: 4 },
      { t: t(1), count: 0 },
      { t: t(2), count: 7 },
    ],
    messages: [
      { t: t(0), visitor: 10, staff: 6, bot: 2 },
      { t: t(1), visitor: 0, staff: 0, bot: 0 },
      { t: t(2), visitor: 15, staff: 9, bot: 1 },
    ],
    firstResponse: { medianMs: 180_000, p90Ms: 1_500_000, count: 9 },
    resolution: { medianMs: 7_200_000, p90Ms: null, count: 0 },
    agents: [
      { staffId: 'st_1', name: 'Ada', conversations: 6, assigned: 4, messages: 11, firstResponseMedianMs: 120_000 },
      { staffId: 'st_2', name: 'Bo', conversations: 2, assigned: 0, messages: 4, firstResponseMedianMs: null },
    ],
    busiestHours,
    csat: { count: 5, average: 4.2, distribution: [0, 1, 0, 1, 3] },
  };
}

async function openReports(el: ChatAdmin, api: FakeApi): Promise<ShadowRoot> {
  api.reportFor = report;
  const page = await showPage(el, 'Reports', 'chat-admin-reports');
  await waitUntil(() => page.shadowRoot?.querySelector('.agents, .error'), 'the report');
  return page.shadowRoot!;
}

const rows = (table: Element | null): string[][] =>
  [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map((cell) => text(cell)));

describe('<chat-admin> reports', () => {
  it('shows the last 30 days by day in the browser’s time zone: figures, charts with their tables, agents, hours, CSAT', async () => {
    const { el, api } = await mount();
    const root = await openReports(el, api);
    expect(api.reportQueries).to.deep.equal([
      {
        from: midnight(-29),
        to: midnight(1),
        bucket: 'day',
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
    ]);
    const figures = [...root.querySelectorAll('.stat')].map((s) => text(s));
    expect(figures[0]).to.contain('First response: Median').and.contain('3 min');
    expect(figures[1]).to.contain('25 min').and.contain('over 9 conversations');
    expect(figures[3]).to.contain('—');

    // Conversations: one bar per non-empty day, labelled by the chart's title and summary, and the same as a table.
    const conversations = root.querySelector('figure:has(#conversations-title)')!;
    const chart = conversations.querySelector('svg')!;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.getAttribute('aria-labelledby')).to.equal('conversations-title conversations-summary');
    expect(chart.querySelectorAll('rect').length).to.equal(2);
    expect(text(root.querySelector('#conversations-summary'))).to.match(/^11 in total; at most 7, /);
    expect(rows(conversations.querySelector('table')).map((r) => r[1])).to.deep.equal(['4', '0', '7']);
    // Messages: stacked bars, three series.
    const messages = root.querySelector('figure:has(#messages-title)')!;
    expect(messages.querySelectorAll('svg rect').length).to.equal(6);
    expect(rows(messages.querySelector('table'))[2]!.slice(1)).to.deep.equal(['15', '9', '1']);

    expect(rows(root.querySelector('.agents'))).to.deep.equal([
      ['Ada', '6', '4', '11', '2 min'],
      ['Bo', '2', '0', '4', '—'],
    ]);

    const hours = root.querySelector('.heatmap')!;
    expect(hours.querySelectorAll('rect.cell').length).to.equal(168);
    expect(hours.querySelectorAll('rect.l4').length).to.equal(1);
    expect(text(root.querySelector('#hours-summary'))).to.equal('Busiest: Tuesday at 14:00, 12 visitor messages.');
    expect(rows(root.querySelector('.hours-table'))[14]!.slice(0, 3)).to.deep.equal(['14:00', '0', '12']);

    expect(text(root.querySelector('.csat-average'))).to.equal('4.20 / 5 from 5 ratings');
    expect(rows(root.querySelector('.csat-table'))).to.deep.equal([
      ['5', '3'],
      ['4', '1'],
      ['3', '0'],
      ['2', '1'],
      ['1', '0'],
    ]);
    // Nothing a strict style-src would refuse.
    expect(root.querySelectorAll('[style]').length).to.equal(0);
  });

  it('follows the theme: the series take the dark palette', async () => {
    const { el, api } = await mount();
    const root = await openReports(el, api);
    const bar = root.querySelector('figure:has(#conversations-title) rect')!;
    const light = getComputedStyle(bar).fill;
    el.setAttribute('theme', 'dark');
    await waitUntil(() => getComputedStyle(bar).fill !== light, 'the dark palette');
    expect(getComputedStyle(bar).fill).to.equal('rgb(96, 165, 250)');
  });

  it('switches presets, takes a custom range (by hour when short), and refuses a reversed one', async () => {
    const { el, api } = await mount();
    const root = await openReports(el, api);
    const button = (label: string) => $$(root.host as HTMLElement, '.presets button').find((b) => text(b) === label)!;
    button('Last 7 days').click();
    await waitUntil(() => api.reportQueries.length === 2, 'the 7-day report');
    expect(api.reportQueries[1]!.from).to.equal(midnight(-6));
    expect(button('Last 7 days').getAttribute('aria-pressed')).to.equal('true');

    button('Custom').click();
    await waitUntil(() => root.querySelector('input[name=from]'), 'the date fields');
    const from = root.querySelector<HTMLInputElement>('input[name=from]')!;
    const to = root.querySelector<HTMLInputElement>('input[name=to]')!;
    const day = (t: number): string => {
      const d = new Date(t);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    from.value = day(midnight(-3));
    from.dispatchEvent(new Event('change'));
    to.value = day(midnight(-3));
    to.dispatchEvent(new Event('change'));
    to.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.reportQueries.length === 3, 'the custom report');
    expect(api.reportQueries[2]).to.include({ from: midnight(-3), to: midnight(-2), bucket: 'hour' });

    from.value = day(midnight(0));
    from.dispatchEvent(new Event('change'));
    to.value = day(midnight(-5));
    to.dispatchEvent(new Event('change'));
    root.querySelector<HTMLButtonElement>('form .primary')!.click();
    await waitUntil(() => root.querySelector('[role=alert]'), 'the refusal');
    expect(text(root.querySelector('[role=alert]'))).to.contain('start date on or before the end date');
    expect(api.reportQueries.length).to.equal(3);
  });

  it('exports the same range as CSV, and says when the relay refuses', async () => {
    const { el, api } = await mount();
    const root = await openReports(el, api);
    const saved: Blob[] = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      saved.push(blob);
      return create.call(URL, blob);
    };
    try {
      root.querySelector<HTMLButtonElement>('.export')!.click();
      await waitUntil(() => saved.length === 1, 'the file');
    } finally {
      URL.createObjectURL = create;
    }
    expect(api.csvQueries).to.deep.equal([api.reportQueries[0]]);
    expect(await saved[0]!.text()).to.equal('Conversations\r\n');

    api.refuseReport = new AdminApiError('bad_request', 'Invalid query range: at most 400 days with bucket=day.', 400);
    $$(root.host as HTMLElement, '.presets button')[0]!.click();
    await waitUntil(() => root.querySelector('[role=alert]'), 'the error');
    expect(text(root.querySelector('[role=alert]'))).to.contain('at most 400 days');
  });
});

describe('<chat-admin> reports by channel (issue #84)', () => {
  const channelSelect = (root: ShadowRoot) => root.querySelector<HTMLSelectElement>('select[name=channel]')!;

  it('filters by a channel of the relay’s list (providers by their label), exports it, and keeps it for the next visit', async () => {
    try {
      const { el, api } = await mount();
      const root = await openReports(el, api);
      await waitUntil(() => channelSelect(root).options.length > 1, 'the channels');
      expect([...channelSelect(root).options].map((o) => [o.value, o.text.trim()])).to.deep.equal([
        ['', 'All channels'],
        ['chat', 'Chat'],
        ['email', 'Email'],
        ['api', 'API'],
        ['whatsapp', 'WhatsApp'],
        ['twilio', 'SMS'],
      ]);
      expect(api.reportQueries[0]!.channel).to.equal(undefined);
      expect(text(root.querySelector('label.channel'))).to.contain('Channel');

      channelSelect(root).value = 'whatsapp';
      channelSelect(root).dispatchEvent(new Event('change'));
      await waitUntil(() => api.reportQueries.length === 2, 'the filtered report');
      expect(api.reportQueries[1]).to.deep.include({ channel: ['whatsapp'], bucket: 'day' });
      await waitUntil(() => root.querySelector('.agents'), 'the figures');
      expect(text(root.querySelector('section.card > p.muted')))
        .to.match(/ only$/)
        .and.contain(', WhatsApp only');

      const saved: Blob[] = [];
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        saved.push(blob as Blob);
        return 'blob:report';
      };
      try {
        root.querySelector<HTMLButtonElement>('.export')!.click();
        await waitUntil(() => saved.length === 1, 'the file');
      } finally {
        URL.createObjectURL = create;
      }
      expect(api.csvQueries).to.deep.equal([api.reportQueries[1]]);

      // The next visit (a reload, the page opened again) shows the same channel.
      const again = await mount();
      const next = await openReports(again.el, again.api);
      expect(again.api.reportQueries[0]!.channel).to.deep.equal(['whatsapp']);
      await waitUntil(() => channelSelect(next).options.length > 1, 'the channels');
      expect(channelSelect(next).value).to.equal('whatsapp');

      channelSelect(next).value = '';
      channelSelect(next).dispatchEvent(new Event('change'));
      await waitUntil(() => again.api.reportQueries.length === 2, 'the whole report');
      expect(again.api.reportQueries[1]!.channel).to.equal(undefined);
    } finally {
      history.replaceState(null, '');
    }
  });
});

describe('<chat-admin> reports by team, assignee and label, split, and the conversations export (issue #86)', () => {
  const select = (root: ShadowRoot, name: string) => root.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
  const choose = (root: ShadowRoot, name: string, value: string) => {
    select(root, name).value = value;
    select(root, name).dispatchEvent(new Event('change'));
  };

  it('filters by the site’s team, assignee and label, splits by one into a table, and exports the rows', async () => {
    try {
      const { el, api } = await mount();
      api.reportFor = (query) => ({
        ...report(query),
        filters: {
          ...(query.team && { team: query.team }),
          ...(query.agent && { agent: query.agent }),
          ...(query.label && { label: query.label }),
        },
        ...(query.split && {
          split: {
            by: query.split,
            rows: [
              {
                id: 'team_billing',
                label: 'Billing',
                conversations: 4,
                messages: { visitor: 10, staff: 6, bot: 0 },
                firstResponse: { medianMs: 120_000, p90Ms: 600_000, count: 3 },
                resolution: { medianMs: null, p90Ms: null, count: 0 },
                csat: { count: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] },
              },
              {
                id: 'none',
                label: 'No team',
                conversations: 7,
                messages: { visitor: 15, staff: 9, bot: 1 },
                firstResponse: { medianMs: null, p90Ms: null, count: 0 },
                resolution: { medianMs: 3_600_000, p90Ms: 7_200_000, count: 2 },
                csat: null,
              },
            ],
          },
        }),
      });
      const page = await showPage(el, 'Reports', 'chat-admin-reports');
      await waitUntil(() => page.shadowRoot?.querySelector('.agents'), 'the report');
      const root = page.shadowRoot!;
      await waitUntil(() => select(root, 'team').options.length > 2, 'the teams');
      expect([...select(root, 'team').options].map((o) => [o.value, o.text.trim()])).to.deep.equal([
        ['', 'All teams'],
        ['team_billing', 'Billing'],
        ['team_sales', 'Sales'],
        ['none', 'No team'],
      ]);
      expect([...select(root, 'agent').options].map((o) => o.text.trim())).to.deep.equal([
        'Everyone',
        'Ada',
        'Bo',
        'Unassigned',
      ]);
      expect([...select(root, 'label').options].map((o) => o.value)).to.deep.equal(['', 'vip', 'refund']);

      choose(root, 'team', 'team_billing');
      await waitUntil(() => api.reportQueries.length === 2, 'the team’s report');
      expect(api.reportQueries[1]).to.deep.include({ team: ['team_billing'] });
      choose(root, 'agent', 'none');
      await waitUntil(() => api.reportQueries.length === 3, 'the unassigned');
      choose(root, 'label', 'vip');
      await waitUntil(() => api.reportQueries.length === 4, 'the label');
      expect(api.reportQueries[3]).to.deep.include({ team: ['team_billing'], agent: ['none'], label: ['vip'] });
      await waitUntil(() => root.querySelector('.agents'), 'the figures');
      expect(text(root.querySelector('section.card > p.muted'))).to.contain(', Billing, Unassigned, vip only');

      choose(root, 'split', 'team');
      await waitUntil(() => root.querySelector('.split-table'), 'the split');
      expect(api.reportQueries[4]).to.deep.include({ split: 'team' });
      expect(text(root.querySelector('#split-title'))).to.equal('By team');
      expect(rows(root.querySelector('.split-table'))).to.deep.equal([
        ['Billing', '4', '10', '6', '2 min', '10 min', '—', '—', '4.50'],
        ['No team', '7', '15', '9', '—', '—', '1 hr 0 min', '2 hr 0 min', '—'],
      ]);

      const saved: Blob[] = [];
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        saved.push(blob as Blob);
        return 'blob:rows';
      };
      try {
        root.querySelector<HTMLButtonElement>('.export-rows')!.click();
        await waitUntil(() => saved.length === 1, 'the CSV');
        root.querySelector<HTMLButtonElement>('.export-rows-json')!.click();
        await waitUntil(() => saved.length === 2, 'the JSON');
      } finally {
        URL.createObjectURL = create;
      }
      expect(api.rowExports.map((e) => e.format)).to.deep.equal(['csv', 'json']);
      const asked = api.requests.filter((r) => r.startsWith('GET /reports/conversations?'));
      expect(asked[0]).to.contain('team=team_billing').and.contain('agent=none').and.contain('label=vip');
      expect(asked[0]).to.not.contain('split=').and.not.contain('bucket=');
      expect(await saved[1]!.text()).to.equal('{"conversations":[]}');

      // The next visit keeps them.
      const again = await mount();
      const next = await showPage(again.el, 'Reports', 'chat-admin-reports');
      await waitUntil(() => again.api.reportQueries.length === 1, 'the kept report');
      expect(again.api.reportQueries[0]).to.deep.include({
        team: ['team_billing'],
        agent: ['none'],
        label: ['vip'],
        split: 'team',
      });
      await waitUntil(() => next.shadowRoot!.querySelector('select[name=team]'), 'the selects');
    } finally {
      history.replaceState(null, '');
    }
  });
});

describe('the inbox counts in words (issue #36)', () => {
  it('says one in the singular and other counts in the plural', () => {
    expect(reportsEn.hoursSummary('Tuesday', '14:00', 1)).to.equal('Busiest: Tuesday at 14:00, 1 visitor message.');
    expect(reportsEn.hoursSummary('Tuesday', '14:00', 2)).to.equal('Busiest: Tuesday at 14:00, 2 visitor messages.');
    expect(repliesEn.count(1, 1)).to.equal('1 saved reply');
    expect(repliesEn.count(0, 1)).to.equal('0 of 1 saved reply');
    expect(repliesEn.count(2, 2)).to.equal('2 saved replies');
    expect(adminEn.retentionHint(1, 1)).to.equal(
      'Erased 1 day after their last activity. Empty: the relay default (1 day); 0: for ever.',
    );
    expect(adminEn.retentionHint(30, 90)).to.contain('Erased 30 days after').and.contain('(90 days)');
  });
});
