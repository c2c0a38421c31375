import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { composer, conversation, mount, open } from './admin-fixture.js';
import { $, $$, settle, waitUntil } from './helpers.js';

// The inbox on a phone (390 px) cuts nothing off without a cue (issue #81): the site's name, the list's views and
// statuses, the bottom bar's labels and the composer's placeholder are whole.

async function phone(): Promise<Awaited<ReturnType<typeof mount>>> {
  await setViewport({ width: 390, height: 800 });
  const setup = await mount([conversation('c1'), conversation('c2'), conversation('c3')]);
  await customElements.whenDefined('chat-admin-row-menu');
  await waitUntil(() => $(setup.el, 'chat-admin-row-menu'), 'the phone chunk');
  await settle(setup.el);
  return setup;
}

/** Whether a node shows all its text: nothing cut by an ellipsis or its box. */
const whole = (node: HTMLElement): boolean => node.scrollWidth <= node.clientWidth + 1;

/** Whether a node lies within the screen's width. */
const onScreen = (node: HTMLElement): boolean => {
  const box = node.getBoundingClientRect();
  return box.left >= 0 && box.right <= window.innerWidth + 0.5;
};

describe('<chat-admin> on a phone cuts nothing off', () => {
  after(() => setViewport({ width: 1280, height: 800 }));

  it('shows the site’s name whole beside the availability and the account', async () => {
    const { el } = await phone();
    const brand = $(el, '.topbar .brand')!;
    expect(brand.textContent).to.equal('Acme Outdoor');
    expect(whole(brand), `the name cut to ${brand.clientWidth} px of ${brand.scrollWidth}`).to.equal(true);
    // Every control of the bar is still on the screen.
    for (const node of $$(el, '.topbar > :not(nav)').filter((node) => node.offsetWidth > 0))
      expect(onScreen(node), `${node.className} on the screen`).to.equal(true);
  });

  it('shows every view and status of the list on the screen, none scrolled out of sight', async () => {
    const { el } = await phone();
    const chips = $$(el, '.views > button, .statuses > button').filter((node) => node.offsetWidth > 0);
    expect(chips.map((chip) => chip.textContent!.replace(/\d+/g, '').trim())).to.include.members([
      'Overdue',
      'Review',
      'Spam',
      'Resolved',
    ]);
    for (const chip of chips) expect(onScreen(chip), `${chip.textContent!.trim()} on the screen`).to.equal(true);
  });

  it('labels every section of the bottom bar in full', async () => {
    const { el } = await phone();
    const tabs = $$(el, '.topbar nav .tab');
    expect(tabs.map((tab) => tab.textContent!.trim())).to.include('Broadcasts');
    for (const tab of tabs) {
      expect(whole(tab), `${tab.textContent!.trim()}: ${tab.clientWidth} of ${tab.scrollWidth} px`).to.equal(true);
      expect(onScreen(tab)).to.equal(true);
    }
  });

  it('gives the composer room for its whole placeholder', async () => {
    const { el } = await phone();
    await open(el, 'c1');
    const input = composer(el);
    await waitUntil(() => input.offsetWidth > 0, 'the composer');
    // The placeholder's width in the field's font, against the lines the field shows (its rows), a tenth kept for
    // the words that wrap whole.
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const needed = context.measureText(input.placeholder).width;
    expect(needed, `“${input.placeholder}” in ${input.rows} lines of ${inner} px`).to.be.at.most(
      input.rows * inner * 0.9,
    );
  });
});
