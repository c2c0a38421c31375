import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { Report, ReportQuery } from '../../src/chat-admin/chat-admin.js';
import { mount } from '../admin-fixture.js';
import { settle, showPage, waitUntil } from '../helpers.js';

// The Reports page's channel filter (issue #84), at 1280 px and 390 px, light and dark: the controls with the channel
// chosen (WhatsApp, by its provider's label) beside the period and the export, and the figures of that channel; and
// (issue #86) a team's report split by assignee: the Team, Assignee, Label and Split selects, the export buttons, and
// the split's table; and the SLA feature's section (issue #86: a report section of pages/sla/), per policy under the
// whole site's figures, then per assignee for a team's, with the Unassigned row last.

const shot = (name: string) => executeServerCommand('screenshot', { name });
const DAY = 86_400_000;

function report({ channel, team, agent, label, split, ...range }: ReportQuery): Report {
  const busiestHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  busiestHours[1]![14] = 6;
  busiestHours[3]![10] = 2;
  const days = Math.round((range.to - range.from) / DAY);
  return {
    range,
    filters: { ...(channel && { channel }), ...(team && { team }), ...(agent && { agent }), ...(label && { label }) },
    ...(split && {
      split: {
        by: split,
        rows: [
          ['st_1', 'Ada', 21, 240_000],
          ['st_2', 'Bartholomew Okonkwo-Smythe', 9, 1_200_000],
          ['none', 'Unassigned', 4, null],
        ].map(([id, label, conversations, first]) => ({
          id: id as string,
          label: label as string,
          conversations: conversations as number,
          messages: { visitor: (conversations as number) * 3, staff: (conversations as number) * 2, bot: 0 },
          firstResponse: {
            medianMs: first as number | null,
            p90Ms: first === null ? null : (first as number) * 4,
            count: 5,
          },
          resolution: { medianMs: 5_400_000, p90Ms: 43_200_000, count: 3 },
          csat: first === null ? null : { count: 4, average: 4.25, distribution: [0, 0, 1, 1, 2] },
        })),
      },
    }),
    conversations: Array.from({ length: days }, (_, i) => ({ t: range.from + i * DAY, count: (i * 7) % 5 })),
    messages: Array.from({ length: days }, (_, i) => ({
      t: range.from + i * DAY,
      visitor: (i * 11) % 9,
      staff: (i * 5) % 6,
      bot: i % 3 === 0 ? 1 : 0,
    })),
    firstResponse: { medianMs: 240_000, p90Ms: 1_800_000, count: 42 },
    resolution: { medianMs: 5_400_000, p90Ms: 86_400_000, count: 37 },
    agents: [
      { staffId: 'st_1', name: 'Ada', conversations: 30, assigned: 21, messages: 88, firstResponseMedianMs: 200_000 },
    ],
    busiestHours,
    csat: null,
  };
}

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`reports screenshots, ${width} px, ${theme}`, () => {
      it('the reports of one channel', async () => {
        await setViewport({ width, height: 900 });
        history.replaceState({ parleyReportsChannel: 'whatsapp' }, '');
        try {
          const { el, api } = await mount();
          api.reportFor = report;
          el.setAttribute('theme', theme);
          const page = await showPage(el, 'Reports', 'chat-admin-reports');
          await waitUntil(() => page.shadowRoot?.querySelector('.agents'), 'the figures');
          await waitUntil(
            () => (page.shadowRoot?.querySelector<HTMLSelectElement>('select[name=channel]')?.options.length ?? 0) > 1,
            'the channels',
          );
          await settle(el);
          await shot(`reports-channel-${width}-${theme}`);
        } finally {
          history.replaceState(null, '');
        }
      });
    });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`reports by team screenshots, ${width} px, ${theme}`, () => {
      it('a team’s reports split by assignee', async () => {
        await setViewport({ width, height: 1400 });
        history.replaceState(
          { parleyReportsFilters: { team: 'team_billing', agent: '', label: '', split: 'agent' } },
          '',
        );
        try {
          const { el, api } = await mount();
          api.reportFor = report;
          el.setAttribute('theme', theme);
          const page = await showPage(el, 'Reports', 'chat-admin-reports');
          await waitUntil(() => page.shadowRoot?.querySelector('.split-table'), 'the split');
          await waitUntil(
            () => (page.shadowRoot?.querySelector<HTMLSelectElement>('select[name=team]')?.options.length ?? 0) > 2,
            'the teams',
          );
          await settle(el);
          await shot(`reports-team-split-${width}-${theme}`);
        } finally {
          history.replaceState(null, '');
        }
      });
    });

/** The attainment's rows: three policies (one without a next-response target), and a team's agents. */
const attainment = (id: string | null, name: string | null, counts: Array<[string, number, number]>) =>
  counts.map(([target, met, breached]) => ({
    id,
    name,
    target: target as 'firstResponse',
    met,
    breached,
    attainment: met + breached === 0 ? null : met / (met + breached),
  }));

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`reports SLA section screenshots, ${width} px, ${theme}`, () => {
      it('the SLA attainment per policy, then per assignee of a team', async () => {
        await setViewport({ width, height: 1000 });
        try {
          const { el, api } = await mount();
          // The inbox as tall as the screen, its page scrolling inside it as in a browser's window: the shot is the
          // screen with the section scrolled into it, at both widths.
          el.style.height = '1000px';
          api.reportFor = report;
          api.slaAttainment.policy = [
            ...attainment('slp_1', 'Urgent', [
              ['firstResponse', 41, 3],
              ['nextResponse', 118, 9],
              ['resolution', 12, 2],
            ]),
            ...attainment('slp_2', 'Email customers (business hours)', [
              ['firstResponse', 76, 14],
              ['resolution', 30, 11],
            ]),
            ...attainment('slp_3', 'Everyone', [
              ['firstResponse', 230, 12],
              ['nextResponse', 402, 37],
              ['resolution', 0, 0],
            ]),
          ];
          api.slaAttainment.agent = [
            ...attainment('st_1', 'Ada', [
              ['firstResponse', 21, 1],
              ['nextResponse', 64, 5],
              ['resolution', 9, 0],
            ]),
            ...attainment('st_2', 'Bartholomew Okonkwo-Smythe', [
              ['firstResponse', 8, 4],
              ['nextResponse', 19, 6],
            ]),
            ...attainment(null, null, [['firstResponse', 2, 5]]),
          ];
          el.setAttribute('theme', theme);
          const page = await showPage(el, 'Reports', 'chat-admin-reports');
          const section = () => page.shadowRoot!.querySelector('chat-admin-sla-report');
          await waitUntil(() => page.shadowRoot?.querySelector('#times-title'), 'the figures');
          await waitUntil(() => section()?.shadowRoot?.querySelector('table'), 'the attainment');
          await settle(el);
          section()!.scrollIntoView();
          await settle(el);
          await shot(`reports-sla-${width}-${theme}`);

          const choose = (name: string, value: string) => {
            const select = page.shadowRoot!.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
            select.value = value;
            select.dispatchEvent(new Event('change'));
          };
          await waitUntil(
            () => (page.shadowRoot?.querySelector<HTMLSelectElement>('select[name=team]')?.options.length ?? 0) > 2,
            'the teams',
          );
          choose('team', 'team_billing');
          choose('split', 'agent');
          await waitUntil(
            () =>
              section()?.shadowRoot?.querySelector('h2')?.textContent?.includes('assignee') &&
              section()?.shadowRoot?.querySelector('table'),
            'the attainment per agent',
          );
          await waitUntil(() => page.shadowRoot?.querySelector('.split-table'), 'the split');
          await settle(el);
          section()!.scrollIntoView();
          await settle(el);
          await shot(`reports-sla-agent-${width}-${theme}`);
        } finally {
          history.replaceState(null, '');
        }
      });
    });
