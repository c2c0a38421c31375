import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import { FakeClient } from './fake-client.js';
import { $, waitUntil } from './helpers.js';

// The composer's emoji picker (issue #36): a part fetched on the first click of its button, a keyboard grid, the
// emoji put at the caret. Real Chromium, a fake client.

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

async function openWidget(locale = 'en'): Promise<{ el: ChatWidget; client: FakeClient }> {
  const client = new FakeClient();
  const el = await fixture<ChatWidget>(html`<chat-widget locale=${locale} .client=${client}></chat-widget>`);
  await el.updateComplete;
  el.open('user');
  await el.updateComplete;
  return { el, client };
}

const focused = (el: ChatWidget): Element | null => el.shadowRoot!.activeElement;
const button = (el: ChatWidget) => $(el, '[part=emoji-button]') as HTMLButtonElement;
const input = (el: ChatWidget) => $(el, '[part=input]') as HTMLTextAreaElement;

describe('<chat-widget>: the emoji picker', () => {
  it('is a button until clicked; then a grid with focus on its first emoji, Enter putting it at the caret', async () => {
    const { el, client } = await openWidget();
    expect(button(el).getAttribute('aria-label')).to.equal('Emoji');
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');
    expect($(el, '[part=emoji-picker]'), 'nothing of the grid before the click').to.equal(null);

    input(el).value = 'Thanks !';
    input(el).setSelectionRange(7, 7);
    button(el).click();
    await waitUntil(() => $(el, '[part=emoji-picker]'), 'the grid, with its part');
    expect(button(el).getAttribute('aria-expanded')).to.equal('true');
    const grid = $(el, '[part=emoji-picker]')!;
    expect(grid.getAttribute('role')).to.equal('grid');
    expect(grid.getAttribute('aria-label')).to.equal('Emoji');
    await waitUntil(() => focused(el)?.getAttribute('role') === 'gridcell', 'focus in the grid');
    expect(focused(el)!.textContent).to.equal('😀');

    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    // The second row's second emoji: 8 a row.
    expect(focused(el)!.textContent).to.equal('😮');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(input(el).value).to.equal('Thanks 😮!');
    expect(focused(el), 'focus back in the message').to.equal(input(el));
    expect($(el, '[part=emoji-picker]')).to.equal(null);
    expect(button(el).getAttribute('aria-expanded')).to.equal('false');

    // Sent as written.
    input(el).form!.requestSubmit();
    await el.updateComplete;
    expect(client.sent).to.deep.equal(['Thanks 😮!']);
  });

  it('Escape closes the picker, not the chat, and puts focus back on its button; a click picks too', async () => {
    const { el } = await openWidget();
    button(el).click();
    await waitUntil(() => focused(el)?.getAttribute('role') === 'gridcell', 'focus in the grid');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '[part=emoji-picker]')).to.equal(null);
    expect(el.opened, 'the chat stays open').to.equal(true);
    await waitUntil(() => focused(el) === button(el), 'focus on the button');

    button(el).click();
    await el.updateComplete;
    const cells = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=emoji-picker] [role=gridcell]')];
    expect(cells.length).to.be.greaterThan(30);
    cells[2]!.click();
    await el.updateComplete;
    expect(input(el).value).to.equal('🙂');
    expect($(el, '[part=emoji-picker]')).to.equal(null);
  });

  it('moves with the reading direction in a right-to-left language', async () => {
    const { el } = await openWidget('ar');
    await waitUntil(() => button(el).getAttribute('aria-label') === 'الرموز التعبيرية', 'Arabic strings');
    button(el).click();
    await waitUntil(() => focused(el)?.getAttribute('role') === 'gridcell', 'focus in the grid');
    await sendKeys({ press: 'ArrowLeft' });
    expect(focused(el)!.textContent, 'left is forward in Arabic').to.equal('😊');
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)!.textContent).to.equal('😀');
  });
});
