import { expect, fixture, html } from '@open-wc/testing';
import { defineSso } from '../src/chat-admin/sso/chat-admin-sso-sign-in.component.js';
import type { ChatAdminSignIn } from '../src/chat-admin/chat-admin-sign-in.component.js';
import { mount } from './admin-fixture.js';
import { signInPage, text } from './helpers.js';

// Single sign-on's buttons on the inbox's sign-in page (their own chunk), in Chromium, with the sign-in page's own
// inbox controller: what each button says.

// Signed out, as admin-sign-in.test.ts starts: no session an earlier file's page kept, no link in the address.
beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
});

describe('<chat-admin-sso-sign-in> buttons', () => {
  it('say whose site a provider is when the relay holds several, and only then (issue #80)', async () => {
    const { el } = await mount(undefined, false);
    const page = (await signInPage(el)).host as ChatAdminSignIn;
    defineSso();
    const sso = await fixture(html`<chat-admin-sso-sign-in
      .inbox=${page.inbox}
      .providers=${[
        { id: 'sso_a', name: 'Okta', site: 'Acme', start: '/v1/sso/start/sso_a' },
        { id: 'sso_b', name: 'Acme', site: 'Other company', start: '/v1/sso/start/sso_b' },
      ]}
    ></chat-admin-sso-sign-in>`);
    const buttons = () => [...sso.shadowRoot!.querySelectorAll('.sso a')] as HTMLAnchorElement[];
    expect(buttons().map((a) => text(a))).to.deep.equal([
      'Sign in with Okta (Acme)',
      'Sign in with Acme (Other company)',
    ]);
    expect(buttons()[1]!.getAttribute('href')).to.match(/\/v1\/sso\/start\/sso_b$/);
    // A relay of one site names no site: the provider's name is unambiguous there.
    const single = await fixture(html`<chat-admin-sso-sign-in
      .inbox=${page.inbox}
      .providers=${[{ id: 'sso_a', name: 'Okta', start: '/v1/sso/start/sso_a' }]}
    ></chat-admin-sso-sign-in>`);
    expect(text(single.shadowRoot!.querySelector('.sso a'))).to.equal('Sign in with Okta');
  });

  it('take the inbox’s dark theme, on the sign-in card rather than the page behind it', async () => {
    const { el } = await mount(undefined, false);
    el.setAttribute('theme', 'dark');
    const page = (await signInPage(el)).host as ChatAdminSignIn;
    page.theme = 'dark';
    defineSso();
    (page as unknown as { _sso: unknown })._sso = [{ id: 'sso_a', name: 'Okta', start: '/v1/sso/start/sso_a' }];
    await page.updateComplete;
    const sso = page.shadowRoot!.querySelector('chat-admin-sso-sign-in') as HTMLElement;
    expect(sso, 'the page shows the buttons').to.not.equal(null);
    expect(sso.getAttribute('theme')).to.equal('dark');
    await (sso as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const button = sso.shadowRoot!.querySelector('.sso a')!;
    const light = (color: string) =>
      (color.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map(Number)
        .reduce((a, b) => a + b, 0) >
      3 * 128;
    expect(light(getComputedStyle(button).color), 'light text on a dark button').to.equal(true);
    expect(light(getComputedStyle(button).backgroundColor), 'a dark button').to.equal(false);
    expect(getComputedStyle(sso).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });
});
