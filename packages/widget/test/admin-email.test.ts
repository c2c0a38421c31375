import { expect } from '@open-wc/testing';
import { AdminApiError, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount } from './admin-fixture.js';
import { $, $$, settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

async function openEmail(el: ChatAdmin) {
  const page = await showPage(el, 'Support addresses', 'chat-admin-email');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the support addresses form');
  return { page, root: page.shadowRoot! };
}

function inputs(root: ParentNode, name: string): HTMLInputElement[] {
  return [...root.querySelectorAll<HTMLInputElement>(`input[name=${name}]`)];
}

function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('<chat-admin> email page (support addresses)', () => {
  it('is for admins only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('Support addresses');
  });

  it('lists the addresses, adds and removes rows, and saves the whole list', async () => {
    const { el, api } = await mount();
    api.supportValue = {
      items: [{ address: 'help@shop.example', name: 'Shop help', createdAt: 1, verifiedAt: 2 }],
      receiving: ['smtp', 'webhook'],
    };
    const { page, root } = await openEmail(el);
    expect(text(root.querySelector('.muted'))).to.contain('its SMTP listener · a mail provider’s webhook');
    expect(inputs(root, 'address').map((input) => input.value)).to.deep.equal(['help@shop.example']);
    expect(inputs(root, 'name').map((input) => input.value)).to.deep.equal(['Shop help']);

    const add = [...root.querySelectorAll('button')].find((button) => text(button) === 'Add an address')!;
    add.click();
    await page.updateComplete;
    const [, fresh] = inputs(root, 'address');
    expect(fresh, 'a new row').to.exist;
    await waitUntil(() => page.shadowRoot!.activeElement === fresh, 'the new row’s address to have focus');
    type(fresh!, '  Sales@Shop.example ');
    type(inputs(root, 'name')[0]!, '');
    // A row left empty is not sent.
    add.click();
    await page.updateComplete;
    expect(inputs(root, 'address')).to.have.length(3);
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => api.savedSupport.length === 1, 'the save');
    expect(api.savedSupport[0]).to.deep.equal({
      items: [{ address: 'help@shop.example' }, { address: 'Sales@Shop.example' }],
    });
    await waitUntil(() => text(root.querySelector('form [role=status]')) === 'Saved.', 'saved');
    expect(inputs(root, 'address').map((input) => input.value)).to.deep.equal([
      'help@shop.example',
      'sales@shop.example',
    ]);

    const remove = root.querySelector<HTMLButtonElement>('button[aria-label="Remove help@shop.example"]')!;
    remove.click();
    await page.updateComplete;
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => api.savedSupport.length === 2, 'the second save');
    expect(api.savedSupport[1]).to.deep.equal({ items: [{ address: 'sales@shop.example' }] });
  });

  it('asks for the code mailed to a waiting address, says a wrong one, and sends a new one (issue #80)', async () => {
    const { el, api } = await mount();
    api.supportValue = {
      items: [
        { address: 'help@shop.example', name: null, createdAt: 1, verifiedAt: 2 },
        { address: 'sales@shop.example', name: null, createdAt: 3, verifiedAt: null },
      ],
      receiving: ['smtp'],
    };
    const { page, root } = await openEmail(el);
    const waiting = () => [...root.querySelectorAll<HTMLFormElement>('form.waiting')];
    expect(waiting().map((form) => form.dataset.address)).to.deep.equal(['sales@shop.example']);
    expect(text(waiting()[0]!.querySelector('.notice'))).to.contain('sales@shop.example waits for confirmation');
    const code = () => waiting()[0]!.querySelector<HTMLInputElement>('input[name=code]')!;
    const submit = () => waiting()[0]!.querySelector<HTMLButtonElement>('button[type=submit]')!;

    [...waiting()[0]!.querySelectorAll('button')].find((button) => text(button) === 'Send a new code')!.click();
    await waitUntil(() => api.resentSupport.length === 1, 'the new code');
    expect(api.resentSupport).to.deep.equal(['sales@shop.example']);

    code().value = 'AAAA-AAAA-AAAA';
    submit().click();
    await waitUntil(() => root.textContent?.includes('That is not the code sent to the address.'), 'the refusal');
    expect(waiting()).to.have.length(1);

    code().value = ' K7QX-M2PD-9WHA ';
    submit().click();
    await waitUntil(() => waiting().length === 0, 'the address confirmed');
    await page.updateComplete;
    expect(inputs(root, 'address').map((input) => input.value)).to.deep.equal([
      'help@shop.example',
      'sales@shop.example',
    ]);
  });

  it('says when the relay takes no mail at all, and shows the relay’s refusal', async () => {
    const { el, api } = await mount();
    api.supportValue = { items: [], receiving: [] };
    api.refuseSupport = new AdminApiError('conflict', 'Another site of this relay has help@shop.example.', 409);
    const { root } = await openEmail(el);
    expect(text(root.querySelector('.notice'))).to.contain('PARLEY_INBOUND_DOMAIN');
    expect(text(root.querySelector('form'))).to.contain('No support address yet.');
    [...root.querySelectorAll('button')].find((button) => text(button) === 'Add an address')!.click();
    await waitUntil(() => inputs(root, 'address').length === 1, 'a row');
    type(inputs(root, 'address')[0]!, 'help@shop.example');
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => text(root.querySelector('form [role=alert]')).includes('Another site'), 'the refusal');
    expect(inputs(root, 'address')[0]!.value, 'the form is kept').to.equal('help@shop.example');
  });

  it('shows an email conversation’s channel and subject in the list and the thread', async () => {
    const { el } = await mount([
      conversation('c1', { channel: 'email', subject: 'Where is order 4411?' }),
      conversation('c2'),
    ]);
    await waitUntil(() => $(el, '[role=option] .channel'), 'the channel badge');
    const items = $$(el, '[role=option]');
    expect(text(items[0]!.querySelector('.channel'))).to.equal('Email');
    expect(text(items[0]!.querySelector('.subject'))).to.equal('Where is order 4411?');
    expect(items[1]!.querySelector('.channel'), 'a chat has no badge').to.equal(null);
    items[0]!.click();
    await waitUntil(() => $(el, '.conversation-head .subject'), 'the thread’s subject');
    expect(text($(el, '.conversation-head .subject'))).to.equal('Email Where is order 4411?');
  });
});
