import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { showDeskPage, text, waitUntil } from './helpers.js';

async function openSite(el: ChatAdmin) {
  const page = await showDeskPage(el, 'Site', 'chat-admin-site');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelector('#site-name') && root.querySelector('#site-welcome'), 'the site');
  await page.updateComplete;
  return { page, root };
}

function field<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

describe('<chat-admin> Site', () => {
  it('saves the name and origins, with the relay’s refusal at the field it is about', async () => {
    const { el, api } = await mount();
    const { page, root } = await openSite(el);
    expect(field<HTMLInputElement>(root, '#site-name').value).to.equal('Acme Outdoor');
    expect(field<HTMLTextAreaElement>(root, '#site-allowedOrigins').value).to.equal('*');
    field<HTMLInputElement>(root, '#site-name').value = 'Acme Tents';
    field<HTMLTextAreaElement>(root, '#site-allowedOrigins').value =
      'https://acme.example\n\nhttps://acme.example/shop';
    field<HTMLButtonElement>(root, 'form.site button[type=submit]').click();
    await waitUntil(() => root.querySelector('#site-allowedOrigins-error'), 'the refusal');
    expect(text(root.querySelector('#site-allowedOrigins-error'))).to.contain('must be * or an origin');
    expect(root.activeElement?.id).to.equal('site-allowedOrigins');
    expect(field(root, '#site-allowedOrigins').getAttribute('aria-invalid')).to.equal('true');
    expect(api.siteValue.name).to.equal('Acme Outdoor', 'nothing saved');

    field<HTMLTextAreaElement>(root, '#site-allowedOrigins').value = 'https://acme.example, https://www.acme.example';
    field<HTMLButtonElement>(root, 'form.site button[type=submit]').click();
    await waitUntil(() => text(root.querySelector('form.site [role=status]')) === 'Saved.', 'saved beside the button');
    expect(api.deskCalls.at(-1)).to.deep.equal([
      'updateSite',
      { name: 'Acme Tents', allowedOrigins: ['https://acme.example', 'https://www.acme.example'] },
    ]);
    expect(root.querySelector('#site-allowedOrigins-error')).to.equal(null);
    await page.updateComplete;
  });

  it('leaves what the relay’s configuration sets read-only, and sends only the rest', async () => {
    const { el, api } = await mount();
    api.siteValue = { ...api.siteValue, configured: { name: true, allowedOrigins: false, identitySecret: true } };
    const { root } = await openSite(el);
    expect(field<HTMLInputElement>(root, '#site-name').readOnly).to.equal(true);
    expect(text(root.querySelector('#site-name-help'))).to.contain('PARLEY_SITE_NAME');
    expect(field<HTMLButtonElement>(root, 'button.open-rotate').disabled).to.equal(true);
    field<HTMLTextAreaElement>(root, '#site-allowedOrigins').value = 'https://acme.example';
    field<HTMLButtonElement>(root, 'form.site button[type=submit]').click();
    await waitUntil(() => api.deskCalls.length === 1, 'the save');
    expect(api.deskCalls[0]).to.deep.equal(['updateSite', { allowedOrigins: ['https://acme.example'] }]);
  });

  it('saves the colour and logo, and the welcome message, and gives the code that names the site alone', async () => {
    const { el, api } = await mount();
    const { page, root } = await openSite(el);
    field<HTMLInputElement>(root, 'input[name=useColor]').checked = true;
    field<HTMLInputElement>(root, '#site-brandColor').value = '#aa3300';
    field<HTMLInputElement>(root, '#site-logoUrl').value = 'http://cdn.acme.example/logo.png';
    field<HTMLButtonElement>(root, 'form.brand button[type=submit]').click();
    await waitUntil(() => root.querySelector('#site-logoUrl-error'), 'the refusal');
    expect(text(root.querySelector('#site-logoUrl-error'))).to.contain('https://');
    field<HTMLInputElement>(root, '#site-logoUrl').value = 'https://cdn.acme.example/logo.png';
    field<HTMLButtonElement>(root, 'form.brand button[type=submit]').click();
    await waitUntil(() => api.settingsValue.logoUrl === 'https://cdn.acme.example/logo.png', 'the logo saved');
    expect(api.settingsPatches.at(-1)).to.deep.equal({
      brandColor: '#aa3300',
      logoUrl: 'https://cdn.acme.example/logo.png',
    });

    // The welcome: the site's automations, the other languages kept.
    api.automationsValue.settings.welcome.texts = { fr: 'Bonjour !' };
    await (page as unknown as { refresh(): Promise<void> }).refresh();
    await page.updateComplete;
    field<HTMLInputElement>(root, 'input[name=welcomeOn]').checked = true;
    field<HTMLTextAreaElement>(root, '#site-welcome').value = 'Hi! Ask us anything.';
    field<HTMLButtonElement>(root, 'form.welcome button[type=submit]').click();
    await waitUntil(() => api.savedAutomations.length === 1, 'the welcome saved');
    expect(api.savedAutomations[0]!.welcome).to.deep.equal({
      enabled: true,
      texts: { fr: 'Bonjour !', en: 'Hi! Ask us anything.' },
    });

    // The widget's code names the site alone: the site's loader sets what this page sets.
    expect(field<HTMLTextAreaElement>(root, '#site-code').value).to.equal(
      `<script src="${location.origin}/widget.js?site=pk_acme" async></script>`,
    );
    const overrides = [...root.querySelectorAll('.overrides code')].map((code) => code.textContent);
    expect(overrides).to.deep.equal(['data-accent', 'data-theme', 'data-position', 'data-prechat']);
  });

  it('gives the command that installs the SDK from the relay when it serves its packages, and none otherwise', async () => {
    const install = `npm install ${location.origin}/packages/parley-protocol-0.1.0.tgz ${location.origin}/packages/parley-sdk-0.1.0.tgz`;
    const real = window.fetch;
    const asked: string[] = [];
    window.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.endsWith('/packages/')) return real(input, init);
      asked.push(url);
      return new Response(JSON.stringify({ packages: [], install: { sdk: install, widget: `${install} …` } }), {
        headers: { 'content-type': 'application/json' },
      });
    };
    try {
      const { el } = await mount();
      const { root } = await openSite(el);
      await waitUntil(() => root.querySelector('#site-sdk'), 'the SDK’s command');
      expect(field<HTMLTextAreaElement>(root, '#site-sdk').value).to.equal(install);
      expect(text(root.querySelector('label[for=site-sdk]'))).to.contain('SDK');
      expect(asked).to.have.length(1);
    } finally {
      window.fetch = real;
    }
    // The test server serves no /packages/: the page says nothing of the SDK.
    const { el } = await mount();
    const { page, root } = await openSite(el);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await page.updateComplete;
    expect(root.querySelector('#site-sdk')).to.equal(null);
    expect(root.querySelector('#site-code')).to.not.equal(null);
  });

  it('saves the widget’s look: theme, side and pre-chat form, each with the widget’s default named', async () => {
    const { el, api } = await mount();
    api.lookValue = { theme: 'auto', position: null, prechat: null };
    const { root } = await openSite(el);
    const theme = field<HTMLSelectElement>(root, '#site-look-theme');
    expect(theme.value).to.equal('auto');
    expect(text(theme.options[0]!)).to.equal('Default (Light)');
    expect(field<HTMLSelectElement>(root, '#site-look-position').value).to.equal('');
    expect(field(root, '#site-look-prechat').getAttribute('aria-describedby')).to.equal('site-look-prechat-help');
    theme.value = 'dark';
    field<HTMLSelectElement>(root, '#site-look-position').value = 'left';
    field<HTMLSelectElement>(root, '#site-look-prechat').value = 'required';
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').focus();
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').click();
    await waitUntil(() => api.savedLooks.length === 1, 'the look saved');
    expect(api.savedLooks[0]).to.deep.equal({ theme: 'dark', position: 'left', prechat: 'required', replyTime: null });
    await waitUntil(() => text(root.querySelector('form.look [role=status]')) === 'Saved.', 'saved beside the button');
    // Back to the defaults: nulls.
    field<HTMLSelectElement>(root, '#site-look-theme').value = '';
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').click();
    await waitUntil(() => api.savedLooks.length === 2, 'saved again');
    expect(api.savedLooks[1]).to.deep.equal({ theme: null, position: 'left', prechat: 'required', replyTime: null });
  });

  it('turns the widget’s "Typically replies in…" line off and on', async () => {
    const { el, api } = await mount();
    const { root } = await openSite(el);
    const box = field<HTMLInputElement>(root, 'form.look input[name=replyTime]');
    expect(box.checked).to.equal(true, 'on while the site never chose');
    expect(text(root.querySelector(`#${box.getAttribute('aria-describedby')!}`))).to.contain('median first reply');
    box.click();
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').focus();
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').click();
    await waitUntil(() => api.savedLooks.length === 1, 'the look saved');
    expect(api.savedLooks[0]).to.deep.equal({ theme: null, position: null, prechat: null, replyTime: false });
    await waitUntil(() => text(root.querySelector('form.look [role=status]')) === 'Saved.', 'saved');
    expect(field<HTMLInputElement>(root, 'form.look input[name=replyTime]').checked).to.equal(false, 'off, as saved');
    field<HTMLInputElement>(root, 'form.look input[name=replyTime]').click();
    field<HTMLButtonElement>(root, 'form.look button[type=submit]').click();
    await waitUntil(() => api.savedLooks.length === 2, 'saved again');
    expect(api.savedLooks[1]!.replyTime).to.equal(null, 'back to the default: on');
  });

  it('rotates the identity secret after a confirmation (Escape cancels) and shows the new one once', async () => {
    const { el, api } = await mount();
    const { page, root } = await openSite(el);
    field<HTMLButtonElement>(root, 'button.open-rotate').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.classList.contains('cancel'), 'the confirmation, on Cancel');
    expect(text(root.querySelector('#site-rotate-text'))).to.contain('stops working at once');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => root.activeElement?.classList.contains('open-rotate'), 'back on Rotate');
    expect(api.deskCalls).to.deep.equal([]);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.classList.contains('cancel'), 'the confirmation again');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('#site-secret'), 'the new secret');
    await page.updateComplete;
    expect(field<HTMLInputElement>(root, '#site-secret').value).to.equal('is_new_secret_shown_once_0123456789');
    expect(root.activeElement?.id).to.equal('site-secret');
    expect(api.requests).to.include('POST /site/identity-secret');
    expect(text(root.querySelector('#site-secret-help'))).to.contain('Shown only now');
  });

  it('follows the inbox’s theme: light, then dark', async () => {
    const { el } = await mount();
    const { page } = await openSite(el);
    expect(getComputedStyle(page).colorScheme).to.equal('light');
    el.theme = 'dark';
    await el.updateComplete;
    const area = el.shadowRoot!.querySelector('chat-admin-settings')!;
    await waitUntil(() => page.getAttribute('theme') === 'dark' && area.getAttribute('theme') === 'dark', 'dark');
    expect(getComputedStyle(page).colorScheme).to.equal('dark');
  });
});
