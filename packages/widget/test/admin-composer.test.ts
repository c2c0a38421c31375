import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { TOKEN, composer, mount, open, stored } from './admin-fixture.js';
import { member } from './fakes/team-fake.js';
import { $$, $, staffWelcome, text, waitUntil } from './helpers.js';

// The inbox's composer (issue #36): a lone `/word`, live saved replies, the emoji picker, @mentions.

describe('<chat-admin> composer: its styles', () => {
  it("come with its chunk: added once to the shell's shadow root when it first shows, and applied", async () => {
    const { el } = await mount();
    const form = (): Element => $(el, '.composer')!;
    await open(el, 'c1');
    expect(getComputedStyle(form()).display).to.equal('grid');
    const sheets = el.shadowRoot!.adoptedStyleSheets.length;
    await open(el, 'c2');
    expect(getComputedStyle(form()).display).to.equal('grid');
    expect(el.shadowRoot!.adoptedStyleSheets.length, 'not added again').to.equal(sheets);
  });
});

describe('<chat-admin> composer: a lone /word', () => {
  it('a /word naming no saved reply is not sent: an inline confirm, Escape goes back, Enter again sends', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: '/ship' });
    await sendKeys({ press: 'Escape' }); // closes the saved replies' list ("No saved reply matches.")
    await el.updateComplete;
    expect($(el, '#canned')).to.equal(null);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(client.sent).to.deep.equal([]);
    const confirm = $(el, '.confirm-send')!;
    expect(confirm.getAttribute('role')).to.equal('alert');
    expect(text(confirm.querySelector('#confirm-send-text'))).to.include('“/ship”');
    expect(composer(el).getAttribute('aria-describedby')).to.equal('confirm-send-text');
    expect(el.shadowRoot!.activeElement).to.equal(composer(el));

    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '.confirm-send')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'Escape keeps the focus in the composer').to.equal(composer(el));
    expect(composer(el).value).to.equal('/ship');
    expect(client.sent).to.deep.equal([]);

    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($(el, '.confirm-send')).to.exist;
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.sent.length === 1, 'sent as written');
    expect(client.sent[0]!.text).to.equal('/ship');
    await el.updateComplete;
    expect($(el, '.confirm-send')).to.equal(null);
  });

  it('"Send anyway" sends it; editing the text takes the confirm away; a /word with more text is sent at once', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: '/nope' });
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($(el, '.confirm-send')).to.exist;
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect($(el, '.confirm-send'), 'an edit withdraws the confirm').to.equal(null);
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const [anyway, cancel] = [...$(el, '.confirm-send')!.querySelectorAll('button')];
    expect(text(anyway!)).to.equal('Send anyway');
    expect(text(cancel!)).to.equal('Cancel');
    expect(client.sent).to.deep.equal([]);
    anyway!.click();
    await waitUntil(() => client.sent.length === 1, 'sent as written');
    expect(client.sent[0]!.text).to.equal('/nopex');

    await el.updateComplete;
    composer(el).focus();
    await sendKeys({ type: 'see /docs please' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.sent.length === 2, 'more than a /word is sent');
    expect(client.sent[1]!.text).to.equal('see /docs please');
  });

  it('Enter on a /word naming one saved reply inserts it, from the list or with the list closed, and sends nothing', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: '/refund' });
    await el.updateComplete;
    expect($(el, '#canned')).to.exist;
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('Refunds take 5 working days.');
    expect(client.sent).to.deep.equal([]);

    composer(el).value = '';
    await sendKeys({ type: '/HELLO' });
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('Hello! How can I help you today?');
    expect($(el, '.confirm-send')).to.equal(null);
    expect(client.sent).to.deep.equal([]);
  });
});

const welcome = staffWelcome();

/** The shortcuts the composer's `/` list offers for `query`. */
async function offered(el: Parameters<typeof composer>[0], query: string): Promise<string[]> {
  const input = composer(el);
  input.focus();
  input.value = '';
  await sendKeys({ type: `/${query}` });
  await el.updateComplete;
  const shortcuts = $$(el, '#canned [role=option] .shortcut').map((option) => text(option));
  await sendKeys({ press: 'Escape' });
  input.value = '';
  return shortcuts;
}

describe('<chat-admin> composer: saved replies follow live', () => {
  it('a saved reply created, changed or deleted elsewhere reaches the open composer without a reload', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    expect(await offered(el, '')).to.deep.equal(['/hello', '/refund']);

    client.emit('canned', {
      response: { id: 'k9', shortcut: 'ship', text: 'It ships today.', createdAt: 1, updatedAt: 1 },
    });
    expect(await offered(el, '')).to.deep.equal(['/hello', '/refund', '/ship']);
    composer(el).focus();
    await sendKeys({ type: '/ship' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('It ships today.');

    client.emit('canned', {
      response: { id: 'k1', shortcut: 'hi', text: 'Hi there!', createdAt: 0, updatedAt: 2 },
    });
    expect(await offered(el, ''), 'renamed, in shortcut order').to.deep.equal(['/hi', '/refund', '/ship']);

    client.emit('canned', { deleted: 'k2' });
    expect(await offered(el, '')).to.deep.equal(['/hi', '/ship']);
    composer(el).focus();
    await sendKeys({ type: '/refund' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($(el, '.confirm-send'), 'a deleted reply’s shortcut asks first').to.exist;
    expect(client.sent).to.deep.equal([]);
  });

  it('after a reconnect, the saved replies are read again (changes made while disconnected)', async () => {
    const { el, api, client } = await mount();
    await open(el, 'c1');
    client.emit('welcome', welcome);
    api.cannedList = [{ id: 'k7', shortcut: 'later', text: 'Added while away.', createdAt: 0, updatedAt: 0 }];
    expect(await offered(el, '')).to.deep.equal(['/hello', '/refund']);
    client.emit('welcome', welcome); // the reconnect
    await waitUntil(async () => (await offered(el, '')).join() === '/later', 'the list read again');
  });
});

describe('<chat-admin> composer: @mentions', () => {
  it('in a note, @ and letters offer teammates (not me); arrows and Enter pick, Escape closes; nothing is sent', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    $$(el, '.modes button')[1]!.click(); // Note
    await el.updateComplete;
    composer(el).focus();
    await sendKeys({ type: 'cc @' });
    await el.updateComplete;
    const listbox = $(el, '#mentions')!;
    expect(listbox.getAttribute('role')).to.equal('listbox');
    expect(listbox.getAttribute('aria-label')).to.equal('Teammates');
    expect(composer(el).getAttribute('aria-expanded')).to.equal('true');
    expect(composer(el).getAttribute('aria-controls')).to.equal('mentions');
    expect($$(el, '#mentions [role=option]').map(text)).to.deep.equal(['@Grace'], 'everyone but me');
    await sendKeys({ type: 'gr' });
    await el.updateComplete;
    expect(composer(el).getAttribute('aria-activedescendant')).to.equal('mention-staff_2');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('cc @Grace ');
    expect($(el, '#mentions')).to.equal(null);
    expect(composer(el).getAttribute('aria-expanded')).to.equal('false');
    expect(client.sent).to.deep.equal([]);

    await sendKeys({ type: '@zz' });
    await el.updateComplete;
    expect($$(el, '#mentions [role=option]').map(text)).to.deep.equal(['No teammate matches.']);
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '#mentions')).to.equal(null);
    expect(el.shadowRoot!.activeElement, 'Escape closes the list, not the composer').to.equal(composer(el));

    composer(el).value = '';
    await sendKeys({ type: 'mail grace@example.com' });
    await el.updateComplete;
    expect($(el, '#mentions'), 'an email address is no mention').to.equal(null);

    composer(el).value = '';
    await sendKeys({ type: '@Gr' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'please check' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => client.sent.length === 1, 'the note');
    expect(client.sent[0]).to.include({ text: '@Grace please check', note: true });
  });

  it('a name of two words stays offered past the space while it still fits: @ana l, then @ana x is text', async () => {
    const { el, api, client } = await mount(undefined, false);
    api.teamValue.items.push(member('staff_3', 'Ana Lima', 'agent'), member('staff_4', 'Anabel', 'agent'));
    await el.signIn(TOKEN);
    await waitUntil(() => $$(el, '[role=option]').length > 0, 'the list');
    await open(el, 'c1');
    $$(el, '.modes button')[1]!.click(); // Note
    await el.updateComplete;
    composer(el).focus();
    await sendKeys({ type: 'ask @ana' });
    await el.updateComplete;
    expect($$(el, '#mentions [role=option]').map(text)).to.deep.equal(['@Ana Lima', '@Anabel']);
    await sendKeys({ type: ' l' });
    await el.updateComplete;
    expect($$(el, '#mentions [role=option]').map(text)).to.deep.equal(['@Ana Lima']);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(composer(el).value).to.equal('ask @Ana Lima ');
    expect(client.sent).to.deep.equal([]);

    composer(el).value = '';
    await sendKeys({ type: '@ana x' });
    await el.updateComplete;
    expect($(el, '#mentions'), 'no name begins "ana x"').to.equal(null);
  });

  it('replies offer no teammates: @ in a reply is text', async () => {
    const { el } = await mount();
    await open(el, 'c1');
    composer(el).focus();
    await sendKeys({ type: 'hi @gr' });
    await el.updateComplete;
    expect($(el, '#mentions')).to.equal(null);
    expect(composer(el).getAttribute('aria-expanded')).to.equal('false');
  });

  it('the thread highlights mentions of teammates in notes, mine apart, as text only', async () => {
    const { el, api } = await mount();
    api.history.set('c1', [
      stored('c1', 1, 'hello @Grace', 'visitor'),
      stored('c1', 2, '<b>@grace</b> and @Ada: see bo@grace.com, @Gracey', 'staff', 'note'),
    ]);
    await open(el, 'c1');
    await waitUntil(() => $$(el, '.msg').length === 2, 'the thread');
    const [visitor, note] = $$(el, '.msg');
    expect(visitor!.querySelector('.mention'), 'a visitor’s @ is no mention').to.equal(null);
    const marks = [...note!.querySelectorAll('.bubble .mention')];
    expect(marks.map((mark) => mark.textContent)).to.deep.equal(['@grace', '@Ada']);
    expect(marks.map((mark) => mark.classList.contains('mention-me'))).to.deep.equal([false, true]);
    expect(note!.querySelector('.bubble b'), 'never HTML from the text').to.equal(null);
    expect(note!.querySelector('.bubble')!.textContent).to.equal('<b>@grace</b> and @Ada: see bo@grace.com, @Gracey');
  });
});

describe('<chat-admin> composer: emoji', () => {
  /** The picker's cells, inside its own shadow root. */
  const cells = (el: Parameters<typeof composer>[0]) => [
    ...$(el, '#emoji-picker')!.shadowRoot!.querySelectorAll<HTMLElement>('[role=gridcell]'),
  ];

  it('the button fetches the picker on first click; arrows move, Enter inserts at the caret and focus returns', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    expect(customElements.get('chat-admin-emoji'), 'not fetched before the first click').to.equal(undefined);
    const button = $(el, '.emoji-button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).to.equal('Emoji');
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    composer(el).focus();
    await sendKeys({ type: 'Thanks!' });
    composer(el).setSelectionRange(6, 6); // before the "!"
    button.click();
    await waitUntil(() => $(el, '#emoji-picker')?.shadowRoot?.querySelector('[role=gridcell]'), 'the picker');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const picker = $(el, '#emoji-picker')!;
    const grid = picker.shadowRoot!.querySelector('[role=grid]')!;
    expect(grid.getAttribute('aria-label')).to.equal('Emoji');
    await waitUntil(() => picker.shadowRoot!.activeElement === cells(el)[0], 'focus on the first emoji');
    expect(cells(el)[0]!.getAttribute('aria-label')).to.equal('grinning face');
    expect(cells(el).filter((cell) => cell.tabIndex === 0)).to.have.length(1);

    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    expect(picker.shadowRoot!.activeElement).to.equal(cells(el)[9]);
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' }); // stays on the first row
    expect(picker.shadowRoot!.activeElement).to.equal(cells(el)[0]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'End' });
    expect(picker.shadowRoot!.activeElement).to.equal(cells(el)[15]);
    expect(cells(el)[15]!.textContent).to.equal('👋');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect($(el, '#emoji-picker')).to.equal(null);
    expect(composer(el).value).to.equal('Thanks👋!');
    expect(el.shadowRoot!.activeElement).to.equal(composer(el));
    expect(composer(el).selectionStart).to.equal('Thanks👋'.length);
    expect(client.sent).to.deep.equal([]);
  });

  it('Escape closes it and focus goes back to its button; a click picks; nothing has a style attribute', async () => {
    const { el } = await mount();
    await open(el, 'c1');
    const button = $(el, '.emoji-button') as HTMLButtonElement;
    button.click();
    await waitUntil(() => $(el, '#emoji-picker')?.shadowRoot?.querySelector('[role=gridcell]'), 'the picker');
    await waitUntil(() => $(el, '#emoji-picker')!.shadowRoot!.activeElement, 'focus in the picker');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '#emoji-picker')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(composer(el), 'Escape in the picker leaves the composer alone').to.exist;

    button.click();
    await waitUntil(() => $(el, '#emoji-picker')?.shadowRoot?.querySelector('[role=gridcell]'), 'the picker again');
    const picker = $(el, '#emoji-picker')!;
    for (const node of picker.shadowRoot!.querySelectorAll('*')) expect(node.hasAttribute('style')).to.equal(false);
    cells(el)[13]!.click(); // thumbs up
    await el.updateComplete;
    expect(composer(el).value).to.equal('👍');
    expect($(el, '#emoji-picker')).to.equal(null);
  });
});

describe('<chat-admin> composer: its buttons field', () => {
  it('says its help, and refuses more than 4 buttons, in the composer chunk’s English', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    expect(text($(el, '#buttons-help'))).to.equal('Up to 4, separated by |, each up to 40 characters (e.g. Yes | No).');
    ($(el, '.buttons-field') as HTMLDetailsElement).open = true;
    const field = $(el, 'input[name=buttons]') as HTMLInputElement;
    field.value = 'a | b | c | d | e';
    composer(el).value = 'Which one?';
    composer(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(field.validationMessage).to.equal('At most 4 buttons, each of 1–40 characters.');
    expect(client.sent).to.deep.equal([]);
  });
});
