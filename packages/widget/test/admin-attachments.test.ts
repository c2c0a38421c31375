import { expect } from '@open-wc/testing';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount } from './admin-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

async function openAttachments(el: ChatAdmin) {
  const page = await showPage(el, 'Attachments', 'chat-admin-attachments');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the attachments form');
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

const MB = 1_000_000;

describe('<chat-admin> attachments page', () => {
  // First: the page's chunk has not been fetched yet.
  it('is for admins only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('Attachments');
    expect(customElements.get('chat-admin-attachments'), 'the chunk never fetched').to.equal(undefined);
  });
  it('loads the settings, with the bytes in use, and saves types, file size and quota', async () => {
    const { el, api } = await mount();
    api.attachmentValue = { types: null, maxBytes: null, quotaBytes: 100 * MB, usedBytes: 3 * MB };
    const { page, root } = await openAttachments(el);
    expect(text(root.querySelector('.used'))).to.equal('In use: 3 MB of 100 MB.');
    const relayDefault = field<HTMLInputElement>(root, 'input[name=relayDefault]');
    expect(relayDefault.checked).to.equal(true);
    expect(field<HTMLFieldSetElement>(root, 'fieldset').disabled).to.equal(true);
    // Every type is labelled; the quota field shows the site's own quota.
    expect([...root.querySelectorAll('fieldset label')].map(text)).to.include.members([
      'PNG image',
      'PDF',
      'CSV (.csv)',
    ]);
    expect(field<HTMLInputElement>(root, '#attachments-quota').value).to.equal('100');
    expect(field<HTMLInputElement>(root, '#attachments-max').value).to.equal('');

    relayDefault.click();
    await page.updateComplete;
    expect(field<HTMLFieldSetElement>(root, 'fieldset').disabled).to.equal(false);
    for (const type of ['gif', 'webp', 'docx', 'xlsx', 'pptx', 'odt', 'txt', 'csv'])
      field<HTMLInputElement>(root, `input[value=${type}]`).click();
    field<HTMLInputElement>(root, '#attachments-max').value = '5';
    field<HTMLInputElement>(root, '#attachments-quota').value = '';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => api.savedAttachments.length === 1, 'the save');
    expect(api.savedAttachments[0]).to.deep.equal({
      types: ['png', 'jpeg', 'pdf'],
      maxBytes: 5 * MB,
      quotaBytes: null,
    });
    await waitUntil(() => text(root.querySelector('[role=status]')) === 'Saved.', 'saved');
    expect(text(root.querySelector('.used'))).to.equal('In use: 3 MB.');
  });

  it('shows sizes to the byte, so saving the page unchanged changes nothing', async () => {
    const { el, api } = await mount();
    api.attachmentValue = { types: ['png'], maxBytes: 1_234, quotaBytes: 2_500_001, usedBytes: 0 };
    const { root } = await openAttachments(el);
    expect(field<HTMLInputElement>(root, '#attachments-max').value).to.equal('0.001234');
    expect(field<HTMLInputElement>(root, '#attachments-quota').value).to.equal('2.500001');
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => api.savedAttachments.length === 1, 'the save');
    expect(api.savedAttachments[0]).to.deep.equal({ types: ['png'], maxBytes: 1_234, quotaBytes: 2_500_001 });
  });

  it('shows the relay’s refusal and keeps the form', async () => {
    const { el, api } = await mount();
    api.refuseAttachments = new AdminApiError('bad_request', 'maxBytes is above the relay’s limit.', 400);
    const { page, root } = await openAttachments(el);
    field<HTMLInputElement>(root, '#attachments-max').value = '500';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => root.querySelector('[role=alert]'), 'the error');
    await page.updateComplete;
    expect(text(root.querySelector('[role=alert]'))).to.include('maxBytes is above the relay’s limit.');
    expect(text(root.querySelector('[role=status]'))).to.equal('');
    expect(root.querySelector('form')).to.exist;
  });
});
