// The script-tag loader for a visitor who already has a conversation: the element loads at idle without a click
// (unread count, sound and live messages need it), and keyboard focus on the stand-in moves to the element's
// launcher.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeClient } from './fake-client.js';
import { installLoader, launcherOf } from './loader-harness.js';
import { waitUntil } from './helpers.js';

describe('loader: a returning visitor', () => {
  it('gets the element at idle, with its unread count, and keeps keyboard focus on the launcher', async () => {
    localStorage.clear();
    localStorage.setItem('parley:pk_back:conversation', 'true');
    const { element } = installLoader('pk_back', 'element.js');
    const client = new FakeClient();
    client.unreadCount = 2;
    element.client = client;
    const standIn = launcherOf(element);
    for (let i = 0; i < 10 && element.shadowRoot!.activeElement !== standIn; i++) await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement).to.equal(standIn);

    await customElements.whenDefined('chat-widget');
    await element.updateComplete;
    expect(client.connected).to.equal(1);
    // The client was set before the element was defined: the element made no connection of its own meanwhile.
    const clients = (globalThis as Record<symbol, Map<string, unknown> | undefined>)[
      Symbol.for('parley.widget.clients')
    ];
    expect(clients?.size ?? 0).to.equal(0);
    expect(element.opened).to.equal(false);
    const launcher = launcherOf(element);
    expect(launcher).to.not.equal(standIn);
    await waitUntil(() => element.shadowRoot!.activeElement === launcher, 'focus on the element’s launcher');
    expect(element.shadowRoot!.querySelector('[part=badge]')?.textContent).to.equal('2');
    expect(launcher.getAttribute('aria-label')).to.equal('Open chat, 2 unread');
  });
});
