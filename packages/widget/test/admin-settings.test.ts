import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { TOKEN, member, mount } from './admin-fixture.js';
import { CODE, FakeAuth, PASSWORD, session } from './auth-fixture.js';
import { $, $$, openSettings, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The settings area (side navigation, the page in the address) and its account pages: Account, Team, API tokens,
// Sites.

beforeEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', location.pathname + location.search);
});

/** Signed in with an account (the session cookie): an owner by default. */
async function signedIn(overrides: Parameters<typeof session>[0] = {}, hash = false) {
  const auth = new FakeAuth();
  auth.current = session(overrides);
  const setup = await mount(undefined, false, { auth, hash });
  await waitUntil(() => setup.el.me !== undefined, 'signed in');
  await settle(setup.el);
  return setup;
}

async function rendered(page: LitElement, selector: string): Promise<ShadowRoot> {
  await waitUntil(() => page.shadowRoot?.querySelector(selector), selector);
  await page.updateComplete;
  return page.shadowRoot!;
}

function button(root: ParentNode, label: string): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === label);
  if (!found) throw new Error(`no "${label}" button`);
  return found;
}

describe('<chat-admin> settings area', () => {
  it('has Inbox, Contacts, Companies, Broadcasts, Reports, Stats and Settings in the top bar', async () => {
    const { el } = await mount();
    expect($$(el, '.topbar nav button').map(text)).to.deep.equal([
      'Inbox',
      'Contacts',
      'Companies',
      'Broadcasts',
      'Reports',
      'Stats',
      'Settings',
    ]);
  });

  it('is navigated from the keyboard: a list of links, arrows move, Enter opens, aria-current follows', async () => {
    const { el } = await mount();
    const area = await openSettings(el);
    const nav = area.shadowRoot!.querySelector('nav')!;
    expect(nav.getAttribute('aria-label')).to.equal('Settings');
    const links = () => [...nav.querySelectorAll<HTMLAnchorElement>('ul > li > a')];
    expect(links().map(text)).to.deep.equal([
      'Account',
      'Email notifications',
      'Your sites',
      'Team',
      'Roles',
      'Who sees what',
      'Routing',
      'Single sign-on',
      'Saved replies',
      'Rules and macros',
      'Automations',
      'SLA policies',
      'Custom attributes',
      'Safety',
      'Attachments',
      'Site',
      'Widget words',
      'Pre-chat form',
      'Support addresses',
      'Mailboxes (IMAP)',
      'Campaigns',
      'FAQ',
      'Help center',
      'Messaging channels',
      'API channels',
      'AI',
      'API tokens',
      'Webhooks',
      'Deliveries',
      'Audit log',
    ]);
    expect(links()[0]!.getAttribute('aria-current')).to.equal('page');
    links()[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(area.shadowRoot!.activeElement).to.equal(links()[1]);
    await sendKeys({ press: 'End' });
    expect(area.shadowRoot!.activeElement).to.equal(links().at(-1));
    await sendKeys({ press: 'ArrowDown' });
    expect(area.shadowRoot!.activeElement, 'wraps around').to.equal(links()[0]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'chat-admin-notifications'), 'the Email notifications page');
    await area.updateComplete;
    expect(links()[1]!.getAttribute('aria-current')).to.equal('page');
    expect(links()[0]!.getAttribute('aria-current')).to.equal('false');
    expect(area.shadowRoot!.querySelector('main')!.getAttribute('aria-label')).to.equal('Email notifications');
  });

  it('has an account menu: the name opens it, Account and Sign out are in it, Escape closes it', async () => {
    const { el } = await mount();
    const toggle = $(el, '#account-button') as HTMLButtonElement;
    expect(text(toggle)).to.equal('Ada');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    expect($(el, '#account-menu')).to.equal(null);
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect($$(el, '#account-menu a, #account-menu button').map(text)).to.deep.equal(['Account', 'Sign out']);
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, '#account-menu')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(toggle);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    ($(el, '#account-menu a') as HTMLAnchorElement).click();
    await waitUntil(() => $(el, 'chat-admin-account'), 'the Account page');
    expect($(el, '#account-menu')).to.equal(null);
  });

  it('shows agents no admin-only tab: no Broadcasts, whose sending the relay refuses them (issue #36, 9)', async () => {
    const { el, api } = await mount(undefined, false, { hash: true });
    api.role = 'agent';
    history.replaceState(null, '', '#broadcasts');
    await el.signIn(TOKEN);
    await settle(el);
    expect($$(el, '.topbar nav .tab').map(text)).to.deep.equal([
      'Inbox',
      'Contacts',
      'Companies',
      'Reports',
      'Stats',
      'Settings',
    ]);
    // Its address shows the inbox, not a page that fails on submit.
    expect($(el, 'chat-admin-broadcasts')).to.equal(null);
    expect(text($(el, '.topbar nav [aria-current=page]')!)).to.equal('Inbox');
  });

  it('hides admin-only sub-pages from agents', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    await el.signIn(TOKEN);
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.deep.equal([
      'Account',
      'Email notifications',
      'Your sites',
      'Team',
      'Saved replies',
      'Rules and macros',
      'Safety',
      'Help center',
    ]);
  });

  it('keeps the page in the address with <chat-admin hash>, so a sub-page can be linked and survives a reload', async () => {
    const first = await signedIn({}, true);
    const team = (await settingsLinks(first.el)).find((a) => text(a) === 'Team')!;
    expect(team.getAttribute('href')).to.equal('#settings/team');
    team.click();
    await settle(first.el);
    expect(location.hash).to.equal('#settings/team');
    first.el.remove();

    history.replaceState(null, '', '#settings/tokens');
    const second = await signedIn({}, true);
    await waitUntil(() => $(second.el, 'chat-admin-tokens'), 'the linked page');
    expect(text($(second.el, '.topbar nav button[aria-current=page]'))).to.equal('Settings');
  });

  it('shows the pages in the dark theme too', async () => {
    const { el } = await signedIn();
    el.theme = 'dark';
    await el.updateComplete;
    const area = await openSettings(el);
    const page = await showPage(el, 'Account', 'chat-admin-account');
    await rendered(page, '.card');
    expect(area.getAttribute('theme')).to.equal('dark');
    expect(page.getAttribute('theme')).to.equal('dark');
    const card = page.shadowRoot!.querySelector('.card')!;
    expect(getComputedStyle(card).backgroundColor).to.equal('rgb(38, 43, 53)');
    expect(getComputedStyle(area.shadowRoot!.querySelector('nav')!).backgroundColor).to.equal('rgb(38, 43, 53)');
  });
});

describe('<chat-admin> Account page', () => {
  async function account(el: ChatAdmin): Promise<ShadowRoot> {
    const page = await showPage(el, 'Account', 'chat-admin-account');
    return rendered(page, '#sessions-title');
  }

  it('sets up two-factor sign-in with a QR code, a code, and the recovery codes shown once', async () => {
    const { el, auth } = await signedIn();
    const root = await account(el);
    expect(text(root.querySelector('#twofa-state'))).to.equal('Off: signing in asks for your password only.');
    const totp = root.querySelector('chat-admin-totp')!;
    await waitUntil(() => totp.shadowRoot?.querySelector('button.primary'), 'the setup button');
    const inner = totp.shadowRoot!;
    (inner.querySelector('button.primary') as HTMLButtonElement).click();
    await waitUntil(() => inner.querySelector('img.qr'), 'the QR code');
    expect((inner.querySelector('img.qr') as HTMLImageElement).src).to.match(/^data:image\/svg\+xml,/);
    await sendKeys({ type: CODE });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inner.querySelectorAll('.codes li').length === 10, 'the recovery codes');
    // Issue #36: it is on while its codes are shown, not "Off".
    await waitUntil(() => text(root.querySelector('#twofa-state')).startsWith('On'), 'on while the codes show');
    button(inner, 'Done').click();
    await waitUntil(() => text(root.querySelector('#twofa-state')).startsWith('On'), 'two-factor on');
    expect(root.querySelector('.codes'), 'the codes are gone').to.equal(null);
    expect(auth.calls.map(([call]) => call)).to.include('totpSetup');
    expect(auth.calls, 'with the password again').to.deep.include(['totpEnable', PASSWORD, CODE]);
  });

  it('changes the password, lists the sessions with this one marked, and signs another out', async () => {
    const { el, auth } = await signedIn();
    const root = await account(el);
    await waitUntil(() => root.querySelectorAll('.sessions li').length === 2, 'the sessions');
    const [mine, other] = [...root.querySelectorAll('.sessions li')];
    expect(text(mine!)).to.contain('This browser');
    // A device as people name it, not its user-agent string (issue #81); the string stays in the tooltip.
    const device = mine!.querySelector('span')!;
    expect(text(device)).to.equal('Chrome 126 on Linux · 203.0.113.7');
    expect(device.title).to.match(/^Mozilla\/5\.0 \(X11; Linux x86_64\)/);
    expect(text(other!.querySelector('span'))).to.equal('Firefox 128 on Android');
    expect(mine!.querySelector('button')).to.equal(null);
    button(other!, 'Sign out').click();
    await waitUntil(() => root.querySelectorAll('.sessions li').length === 1, 'revoked');
    expect(auth.calls).to.deep.include(['revokeSession', 'sess_2']);

    (root.querySelector('#current-password') as HTMLInputElement).value = 'not it at all';
    (root.querySelector('#new-password') as HTMLInputElement).value = 'a brand new password';
    (root.querySelector('form[aria-labelledby=password-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => text(root.querySelector('[role=alert]')), 'the refusal');
    expect(text(root.querySelector('[role=alert]'))).to.equal('Wrong password.');
    (root.querySelector('#current-password') as HTMLInputElement).value = PASSWORD;
    (root.querySelector('form[aria-labelledby=password-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => text(root.querySelector('[role=status]')) === 'Saved.', 'saved');
    expect(auth.calls).to.deep.include(['changePassword', PASSWORD, 'a brand new password']);
  });

  it('says there is no account to manage when signed in with an API token', async () => {
    const { el, auth } = await mount();
    const page = await showPage(el, 'Account', 'chat-admin-account');
    const root = await rendered(page, '.card');
    expect(text(root.querySelector('.card'))).to.contain('signed in with an API token');
    expect(root.querySelector('form')).to.equal(null);
    expect(auth.calls, 'only the check on load').to.deep.equal([['session']]);
  });

  it('turns two-factor sign-in off and makes new recovery codes when it is on', async () => {
    const { el, auth } = await signedIn({ account: { ...session().account, totpEnabled: true } });
    const root = await account(el);
    expect(text(root.querySelector('#twofa-state'))).to.contain('On');
    // Issue #36: two forms, each under its own heading, each code field saying what it takes.
    expect([...root.querySelectorAll('form h3')].map(text)).to.deep.equal([
      'New recovery codes',
      'Turn off two-factor sign-in',
    ]);
    for (const id of ['twofa-code', 'disable-code'])
      expect(text(root.querySelector(`label[for=${id}]`))).to.equal(
        'Code from your authenticator app, or a recovery code',
      );
    (root.querySelector('#twofa-code') as HTMLInputElement).value = CODE;
    (root.querySelector('#regenerate-password') as HTMLInputElement).value = PASSWORD;
    (root.querySelector('form[aria-labelledby=regenerate-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelectorAll('.codes li').length === 10, 'the new codes');
    expect(text(root.querySelector('.codes li'))).to.equal('rc-0009-code');
    button(root, 'Done').click();
    await waitUntil(() => root.querySelector('#disable-password'), 'the forms back');
    (root.querySelector('#disable-password') as HTMLInputElement).value = PASSWORD;
    (root.querySelector('#disable-code') as HTMLInputElement).value = CODE;
    (root.querySelector('form[aria-labelledby=disable-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => text(root.querySelector('#twofa-state')).startsWith('Off'), 'two-factor off');
    expect(auth.calls).to.deep.include(['totpDisable', PASSWORD, CODE]);
    expect(auth.calls, 'the password again for new codes').to.deep.include(['regenerate', PASSWORD, CODE]);
  });
});

describe('<chat-admin> Team page', () => {
  async function team(el: ChatAdmin): Promise<ShadowRoot> {
    const page = await showPage(el, 'Team', 'chat-admin-team');
    return rendered(page, 'tbody tr');
  }

  it('lists the members with role, 2FA, availability and status', async () => {
    const { el } = await signedIn();
    const root = await team(el);
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map(text));
    expect(rows[0]!.slice(0, 5)).to.deep.equal(['Ada (you)ada@example.com', 'Owner', 'On', 'Online', 'Active']);
    expect(rows[1]!.slice(2, 5)).to.deep.equal(['Off', 'Away', 'Active']);
    expect((root.querySelector('select[aria-label="Role of Grace"]') as HTMLSelectElement).value).to.equal('agent');
  });

  it('invites by email and shows the link once when it was not emailed, with a copy button', async () => {
    const { el, api } = await signedIn();
    const root = await team(el);
    const email = root.querySelector('#invite-email') as HTMLInputElement;
    email.focus();
    await sendKeys({ type: 'lin@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' }); // admin
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('#one-time-link'), 'the link');
    expect(api.teamCalls[0]).to.deep.equal(['invite', { email: 'lin@example.com', role: 'admin' }]);
    expect(text(root.querySelector('#one-time-link code'))).to.equal(
      'https://chat.example.com/admin#invite=inv_secret_0123456789',
    );
    expect(text(root.querySelector('#one-time-link'))).to.contain('shown only now');
    expect(button(root.querySelector('#one-time-link')!, 'Copy')).to.exist;
    expect(text(root.querySelector('.invitations'))).to.contain('lin@example.com');
    button(root.querySelector('#one-time-link')!, 'Done').click();
    await waitUntil(() => !root.querySelector('#one-time-link'), 'gone');
    expect(root.textContent ?? '').to.not.contain('inv_secret');

    api.emailInvitations = true;
    (root.querySelector('#invite-email') as HTMLInputElement).value = 'sam@example.com';
    (root.querySelector('form[aria-labelledby=invite-title]') as HTMLFormElement).requestSubmit();
    const said = () => text(root.querySelector('form[aria-labelledby=invite-title] [role=status]'));
    await waitUntil(said, 'emailed');
    expect(said()).to.contain('sam@example.com is invited');
    expect(root.querySelector('#one-time-link')).to.equal(null);

    button(root.querySelector('.invitations li')!, 'Revoke').click();
    await waitUntil(() => api.teamCalls.some(([call]) => call === 'revokeInvitation'), 'revoked');
  });

  it('changes a role, and deactivates only after a confirmation', async () => {
    const { el, api } = await signedIn();
    const root = await team(el);
    const select = root.querySelector('select[aria-label="Role of Grace"]') as HTMLSelectElement;
    expect(root.querySelector('select[aria-label="Role of Ada"]'), 'not your own').to.equal(null);
    select.value = 'admin';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => api.teamCalls.length === 1, 'the change');
    expect(api.teamCalls[0]).to.deep.equal(['update', 'staff_2', { role: 'admin' }]);

    button(root.querySelector('tr[data-id=staff_2]')!, 'Deactivate').click();
    await waitUntil(() => root.querySelector('dialog[open]'), 'the confirmation');
    expect(text(root.querySelector('dialog'))).to.contain('Deactivate Grace?');
    button(root.querySelector('dialog')!, 'Cancel').click();
    await waitUntil(() => !root.querySelector('dialog'), 'cancelled');
    expect(api.teamCalls).to.have.length(1);

    button(root.querySelector('tr[data-id=staff_2]')!, 'Deactivate').click();
    await waitUntil(() => root.querySelector('dialog[open]'), 'the confirmation');
    button(root.querySelector('dialog')!, 'Confirm').click();
    await waitUntil(() => api.teamCalls.length === 2, 'deactivated');
    expect(api.teamCalls[1]).to.deep.equal(['update', 'staff_2', { active: false }]);
    await waitUntil(() => text(root.querySelector('tr[data-id=staff_2]')).includes('Deactivated'), 'shown');
    button(root.querySelector('tr[data-id=staff_2]')!, 'Reactivate').click();
    await waitUntil(() => api.teamCalls.length === 3, 'reactivated');
    expect(api.teamCalls[2]).to.deep.equal(['update', 'staff_2', { active: true }]);
  });

  it('makes a reset link to hand over', async () => {
    const { el, api } = await signedIn();
    const root = await team(el);
    button(root.querySelector('tr[data-id=staff_2]')!, 'Reset link').click();
    await waitUntil(() => root.querySelector('#one-time-link'), 'the link');
    expect(text(root.querySelector('#one-time-link code'))).to.contain('#reset=');
    expect(api.teamCalls).to.deep.equal([['resetLink', 'staff_2']]);
  });

  it('requires two-factor sign-in on the site with a switch (admins)', async () => {
    const { el, api } = await signedIn();
    api.settingsValue = { ...api.settingsValue, require2fa: false };
    const root = await team(el);
    await waitUntil(() => root.querySelector('#require-2fa'), 'the switch');
    const box = root.querySelector('#require-2fa') as HTMLInputElement;
    expect(box.checked).to.equal(false);
    box.click();
    await waitUntil(() => text(root.querySelector('[role=status]')) === 'Saved.', 'saved');
    expect(api.settingsPatches).to.deep.equal([{ require2fa: true }]);
    expect(box.checked).to.equal(true);
  });

  it('is read-only for agents', async () => {
    const { el, api } = await signedIn({ role: 'agent' });
    api.teamValue.items.push(member('staff_3', 'Lin', 'admin'));
    const root = await team(el);
    expect(root.querySelector('select')).to.equal(null);
    expect(root.querySelector('#invite-email')).to.equal(null);
    expect([...root.querySelectorAll('button')]).to.have.length(0);
    expect(text(root.querySelector('.card'))).to.contain('Only admins change the team.');
  });
});

describe('<chat-admin> API tokens page', () => {
  it('creates a token with scopes and an expiry, shows it once, lists it, and revokes after a confirmation', async () => {
    const { el, api } = await mount();
    const page = await showPage(el, 'API tokens', 'chat-admin-tokens');
    const root = await rendered(page, 'tbody tr');
    expect(text(root.querySelector('tbody tr'))).to.contain('CRM sync');
    expect(text(root.querySelector('tbody tr'))).to.contain('never');
    (root.querySelector('#token-name') as HTMLInputElement).value = 'Zapier';
    (root.querySelector('input[value=write]') as HTMLInputElement).click();
    (root.querySelector('#token-expiry') as HTMLSelectElement).value = '30';
    const before = Date.now();
    (root.querySelector('form[aria-labelledby=new-token-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelector('#new-token'), 'the token');
    const [, body] = api.tokenCalls[0] as [string, { name: string; scopes: string[]; expiresAt: number }];
    expect(body.name).to.equal('Zapier');
    expect(body.scopes).to.deep.equal(['read', 'write']);
    expect(body.expiresAt - before).to.be.within(30 * 86_400_000 - 1000, 30 * 86_400_000 + 5000);
    expect(text(root.querySelector('#new-token code'))).to.equal('st_shown_once_0123456789');
    expect(text(root.querySelector('#new-token'))).to.contain('shown only once');
    await waitUntil(() => root.querySelectorAll('tbody tr').length === 2, 'listed');
    expect(text(root.querySelectorAll('tbody tr')[1]!)).to.contain('Read, Write');
    expect(text(root.querySelector('tbody'))).to.not.contain('st_shown_once');
    button(root.querySelector('#new-token')!, 'Done').click();
    await waitUntil(() => !root.querySelector('#new-token'), 'gone');

    button(root.querySelector('tbody tr')!, 'Revoke').click();
    await waitUntil(() => root.querySelector('dialog[open]'), 'the confirmation');
    button(root.querySelector('dialog')!, 'Revoke').click();
    await waitUntil(() => root.querySelectorAll('tbody tr').length === 1, 'revoked');
    expect(api.tokenCalls[1]).to.deep.equal(['revoke', 'staff_9']);
  });

  it('refuses a token without a scope', async () => {
    const { el, api } = await mount();
    const page = await showPage(el, 'API tokens', 'chat-admin-tokens');
    const root = await rendered(page, 'form');
    (root.querySelector('#token-name') as HTMLInputElement).value = 'Nothing';
    (root.querySelector('input[value=read]') as HTMLInputElement).click();
    (root.querySelector('form[aria-labelledby=new-token-title]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => text(root.querySelector('[role=alert]')), 'the refusal');
    expect(text(root.querySelector('[role=alert]'))).to.equal('Choose at least one scope.');
    expect(api.tokenCalls).to.deep.equal([]);
  });
});

describe('<chat-admin> Sites page', () => {
  it('lists the account’s sites with roles and switches, starting the inbox again on that site', async () => {
    const { el, auth, csrf } = await signedIn();
    const page = await showPage(el, 'Your sites', 'chat-admin-sites');
    const root = await rendered(page, '.sites li');
    const items = [...root.querySelectorAll('.sites li')];
    expect(text(items[0]!)).to.equal('Acme Outdoor Owner Current');
    button(items[1]!, 'Switch').click();
    await waitUntil(() => csrf.length === 2, 'signed in on the other site');
    expect(auth.calls).to.deep.include(['switchSite', 's2']);
    expect(csrf).to.deep.equal(['csrf_1', 'csrf_2']);
    await waitUntil(() => el.me !== undefined, 'the inbox');
    await settle(el);
    expect($(el, '[role=listbox]')).to.exist;
  });

  it('creates a site and shows its first admin token once', async () => {
    const { el, api } = await signedIn();
    const page = await showPage(el, 'Your sites', 'chat-admin-sites');
    const root = await rendered(page, '#site-name');
    (root.querySelector('#site-name') as HTMLInputElement).value = 'Acme Bikes';
    (root.querySelector('#site-origins') as HTMLTextAreaElement).value = 'https://bikes.example.com\n';
    (root.querySelector('form') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelector('#new-site'), 'created');
    expect(api.sitesMade).to.deep.equal([{ name: 'Acme Bikes', allowedOrigins: ['https://bikes.example.com'] }]);
    expect(text(root.querySelector('#new-site code'))).to.equal('st_site_admin_0123456789');
  });
});
