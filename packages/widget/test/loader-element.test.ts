// The script-tag loader when the visitor clicks its stand-in launcher: the real element loads, takes the
// launcher's place without a visible change, and opens with focus in the composer.
import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeClient } from './fake-client.js';
import { installLoader, launcherOf, look } from './loader-harness.js';
import { waitUntil } from './helpers.js';

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('loader: a click on the stand-in', () => {
  it('loads the element, which takes the launcher’s place and opens the panel with focus in the composer', async () => {
    const { element } = installLoader('pk_click', 'element.js', { accent: '#7c3aed', offset: '24px 32px' });
    const client = new FakeClient();
    element.client = client;
    const standIn = launcherOf(element);
    const before = look(standIn);

    const opened = oneEvent(element, 'chat-open');
    standIn.click();
    expect((await opened).detail.reason).to.equal('user');
    await element.updateComplete;
    expect(standIn.isConnected, 'the stand-in is gone').to.equal(false);
    expect(element.shadowRoot!.querySelectorAll('button[part=launcher]').length).to.equal(1);
    expect(element.shadowRoot!.querySelector<HTMLElement>('[role=dialog]')!.hidden).to.equal(false);
    expect(element.shadowRoot!.activeElement?.tagName).to.equal('TEXTAREA');
    expect(client.connected).to.equal(1);

    // Closed again, the element's launcher looks exactly as the stand-in did.
    const closed = oneEvent(element, 'chat-close');
    await sendKeys({ press: 'Escape' });
    await closed;
    await element.updateComplete;
    const launcher = launcherOf(element);
    expect(element.shadowRoot!.activeElement).to.equal(launcher);
    expect(launcher.getAttribute('aria-label')).to.equal(standIn.getAttribute('aria-label'));
    launcher.blur();
    expect(look(launcher)).to.deep.equal(before);
  });

  it('later commands reach the element', async () => {
    const element = document.querySelector('chat-widget')!;
    window.Parley!('open');
    await waitUntil(() => element.opened, 'opened');
    window.Parley!('close');
    await waitUntil(() => !element.opened, 'closed');
    window.Parley!('hide');
    expect(element.hidden).to.equal(true);
  });
});
