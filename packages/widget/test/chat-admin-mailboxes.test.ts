import { expect } from '@open-wc/testing';
import type { Mailbox } from '@parley/protocol/admin';
import { mount } from './admin-fixture.js';
import { $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The mailboxes page of <chat-admin> (a team's own mailbox over IMAP and SMTP), against the fake admin API, in
// Chromium.

function mailbox(id: string, overrides: Partial<Mailbox> = {}): Mailbox {
  return {
    id,
    address: `${id}@team.example.com`,
    name: null,
    imap: { host: 'imap.example.com', port: 993, tls: 'tls', user: `${id}@team.example.com` },
    smtp: { host: 'smtp.example.com', port: 465, tls: 'tls', user: `${id}@team.example.com` },
    afterImport: 'seen',
    moveTo: null,
    lastError: null,
    checkedAt: Date.now() - 60_000,
    createdAt: Date.now() - 60_000,
    ...overrides,
  };
}

async function openPage(mailboxes: Mailbox[] = []) {
  const setup = await mount(undefined, false);
  setup.api.mailboxList = mailboxes;
  await setup.el.signIn('st_test_token_0123456789');
  await settle(setup.el);
  const page = await showPage(setup.el, 'Mailboxes (IMAP)', 'chat-admin-mailboxes');
  await waitUntil(() => page.shadowRoot?.querySelector('#mailboxes-title'), 'the page');
  await settle(page);
  return { ...setup, page, root: page.shadowRoot! };
}

function fill(root: ShadowRoot, values: Record<string, string>): void {
  for (const [id, value] of Object.entries(values)) {
    const field = root.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement;
    field.value = value;
  }
}

/** Clicks a button as a person does: it takes focus first (the page says the outcome beside what has focus). */
function press(button: Element | null): void {
  (button as HTMLButtonElement).focus();
  (button as HTMLButtonElement).click();
}

const logins = {
  'mailbox-address': 'Support@Team.example.com',
  'imap-host': 'imap.gmail.com',
  'imap-port': '993',
  'imap-user': 'support@team.example.com',
  'imap-password': 'app-password-imap',
  'smtp-host': 'smtp.gmail.com',
  'smtp-port': '587',
  'smtp-tls': 'starttls',
  'smtp-user': 'support@team.example.com',
  'smtp-password': 'app-password-smtp',
};

describe('<chat-admin> mailboxes page', () => {
  it('is a settings page for admins only', async () => {
    const agent = await mount(undefined, false);
    agent.api.role = 'agent';
    await agent.el.signIn('st_test_token_0123456789');
    await settle(agent.el);
    expect($$(agent.el, '.topbar nav button').map(text)).to.include('Settings');
    expect((await settingsLinks(agent.el)).map(text)).to.not.include('Mailboxes (IMAP)');
  });

  it('connects a mailbox with both logins, with the providers’ app-password guidance, and shows no password', async () => {
    const { api, page, root } = await openPage();
    expect(text(root.querySelector('.app-passwords'))).to.contain('app password');
    expect(root.textContent).to.contain('No mailboxes yet.');
    for (const id of ['mailbox-address', 'imap-host', 'imap-password', 'smtp-host', 'smtp-password'])
      expect(root.querySelector(`#${id}`)?.closest('label'), id).to.exist;
    fill(root, logins);
    press(root.querySelector('form button[type=submit]'));
    await waitUntil(() => api.mailboxList.length === 1, 'the mailbox');
    await settle(page);
    expect(api.mailboxBodies[0]).to.deep.include({
      address: 'Support@Team.example.com',
      afterImport: 'seen',
      imap: {
        host: 'imap.gmail.com',
        port: 993,
        tls: 'tls',
        user: 'support@team.example.com',
        password: 'app-password-imap',
      },
      smtp: {
        host: 'smtp.gmail.com',
        port: 587,
        tls: 'starttls',
        user: 'support@team.example.com',
        password: 'app-password-smtp',
      },
    });
    const item = root.querySelector('[data-id=mbx_1]') as HTMLElement;
    expect(text(item)).to.contain('support@team.example.com');
    expect(text(item)).to.contain('Working');
    expect(root.textContent).to.not.contain('app-password-imap');
    expect(text(root.querySelector('form [role=status]'))).to.equal('Connected.');
    expect((root.querySelector('#imap-password') as HTMLInputElement).value).to.equal('', 'the form is emptied');
  });

  it('says what the relay’s check refused, beside the button, and keeps what was typed', async () => {
    const { api, page, root } = await openPage();
    api.mailboxRefusal = 'the IMAP server refused the login';
    fill(root, logins);
    press(root.querySelector('form button[type=submit]'));
    await waitUntil(() => api.mailboxBodies.length === 1, 'the call');
    await settle(page);
    expect(text(root.querySelector('form [role=alert]'))).to.contain('the IMAP server refused the login');
    expect(api.mailboxList).to.have.length(0);
    expect((root.querySelector('#imap-host') as HTMLInputElement).value).to.equal('imap.gmail.com');
  });

  it('moves imported mail to a folder when asked, which it then needs', async () => {
    const { api, page, root } = await openPage();
    expect(root.querySelector('#mailbox-move-to')).to.not.exist;
    const move = root.querySelector('input[name=afterImport][value=move]') as HTMLInputElement;
    move.click();
    await settle(page);
    const folder = root.querySelector('#mailbox-move-to') as HTMLInputElement;
    expect(folder.required).to.equal(true);
    fill(root, { ...logins, 'mailbox-move-to': 'Parley' });
    press(root.querySelector('form button[type=submit]'));
    await waitUntil(() => api.mailboxList.length === 1, 'the mailbox');
    expect(api.mailboxBodies[0]).to.include({ afterImport: 'move', moveTo: 'Parley' });
    await settle(page);
    expect(text(root.querySelector('[data-id=mbx_1]'))).to.contain('moved to Parley');
  });

  it('shows a failing mailbox, checks it again, and removes one after a confirmation', async () => {
    const { api, page, root } = await openPage([
      mailbox('desk', { lastError: 'no answer from imap.example.com:993 in 10 s' }),
      mailbox('sales'),
    ]);
    expect(text(root.querySelector('[data-id=desk] .health'))).to.contain(
      'no answer from imap.example.com:993 in 10 s',
    );
    press(root.querySelector('[data-id=desk] .check'));
    await waitUntil(() => api.mailboxList[0]!.lastError === null, 'the check');
    await settle(page);
    expect(text(root.querySelector('[data-id=desk] .health'))).to.equal('Working');
    expect(text(root.querySelector('[data-save=mailboxes] [role=status]'))).to.equal('Both logins work.');

    (root.querySelector('[data-id=sales] .delete') as HTMLButtonElement).click();
    await settle(page);
    const dialog = root.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog)).to.contain('sales@team.example.com');
    (dialog.querySelector('.confirm') as HTMLButtonElement).click();
    await waitUntil(() => api.mailboxList.length === 1, 'removed');
    await settle(page);
    expect(root.querySelector('[data-id=sales]')).to.not.exist;
  });
  it('edits a mailbox: its folder and name as they are, a changed server only with its password again', async () => {
    const { api, page, root } = await openPage([mailbox('desk', { name: 'Desk' })]);
    press(root.querySelector('[data-id=desk] .edit'));
    await settle(page);
    expect(text(root.querySelector('#add-title'))).to.equal('Edit desk@team.example.com');
    const address = root.querySelector('#mailbox-address') as HTMLInputElement;
    expect(address.readOnly).to.equal(true);
    expect(address.value).to.equal('desk@team.example.com');
    expect((root.querySelector('#mailbox-name') as HTMLInputElement).value).to.equal('Desk');
    expect((root.querySelector('#imap-host') as HTMLInputElement).value).to.equal('imap.example.com');
    expect((root.querySelector('#imap-password') as HTMLInputElement).required).to.equal(false);

    // A server changed without its password: refused here, nothing sent.
    fill(root, { 'imap-host': 'imap.gmail.com' });
    press(root.querySelector('form button[type=submit]'));
    await settle(page);
    expect(text(root.querySelector('form [role=alert]'))).to.contain('Incoming mail (IMAP)');
    expect(api.mailboxEdits).to.have.length(0);

    // With it: the server whole; the other left out; the folder chosen.
    (root.querySelector('input[name=afterImport][value=move]') as HTMLInputElement).click();
    await settle(page);
    fill(root, { 'imap-password': 'new-app-password', 'mailbox-move-to': 'Handled', 'mailbox-name': 'Team desk' });
    press(root.querySelector('form button[type=submit]'));
    await waitUntil(() => api.mailboxEdits.length === 1, 'the edit');
    expect(api.mailboxEdits[0]).to.deep.equal([
      'desk',
      {
        name: 'Team desk',
        afterImport: 'move',
        moveTo: 'Handled',
        imap: {
          host: 'imap.gmail.com',
          port: 993,
          tls: 'tls',
          user: 'desk@team.example.com',
          password: 'new-app-password',
        },
      },
    ]);
    await settle(page);
    expect(text(root.querySelector('form [role=status]'))).to.equal('Saved.');
    expect(text(root.querySelector('#add-title'))).to.equal('Connect a mailbox', 'back to adding one');
    expect(text(root.querySelector('[data-id=desk]'))).to.contain('moved to Handled');
    expect(text(root.querySelector('[data-id=desk]'))).to.contain('IMAP imap.gmail.com:993');
    expect((root.querySelector('#mailbox-address') as HTMLInputElement).value).to.equal('');
  });
});
