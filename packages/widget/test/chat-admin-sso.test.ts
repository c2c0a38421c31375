import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { mount } from './admin-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The Single sign-on page of <chat-admin>, against the fake admin API, in Chromium.

async function openPage() {
  const setup = await mount(undefined, false);
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Single sign-on', 'chat-admin-sso');
  await waitUntil(() => page.shadowRoot?.querySelector('#sso-providers-title'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

describe('<chat-admin> single sign-on page', () => {
  it('is a settings page for admins only', async () => {
    const agent = await mount(undefined, false);
    agent.api.role = 'agent';
    await agent.el.signIn('st_test_token_0123456789');
    await settle(agent.el);
    expect((await settingsLinks(agent.el)).map(text)).to.not.include('Single sign-on');
  });

  it('lists the providers with the redirect URI to register, and never a secret', async () => {
    const { root } = await openPage();
    const item = root.querySelector('.item[data-id="sso_acme"]')!;
    expect(text(item.querySelector('h3'))).to.equal('Acme Google');
    expect(text(item)).to.contain('https://chat.example.com/v1/sso/callback/sso_acme');
    expect(text(item)).to.contain('acme.example');
  });

  it('adds a provider: the secret goes once, in the body, and the form is emptied', async () => {
    const { api, page, root } = await openPage();
    const field = (name: string) => root.querySelector(`[name=${name}]`) as HTMLInputElement;
    field('name').value = 'Acme Entra';
    field('issuer').value = 'https://login.microsoftonline.com/tenant/v2.0';
    field('clientId').value = 'client-1';
    field('clientSecret').value = 'the-secret';
    field('allowedDomains').value = 'Acme.example, acme.org';
    const form = field('name').closest('form')!;
    (form.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.ssoProviders.length === 2, 'the provider');
    await settle(page);
    expect(api.ssoCreated[0]).to.deep.equal({
      name: 'Acme Entra',
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      clientId: 'client-1',
      clientSecret: 'the-secret',
      allowedDomains: ['acme.example', 'acme.org'],
      defaultRole: 'agent',
    });
    expect(field('clientSecret').value).to.equal('');
    expect(text(root.querySelector('.item[data-id="sso_2"]'))).to.contain('/v1/sso/callback/sso_2');
  });

  it('adds a SAML provider: its own fields, then what to register at the IdP (entity ID, ACS URL, metadata)', async () => {
    const { api, page, root } = await openPage();
    const kind = root.querySelector('select[name=kind]') as HTMLSelectElement;
    kind.value = 'saml';
    kind.dispatchEvent(new Event('change'));
    await settle(page);
    const field = (name: string) => root.querySelector(`[name=${name}]`) as HTMLInputElement;
    expect(field('issuer'), 'no OpenID field').to.equal(null);
    expect(field('clientSecret')).to.equal(null);
    field('name').value = 'Acme Okta';
    field('idpEntityId').value = 'http://www.okta.com/exk1';
    field('ssoUrl').value = 'https://acme.okta.com/app/parley/exk1/sso/saml';
    field('idpCertificate').value = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    field('allowedDomains').value = 'acme.example';
    (field('name').closest('form')!.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.ssoProviders.length === 2, 'the provider');
    await settle(page);
    expect(api.ssoCreated[0]).to.deep.equal({
      kind: 'saml',
      name: 'Acme Okta',
      idpEntityId: 'http://www.okta.com/exk1',
      ssoUrl: 'https://acme.okta.com/app/parley/exk1/sso/saml',
      idpCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
      allowedDomains: ['acme.example'],
      defaultRole: 'agent',
    });
    const item = text(root.querySelector('.item[data-id="sso_2"]'));
    expect(item).to.contain('SAML 2.0');
    expect(item).to.contain('https://chat.example.com/v1/sso/saml/sso_2/metadata');
    expect(item).to.contain('https://chat.example.com/v1/sso/saml/sso_2/acs');
    expect(item).to.not.contain('/v1/sso/callback/');
  });

  it('checks a SAML provider and says what was checked: its certificate, nothing contacted', async () => {
    const { page, root } = await openPage();
    const kind = root.querySelector('select[name=kind]') as HTMLSelectElement;
    kind.value = 'saml';
    kind.dispatchEvent(new Event('change'));
    await settle(page);
    const field = (name: string) => root.querySelector(`[name=${name}]`) as HTMLInputElement;
    field('name').value = 'Acme Okta';
    field('idpEntityId').value = 'http://www.okta.com/exk1';
    field('ssoUrl').value = 'https://acme.okta.com/app/parley/exk1/sso/saml';
    field('idpCertificate').value = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    field('allowedDomains').value = 'acme.example';
    (field('name').closest('form')!.querySelector('button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => root.querySelector('.item[data-id="sso_2"] .discover'), 'the provider');
    (root.querySelector('.item[data-id="sso_2"] .discover') as HTMLButtonElement).click();
    const status = () => text(root.querySelector('.item[data-id="sso_2"] [role=status]'));
    await waitUntil(() => status().includes('certificate'), 'checked');
    expect(status()).to.contain('Nothing was contacted');
    expect(status()).to.not.contain('answered');
  });

  it('requires single sign-on, and checks and disables a provider', async () => {
    const { api, page, root } = await openPage();
    (root.querySelector('[name=requireSso]') as HTMLInputElement).click();
    (root.querySelector('form[data-save=require] button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.requireSso, 'saved');
    await settle(page);
    (root.querySelector('.item .discover') as HTMLButtonElement).click();
    await waitUntil(() => text(root.querySelector('.item [role=status]')).includes('answered'), 'checked');
    await settle(page);
    (root.querySelector('.item .toggle') as HTMLButtonElement).click();
    await waitUntil(() => api.ssoProviders[0]!.enabled === false, 'disabled');
    await settle(page);
    expect(text(root.querySelector('.item .state'))).to.equal('Disabled');
  });

  it('shows the domains to verify with their DNS record, and verifies one once it is published', async () => {
    const { api, page, root } = await openPage();
    const item = () => root.querySelector('.domain[data-domain="acme.example"]')!;
    expect(text(item())).to.contain('Not verified');
    expect(text(item())).to.contain('_parley.acme.example');
    expect(text(item())).to.contain('parley-domain-verification=pdv_test');
    (item().querySelector('.verify') as HTMLButtonElement).click();
    await waitUntil(() => text(item().querySelector('[role=status]')).includes('not found yet'), 'not yet');
    await settle(page);
    api.ssoDnsPublished.add('acme.example');
    (item().querySelector('.verify') as HTMLButtonElement).click();
    await waitUntil(() => text(item()).includes('is verified'), 'verified');
    await settle(page);
    expect(text(item().querySelector('.state'))).to.equal('Verified');
    expect(item().querySelector('.verify')).to.equal(null);
  });

  it('verifies a domain by a code mailed to an address at it, beside the TXT record, with the keyboard', async () => {
    const { api, page, root } = await openPage();
    const item = () => root.querySelector('.domain[data-domain="acme.example"]')!;
    expect(text(item())).to.contain('_parley.acme.example', 'the record stays');
    expect(item().querySelector('.domain-code'), 'no code field before a code is sent').to.equal(null);
    const address = item().querySelector('.domain-mail input[name=address]') as HTMLInputElement;
    expect(address.placeholder).to.equal('postmaster@acme.example');
    expect(text(address.closest('label'))).to.contain('Address at acme.example');

    // An address elsewhere: the relay's refusal is said beside the button, nothing is sent.
    address.focus();
    address.value = 'me@elsewhere.example';
    (item().querySelector('.send-code') as HTMLButtonElement).click();
    await waitUntil(() => text(item().querySelector('.domain-mail [role=alert]')).includes('at the domain'), 'refused');
    expect(api.ssoMailed).to.deep.equal([]);

    address.value = '';
    await sendKeys({ type: 'Postmaster@acme.example' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => item().querySelector('.domain-code'), 'the code field');
    await settle(page);
    expect(api.ssoMailed).to.deep.equal([{ domain: 'acme.example', address: 'postmaster@acme.example' }]);
    expect(text(item().querySelector('.domain-code [role=note]'))).to.contain('sent to postmaster@acme.example');
    expect(text(item().querySelector('.domain-code [role=status]'))).to.contain('sent to postmaster@acme.example');

    const code = item().querySelector('.domain-code input[name=code]') as HTMLInputElement;
    expect(code.autocomplete).to.equal('one-time-code');
    code.focus();
    code.value = 'AAAA-AAAA-AAAA';
    code.form!.requestSubmit();
    await waitUntil(() => text(item().querySelector('.domain-code [role=alert]')).includes('not the code'), 'wrong');
    await settle(page);
    code.value = '';
    await sendKeys({ type: 'k7qx m2pd 9wha' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(item().querySelector('.state')) === 'Verified', 'verified');
    await settle(page);
    expect(text(item())).to.contain('acme.example is verified');
    expect(item().querySelector('.domain-mail'), 'nothing left to send').to.equal(null);
    expect(item().querySelector('.verify')).to.equal(null);
  });
});
