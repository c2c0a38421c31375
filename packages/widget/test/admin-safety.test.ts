import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// Message safety in the inbox (issue #39): Settings → Safety (load, edit, save, a refusal beside its field, agents
// read-only), and in a conversation a redacted message's marks and Reveal (for this view only, recorded by the
// relay), and a hidden message folded.

async function openSafety(el: ChatAdmin) {
  const page = await showPage(el, 'Safety', 'chat-admin-safety');
  await waitUntil(() => page.shadowRoot?.querySelector('form'), 'the safety form');
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/** The article of the message reading `words` in the open thread. */
function article(el: HTMLElement, words: string): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('article.msg')].find((each) => text(each).includes(words));
}

async function found<T>(probe: () => T | null | undefined, what = 'it'): Promise<T> {
  await waitUntil(() => probe(), what);
  return probe()!;
}

describe('<chat-admin> Settings → Safety', () => {
  it('loads the settings into the form and saves every section, whole', async () => {
    const { el, api } = await mount();
    api.safetyValue.filter.words = ['scam'];
    api.safetyValue.links.refuse = ['bit.ly'];
    const { page, root } = await openSafety(el);
    expect(text(root.querySelector('h2'))).to.equal('Safety');
    // Each kind, its action checked; one line of explanation per action.
    expect(field<HTMLInputElement>(root, 'input[name="sensitive.card"][value=redact]').checked).to.equal(true);
    expect(field<HTMLInputElement>(root, 'input[name="sensitive.iban"][value=mask]').checked).to.equal(true);
    expect([...root.querySelectorAll('.kind legend')].map(text)).to.deep.equal([
      'Card numbers',
      'IBANs',
      'US social security numbers',
      'Keys and tokens',
    ]);
    expect([...root.querySelectorAll('#safety-sensitive-help dt')].map(text)).to.deep.equal([
      'Redact',
      'Mask for agents',
      'Allow',
    ]);
    expect(field<HTMLTextAreaElement>(root, 'textarea[name="filter.words"]').value).to.equal('scam');
    expect(field<HTMLTextAreaElement>(root, 'textarea[name="links.refuse"]').value).to.equal('bit.ly');
    expect(field<HTMLInputElement>(root, 'input[name="spam.blockHours"]').value).to.equal('168');

    field<HTMLInputElement>(root, 'input[name="sensitive.ssn"][value=allow]').click();
    field<HTMLInputElement>(root, 'input[name="sensitive.secret"][value=mask]').click();
    field<HTMLTextAreaElement>(root, 'textarea[name="filter.words"]').value = 'scam\n\n  free money  \n';
    field<HTMLTextAreaElement>(root, 'textarea[name="filter.patterns"]').value = 'free\\s+bitcoin';
    field<HTMLInputElement>(root, 'input[name="filter.profanity"][value=fr]').click();
    field<HTMLInputElement>(root, 'input[name="filter.action"][value=refuse]').click();
    field<HTMLInputElement>(root, 'input[name="filter.message"]').value = 'Please keep it civil.';
    field<HTMLTextAreaElement>(root, 'textarea[name="links.allow"]').value = 'example.com';
    field<HTMLTextAreaElement>(root, 'textarea[name="links.flag"]').value = 'tinyurl.com\ngoo.gl';
    field<HTMLInputElement>(root, 'input[name="links.otherwise"][value=flag]').click();
    field<HTMLInputElement>(root, 'input[name="spam.repeatLimit"]').value = '5';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => api.savedSafety.length === 1, 'the save');
    expect(api.savedSafety[0]).to.deep.equal({
      sensitive: { card: 'redact', iban: 'mask', ssn: 'allow', secret: 'mask' },
      filter: {
        words: ['scam', 'free money'],
        patterns: ['free\\s+bitcoin'],
        profanity: ['fr'],
        action: 'refuse',
        message: 'Please keep it civil.',
      },
      links: { allow: ['example.com'], flag: ['tinyurl.com', 'goo.gl'], refuse: ['bit.ly'], otherwise: 'flag' },
      spam: { repeatLimit: 5, networkLimit: 30, blockHours: 168 },
    });
    await waitUntil(
      () => [...root.querySelectorAll('.save-state[role=status]')].some((region) => text(region) === 'Saved.'),
      'saved',
    );
    await page.updateComplete;
    expect(field<HTMLInputElement>(root, 'input[name="sensitive.ssn"][value=allow]').checked).to.equal(true);
  });

  it('shows a refusal beside its field, naming the entry, and focuses it; nothing saved', async () => {
    const { el, api } = await mount();
    const { page, root } = await openSafety(el);
    const patterns = field<HTMLTextAreaElement>(root, 'textarea[name="filter.patterns"]');
    patterns.value = 'free\\s+bitcoin\n(?=lookahead)';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => root.querySelector('.field-error'), 'the field error');
    await page.updateComplete;
    const error = field<HTMLElement>(root, '.field-error');
    expect(text(error)).to.equal('“(?=lookahead)”: not a pattern RE2 accepts (no look-around or back-references)');
    expect(patterns.getAttribute('aria-invalid')).to.equal('true');
    expect(patterns.getAttribute('aria-describedby')!.split(' ')).to.include(error.id);
    expect(root.activeElement).to.equal(patterns);
    expect(api.savedSafety).to.deep.equal([]);
    // A number out of range, beside the number.
    patterns.value = 'free\\s+bitcoin';
    const repeat = field<HTMLInputElement>(root, 'input[name="spam.repeatLimit"]');
    repeat.value = '1';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => text(root.querySelector('.field-error')) === 'at least 2', 'the number’s error');
    expect(repeat.getAttribute('aria-invalid')).to.equal('true');
    expect(patterns.getAttribute('aria-invalid')).to.equal('false', 'the earlier error is gone');
    // Fixed: saved, and no error left.
    repeat.value = '4';
    field<HTMLButtonElement>(root, 'button[type=submit]').click();
    await waitUntil(() => api.savedSafety.length === 1, 'saved');
    await settle(page);
    expect(root.querySelector('.field-error')).to.equal(null);
  });

  it('is read-only for agents: shown, every field disabled, no Save', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.include('Safety');
    const { root } = await openSafety(el);
    expect(text(root.querySelector('#safety-read-only'))).to.equal('Only admins can change these settings.');
    expect(field<HTMLFieldSetElement>(root, 'fieldset.sections').disabled).to.equal(true);
    expect(root.querySelector('button[type=submit]')).to.equal(null);
  });
});

describe('<chat-admin> a redacted or hidden message in a conversation', () => {
  it('marks the replaced parts; Reveal shows the original in place for this view, says it was recorded, and forgets it', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 3 }), conversation('c2')]);
    api.sealed.set('c1/2', 'My IBAN is GB82 WEST 1234 5698 7654 32');
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 1, 'card [card ending 4242]'), redacted: { kinds: ['card'] } }));
    client.emit(
      'message',
      live({ ...stored('c1', 2, 'My IBAN is [IBAN ending 7654]'), redacted: { kinds: ['iban'], sealed: true } }),
    );
    client.emit('message', live(stored('c1', 3, 'plain [SSN] typed by hand')));

    const mark = await found(() => article(el, 'card [card ending')?.querySelector('mark.redaction'), 'the mark');
    expect(text(mark)).to.equal('[card ending 4242]');
    expect(article(el, 'card [card ending')!.querySelector('.reveal'), 'redacted, not sealed: no Reveal').to.equal(
      null,
    );
    // A message the relay did not redact is left alone, whatever it reads.
    expect(article(el, 'typed by hand')!.querySelector('mark')).to.equal(null);

    const reveal = await found(() => article(el, 'My IBAN')?.querySelector<HTMLButtonElement>('.reveal'), 'Reveal');
    expect(text(reveal)).to.equal('Reveal');
    reveal.click();
    await waitUntil(() => article(el, 'GB82 WEST'), 'the original');
    expect(api.requests).to.include('POST /conversations/c1/messages/2/reveal');
    const revealed = article(el, 'GB82 WEST')!;
    expect(text(revealed.querySelector('.bubble.revealed'))).to.equal('My IBAN is GB82 WEST 1234 5698 7654 32');
    expect(text(revealed.querySelector('[role=status]'))).to.equal(
      'Revealed for this view only. Your reveal was recorded in the audit log.',
    );
    // For this view only: the client's timeline still holds the redacted text.
    expect(client.messages('c1').map((m) => m.text)).to.not.include('My IBAN is GB82 WEST 1234 5698 7654 32');
    (revealed.querySelector('.hide-again') as HTMLButtonElement).click();
    await waitUntil(() => !article(el, 'GB82 WEST'), 'hidden again');
    expect(article(el, 'My IBAN')!.querySelector('mark.redaction')).to.exist;

    // Revealed again, then another conversation and back: forgotten.
    (await found(() => article(el, 'My IBAN')?.querySelector<HTMLButtonElement>('.reveal'))).click();
    await waitUntil(() => article(el, 'GB82 WEST'), 'the original again');
    expect(api.revealed).to.deep.equal(['c1/2', 'c1/2'], 'each reveal goes to the relay (never cached)');
    await open(el, 'c2');
    await open(el, 'c1');
    await waitUntil(() => article(el, 'My IBAN'), 'back in the conversation');
    expect(article(el, 'GB82 WEST')).to.equal(undefined, 'the original is gone');
    expect(article(el, 'My IBAN')!.querySelector('mark.redaction')).to.exist;
  });

  it('says why a reveal failed', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    client.emit(
      'message',
      live({ ...stored('c1', 1, 'key [secret: AWS key]'), redacted: { kinds: ['aws-key'], sealed: true } }),
    );
    (await found(() => article(el, 'key [secret')?.querySelector<HTMLButtonElement>('.reveal'))).click();
    const alert = await found(() => article(el, 'key [secret')?.querySelector('[role=alert]'), 'the refusal');
    expect(text(alert)).to.equal('Could not reveal: Nothing sealed in this message.');
    expect(api.revealed).to.deep.equal(['c1/1']);
  });

  it('folds a hidden message: “Hidden by your content filter · Show”, and Show unfolds it', async () => {
    const { el, client } = await mount([conversation('c1', { lastSeq: 2 })]);
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 1, 'buy cheap pills'), hidden: true }));
    client.emit('message', live(stored('c1', 2, 'hello there')));
    const fold = await found(() => el.shadowRoot!.querySelector<HTMLElement>('.hidden-fold'), 'the fold');
    expect(text(fold)).to.equal('Hidden by your content filter · Show');
    expect(article(el, 'buy cheap pills')).to.equal(undefined);
    const show = fold.querySelector<HTMLButtonElement>('button')!;
    expect(show.getAttribute('aria-expanded')).to.equal('false');
    show.click();
    await waitUntil(() => article(el, 'buy cheap pills'), 'unfolded');
    const toggle = article(el, 'buy cheap pills')!.querySelector<HTMLButtonElement>('.fold-toggle')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    toggle.click();
    await waitUntil(() => !article(el, 'buy cheap pills'), 'folded again');
  });
});
