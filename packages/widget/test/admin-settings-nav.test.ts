import { expect } from '@open-wc/testing';
import { TOKEN, mount } from './admin-fixture.js';
import { $, openSettings, settle, showPage, text, waitUntil } from './helpers.js';
import { SETTINGS_GROUPS, SETTINGS_PAGES } from '../src/chat-admin/pages/settings/settings-pages.js';
import { settingsEn } from '../src/chat-admin/settings-strings.js';

// The settings area as a team looks for a setting (issue #81): its 24 links in named groups ("Your sites" under
// You, far from the Site page under Site and channels), and an address naming no page said, not shown as Account.

beforeEach(() => history.replaceState(null, '', location.pathname + location.search));
after(() => history.replaceState(null, '', location.pathname + location.search));

/** The side navigation's groups: each heading with its links. */
function groups(area: HTMLElement): Array<[string, string[]]> {
  return [...area.shadowRoot!.querySelectorAll('nav h2')].map((heading) => {
    const list = area.shadowRoot!.querySelector(`ul[aria-labelledby="${heading.id}"]`)!;
    return [text(heading), [...list.querySelectorAll('a')].map(text)];
  });
}

describe('<chat-admin> settings navigation', () => {
  it('groups the pages as a team looks for them, each list named by its heading', async () => {
    const { el } = await mount();
    const area = await openSettings(el);
    // The groups, in order, and where each page known here sits: a page added later joins its group at its rank
    // (its folder's settings-page.ts, checked by the next test) without an edit of this list.
    const shown = groups(area);
    const expected: Array<[string, string[]]> = [
      ['You', ['Account', 'Email notifications', 'Your sites']],
      ['Team and access', ['Team', 'Roles', 'Who sees what', 'Routing', 'Single sign-on']],
      [
        'Conversations',
        ['Saved replies', 'Rules and macros', 'Automations', 'Custom attributes', 'Safety', 'Attachments'],
      ],
      [
        'Site and channels',
        [
          'Site',
          'Support addresses',
          'Mailboxes (IMAP)',
          'Campaigns',
          'FAQ',
          'Help center',
          'Messaging channels',
          'API channels',
        ],
      ],
      ['Developers', ['API tokens', 'Webhooks', 'Deliveries', 'Audit log']],
    ];
    expect(shown.map(([heading]) => heading)).to.deep.equal(expected.map(([heading]) => heading));
    for (const [index, [heading, pages]] of expected.entries()) {
      const links = shown[index]![1];
      expect(
        links.filter((link) => pages.includes(link)),
        heading,
      ).to.deep.equal(pages);
    }
  });

  it("shows every sub-page its folder declares, in its group at its rank, named by its label's text", async () => {
    const { el } = await mount();
    const area = await openSettings(el);
    expect(groups(area)).to.deep.equal(
      SETTINGS_GROUPS.map((group) => [
        settingsEn.groups[group],
        SETTINGS_PAGES.filter((page) => page.group === group).map((page) => settingsEn[page.label]),
      ]),
    );
  });

  it('says an address naming no settings page is not found, instead of showing Account', async () => {
    history.replaceState(null, '', '#settings/billing');
    const { el } = await mount(undefined, false, { hash: true });
    await el.signIn(TOKEN);
    await settle(el);
    const area = await openSettings(el);
    history.replaceState(null, '', '#settings/billing');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitUntil(() => $(el, 'chat-admin-settings .page-missing'), 'the page said missing');
    expect(text($(el, 'chat-admin-settings .page-missing'))).to.equal(
      'There is no settings page “billing”. Pick one from the list.',
    );
    expect($(el, 'chat-admin-account')).to.equal(null);
    expect(area.shadowRoot!.querySelector('[aria-current=page]')).to.equal(null);
  });

  it('tells an agent that an admin-only page they were linked to is not theirs', async () => {
    history.replaceState(null, '', '#settings/tokens');
    const { el, api } = await mount(undefined, false, { hash: true });
    api.role = 'agent';
    await el.signIn(TOKEN);
    await settle(el);
    await waitUntil(() => $(el, 'chat-admin-settings .page-missing'), 'the page said not theirs');
    expect(text($(el, 'chat-admin-settings .page-missing'))).to.equal(
      'API tokens is for admins: your role does not show it. Pick another page from the list.',
    );
    expect($(el, 'chat-admin-tokens')).to.equal(null);
    expect($(el, 'chat-admin-account')).to.equal(null);
  });

  it('names the guides as pages, linked where <chat-admin docs-base> says they are, never as repository paths', async () => {
    const { el } = await mount();
    const rules = await showPage(el, 'Rules and macros', 'chat-admin-rules');
    await waitUntil(() => rules.shadowRoot!.querySelector('.intro'), 'the rules page');
    const intro = rules.shadowRoot!.querySelector('.intro')!;
    expect(text(intro)).not.to.match(/docs\/|\.md\b/);
    expect(text(intro.querySelector('.guide'))).to.equal('How rules and macros work');
    expect(intro.querySelector('a'), 'no address to link to').to.equal(null);

    el.setAttribute('docs-base', 'https://docs.example.test/parley/{page}.html');
    const safety = await showPage(el, 'Safety', 'chat-admin-safety');
    await waitUntil(() => safety.shadowRoot!.querySelector('.intro a.guide'), 'the safety page’s guide, linked');
    const link = safety.shadowRoot!.querySelector<HTMLAnchorElement>('.intro a.guide')!;
    expect(text(link)).to.equal('What is and is not detected');
    expect(link.href).to.equal('https://docs.example.test/parley/safety.html');
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener');
    expect(text(safety.shadowRoot!.querySelector('.intro'))).not.to.match(/docs\/|\.md\b/);
  });
});
