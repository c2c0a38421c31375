import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from './admin-fixture.js';
import { $$, $, text, waitUntil } from './helpers.js';

// Spam and review (issue #39): the list's Review and Spam views, the banner of a conversation's flags with Dismiss,
// and Mark as spam / Not spam among the thread's actions, in their own chunk.

describe('<chat-admin> spam and review', () => {
  it('lists Review and Spam among the views, with their counts, and asks the relay for them', async () => {
    const { el, api } = await mount();
    api.flagsOf.set('c2', [{ reason: 'word', detail: 'scam', seq: 1, at: Date.now() }]);
    const views = () => $$(el, '.views button').map((button) => text(button));
    ($$(el, '.views button')[0] as HTMLButtonElement).click();
    await waitUntil(() => views().includes('Review 1'), 'the review count');
    expect(views().slice(-2)).to.deep.equal(['Review 1', 'Spam 0']);
    ($$(el, '.views button').find((button) => text(button).startsWith('Review')) as HTMLButtonElement).click();
    await waitUntil(() => api.queries.at(-1)?.view === 'review', 'the review view asked for');
    await waitUntil(() => $$(el, '[role=option]').length === 1, 'only the flagged conversation');
    expect($(el, '[role=option]')!.id).to.equal('option-c2');
  });

  it('shows the flags in a banner, dismisses them, and marks as spam and back', async () => {
    const { el, api } = await mount([conversation('c1'), conversation('c2')]);
    api.flagsOf.set('c1', [
      { reason: 'repeat', detail: 'same text: “cheap watches at our store”', seq: 1, at: Date.now() },
      { reason: 'link', detail: 'bit.ly', seq: 1, at: Date.now() },
    ]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-flags .flags'), 'the banner, once its chunk is in');
    const banner = $(el, 'chat-admin-flags .flags')!;
    expect(text(banner.querySelector('strong'))).to.equal('Up for review');
    expect([...banner.querySelectorAll('li')].map((li) => text(li))).to.deep.equal([
      'Same message in many conversations: same text: “cheap watches at our store”',
      'Link: bit.ly',
    ]);
    ($(el, 'chat-admin-flags .dismiss') as HTMLButtonElement).click();
    await waitUntil(() => !$(el, 'chat-admin-flags .flags'), 'the banner gone once dismissed');
    expect(api.moderationCalls).to.deep.equal([['dismiss', 'c1']]);

    await waitUntil(() => $(el, 'chat-admin-spam .mark-spam'), 'Mark as spam in the header');
    expect(text($(el, 'chat-admin-spam .mark-spam'))).to.equal('Mark as spam');
    const listed = api.queries.length;
    ($(el, 'chat-admin-spam .mark-spam') as HTMLButtonElement).click();
    await waitUntil(
      () => text($(el, 'chat-admin-flags .flags.spam strong')) === 'Marked as spam by Ada',
      'the spam banner',
    );
    expect(text($(el, 'chat-admin-spam .not-spam'))).to.equal('Not spam');
    // The list is read again: a spam conversation is in no view but Spam.
    await waitUntil(() => api.queries.length > listed && !$(el, '#option-c1'), 'c1 gone from the list');
    expect($(el, '#option-c2')).to.not.equal(null);

    ($(el, 'chat-admin-flags .not-spam') as HTMLButtonElement).click();
    await waitUntil(() => !$(el, 'chat-admin-flags .flags'), 'no banner once not spam');
    await waitUntil(() => $(el, '#option-c1'), 'c1 back in the list');
    expect(api.moderationCalls.map(([call]) => call)).to.deep.equal(['dismiss', 'spam', 'not-spam']);
  });

  it('keeps the banner and the actions within a 390 px phone, in the dark theme too', async () => {
    await setViewport({ width: 390, height: 800 });
    try {
      const { el, api } = await mount([conversation('c1')]);
      el.setAttribute('theme', 'dark');
      api.flagsOf.set('c1', [
        {
          reason: 'network',
          detail: 'more than 30 new conversations an hour from one network',
          seq: null,
          at: Date.now(),
        },
        { reason: 'link', detail: `https://${'very-long-domain-'.repeat(8)}example.com/path`, seq: 1, at: Date.now() },
      ]);
      await open(el, 'c1');
      await waitUntil(
        () => $(el, 'chat-admin-flags .flags') && $(el, 'chat-admin-spam .mark-spam'),
        'the banner and the action',
      );
      for (const part of ['chat-admin-flags .flags', 'chat-admin-flags .dismiss', 'chat-admin-spam .mark-spam']) {
        // On a phone the conversation's controls are one row that scrolls sideways (phone-shell.styles.ts): an action
        // is within the screen once its row is scrolled to it, and the page itself never scrolls sideways.
        $(el, part)!.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const box = $(el, part)!.getBoundingClientRect();
        expect(box.right, part).to.be.at.most(390);
        expect(box.left, part).to.be.at.least(0);
        expect(box.width, part).to.be.above(0);
      }
      expect(document.documentElement.scrollWidth, 'the page').to.be.at.most(390);
      const banner = $(el, 'chat-admin-flags .flags')!;
      expect(getComputedStyle(banner).backgroundColor).to.not.equal(getComputedStyle(el).backgroundColor);
    } finally {
      await setViewport({ width: 1280, height: 900 });
    }
  });
});
