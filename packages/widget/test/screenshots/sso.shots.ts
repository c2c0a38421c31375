import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { settle, showPage } from '../helpers.js';

// Settings → Single sign-on, its email domains: the TXT record and, beside it, the code mailed to an address at the
// domain (before and after a code is sent, and a refused code), at 1280 px and 390 px, light and dark.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`single sign-on screenshots, ${width} px, ${theme}`, () => {
      it('a domain to verify by DNS or by a mailed code', async () => {
        await setViewport({ width, height: 900 });
        const { el } = await mount();
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Single sign-on', 'chat-admin-sso');
        const root = () => page.shadowRoot!;
        await waitUntil(() => root().querySelector('.domain'), 'the domains');
        await settle(page);
        const item = () => root().querySelector('.domain[data-domain="acme.example"]')!;
        item().scrollIntoView();
        await shot(`sso-domain-${width}-${theme}`);
        const address = item().querySelector('input[name=address]') as HTMLInputElement;
        address.focus();
        address.value = 'postmaster@acme.example';
        address.form!.requestSubmit();
        await waitUntil(() => item().querySelector('.domain-code'), 'the code field');
        await settle(page);
        const code = item().querySelector('input[name=code]') as HTMLInputElement;
        code.focus();
        code.value = 'AAAA-AAAA-AAAA';
        code.form!.requestSubmit();
        await waitUntil(() => item().querySelector('.domain-code [role=alert]')?.textContent, 'the refusal');
        await settle(page);
        item().querySelector('.domain-mail')!.scrollIntoView();
        await shot(`sso-domain-code-${width}-${theme}`);
      });
    });
