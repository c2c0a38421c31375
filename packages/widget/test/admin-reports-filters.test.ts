// Issue #86: the Reports page filters by custom attribute and by company. The filters are the features' (their
// folders' report-filter.ts: pages/attributes/, pages/companies/), in the page's report filters outlet
// (pages/reports/report-filters.ts): the page never names them. Their parameters are the conversation list's, which
// the reports' routes take: they reach the report, its exports and the report sections (the SLA attainment), are
// kept in the history entry with the page's other filters, and are named in the page's line of filters.
import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { ChatAdminReports } from '../src/chat-admin/pages/reports/chat-admin-reports.component.js';
import { FakeApi, mount } from './admin-fixture.js';
import { attribute } from './fakes/attributes-fake.js';
import { company } from './fakes/companies-fake.js';
import { choose, settle, showPage, text, waitUntil } from './helpers.js';

function midnight(daysFromToday: number): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysFromToday).getTime();
}

/** The site's attributes (one archived, which no report filters by) and companies. */
function site(api: FakeApi): void {
  api.attributeDefinitions = [
    attribute('plan', 'list', { options: ['Free', 'Pro', 'Enterprise'] }),
    attribute('vip', 'checkbox', { label: 'VIP' }),
    attribute('seats', 'number'),
    attribute('legacy', 'text', { archived: true }),
    attribute('order', 'text', { scope: 'conversation', label: 'Order number' }),
  ];
  api.companies = [company('co_1', 'Acme Inc.', { domains: ['acme.com'] }), company('co_2', 'Globex')];
}

/** The Reports page with its figures, and its two contributed filters' shadow roots once they show their choices. */
async function openReports(el: ChatAdmin): Promise<{
  page: LitElement;
  attributes: () => ShadowRoot;
  companies: () => ShadowRoot;
}> {
  const page = await showPage(el, 'Reports', 'chat-admin-reports');
  await waitUntil(() => page.shadowRoot?.querySelector('#times-title'), 'the figures');
  const attributes = () => page.shadowRoot!.querySelector('chat-admin-attribute-filter')!.shadowRoot!;
  const companies = () => page.shadowRoot!.querySelector('chat-admin-company-filter')!.shadowRoot!;
  await waitUntil(
    () => page.shadowRoot!.querySelector('chat-admin-attribute-filter')?.shadowRoot?.querySelector('optgroup'),
    'the attributes',
  );
  await waitUntil(
    () =>
      (page.shadowRoot!.querySelector('chat-admin-company-filter')?.shadowRoot?.querySelectorAll('option').length ??
        0) > 2,
    'the companies',
  );
  return { page, attributes, companies };
}

/** The line under the controls: the range, then the filters. */
const filtersLine = (page: LitElement) => text(page.shadowRoot!.querySelector('section.card > p.muted'));

describe('<chat-admin> reports by custom attribute and company (issue #86)', () => {
  // First in the file: the filters' chunks are not yet in the page.
  it('are not made for a member without reports.view, and their chunks are never fetched', async () => {
    if (!customElements.get('chat-admin-reports')) customElements.define('chat-admin-reports', ChatAdminReports);
    const api = new FakeApi([]);
    site(api);
    history.replaceState({ parleyReportsFilters: { params: { company: 'co_1' } } }, '');
    try {
      const page = await fixture<ChatAdminReports>(html`<chat-admin-reports
        .api=${api}
        .inbox=${{ state: { me: { role: 'agent', permissions: ['contacts.manage'] } } }}
      ></chat-admin-reports>`);
      await waitUntil(() => page.shadowRoot!.querySelector('#times-title'), 'the figures');
      await settle(page);
      expect(page.shadowRoot!.querySelector('chat-admin-attribute-filter, chat-admin-company-filter')).to.equal(null);
      expect(customElements.get('chat-admin-attribute-filter')).to.equal(undefined);
      expect(customElements.get('chat-admin-company-filter')).to.equal(undefined);
      // (The attributes' breakdown under the figures reads the attributes; the filters read the companies.)
      expect(api.requests.filter((r) => r.startsWith('GET /companies'))).to.deep.equal([]);
      // A kept parameter of a filter the member is not given is not sent either.
      expect(api.reportQueries[0]!.listFilters).to.equal(undefined);
    } finally {
      history.replaceState(null, '');
    }
  });

  it('sends an attribute’s value and a company to the report, its exports and the SLA section, and names them', async () => {
    try {
      const { el, api } = await mount();
      site(api);
      const { page, attributes, companies } = await openReports(el);
      const root = page.shadowRoot!;
      // The attributes a report filters by, by scope, the archived one aside; no value field until one is chosen.
      expect(
        [...attributes().querySelectorAll('optgroup')].map((group) => [
          group.label,
          ...[...group.querySelectorAll('option')].map((o) => text(o)),
        ]),
      ).to.deep.equal([
        ['Contact attributes', 'Plan', 'VIP', 'Seats'],
        ['Conversation attributes', 'Order number'],
      ]);
      expect(text(attributes().querySelector('label.attribute'))).to.match(/^Attribute Any attribute/);
      expect(attributes().querySelector('[name=attribute-value]')).to.equal(null);
      // Between the page's Label and Split, in rank order.
      const row = [...root.querySelector('.controls')!.children].map((child) =>
        child.localName === 'label' ? child.className : child.localName,
      );
      expect(row.slice(row.indexOf('label'), row.indexOf('split') + 1)).to.deep.equal([
        'label',
        'chat-admin-attribute-filter',
        'chat-admin-company-filter',
        'split',
      ]);

      // A list attribute: its options; the report is read again once a value is chosen.
      choose(attributes().querySelector('select[name=attribute]')!, 'contact.plan');
      await settle(page);
      expect(text(attributes().querySelector('label.attribute-op'))).to.match(/^Comparison/);
      expect([...attributes().querySelectorAll('select[name=attribute-op] option')].map((o) => text(o))).to.deep.equal([
        'is',
        'is not',
        'is set',
        'is not set',
      ]);
      expect(text(attributes().querySelector('label.attribute-value'))).to.match(/^Value Choose…/);
      const value = () => attributes().querySelector<HTMLSelectElement>('select[name=attribute-value]')!;
      expect([...value().options].map((o) => o.value)).to.deep.equal(['', 'Free', 'Pro', 'Enterprise']);
      expect(api.reportQueries.length).to.equal(1);
      choose(value(), 'Pro');
      await waitUntil(() => api.reportQueries.length === 2, 'the attribute’s report');
      expect(api.reportQueries[1]!.listFilters).to.deep.equal({ attribute: 'contact.plan:is:Pro' });

      // A company, from the site's latest.
      const select = () => companies().querySelector<HTMLSelectElement>('select[name=company]')!;
      expect([...select().options].map((o) => [o.value, text(o)])).to.deep.equal([
        ['', 'All companies'],
        ['none', 'In no company'],
        ['co_1', 'Acme Inc.'],
        ['co_2', 'Globex'],
      ]);
      choose(select(), 'co_1');
      await waitUntil(() => api.reportQueries.length === 3, 'the company’s report');
      expect(api.reportQueries[2]!.listFilters).to.deep.equal({ attribute: 'contact.plan:is:Pro', company: 'co_1' });
      const asked = api.requests.filter((r) => r.startsWith('GET /reports?')).at(-1)!;
      const search = new URLSearchParams(asked.split('?')[1]);
      expect(search.get('attribute')).to.equal('contact.plan:is:Pro');
      expect(search.get('company')).to.equal('co_1');
      await waitUntil(() => filtersLine(page).endsWith(', Plan: Pro, Acme Inc. only'), 'the line in words');

      // The SLA section is asked with them too.
      await waitUntil(() => api.slaAttainmentQueries.at(-1)?.['company'] === 'co_1', 'the SLA attainment');
      expect(api.slaAttainmentQueries.at(-1)).to.deep.equal({
        split: 'policy',
        from: String(midnight(-29)),
        to: String(midnight(1)),
        attribute: 'contact.plan:is:Pro',
        company: 'co_1',
      });

      // The CSV of the report, and the conversations' rows as CSV and JSON.
      const saved: Blob[] = [];
      const create = URL.createObjectURL;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        saved.push(blob as Blob);
        return 'blob:report';
      };
      try {
        root.querySelector<HTMLButtonElement>('.export')!.click();
        await waitUntil(() => saved.length === 1, 'the CSV');
        root.querySelector<HTMLButtonElement>('.export-rows')!.click();
        await waitUntil(() => saved.length === 2, 'the rows’ CSV');
        root.querySelector<HTMLButtonElement>('.export-rows-json')!.click();
        await waitUntil(() => saved.length === 3, 'the rows’ JSON');
      } finally {
        URL.createObjectURL = create;
      }
      expect(api.csvQueries).to.deep.equal([api.reportQueries[2]]);
      expect(api.rowExports.map(({ query, format }) => [format, query.listFilters])).to.deep.equal([
        ['csv', { attribute: 'contact.plan:is:Pro', company: 'co_1' }],
        ['json', { attribute: 'contact.plan:is:Pro', company: 'co_1' }],
      ]);

      // Back to every company and any attribute: the report of the whole site again.
      choose(select(), '');
      await waitUntil(() => api.reportQueries.length === 4, 'every company');
      expect(api.reportQueries[3]!.listFilters).to.deep.equal({ attribute: 'contact.plan:is:Pro' });
      choose(attributes().querySelector('select[name=attribute]')!, '');
      await waitUntil(() => api.reportQueries.length === 5, 'any attribute');
      expect(api.reportQueries[4]!.listFilters).to.equal(undefined);
      await waitUntil(() => filtersLine(page) !== '' && !filtersLine(page).includes(' only'), 'the whole site’s line');
      expect(attributes().querySelector('[name=attribute-value]')).to.equal(null);
    } finally {
      history.replaceState(null, '');
    }
  });

  it('takes a value as the attribute’s type: Yes or No, a number, a text of a conversation attribute', async () => {
    try {
      const { el, api } = await mount();
      site(api);
      const { page, attributes } = await openReports(el);
      const attributeSelect = () => attributes().querySelector<HTMLSelectElement>('select[name=attribute]')!;
      const field = () => attributes().querySelector<HTMLInputElement>('input[name=attribute-value]');
      const choices = () => attributes().querySelector<HTMLSelectElement>('select[name=attribute-value]')!;

      choose(attributeSelect(), 'contact.vip');
      await settle(page);
      expect([...choices().options].map((o) => [o.value, text(o)])).to.deep.equal([
        ['', 'Choose…'],
        ['true', 'Yes'],
        ['false', 'No'],
      ]);
      choose(choices(), 'false');
      await waitUntil(() => api.reportQueries.length === 2, 'the checkbox');
      expect(api.reportQueries[1]!.listFilters).to.deep.equal({ attribute: 'contact.vip:is:false' });
      await waitUntil(() => filtersLine(page).endsWith('VIP: No only'), 'the line in words');

      // Another attribute: its value starts empty, and the former value no longer narrows the report.
      choose(attributeSelect(), 'contact.seats');
      await waitUntil(() => api.reportQueries.length === 3, 'the checkbox let go');
      expect(api.reportQueries[2]!.listFilters).to.equal(undefined);
      await waitUntil(() => field()?.type === 'number', 'the number field');
      expect(field()!.value).to.equal('');
      field()!.value = '12';
      field()!.dispatchEvent(new Event('change'));
      await waitUntil(() => api.reportQueries.length === 4, 'the number');
      expect(api.reportQueries[3]!.listFilters).to.deep.equal({ attribute: 'contact.seats:is:12' });

      choose(attributeSelect(), 'conversation.order');
      await waitUntil(() => api.reportQueries.length === 5, 'the number let go');
      await waitUntil(() => field()?.type === 'text', 'the text field');
      expect(text(attributes().querySelector('label.attribute-value'))).to.equal('Value');
      // A value holding `:` is the rest of the parameter.
      field()!.value = '  ORD:904 ';
      field()!.dispatchEvent(new Event('change'));
      await waitUntil(() => api.reportQueries.length === 6, 'the text');
      expect(api.reportQueries[5]!.listFilters).to.deep.equal({ attribute: 'conversation.order:is:ORD:904' });
      expect(api.requests.filter((r) => r.startsWith('GET /reports?')).at(-1)).to.contain(
        'attribute=conversation.order%3Ais%3AORD%3A904',
      );
    } finally {
      history.replaceState(null, '');
    }
  });

  it('compares as the attribute’s type allows, and reads verified values only when asked', async () => {
    try {
      const { el, api } = await mount();
      site(api);
      const { page, attributes } = await openReports(el);
      const attributeSelect = () => attributes().querySelector<HTMLSelectElement>('select[name=attribute]')!;
      const comparison = () => attributes().querySelector<HTMLSelectElement>('select[name=attribute-op]')!;
      const field = () => attributes().querySelector<HTMLInputElement>('input[name=attribute-value]');
      const verified = () => attributes().querySelector<HTMLInputElement>('input[name=attribute-verified]')!;
      const last = () => api.reportQueries.at(-1)!.listFilters;

      // A number: is, more or less than, set or not; the verified box starts unchecked and narrows nothing alone.
      choose(attributeSelect(), 'contact.seats');
      await settle(page);
      expect([...comparison().options].map((o) => [o.value, text(o)])).to.deep.equal([
        ['is', 'is'],
        ['gt', 'is more than'],
        ['lt', 'is less than'],
        ['is_set', 'is set'],
        ['not_set', 'is not set'],
      ]);
      expect(verified().checked).to.equal(false);
      choose(comparison(), 'gt');
      await settle(page);
      expect(api.reportQueries.length).to.equal(1);
      field()!.value = '10';
      field()!.dispatchEvent(new Event('change'));
      await waitUntil(() => api.reportQueries.length === 2, 'more than 10');
      expect(last()).to.deep.equal({ attribute: 'contact.seats:gt:10' });
      await waitUntil(() => filtersLine(page).endsWith('Seats is more than 10 only'), 'the line in words');

      // Set or not takes no value: its field goes, and the value with it.
      choose(comparison(), 'is_set');
      await waitUntil(() => api.reportQueries.length === 3, 'is set');
      expect(last()).to.deep.equal({ attribute: 'contact.seats:is_set' });
      expect(field()).to.equal(null);

      // Verified values only: the list's `attributeValues=verified` beside it, and said in the line.
      verified().click();
      await waitUntil(() => api.reportQueries.length === 4, 'verified only');
      expect(last()).to.deep.equal({ attribute: 'contact.seats:is_set', attributeValues: 'verified' });
      expect(api.requests.filter((r) => r.startsWith('GET /reports?')).at(-1)).to.contain('attributeValues=verified');
      await waitUntil(() => filtersLine(page).endsWith('Seats is set (verified) only'), 'verified in words');

      // A list takes no more-than: another attribute starts over, unverified, keeping a comparison it takes.
      choose(attributeSelect(), 'contact.plan');
      await waitUntil(() => api.reportQueries.length === 5, 'the list');
      expect([...comparison().options].map((o) => o.value)).to.deep.equal(['is', 'is_not', 'is_set', 'not_set']);
      expect(comparison().value).to.equal('is_set');
      expect(verified().checked).to.equal(false);
      expect(last()).to.deep.equal({ attribute: 'contact.plan:is_set' });
      choose(comparison(), 'is_not');
      await settle(page);
      choose(attributes().querySelector<HTMLSelectElement>('select[name=attribute-value]')!, 'Free');
      await waitUntil(() => last()?.['attribute'] === 'contact.plan:is_not:Free', 'is not Free');
      await waitUntil(() => filtersLine(page).endsWith('Plan is not Free only'), 'is not in words');

      // Any attribute: nothing narrows, verified-only included.
      choose(attributeSelect(), '');
      await waitUntil(() => last() === undefined, 'any attribute');
      expect(attributes().querySelector('[name=attribute-op], [name=attribute-verified]')).to.equal(null);
    } finally {
      history.replaceState(null, '');
    }
  });

  it('searches the site’s companies by name or domain, and offers what it finds', async () => {
    try {
      const { el, api } = await mount();
      site(api);
      api.companies.push(...Array.from({ length: 30 }, (_, i) => company(`co_x${i}`, `Extra ${i}`)));
      const { page, companies } = await openReports(el);
      const options = () =>
        [...companies().querySelectorAll<HTMLOptionElement>('select[name=company] option')].map((o) => o.value);
      // The latest 25 to begin with.
      expect(options().length).to.equal(2 + 25);
      expect(companies().querySelector('select[name=company]')!.getAttribute('aria-labelledby')).to.equal(
        'company-filter-title',
      );
      const search = companies().querySelector<HTMLInputElement>('input[name=company-q]')!;
      expect(search.getAttribute('aria-label')).to.equal('Find a company');
      search.value = 'acme';
      search.dispatchEvent(new Event('input'));
      await waitUntil(() => options().length === 3, 'what the search found');
      expect(options()).to.deep.equal(['', 'none', 'co_1']);
      expect(api.requests).to.include('GET /companies?q=acme&limit=25');
      choose(companies().querySelector('select[name=company]')!, 'co_1');
      await waitUntil(() => api.reportQueries.at(-1)!.listFilters?.['company'] === 'co_1', 'the company’s report');

      // Another search keeps the company chosen among the choices.
      search.value = 'glob';
      search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
      await waitUntil(() => options().includes('co_2'), 'Globex');
      expect(options()).to.deep.equal(['', 'none', 'co_2', 'co_1']);
      expect(companies().querySelector<HTMLSelectElement>('select[name=company]')!.value).to.equal('co_1');
      choose(companies().querySelector('select[name=company]')!, 'none');
      await waitUntil(() => api.reportQueries.at(-1)!.listFilters?.['company'] === 'none', 'in no company');
      await waitUntil(() => filtersLine(page).endsWith('In no company only'), 'the line');
    } finally {
      history.replaceState(null, '');
    }
  });

  it('keeps them in the history entry: the next visit asks for the same report and shows the choices', async () => {
    try {
      const { el, api } = await mount();
      site(api);
      const first = await openReports(el);
      choose(first.attributes().querySelector('select[name=attribute]')!, 'contact.plan');
      await settle(first.page);
      choose(first.attributes().querySelector('select[name=attribute-value]')!, 'Enterprise');
      choose(first.companies().querySelector('select[name=company]')!, 'co_2');
      await waitUntil(() => api.reportQueries.at(-1)!.listFilters?.['company'] === 'co_2', 'the filtered report');
      expect(
        (history.state as { parleyReportsFilters: { params: unknown } }).parleyReportsFilters.params,
      ).to.deep.equal({ attribute: 'contact.plan:is:Enterprise', company: 'co_2' });

      // A reload: the first report is already the filtered one, and the controls show what it is filtered by.
      const again = await mount();
      site(again.api);
      // The company is no longer among the latest: read by its id, for its name.
      again.api.companies.push(...Array.from({ length: 30 }, (_, i) => company(`co_x${i}`, `Extra ${i}`)));
      again.api.companies.reverse();
      const next = await openReports(again.el);
      expect(again.api.reportQueries[0]!.listFilters).to.deep.equal({
        attribute: 'contact.plan:is:Enterprise',
        company: 'co_2',
      });
      expect(next.attributes().querySelector<HTMLSelectElement>('select[name=attribute]')!.value).to.equal(
        'contact.plan',
      );
      expect(next.attributes().querySelector<HTMLSelectElement>('select[name=attribute-value]')!.value).to.equal(
        'Enterprise',
      );
      await waitUntil(() => again.api.requests.includes('GET /companies/co_2?limit=1'), 'the kept company read');
      await waitUntil(
        () => text(next.companies().querySelector('select[name=company] option:checked')) === 'Globex',
        'the kept company by its name',
      );
      await waitUntil(() => filtersLine(next.page).endsWith(', Plan: Enterprise, Globex only'), 'the line in words');
      // Saying a kept choice in words reads nothing again.
      expect(again.api.reportQueries.length).to.equal(1);
      // The SLA section too, from its first request.
      await waitUntil(() => again.api.slaAttainmentQueries.length > 0, 'the SLA attainment');
      expect(again.api.slaAttainmentQueries[0]).to.include({
        attribute: 'contact.plan:is:Enterprise',
        company: 'co_2',
      });
    } finally {
      history.replaceState(null, '');
    }
  });

  it('keeps no parameter no filter sets, and says a refusal of a kept value as the page says others', async () => {
    history.replaceState(
      { parleyReportsFilters: { params: { company: 'co_gone', status: 'open', attribute: 7 } } },
      '',
    );
    try {
      const { el, api } = await mount();
      site(api);
      api.refuseReport = new AdminApiError(
        'bad_request',
        'Invalid query.company: no company co_gone on this site (co_1 (Acme Inc.), co_2 (Globex), none).',
        400,
      );
      const page = await showPage(el, 'Reports', 'chat-admin-reports');
      await waitUntil(() => page.shadowRoot!.querySelector('.save-state[role=alert]:not(:empty)'), 'the refusal');
      expect(api.reportQueries[0]!.listFilters).to.deep.equal({ company: 'co_gone' });
      expect(text(page.shadowRoot!.querySelector('.save-state[role=alert]'))).to.equal(
        'Something went wrong: Invalid query.company: no company co_gone on this site (co_1 (Acme Inc.), co_2 (Globex), none).',
      );
      // The filter shows the refused company by its id, to be changed.
      const companies = () => page.shadowRoot!.querySelector('chat-admin-company-filter')!.shadowRoot!;
      await waitUntil(
        () => companies()?.querySelector<HTMLSelectElement>('select[name=company]')?.value === 'co_gone',
        'the kept id',
      );
      api.refuseReport = undefined;
      choose(companies().querySelector('select[name=company]')!, 'co_1');
      await waitUntil(() => page.shadowRoot!.querySelector('#times-title'), 'the report');
      expect(api.reportQueries.at(-1)!.listFilters).to.deep.equal({ company: 'co_1' });
      expect(text(page.shadowRoot!.querySelector('.save-state[role=alert]'))).to.equal('');
    } finally {
      history.replaceState(null, '');
    }
  });
});
