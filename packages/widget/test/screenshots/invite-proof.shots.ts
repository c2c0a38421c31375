import { fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { ChatAdminSignIn } from '../../src/chat-admin/chat-admin-sign-in.component.js';
import { defineSso } from '../../src/chat-admin/sso/chat-admin-sso-sign-in.component.js';
import { mount } from '../admin-fixture.js';
import { FakeAuth, PASSWORD } from '../auth-fixture.js';
import { signInPage, waitUntil } from '../helpers.js';

// A handed-over invitation asking for the code emailed to the address, and single sign-on's buttons named by their
// site (issue #80), at 1280 px and 390 px, light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`invitation code and SSO buttons screenshots, ${width} px, ${theme}`, () => {
      beforeEach(() => history.replaceState(null, '', location.pathname + location.search));

      it('the invitation asks for the emailed code', async () => {
        await setViewport({ width, height: 800 });
        history.replaceState(null, '', '#invite=inv_secret_0123');
        const auth = new FakeAuth();
        auth.invitation = { ...auth.invitation, accountExists: true };
        auth.mailCode = 'K7QM-P2XR';
        const { el } = await mount(undefined, false, { auth, hash: true });
        el.setAttribute('theme', theme);
        const page = await signInPage(el);
        await waitUntil(() => page.querySelector('#password'), 'the invitation');
        await sendKeys({ type: PASSWORD });
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => page.activeElement?.id === 'code', 'the code field');
        await shot(`invite-code-${width}-${theme}`);
      });

      it('the sign-in buttons of a relay of several sites', async () => {
        await setViewport({ width, height: 800 });
        const { el } = await mount(undefined, false);
        el.setAttribute('theme', theme);
        const page = (await signInPage(el)).host as ChatAdminSignIn;
        defineSso();
        // With the page's theme, as the sign-in page gives it.
        const sso = await fixture(html`<chat-admin-sso-sign-in
          theme=${theme}
          .inbox=${page.inbox}
          .providers=${[
            { id: 'sso_a', name: 'Okta', site: 'Acme Outdoor', start: '/v1/sso/start/sso_a' },
            { id: 'sso_b', name: 'Google Workspace', site: 'Acme Outdoor', start: '/v1/sso/start/sso_b' },
          ]}
        ></chat-admin-sso-sign-in>`);
        // On the sign-in card, as the page puts it.
        page.shadowRoot!.querySelector('.card')!.prepend(sso);
        await waitUntil(() => sso.shadowRoot?.querySelector('.sso a'), 'the buttons');
        await shot(`sso-buttons-${width}-${theme}`);
      });
    });
