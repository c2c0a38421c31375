import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { FakeAuth, session } from './auth-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

async function signedIn() {
  const auth = new FakeAuth();
  auth.current = session();
  const setup = await mount(undefined, false, { auth });
  await waitUntil(() => setup.el.me !== undefined, 'signed in');
  await settle(setup.el);
  return setup;
}

async function openRoles(el: ChatAdmin) {
  const page = await showPage(el, 'Roles', 'chat-admin-roles');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('.role').length >= 3, 'the roles');
  return { page, root };
}

function button(root: ParentNode, label: string): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => text(b) === label || b.getAttribute('aria-label') === label,
  );
  if (!found) throw new Error(`no "${label}" button`);
  return found;
}

function check(root: ShadowRoot, permissions: string[]): void {
  for (const box of root.querySelectorAll<HTMLInputElement>('input[name=permission]'))
    box.checked = permissions.includes(box.value);
}

describe('<chat-admin> Roles', () => {
  it('lists the built-in roles, adds a role with its permissions, edits it, and deletes it after a confirmation', async () => {
    const { el, api } = await signedIn();
    const { page, root } = await openRoles(el);
    expect(text(root.querySelector('.card[aria-labelledby=roles-custom-title] .muted'))).to.equal(
      'No roles of this site yet.',
    );
    expect(text(root.querySelector('.role[data-id=agent] .grants'))).to.equal('Grants: View reports, Reveal emails');
    expect(root.querySelector('.role[data-id=agent] button'), 'a built-in role is not changed').to.equal(null);
    expect(root.querySelectorAll('input[name=permission]')).to.have.length(9);

    (root.querySelector('#role-name') as HTMLInputElement).value = 'Supervisor';
    check(root, ['reports.view', 'conversations.all']);
    (root.querySelector('form[data-save=role]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.rolesCalls.length === 1, 'the create');
    expect(api.rolesCalls[0]).to.deep.equal([
      'create',
      { name: 'Supervisor', permissions: ['conversations.all', 'reports.view'] },
    ]);
    await waitUntil(() => root.querySelector('.role[data-id=role_3]'), 'listed');
    expect(text(root.querySelector('.role[data-id=role_3] .grants'))).to.equal(
      'Grants: See all conversations, View reports',
    );
    expect((root.querySelector('#role-name') as HTMLInputElement).value, 'the form is cleared').to.equal('');

    // A taken name: said beside the field, nothing added.
    (root.querySelector('#role-name') as HTMLInputElement).value = 'supervisor';
    (root.querySelector('form[data-save=role]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => root.querySelector('#role-name-error'), 'the refusal beside the name');
    expect(text(root.querySelector('#role-name-error'))).to.contain('already');
    expect(root.querySelectorAll('.role')).to.have.length(4);

    button(root, 'Edit: Supervisor').click();
    await page.updateComplete;
    expect((root.querySelector('#role-name') as HTMLInputElement).value).to.equal('Supervisor');
    const checked = [...root.querySelectorAll<HTMLInputElement>('input[name=permission]')]
      .filter((box) => box.checked)
      .map((box) => box.value);
    expect(checked).to.deep.equal(['conversations.all', 'reports.view']);
    check(root, ['reports.view']);
    (root.querySelector('form[data-save=role]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.rolesCalls.length === 3, 'the update');
    expect(api.rolesCalls[2]).to.deep.equal([
      'update',
      'role_3',
      { name: 'Supervisor', permissions: ['reports.view'] },
    ]);
    await waitUntil(
      () => text(root.querySelector('.role[data-id=role_3] .grants')) === 'Grants: View reports',
      'shown',
    );

    // Held by a member: the relay refuses, and the page says why; the role stays.
    api.rolesValue.find((role) => role.id === 'role_3')!.members = 1;
    button(root, 'Delete: Supervisor').click();
    await page.updateComplete;
    button(root.querySelector('.role[data-id=role_3]')!, 'Delete').click();
    await waitUntil(() => api.rolesCalls.length === 4, 'the delete');
    await waitUntil(() => (root.textContent ?? '').includes('another role first'), 'the refusal said');
    expect(root.querySelector('.role[data-id=role_3]')).to.not.equal(null);

    api.rolesValue.find((role) => role.id === 'role_3')!.members = 0;
    button(root, 'Delete: Supervisor').click();
    await page.updateComplete;
    button(root.querySelector('.role[data-id=role_3]')!, 'Delete').click();
    await waitUntil(() => !root.querySelector('.role[data-id=role_3]'), 'deleted');
    expect(api.rolesCalls.at(-1)).to.deep.equal(['delete', 'role_3']);
  });

  it('offers the site’s roles in the team page’s picker, and gives one by its id', async () => {
    const { el, api } = await signedIn();
    api.rolesValue.push({
      id: 'role_sup',
      name: 'Supervisor',
      builtIn: false,
      permissions: ['reports.view'],
      members: 0,
    });
    api.customRoleNames = { role_sup: 'Supervisor' };
    const page = await showPage(el, 'Team', 'chat-admin-team');
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('select[aria-label="Role of Grace"] optgroup option'), 'the site’s roles');
    const select = root.querySelector('select[aria-label="Role of Grace"]') as HTMLSelectElement;
    expect([...select.options].map((option) => option.value)).to.deep.equal(['admin', 'agent', 'role_sup']);
    select.value = 'role_sup';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => api.teamCalls.length === 1, 'the change');
    expect(api.teamCalls[0]).to.deep.equal(['update', 'staff_2', { roleId: 'role_sup' }]);
    await waitUntil(
      () => (root.querySelector('select[aria-label="Role of Grace"]') as HTMLSelectElement).value === 'role_sup',
      'shown as held',
    );
  });

  it('invites with one of the site’s roles, by its id, and lists the invitation with its name', async () => {
    const { el, api } = await signedIn();
    api.rolesValue.push({ id: 'role_sup', name: 'Supervisor', builtIn: false, permissions: [], members: 0 });
    api.customRoleNames = { role_sup: 'Supervisor' };
    const page = await showPage(el, 'Team', 'chat-admin-team');
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('#invite-role optgroup option'), 'the site’s roles in the invitation');
    const select = root.querySelector('#invite-role') as HTMLSelectElement;
    expect([...select.options].map((option) => option.value)).to.deep.equal(['agent', 'admin', 'role_sup']);
    (root.querySelector('#invite-email') as HTMLInputElement).value = 'sue@example.com';
    select.value = 'role_sup';
    (root.querySelector('form[data-save=invite]') as HTMLFormElement).requestSubmit();
    await waitUntil(() => api.teamCalls.length === 1, 'the invitation');
    expect(api.teamCalls[0]).to.deep.equal(['invite', { email: 'sue@example.com', roleId: 'role_sup' }]);
    await waitUntil(() => root.querySelector('.invitations li'), 'listed');
    expect(text(root.querySelector('.invitations li .badge'))).to.equal('Supervisor');
  });

  it('shows a custom role the settings pages its permissions open, and no others', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    api.mePermissions = ['team.manage', 'audit.view'];
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    await showPage(el, 'Settings', 'chat-admin-settings');
    const links = (await settingsLinks(el)).map(text);
    expect(links).to.include.members(['Team', 'Roles', 'Audit log', 'Saved replies']);
    expect(links).not.to.include.members(['Webhooks']);
    expect(links).not.to.include('Site');

    api.mePermissions = undefined;
    const plain = await mount(undefined, false);
    plain.api.role = 'agent';
    await plain.el.signIn('st_agent_token_0123456789');
    await waitUntil(() => plain.api.queries.length > 0, 'signed in');
    await showPage(plain.el, 'Settings', 'chat-admin-settings');
    expect((await settingsLinks(plain.el)).map(text)).not.to.include('Roles');
  });
});
