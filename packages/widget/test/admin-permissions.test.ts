// Issue #41: the inbox shows or hides its controls outside Settings by what the signed-in member holds (`/me`'s
// `permissions`), never by the name of their built-in role: a custom role is an `agent` on the wire.
import { expect } from '@open-wc/testing';
import { PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open, type Setup } from './admin-fixture.js';
import { $, $$, settle, showDeskPage, text, waitUntil } from './helpers.js';

const EVERY: Permission[] = [...PERMISSIONS];

/** Signed in as a member of a custom role (an agent on the wire) that grants `permissions`. */
async function customRole(permissions: Permission[]): Promise<Setup> {
  const setup = await mount(undefined, false);
  setup.api.role = 'agent';
  setup.api.mePermissions = permissions;
  await setup.el.signIn('st_custom_token_0123456789');
  await waitUntil(() => setup.api.queries.length > 0 && setup.el.me !== undefined, 'signed in');
  await settle(setup.el);
  return setup;
}

const tabs = (el: ChatAdmin) => $$(el, '.topbar nav button').map(text);

async function profile(el: ChatAdmin, id: string): Promise<ShadowRoot> {
  const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('button.contact').length > 0, 'the contacts');
  root.querySelector<HTMLButtonElement>(`button.contact[data-id="${id}"]`)!.click();
  await waitUntil(() => root.querySelector('#contact-title'), 'the profile');
  await waitUntil(() => root.querySelector('.conversations, #contact-conversations-title + .muted'), 'conversations');
  await page.updateComplete;
  return root;
}

describe('<chat-admin> controls by permission', () => {
  it('gives a custom role holding contacts.manage the export and the erasure, and without emails.reveal no reveal', async () => {
    const { el } = await customRole(['contacts.manage']);
    const root = await profile(el, 'v_c1');
    expect(root.querySelector('button.export'), 'the export').to.not.equal(null);
    expect(root.querySelector('button.open-erase'), 'the erasure').to.not.equal(null);
    expect(root.querySelector('button.reveal'), 'no reveal without emails.reveal').to.equal(null);
    expect(text(root.querySelector('.profile .email'))).to.equal('a***@ex***.com');
    // Nor reports (no reports.view), nor broadcasts (no automations.manage).
    expect(tabs(el)).to.not.include('Reports');
    expect(tabs(el)).to.not.include('Broadcasts');
  });

  it('hides Reports from an admin-like custom role without reports.view, and shows it what it holds', async () => {
    const { el } = await customRole(EVERY.filter((permission) => permission !== 'reports.view'));
    expect(tabs(el)).to.not.include('Reports');
    expect(tabs(el)).to.include('Broadcasts');
    const root = await profile(el, 'v_c1');
    expect(root.querySelector('button.export')).to.not.equal(null);
    expect(root.querySelector('button.reveal')).to.not.equal(null);
  });

  it('keeps the agent’s reveal and reports, and hides the visitor panel’s reveal from a role without emails.reveal', async () => {
    const agent = await customRole(['reports.view', 'emails.reveal']);
    expect(tabs(agent.el)).to.include('Reports');
    await open(agent.el, 'c1');
    expect($(agent.el, '[part=visitor-panel] .reveal'), 'an agent reveals').to.not.equal(null);
    const root = await profile(agent.el, 'v_c1');
    expect(root.querySelector('button.export'), 'an agent does not export').to.equal(null);

    const none = await customRole([]);
    await open(none.el, 'c1');
    const panel = $(none.el, '[part=visitor-panel]')!;
    expect(text(panel.querySelector('.email'))).to.equal('a***@ex***.com');
    expect(panel.querySelector('.reveal'), 'no reveal without emails.reveal').to.equal(null);
    expect(tabs(none.el)).to.not.include('Reports');
  });

  it('decides by the built-in role for a relay from before roles (no permissions in /me)', async () => {
    const admin = await mount([conversation('c1')]);
    expect(admin.api.mePermissions).to.equal(undefined);
    expect(tabs(admin.el)).to.include.members(['Reports', 'Broadcasts']);
    const root = await profile(admin.el, 'v_c1');
    expect(root.querySelector('button.export')).to.not.equal(null);
  });
});
