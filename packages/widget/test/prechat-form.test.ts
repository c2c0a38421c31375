import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { PrechatWireForm, WelcomeFrame } from '@parley/protocol';
import { FakeClient } from './fake-client.js';
import { $, waitUntil } from './helpers.js';

// The site's own pre-chat form (issue #86): sent in the welcome, rendered by the lazy forms part, checked as the relay
// checks it, its values kept in the profile and sent in a `prechat` frame.

/** A fake client that also records the requests the forms part makes, and holds its welcome as the real one does. */
class RequestingClient extends FakeClient {
  requests: { type: string; values?: Record<string, unknown> }[] = [];
  override emit(...[type, payload]: Parameters<FakeClient['emit']>): void {
    if (type === 'welcome') this.welcome = payload as WelcomeFrame;
    super.emit(type, payload);
  }
  request(frame: { type: string; values?: Record<string, unknown> }): Promise<unknown> {
    this.requests.push(frame);
    return Promise.resolve({ type: frame.type });
  }
}

const form: PrechatWireForm = {
  fields: [
    { key: 'name', type: 'text', required: true },
    { key: 'email', type: 'text', required: true },
    { key: 'phone', type: 'text' },
    { key: 'attribute:plan', type: 'choice', label: 'Formule', options: ['Free', 'Pro'], required: true },
    { key: 'attribute:newsletter', type: 'checkbox', label: 'Newsletter' },
  ],
};

async function mount(client: FakeClient, prechat?: PrechatWireForm, attrs = html``, locale = 'en') {
  const el = await fixture<ChatWidget>(html`<chat-widget locale=${locale} .client=${client}>${attrs}</chat-widget>`);
  client.emit('welcome', {
    site: { id: 's1', name: 'Acme' },
    staffOnline: 1,
    lastSeq: 0,
    // The form comes as JSON text (the relay's `welcome.prechat`).
    ...(prechat ? { prechat: JSON.stringify(prechat) } : {}),
  } as WelcomeFrame);
  el.open();
  await el.updateComplete;
  return el;
}

async function formOf(el: ChatWidget): Promise<HTMLFormElement> {
  await waitUntil(() => $(el, 'form[part=form]'), 'the form, with its part');
  return $(el, 'form[part=form]') as HTMLFormElement;
}

const control = (form: HTMLFormElement, name: string) =>
  form.elements.namedItem(name) as HTMLInputElement & HTMLSelectElement;

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget> with the site’s pre-chat form', () => {
  it('renders the configured fields, labelled, required ones marked, in order', async () => {
    const el = await mount(new RequestingClient(), form);
    const f = await formOf(el);
    const labels = [...f.querySelectorAll('.field')].map((field) => field.querySelector('label')!.textContent!.trim());
    expect(labels).to.deep.equal(['Name*', 'Email*', 'Phone', 'Formule*', 'Newsletter']);
    expect(control(f, 'email').type).to.equal('email');
    expect(control(f, 'phone').type).to.equal('tel');
    expect(control(f, 'attribute:plan').tagName).to.equal('SELECT');
    expect([...control(f, 'attribute:plan').options].map((o) => o.textContent)).to.deep.equal([
      'Choose…',
      'Free',
      'Pro',
    ]);
    expect(control(f, 'attribute:newsletter').type).to.equal('checkbox');
    expect(control(f, 'name').required).to.equal(true);
    expect(f.textContent).to.contain('Fields marked * are required.');
    // A required field: no skipping.
    expect(f.querySelector('.secondary')).to.equal(null);
    expect($(el, '[part=composer]')).to.equal(null);
  });

  it('shows each error under its field, tied by aria-describedby, focuses the first, and sends nothing', async () => {
    const client = new RequestingClient();
    const el = await mount(client, form);
    const f = await formOf(el);
    control(f, 'email').value = 'ada@';
    control(f, 'phone').value = 'call me';
    f.requestSubmit();
    await el.updateComplete;
    const errorOf = (name: string) => {
      const input = control(f, name);
      return f.querySelector(`#${input.getAttribute('aria-describedby')}`)!.textContent;
    };
    expect(errorOf('name')).to.equal('This field is required.');
    expect(errorOf('email')).to.equal('Enter an email address, like name@example.com.');
    expect(errorOf('phone')).to.equal('Enter a phone number.');
    expect(errorOf('attribute:plan')).to.equal('This field is required.');
    expect(errorOf('attribute:newsletter')).to.equal('');
    expect(control(f, 'name').getAttribute('aria-invalid')).to.equal('true');
    expect(control(f, 'attribute:newsletter').getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.activeElement).to.equal(control(f, 'name'));
    expect(client.requests).to.deep.equal([]);
    expect($(el, '[part=composer]')).to.equal(null);
    expect(localStorage.getItem('parley:default:0:anon:profile')).to.equal(null);
  });

  it('takes the keyboard: typed values, Tab between fields, Enter submits; the values are kept and sent', async () => {
    const client = new RequestingClient();
    const el = await mount(client, form);
    const f = await formOf(el);
    control(f, 'name').focus();
    await sendKeys({ type: 'Ada Lovelace' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'ada@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '+33 6 12 34 56 78' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(control(f, 'attribute:plan'));
    control(f, 'attribute:plan').value = 'Pro';
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    expect(control(f, 'attribute:newsletter').checked).to.equal(true);
    control(f, 'phone').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.requests.length === 1, 'the prechat request');
    const values = {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+33 6 12 34 56 78',
      'attribute:plan': 'Pro',
      'attribute:newsletter': true,
    };
    expect(client.requests[0]).to.include({ type: 'prechat' });
    expect(client.requests[0]!.values).to.deep.equal(values);
    expect(JSON.parse(localStorage.getItem('parley:default:0:anon:profile')!)).to.deep.equal({
      done: true,
      values,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    await el.updateComplete;
    expect($(el, '[part=composer]')).to.exist;
  });

  it('offers skipping when no field is required', async () => {
    const el = await mount(new RequestingClient(), { fields: [{ key: 'phone', type: 'text' }] });
    const f = await formOf(el);
    expect(f.textContent).not.to.contain('Fields marked');
    (f.querySelector('.secondary') as HTMLButtonElement).click();
    await el.updateComplete;
    expect($(el, '[part=composer]')).to.exist;
  });

  it('comes before the embed’s prechat attribute; without one the attribute’s form shows', async () => {
    const client = new RequestingClient();
    const el = await fixture<ChatWidget>(html`<chat-widget prechat="optional" .client=${client}></chat-widget>`);
    client.emit('welcome', {
      site: { id: 's1', name: 'Acme' },
      staffOnline: 1,
      prechat: JSON.stringify(form),
    } as WelcomeFrame);
    el.open();
    const f = await formOf(el);
    expect(control(f, 'attribute:plan')).to.exist;
    const plain = new RequestingClient();
    const other = await fixture<ChatWidget>(html`<chat-widget prechat="optional" .client=${plain}></chat-widget>`);
    plain.emit('welcome', { site: { id: 's1', name: 'Acme' }, staffOnline: 1 } as WelcomeFrame);
    other.open();
    const g = await formOf(other);
    expect(control(g, 'attribute:plan')).to.equal(null);
    expect(control(g, 'consent')).to.exist;
  });

  it('speaks French: the widget’s words, the site’s labels', async () => {
    const el = await mount(new RequestingClient(), form, html``, 'fr');
    const f = await formOf(el);
    await waitUntil(() => f.querySelector('p')!.textContent!.startsWith('Dites-nous'), 'the French words');
    const labels = [...f.querySelectorAll('.field')].map((field) => field.querySelector('label')!.textContent!.trim());
    expect(labels).to.deep.equal(['Nom*', 'E-mail*', 'Téléphone', 'Formule*', 'Newsletter']);
    f.requestSubmit();
    await el.updateComplete;
    expect(f.querySelector(`#${control(f, 'name').getAttribute('aria-describedby')}`)!.textContent).to.equal(
      'Ce champ est obligatoire.',
    );
    expect(f.textContent).to.contain('Les champs marqués * sont obligatoires.');
  });

  it('fits 390 px without sideways scrolling', async () => {
    await setViewport({ width: 390, height: 800 });
    try {
      const el = await mount(new RequestingClient(), form);
      const f = await formOf(el);
      expect(f.scrollWidth).to.be.at.most(f.clientWidth);
      for (const field of f.querySelectorAll('input, select'))
        expect((field as HTMLElement).getBoundingClientRect().right).to.be.at.most(390);
    } finally {
      await setViewport({ width: 1280, height: 800 });
    }
  });

  it('passes axe with no issue in the form, errors shown', async () => {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/node_modules/axe-core/axe.min.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('axe not loaded'));
      document.head.append(script);
    });
    const el = await mount(new RequestingClient(), form);
    const f = await formOf(el);
    f.requestSubmit();
    await el.updateComplete;
    type Result = { id: string; impact: string | null; nodes: unknown[] };
    const axe = (
      window as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: Result[]; passes: Result[] }> };
      }
    ).axe;
    const { violations, passes } = await axe.run(el, {});
    expect(violations.map((v) => `${v.impact} ${v.id}`)).to.deep.equal([]);
    // It looked at the form: its labels and its ARIA passed.
    expect(passes.map((p) => p.id)).to.include.members(['label', 'aria-valid-attr-value']);
  });
});
