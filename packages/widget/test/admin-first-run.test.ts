import { expect } from '@open-wc/testing';
import { conversation, mount, TOKEN, type FakeApi } from './admin-fixture.js';
import { $, $$, text, waitUntil } from './helpers.js';

// Issue #36: the empty inbox's first steps — the demo shop, the install code with the site's key, inviting the team —
// while the site has no conversation at all; gone once one arrives.

/** The site has no conversation: the list is empty in every view and every count is 0. */
function noConversations(api: FakeApi): void {
  api.conversations = async (query) => {
    api.queries.push(query);
    return {
      items: [],
      counts: {
        mine: 0,
        unassigned: 0,
        all: 0,
        overdue: 0,
        mentions: 0,
        review: 0,
        spam: 0,
        open: 0,
        pending: 0,
        snoozed: 0,
        resolved: 0,
      },
    };
  };
}

describe('<chat-admin> first steps in an empty inbox', () => {
  // Each test signs in after making its site empty: no token kept from the one before signs in at once.
  beforeEach(() => sessionStorage.clear());

  it('shows an admin the demo shop, the copyable install code and Invite your team; a conversation ends it', async () => {
    const { el, api } = await mount([], false);
    noConversations(api);
    await el.signIn(TOKEN);
    await waitUntil(() => $(el, 'chat-admin-first-run .copy'), 'the first steps, once their chunk is in');
    expect(text($(el, '#first-run-title'))).to.equal('Get your first conversation');
    const demo = $(el, 'chat-admin-first-run a.demo') as HTMLAnchorElement;
    expect(demo.href).to.equal(`${location.origin}/`);
    expect(demo.rel).to.contain('noopener');
    const code = text($(el, '#first-run-snippet'));
    expect(code).to.equal(`<script src="${location.origin}/widget.js?site=pk_acme" async></script>`);
    // Shown as text, never as markup.
    expect($(el, '#first-run-snippet script')).to.equal(null);
    expect(api.queries.some((query) => query.view === 'all' && query.status === undefined)).to.equal(true);

    // Copy: to the clipboard, said politely (the clipboard may be refused in a headless browser: then it says so).
    ($(el, 'chat-admin-first-run .copy') as HTMLButtonElement).click();
    await waitUntil(() => text($(el, 'chat-admin-first-run [role=status]')) !== '', 'the copy said');
    expect(['Copied.', 'Could not copy: select the code and copy it.']).to.include(
      text($(el, 'chat-admin-first-run [role=status]')),
    );

    // Invite your team: the Team page.
    ($(el, 'chat-admin-first-run .invite') as HTMLButtonElement).click();
    await waitUntil(() => el.shadowRoot!.querySelector('chat-admin-settings'), 'the settings area');
    const settings = el.shadowRoot!.querySelector('chat-admin-settings') as unknown as {
      inbox: { state: { page: string } };
    };
    expect(settings.inbox.state.page).to.equal('settings/team');
  });

  it('goes once a conversation arrives', async () => {
    const { el, api, client } = await mount([], false);
    noConversations(api);
    await el.signIn(TOKEN);
    await waitUntil(() => $(el, 'chat-admin-first-run .first-run'), 'the first steps');
    client.emit('conversation', conversation('c1'));
    await waitUntil(() => $(el, '#option-c1'), 'the conversation listed');
    expect($(el, 'chat-admin-first-run')).to.equal(null);
    expect(text(el.shadowRoot!.querySelector('.inbox'))).not.to.contain('Get your first conversation');
  });

  it('shows an agent the demo shop only; nothing when the site has conversations in other views', async () => {
    const { el, api } = await mount([], false);
    api.role = 'agent';
    noConversations(api);
    await el.signIn(TOKEN);
    await waitUntil(() => $(el, 'chat-admin-first-run a.demo'), 'the first steps');
    // One step, and the intro counts none (it said "Three steps" over this one, issue #81).
    expect($$(el, 'chat-admin-first-run ol > li')).to.have.length(1);
    expect(text($(el, 'chat-admin-first-run .first-run > p'))).to.equal('Nobody has written yet. To get going:');
    expect($(el, 'chat-admin-first-run .copy')).to.equal(null);
    expect($(el, 'chat-admin-first-run .invite')).to.equal(null);
    expect(api.requests.filter((request) => request.startsWith('GET /site'))).to.deep.equal([]);

    // An admin whose view is empty while the site has conversations elsewhere sees no first steps.
    sessionStorage.clear();
    const other = await mount([], false);
    other.api.conversations = async (query) => {
      other.api.queries.push(query);
      return {
        items: [],
        counts: {
          mine: 0,
          unassigned: 0,
          all: 2,
          overdue: 0,
          mentions: 0,
          review: 0,
          spam: 0,
          open: 0,
          pending: 0,
          snoozed: 0,
          resolved: 2,
        },
      };
    };
    await other.el.signIn(TOKEN);
    // Its answer read (the element's own state), so the assertion below is about an answer, not a wait.
    await waitUntil(
      () => ($(other.el, 'chat-admin-first-run') as unknown as { _empty?: boolean } | null)?._empty === false,
      'the check answered',
    );
    await other.el.updateComplete;
    expect($(other.el, 'chat-admin-first-run .first-run')).to.equal(null);
    expect(text($(other.el, '.empty'))).to.equal('No conversations here.');
  });
});
