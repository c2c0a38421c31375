import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { ACT_PX, LONG_PRESS_MS } from '../src/chat-admin/phone/row-gestures.js';
import { conversation, mount } from './admin-fixture.js';
import { $, $$, settle, text, waitUntil } from './helpers.js';

// The list's swipes and long presses on a phone (issue #43, docs/agent-app.md), with synthetic touch pointers: a
// sideways swipe past the threshold resolves (left) or assigns to me (right), short of it nothing happens, a move
// that starts vertical is the list's scroll and never a swipe, and a long press opens the row's menu (a real menu:
// arrow keys, Escape, focus back on the row).

let pointerId = 10;

/** A touch pointer on `row`, moved through `path` (offsets from where it went down), then lifted or cancelled. */
function touch(row: HTMLElement): {
  move: (dx: number, dy?: number) => void;
  up: (clicked?: HTMLElement) => void;
  cancel: () => void;
} {
  const target = row.querySelector('.name') as HTMLElement;
  const box = target.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const id = ++pointerId;
  const fire = (type: string, dx = 0, dy = 0): void => {
    target.dispatchEvent(
      new PointerEvent(type, {
        pointerId: id,
        pointerType: 'touch',
        isPrimary: true,
        clientX: x + dx,
        clientY: y + dy,
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
  };
  fire('pointerdown');
  let last = [0, 0] as [number, number];
  return {
    move: (dx, dy = 0) => {
      last = [dx, dy];
      fire('pointermove', dx, dy);
    },
    up: (clicked = target) => {
      fire('pointerup', ...last);
      // As a touch does: the emulated click that follows, where the finger was.
      clicked.click();
    },
    cancel: () => fire('pointercancel', ...last),
  };
}

function row(el: ChatAdmin, id: string): HTMLElement {
  return $(el, `#option-${id}`)!;
}

async function phone(): Promise<Awaited<ReturnType<typeof mount>>> {
  await setViewport({ width: 390, height: 800 });
  const setup = await mount([
    conversation('c1'),
    conversation('c2', { unread: 0, status: 'resolved' }),
    conversation('c3', { assigneeId: 'staff_1' }),
  ]);
  await customElements.whenDefined('chat-admin-row-menu');
  await waitUntil(() => $(setup.el, 'chat-admin-row-menu'), 'the phone chunk’s menu');
  return setup;
}

const said = (el: ChatAdmin): string => text($(el, 'chat-admin-row-menu [role=status]'));

describe('<chat-admin> list gestures on a phone', () => {
  after(() => setViewport({ width: 1280, height: 800 }));

  it('slides a row with the finger, reveals Resolve, and resolves once let go past the threshold', async () => {
    const { el, api } = await phone();
    const c1 = row(el, 'c1');
    const finger = touch(c1);
    finger.move(-6);
    expect(c1.dataset['swipe'], 'not decided before 10 px').to.equal(undefined);
    finger.move(-30, 4);
    expect(c1.dataset['swipe']).to.equal('left');
    expect(c1.dataset['swipeLabel']).to.equal('Resolve');
    expect(c1.dataset['swipeTone']).to.equal('resolve');
    expect(c1.hasAttribute('data-armed'), 'short of the threshold').to.equal(false);
    expect(c1.style.getPropertyValue('--swipe-x')).to.equal('-30px');
    finger.move(-(ACT_PX + 8), 6);
    expect(c1.hasAttribute('data-armed'), 'past the threshold').to.equal(true);
    finger.up();
    await waitUntil(() => api.patches.length === 1, 'the change');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { status: 'resolved' } });
    await waitUntil(() => said(el) === 'Resolved: Visitor c1', 'said politely');
    expect(
      el.shadowRoot!.querySelector('[part=conversation]')?.checkVisibility(),
      'the swipe’s click opened nothing',
    ).to.not.equal(true);
    expect(c1.getAttribute('aria-selected')).to.equal('false');
    // The row slides back once let go.
    await waitUntil(() => !c1.hasAttribute('data-swipe'), 'the row back in its place');

    // A resolved one reveals Reopen.
    $$(el, '.statuses button')
      .find((button) => text(button).startsWith('Resolved'))!
      .click();
    await waitUntil(() => row(el, 'c2'), 'the resolved ones');
    const c2 = row(el, 'c2');
    const again = touch(c2);
    again.move(-(ACT_PX + 20));
    expect(c2.dataset['swipeLabel']).to.equal('Reopen');
    again.up();
    await waitUntil(() => api.patches.length === 2, 'the reopening');
    expect(api.patches[1]).to.deep.equal({ id: 'c2', patch: { status: 'open' } });
  });

  it('does nothing when let go short of the threshold, or when the browser takes the touch', async () => {
    const { el, api } = await phone();
    const c1 = row(el, 'c1');
    const short = touch(c1);
    short.move(-(ACT_PX - 10));
    short.up();
    const taken = touch(c1);
    taken.move(-(ACT_PX + 30));
    taken.cancel();
    await settle(el);
    await waitUntil(() => !c1.hasAttribute('data-swipe'), 'the row back in its place');
    expect(api.patches).to.deep.equal([]);
  });

  it('assigns to me with a swipe right, and reveals nothing for a conversation already mine', async () => {
    const { el, api } = await phone();
    const mine = row(el, 'c3');
    const first = touch(mine);
    first.move(ACT_PX + 40);
    expect(mine.dataset['swipeTone']).to.equal('none');
    expect(mine.hasAttribute('data-armed')).to.equal(false);
    expect(mine.style.getPropertyValue('--swipe-x'), 'it gives a quarter of the way').to.equal(
      `${(ACT_PX + 40) / 4}px`,
    );
    first.up();
    await settle(el);
    expect(api.patches).to.deep.equal([]);

    const c1 = row(el, 'c1');
    const second = touch(c1);
    second.move(ACT_PX + 4, -3);
    expect(c1.dataset['swipeLabel']).to.equal('Assign to me');
    second.up();
    await waitUntil(() => api.patches.length === 1, 'the assignment');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { assigneeId: 'staff_1' } });
    await waitUntil(() => said(el) === 'Assigned to Me (Ada): Visitor c1', 'said politely');
  });

  it('takes a new finger after a press whose end it never heard', async () => {
    const { el, api } = await phone();
    const c1 = row(el, 'c1');
    // Its lifting is not heard (the row it went down on left the list meanwhile, say).
    touch(c1).move(-30);
    const next = touch(c1);
    next.move(-(ACT_PX + 10));
    expect(c1.hasAttribute('data-armed')).to.equal(true);
    next.up();
    await waitUntil(() => api.patches.length === 1, 'the change');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { status: 'resolved' } });
  });

  it('leaves a move that starts vertical to the list’s scroll', async () => {
    const { el, api } = await phone();
    const c1 = row(el, 'c1');
    const finger = touch(c1);
    finger.move(4, 12);
    // However far sideways it goes after that, it stays a scroll.
    finger.move(-(ACT_PX + 50), 14);
    expect(c1.hasAttribute('data-swipe')).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, LONG_PRESS_MS + 100));
    finger.up();
    await settle(el);
    expect(api.patches).to.deep.equal([]);
    expect($(el, '.row-menu'), 'no menu either').to.equal(null);
  });

  it('opens the row’s menu on a long press: arrow keys, Escape, focus back on the row', async () => {
    const { el, api } = await phone();
    const c1 = row(el, 'c1');
    // A finger that moves is not a long press.
    const moving = touch(c1);
    moving.move(0, 11);
    await new Promise((resolve) => setTimeout(resolve, LONG_PRESS_MS + 100));
    moving.cancel();
    expect($(el, '.row-menu')).to.equal(null);

    const still = touch(c1);
    await waitUntil(() => $(el, '.row-menu'), 'the menu', { timeout: LONG_PRESS_MS * 3 });
    // The finger lifts where the menu opened: its click does not choose an item.
    still.up($(el, '.row-menu [role=menuitem]')!);
    await settle(el);
    expect(api.patches, 'the lifting finger chose nothing').to.deep.equal([]);
    const menu = $(el, '.row-menu')!;
    expect(menu.getAttribute('role')).to.equal('menu');
    expect(menu.getAttribute('aria-label')).to.equal('Actions for Visitor c1');
    const items = $$(el, '.row-menu [role^=menuitem]');
    expect(items.map(text)).to.include.members(['Resolve', 'Me (Ada)', 'Unassigned', 'Label…', 'Later today']);
    expect(items.find((item) => text(item) === 'Unassigned')!.getAttribute('aria-checked')).to.equal('true');
    await waitUntil(() => el.shadowRoot!.activeElement === items[0], 'focus on the first item');
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(items[1]);
    await sendKeys({ press: 'End' });
    expect(el.shadowRoot!.activeElement).to.equal(items.at(-1));
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement, 'round to the first').to.equal(items[0]);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, '.row-menu')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'focus back on the row').to.equal(c1);
    expect(
      el.shadowRoot!.querySelector('[part=conversation]')?.checkVisibility(),
      'the hold opened nothing',
    ).to.not.equal(true);

    // The keyboard's menu key opens it too; a choice runs, closes the menu and gives focus back.
    c1.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'F10' });
    await sendKeys({ up: 'Shift' });
    await waitUntil(() => $(el, '.row-menu'), 'the menu from the keyboard');
    const label = $$(el, '.row-menu [role^=menuitem]').find((item) => text(item) === 'Label…')!;
    label.click();
    await waitUntil(() => $(el, '.row-label input'), 'the label form');
    await waitUntil(() => el.shadowRoot!.activeElement === $(el, '.row-label input'), 'focus in the form');
    await sendKeys({ type: 'vip' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.patches.length === 1, 'the label');
    expect(api.patches[0]).to.deep.equal({ id: 'c1', patch: { labels: ['vip'] } });
    expect(el.shadowRoot!.activeElement).to.equal(row(el, 'c1'));
    await waitUntil(() => said(el) === 'Labelled vip: Visitor c1', 'said politely');
  });

  it('leaves a wide screen’s list alone', async () => {
    const { el, api } = await phone();
    await setViewport({ width: 1280, height: 800 });
    const c1 = row(el, 'c1');
    const finger = touch(c1);
    finger.move(-(ACT_PX + 30));
    expect(c1.hasAttribute('data-swipe')).to.equal(false);
    finger.cancel();
    await settle(el);
    expect(api.patches).to.deep.equal([]);
  });
});
