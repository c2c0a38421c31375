import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { attribute } from '../fakes/attributes-fake.js';
import { company } from '../fakes/companies-fake.js';
import { settle, showPage, waitUntil } from '../helpers.js';

// The Reports page's contributed filters (issue #86: report-filter.ts of pages/attributes/ and pages/companies/), at
// 1280 px and 390 px, light and dark: the row of filters with a custom attribute, its comparison, its value and
// verified-only chosen (Seats is more than 10, verified) and a company (a long name) beside the page's own Team, Assignee and Label, and the line of filters
// naming them. At 390 px the row wraps, and nothing is wider than its card.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`report filters screenshots, ${width} px, ${theme}`, () => {
      it('a report of one attribute value and one company', async () => {
        await setViewport({ width, height: 900 });
        history.replaceState(
          {
            parleyReportsFilters: {
              team: 'team_billing',
              agent: '',
              label: '',
              split: '',
              params: { attribute: 'contact.seats:gt:10', attributeValues: 'verified', company: 'co_2' },
            },
          },
          '',
        );
        try {
          const { el, api } = await mount();
          api.attributeDefinitions = [
            attribute('plan', 'list', { options: ['Free', 'Pro', 'Enterprise'] }),
            attribute('seats', 'number'),
            attribute('order', 'text', { scope: 'conversation', label: 'Order number' }),
          ];
          api.companies = [
            company('co_1', 'Acme Inc.'),
            company('co_2', 'Okonkwo-Smythe Logistics International Holdings'),
          ];
          el.setAttribute('theme', theme);
          const page = await showPage(el, 'Reports', 'chat-admin-reports');
          const root = page.shadowRoot!;
          await waitUntil(() => root.querySelector('#times-title'), 'the figures');
          await waitUntil(
            () =>
              root.querySelector('chat-admin-attribute-filter')?.shadowRoot?.querySelector('[name=attribute-value]'),
            'the attribute and its value',
          );
          await waitUntil(
            () => root.querySelector('section.card > p.muted')?.textContent?.includes('Logistics'),
            'the line of filters in words',
          );
          await settle(el);
          await shot(`report-filters-${width}-${theme}`);
          // Nothing wider than the page's first card.
          const card = root.querySelector('section.card')!.getBoundingClientRect();
          const controls = [...root.querySelectorAll('chat-admin-attribute-filter, chat-admin-company-filter')]
            .flatMap((filter) => [...filter.shadowRoot!.querySelectorAll('select, input')])
            .map((control) => control.getBoundingClientRect());
          for (const box of controls)
            if (box.right > card.right + 0.5 || box.left < card.left - 0.5)
              throw new Error(`a control overflows the card: ${box.left}–${box.right} of ${card.left}–${card.right}`);
        } finally {
          history.replaceState(null, '');
        }
      });
    });
