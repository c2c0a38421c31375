import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { attribute } from './fakes/attributes-fake.js';
import { mount } from './admin-fixture.js';
import { settle, showPage, text, waitUntil } from './helpers.js';

// The site's pre-chat form (issue #86): Settings → Pre-chat form (fields added, typed from the attribute they fill,
// reordered and removed, labels per language, when it shows; a refusal said; admins only).

async function openForm(el: ChatAdmin) {
  const page = await showPage(el, 'Pre-chat form', 'chat-admin-prechat-form');
  await waitUntil(() => page.shadowRoot?.querySelector('form[data-save=prechat]'), 'the form');
  return { page, root: page.shadowRoot! };
}

const legends = (root: ParentNode) => [...root.querySelectorAll('ol.fields legend')].map(text);

describe('<chat-admin> Settings → Pre-chat form', () => {
  it('adds, types, reorders and removes fields, and saves the form whole', async () => {
    const { el, api } = await mount();
    api.attributeDefinitions = [
      attribute('plan', 'list', { options: ['Free', 'Pro', 'Enterprise'] }),
      attribute('newsletter', 'checkbox'),
      attribute('old', 'text', { archived: true }),
      attribute('company', 'text', { scope: 'conversation' }),
    ];
    const { page, root } = await openForm(el);
    expect(text(root.querySelector('ol.fields + *') ?? root.querySelector('.muted'))).to.contain('No field');
    const add = () => (root.querySelector('.row > button.secondary') as HTMLButtonElement).click();
    add();
    add();
    add();
    await settle(page);
    expect(legends(root)).to.deep.equal([
      'Field 1: Name',
      'Field 2: Email',
      'Field 3: Phone (the contact attribute phone)',
    ]);
    // What a field may fill: the contact attributes not archived, none a field fills already.
    const keys = [...root.querySelectorAll<HTMLOptionElement>('ol.fields li:nth-child(3) select[name=key] option')].map(
      (option) => option.value,
    );
    expect(keys).to.deep.equal(['phone', 'attribute:plan', 'attribute:newsletter']);
    // The third fills the plan: a choice with the attribute's options.
    const third = root.querySelector('ol.fields li:nth-child(3)')!;
    const key = third.querySelector('select[name=key]') as HTMLSelectElement;
    key.value = 'attribute:plan';
    key.dispatchEvent(new Event('change'));
    await settle(page);
    expect((third.querySelector('select[name=type]') as HTMLSelectElement).value).to.equal('choice');
    const options = root.querySelector('ol.fields li:nth-child(3) textarea[name=options]') as HTMLTextAreaElement;
    expect(options.value).to.equal('Free\nPro\nEnterprise');
    options.value = 'Free\nPro';
    options.dispatchEvent(new Event('input'));
    const others = root.querySelector('ol.fields li:nth-child(3) textarea[name=others]') as HTMLTextAreaElement;
    others.value = 'fr: Formule\nnot a label';
    others.dispatchEvent(new Event('input'));
    const required = root.querySelector('ol.fields li:nth-child(3) input[name=required]') as HTMLInputElement;
    required.click();
    // Up: the plan before the email; the move button keeps the focus; the first's up is disabled.
    const up = root.querySelector(
      'ol.fields li:nth-child(3) button[aria-label="Move field 3 up"]',
    ) as HTMLButtonElement;
    up.click();
    await settle(page);
    expect(legends(root)).to.deep.equal(['Field 1: Name', 'Field 2: Attribute: Plan', 'Field 3: Email']);
    await waitUntil(() => root.activeElement?.getAttribute('aria-label') === 'Move field 2 up', 'the focus follows');
    expect((root.querySelector('button[aria-label="Move field 1 up"]') as HTMLButtonElement).disabled).to.equal(true);
    (root.querySelector('button[aria-label="Remove field 3"]') as HTMLButtonElement).click();
    await settle(page);
    const when = root.querySelector('select[name=when]') as HTMLSelectElement;
    when.value = 'outside-hours';
    when.dispatchEvent(new Event('change'));
    (root.querySelector('form[data-save=prechat] button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(() => api.savedPrechatForms.length === 1, 'the save');
    expect(api.savedPrechatForms[0]).to.deep.equal({
      when: 'outside-hours',
      fields: [
        { key: 'name', type: 'text' },
        { key: 'attribute:plan', type: 'choice', labels: { fr: 'Formule' }, options: ['Free', 'Pro'], required: true },
      ],
    });
    await waitUntil(
      () => [...root.querySelectorAll('.save-state[role=status]')].some((r) => text(r) === 'Saved the pre-chat form.'),
      'said saved',
    );
  });

  it('shows the saved form, and says a refusal', async () => {
    const { el, api } = await mount();
    api.prechatForm = {
      when: 'always',
      fields: [{ key: 'email', type: 'text', required: true, labels: { en: 'Work email', de: 'E-Mail' } }],
    };
    const { page, root } = await openForm(el);
    expect(legends(root)).to.deep.equal(['Field 1: Email']);
    expect((root.querySelector('input[name=label]') as HTMLInputElement).value).to.equal('Work email');
    expect((root.querySelector('textarea[name=others]') as HTMLTextAreaElement).value).to.equal('de: E-Mail');
    expect((root.querySelector('input[name=required]') as HTMLInputElement).checked).to.equal(true);
    // A choice without options: the relay's refusal, said beside the save button.
    const type = root.querySelector('select[name=type]') as HTMLSelectElement;
    type.value = 'choice';
    type.dispatchEvent(new Event('change'));
    await settle(page);
    (root.querySelector('form[data-save=prechat] button[type=submit]') as HTMLButtonElement).click();
    await waitUntil(
      () =>
        [...root.querySelectorAll('.save-state')].some((r) => text(r).includes('a choice needs at least one option')),
      'the refusal',
    );
    expect(api.savedPrechatForms).to.deep.equal([]);
  });
});
