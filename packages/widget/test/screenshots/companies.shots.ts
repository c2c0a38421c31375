import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from '../admin-fixture.js';
import { company } from '../fakes/companies-fake.js';
import { $, settle, showDeskPage } from '../helpers.js';

// The Companies page (the list, a company's page, its edit form) and the visitor panel's company card, at 1280 px
// and 390 px, light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`companies screenshots, ${width} px, ${theme}`, () => {
      it('the Companies page, a company, its edit form and the visitor panel’s card', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount([conversation('c1', { lastSeq: 1 }), conversation('c2')]);
        el.setAttribute('theme', theme);
        api.companies = [
          company('co_1', 'Acme Inc.', {
            externalId: 'acme',
            domains: ['acme.com', 'acme.io'],
            attributes: { plan: 'Enterprise', seats: 120, region: 'EMEA', trial: false },
            source: 'signed',
            createdAt: Date.UTC(2026, 8, 14, 9, 30),
          }),
          company('co_2', 'Globex Corporation', { domains: ['globex.com'], source: 'visitor' }),
          company('co_3', 'Initech'),
        ];
        api.companyOf.set('v_c1', { companyId: 'co_1', source: 'signed' });
        api.companyOf.set('v_c2', { companyId: 'co_1', source: 'staff' });
        api.companyContacts.set('co_1', [
          {
            id: 'v_c1',
            name: 'Ada Lovelace',
            emailMasked: 'a***@ac***.com',
            verified: true,
            lastSeenAt: Date.now() - 60_000,
            source: 'signed',
            conversations: [
              { id: 'c1', status: 'open', createdAt: 1, updatedAt: Date.now() - 60_000 },
              { id: 'c_old', status: 'resolved', createdAt: 1, updatedAt: Date.now() - 86_400_000 * 3 },
            ],
          },
          {
            id: 'v_c2',
            name: 'Grace Hopper',
            verified: false,
            lastSeenAt: Date.now() - 3_600_000,
            source: 'staff',
            conversations: [{ id: 'c2', status: 'pending', createdAt: 1, updatedAt: Date.now() - 3_600_000 }],
          },
        ]);

        await open(el, 'c1');
        if (width < 1100) ($(el, '.visitor-toggle') as HTMLButtonElement | null)?.click();
        await waitUntil(() => $(el, 'chat-admin-company-card .company-name'), 'the company card', { timeout: 10_000 });
        const card = $(el, 'chat-admin-company-card')!;
        card.querySelector<HTMLInputElement>('input.company-search')!.value = 'glo';
        card.querySelector<HTMLFormElement>('form')!.requestSubmit();
        await waitUntil(() => card.querySelector('button.set-company'), 'the found company');
        await settle(el);
        card.scrollIntoView({ block: 'center' });
        await shot(`company-card-${width}-${theme}`);
        if (width < 1100) ($(el, '.drawer-close') as HTMLButtonElement | null)?.click();

        const page = await showDeskPage(el, 'Companies', 'chat-admin-companies');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelectorAll('button.company').length === 3, 'the companies');
        await settle(el);
        await shot(`companies-list-${width}-${theme}`);

        root.querySelector<HTMLButtonElement>('button.company[data-id="co_1"]')!.click();
        await waitUntil(() => root.querySelector('.contacts > li'), 'the company');
        await settle(el);
        await shot(`company-page-${width}-${theme}`);

        root.querySelector<HTMLButtonElement>('button.edit-company')!.click();
        await waitUntil(() => root.querySelectorAll('.attribute-row').length === 4, 'the edit form');
        await settle(el);
        await shot(`company-edit-${width}-${theme}`);
      });
    });
