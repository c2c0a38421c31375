// Issue #82: the inbox's outlets are filled from the features' folders, and an entry that takes a permission is
// shown only to the members who hold it (outlets.ts): for the others its element is not made and its chunk never
// fetched.
import { expect } from '@open-wc/testing';
import type { Permission } from '@parley/protocol/admin';
import { conversation, mount, open, type Setup } from './admin-fixture.js';
import { $, settle, waitUntil } from './helpers.js';

/** Signed in as `role` (with `permissions` where the relay says them), the conversation c1 open. */
async function signedIn(role: 'agent' | 'admin', permissions?: Permission[]): Promise<Setup> {
  const setup = await mount([conversation('c1')], false);
  setup.api.role = role;
  if (permissions) setup.api.mePermissions = permissions;
  await setup.el.signIn(`st_${role}_token_0123456789`);
  await waitUntil(() => setup.api.queries.length > 0 && setup.el.me !== undefined, 'signed in');
  await open(setup.el, 'c1');
  await waitUntil(() => $(setup.el, 'chat-admin-contact-card .edit-contact'), 'the contact card');
  await settle(setup.el);
  return setup;
}

describe('<chat-admin> outlets: who sees an entry', () => {
  // First in the file: the section's chunk is not yet in the page.
  it('shows an agent without contacts.manage no duplicates section, and never fetches its chunk', async () => {
    const { el, api } = await signedIn('agent');
    expect($(el, 'chat-admin-contact-card chat-admin-duplicates')).to.equal(null);
    expect(customElements.get('chat-admin-duplicates')).to.equal(undefined);
    expect(api.requests.filter((request) => request.includes('/duplicates'))).to.deep.equal([]);
  });

  it('shows it to a custom role that holds contacts.manage (an agent on the wire)', async () => {
    const { el } = await signedIn('agent', ['contacts.manage']);
    await waitUntil(() => $(el, 'chat-admin-contact-card chat-admin-duplicates'), 'the section');
  });

  it('shows it to an admin, who asks the relay for the duplicates', async () => {
    const { el, api } = await signedIn('admin');
    await waitUntil(() => $(el, 'chat-admin-contact-card chat-admin-duplicates'), 'the section');
    await customElements.whenDefined('chat-admin-duplicates');
    await waitUntil(() => api.requests.some((request) => request.includes('/duplicates')), 'the duplicates asked');
  });
});
