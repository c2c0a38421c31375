import { expect } from '@open-wc/testing';
import type { AiFeature } from '@parley/protocol/admin';
import { sendKeys } from '@web/test-runner-commands';
import { AdminApiError, HttpAdminApi, type ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { AiApi } from '../src/chat-admin/ai/ai-api.js';
import { forgetAiStatus } from '../src/chat-admin/ai/ai-status.js';
import { reduceLanguage, setAgentLanguage } from '../src/chat-admin/ai/ai-language.js';
import { composer, conversation, mount, open, stored, type Setup } from './admin-fixture.js';
import { $, $$, text, waitUntil } from './helpers.js';

// The inbox's AI tools (issue #83): the composer's Draft reply and Rewrite, the thread's Summarise, a visitor
// message's Translate, each shown only while `GET /ai/status` says the tools are on (asked once per site).

async function setUp(
  enabled = true,
  budgetExhausted = false,
  beforeOpen?: (setup: Setup) => void,
  featuresExhausted: AiFeature[] = [],
) {
  forgetAiStatus('s1');
  const setup = await mount([conversation('c1', { lastSeq: 2 })], false);
  setup.api.aiStatus = { enabled, budgetExhausted, featuresExhausted };
  setup.api.history.set('c1', [
    stored('c1', 1, 'Bonjour, je ne peux pas me connecter'),
    stored('c1', 2, 'Hello!', 'staff'),
  ]);
  await setup.el.signIn('st_test');
  await waitUntil(() => $$(setup.el, '[role=option]').length > 0, 'the list');
  beforeOpen?.(setup);
  await open(setup.el, 'c1');
  return setup;
}

/** The element matching `selector` once it is there. */
async function find<T extends HTMLElement = HTMLElement>(el: ChatAdmin, selector: string, what: string): Promise<T> {
  await waitUntil(() => $(el, selector), what);
  return $(el, selector) as T;
}

const tools = (el: ChatAdmin) => find(el, 'chat-admin-ai-tools .ai-tools', 'the AI tools');
const button = (el: ChatAdmin, selector: string) => $(el, selector) as HTMLButtonElement;

describe('<chat-admin> AI tools', () => {
  it('shows nothing while the tools are off, and asks the status once per site', async () => {
    const { el, api } = await setUp(false, false, ({ api }) => {
      // Signed in, the list shown: nothing of the tools fetched, nor the status asked (the first load carries none).
      expect(customElements.get('chat-admin-ai-tools')).to.equal(undefined);
      expect(api.requests).to.not.include('GET /ai/status');
    });
    await waitUntil(() => customElements.get('chat-admin-ai-tools'), 'the tool’s chunk');
    await waitUntil(() => api.requests.includes('GET /ai/status'), 'the status asked');
    await el.updateComplete;
    expect($(el, 'chat-admin-ai-tools')!.childElementCount, 'no tools').to.equal(0);
    expect($(el, 'chat-admin-ai-summary .ai-summarise')).to.equal(null);
    expect($(el, '.ai-translate')).to.equal(null);
    // The composer, its decorations and the summary asked it: the relay was asked once.
    expect(api.requests.filter((r) => r === 'GET /ai/status')).to.have.length(1);
  });

  it('streams a draft into the composer, shows its sources, and undoes it', async () => {
    const { el, api, client } = await setUp();
    await tools(el);
    const input = composer(el);
    input.value = 'my own words';
    api.draftGapMs = 40;
    button(el, '.ai-draft').click();
    await waitUntil(() => input.value === 'Hello! ', 'the first piece in the composer');
    expect(text($(el, '.ai-progress'))).to.equal('Drafting…');
    await waitUntil(() => input.value.startsWith('Hello! You can reset'), 'the next piece, as it comes');
    await waitUntil(() => $(el, '.ai-sources'), 'the sources');
    expect(input.value).to.equal('Hello! You can reset your password from the sign-in page.');
    const link = $(el, '.ai-sources a') as HTMLAnchorElement;
    expect(link.href).to.equal('https://help.example.com/reset-password');
    expect(text(link)).to.equal('Resetting your password');
    expect(link.target).to.equal('_blank');
    expect(text($$(el, '.ai-sources li')[1]!)).to.equal('FAQ I forgot my password');
    expect(api.aiCalls[0]).to.deep.equal(['draft', 'c1', {}]);
    expect(client.sent, 'a draft is never sent').to.deep.equal([]);
    button(el, '.ai-undo').click();
    await el.updateComplete;
    expect(input.value).to.equal('my own words');
    expect($(el, '.ai-sources'), 'undone: its sources go').to.equal(null);
  });

  it('sends no typing signal while a draft streams, and shows the composer busy until it ends', async () => {
    const { el, api, client } = await setUp();
    await tools(el);
    const input = composer(el);
    // The agent's own keystrokes signal typing, as always.
    input.value = 'a';
    input.dispatchEvent(new Event('input'));
    expect(client.typingCalls).to.deep.equal(['c1']);
    input.value = '';
    api.draftGapMs = 40;
    button(el, '.ai-draft').click();
    await waitUntil(() => input.value === 'Hello! ', 'the first piece in the composer');
    expect(input.readOnly, 'not the agent’s to type in while it streams').to.equal(true);
    expect(input.getAttribute('aria-busy')).to.equal('true');
    await waitUntil(() => $(el, '.ai-sources'), 'the whole draft');
    expect(input.value).to.equal('Hello! You can reset your password from the sign-in page.');
    expect(client.typingCalls, 'no typing frame for the draft’s pieces').to.deep.equal(['c1']);
    expect(input.readOnly).to.equal(false);
    expect(input.hasAttribute('aria-busy')).to.equal(false);
    // The agent edits the draft: that is typing.
    input.value += ' Thanks!';
    input.dispatchEvent(new Event('input'));
    expect(client.typingCalls).to.deep.equal(['c1', 'c1']);
    expect(client.sent, 'a draft is never sent').to.deep.equal([]);
  });

  it('stops a draft: what came stays, the stream is cancelled', async () => {
    const { el, api } = await setUp();
    await tools(el);
    api.draftGapMs = 60;
    button(el, '.ai-draft').click();
    await waitUntil(() => composer(el).value === 'Hello! ', 'the first piece');
    const stop = await find<HTMLButtonElement>(el, '.ai-stop', 'Stop');
    stop.click();
    await waitUntil(() => $(el, '.ai-note'), 'said stopped');
    expect(text($(el, '.ai-note'))).to.equal('Stopped: the draft is as far as it got.');
    await waitUntil(() => api.draftCancelled, 'the stream cancelled');
    expect(composer(el).value).to.equal('Hello! ');
    expect($(el, '.ai-draft'), 'Draft again').to.not.equal(null);
    expect(document.activeElement === el && el.shadowRoot!.activeElement === composer(el)).to.equal(true);
  });

  it('rewrites from a menu that keyboards reach and Escape closes, with Undo; a translation keeps the original', async () => {
    const { el, api } = await setUp();
    await tools(el);
    const input = composer(el);
    input.value = 'we cant do that sorry';
    const rewrite = button(el, '.ai-rewrite');
    expect(rewrite.getAttribute('aria-haspopup')).to.equal('menu');
    rewrite.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => $(el, '#ai-rewrite-menu'), 'the menu');
    expect(rewrite.getAttribute('aria-expanded')).to.equal('true');
    const items = $$(el, '#ai-rewrite-menu [role=menuitem]');
    expect(items.map(text)).to.deep.equal([
      'Fix grammar',
      'Friendlier',
      'More formal',
      'Shorter',
      'Longer',
      'Translate into the visitor’s language',
    ]);
    expect(el.shadowRoot!.activeElement).to.equal(items[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(items[1]);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !$(el, '#ai-rewrite-menu'), 'closed by Escape');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus back on Rewrite').to.equal(button(el, '.ai-rewrite'));

    button(el, '.ai-rewrite').click();
    (await find(el, '[data-style=fix]', 'the menu')).click();
    await waitUntil(() => input.value === 'we can’t do that sorry', 'the rewrite');
    expect(api.aiCalls.at(-1)).to.deep.equal(['rewrite', '', { text: 'we cant do that sorry', style: 'fix' }]);
    (await find(el, '.ai-undo', 'Undo')).click();
    await el.updateComplete;
    expect(input.value).to.equal('we cant do that sorry');

    button(el, '.ai-rewrite').click();
    (await find(el, '[data-style=translate]', 'the menu')).click();
    await waitUntil(() => input.value === '[fr] we cant do that sorry', 'the translation in the composer');
    expect(api.aiCalls.at(-1)).to.deep.equal([
      'rewrite',
      'c1',
      { text: 'we cant do that sorry', style: 'translate', conversationId: 'c1' },
    ]);
    const original = await find(el, '.ai-original', 'the original kept in view');
    expect(text(original.querySelector('figcaption'))).to.equal('Your original (translated into French)');
    expect(text(original.querySelector('p'))).to.equal('we cant do that sorry');
    (original.querySelector('.ai-restore') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(input.value).to.equal('we cant do that sorry');
    expect($(el, '.ai-original')).to.equal(null);
  });

  it('says a refusal in plain words and the composer still sends', async () => {
    const { el, api, client } = await setUp();
    await tools(el);
    const input = composer(el);
    api.aiFailure = 'unavailable';
    input.value = 'keep me';
    button(el, '.ai-draft').click();
    await waitUntil(() => $(el, '.ai-error'), 'the refusal');
    expect(text($(el, '.ai-error'))).to.contain('The AI provider did not answer. Your text is unchanged');
    expect(input.value, 'untouched').to.equal('keep me');

    (await find(el, '.ai-error button', 'Dismiss')).click();
    await waitUntil(() => !$(el, '.ai-error'), 'dismissed');
    api.aiFailure = undefined;
    api.draftFailure = true;
    button(el, '.ai-draft').click();
    await waitUntil(() => !$(el, '.ai-stop') && $(el, '.ai-error'), 'the stream’s error event');
    // Not "unchanged": the draft's first piece replaced the agent's text.
    expect(text($(el, '.ai-error'))).to.equal(
      'The AI provider stopped before the draft was finished: what came is in the box. Undo puts your text back. Dismiss',
    );
    expect(input.value, 'what came before the error, undoable').to.equal('Hello! ');
    (await find(el, '.ai-undo', 'Undo')).click();
    expect(input.value).to.equal('keep me');

    api.aiFailure = 'budget';
    button(el, '.ai-rewrite').click();
    (await find(el, '[data-style=shorter]', 'the menu')).click();
    await waitUntil(() => text($(el, '.ai-error')).startsWith('This month’s AI budget is used up.'), 'the budget');

    input.value = 'Sent by hand';
    input.form!.requestSubmit();
    await waitUntil(() => client.sent.length === 1, 'sent');
    expect(client.sent.map((sent) => sent.text)).to.deep.equal(['Sent by hand']);
    await waitUntil(() => !$(el, '.ai-error'), 'what the tools left, forgotten once the reply went');
  });

  it('a used-up budget says so instead of the buttons', async () => {
    const { el } = await setUp(true, true);
    await waitUntil(() => text($(el, 'chat-admin-ai-tools')) !== '', 'the tool');
    expect(text($(el, 'chat-admin-ai-tools'))).to.equal('AI tools: this month’s budget is used up.');
    expect($(el, '.ai-draft')).to.equal(null);
  });

  it('a tool whose own budget is spent is disabled, saying why, while the others still work', async () => {
    const { el, api } = await setUp(true, false, undefined, ['draft', 'summary', 'translate']);
    await tools(el);
    const spent = 'This tool’s AI budget for the month is used up.';
    expect(button(el, '.ai-draft').disabled).to.equal(true);
    expect(button(el, '.ai-draft').title).to.equal(spent);
    const summarise = await find<HTMLButtonElement>(el, 'chat-admin-ai-summary .ai-summarise', 'Summarise');
    expect([summarise.disabled, summarise.title]).to.deep.equal([true, spent]);
    const translate = await find<HTMLButtonElement>(el, '.ai-translate', 'Translate');
    expect([translate.disabled, translate.title]).to.deep.equal([true, spent]);

    // Rewrite's budget is not spent: it works.
    expect([button(el, '.ai-rewrite').disabled, button(el, '.ai-rewrite').title]).to.deep.equal([false, '']);
    const input = composer(el);
    input.value = 'we cant';
    button(el, '.ai-rewrite').click();
    (await find(el, '[data-style=fix]', 'the menu')).click();
    await waitUntil(() => api.aiCalls.some(([call]) => call === 'rewrite'), 'the rewrite asked');
    expect(api.aiCalls.map(([call]) => call)).to.deep.equal(['rewrite']);
  });

  it('summarises the conversation in a dialog and posts it as a private note', async () => {
    const { el, api } = await setUp();
    const summarise = await find<HTMLButtonElement>(el, 'chat-admin-ai-summary .ai-summarise', 'Summarise');
    summarise.click();
    const dialog = await find<HTMLDialogElement>(el, 'dialog.ai-summary', 'the dialog');
    expect(dialog.open).to.equal(true);
    await waitUntil(() => $(el, '.ai-summary-text'), 'the summary');
    const shown = 'The visitor cannot sign in. They asked how to reset their password.';
    expect(text($(el, '.ai-summary-text'))).to.equal(shown);
    expect(api.aiCalls.at(-1)).to.deep.equal(['summary', 'c1', {}]);
    (dialog.querySelector('.ai-post-note') as HTMLButtonElement).click();
    await waitUntil(
      () => text(dialog.querySelector('[role=status]:not(:empty)')) === 'Posted as a private note.',
      'posted',
    );
    const [, , body] = api.aiCalls.at(-1)!;
    expect(api.aiCalls.at(-1)!.slice(0, 2)).to.deep.equal(['summary', 'c1']);
    expect(body, 'the summary shown, posted as read').to.deep.equal({ note: true, text: shown });
    expect((dialog.querySelector('.ai-post-note') as HTMLButtonElement).disabled, 'posted once').to.equal(true);
    (dialog.querySelector('.primary') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !$(el, 'dialog.ai-summary'), 'closed');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement, 'focus back on Summarise').to.equal($(el, '.ai-summarise'));
  });

  it('translates a visitor message under it, keeping the original', async () => {
    const { el, api } = await setUp();
    const translate = await find<HTMLButtonElement>(el, '.ai-translate', 'Translate');
    expect($$(el, '.ai-translate'), 'on the visitor’s message only').to.have.length(1);
    translate.click();
    const shown = await find(el, '.ai-translation', 'the translation');
    // No preference chosen: the browser's language.
    const browser = reduceLanguage(navigator.language);
    expect(api.aiCalls.at(-1)).to.deep.equal(['translate', 'c1', { messageIds: ['m_c1_1'], language: browser }]);
    expect(text(shown)).to.match(/^Translation \(.+\)\(en\) translation of m_c1_1$/);
    expect(shown.getAttribute('lang')).to.equal(browser);
    expect(text(el.shadowRoot!.querySelector('#log, [role=log]'))).to.contain('Bonjour, je ne peux pas me connecter');
    expect(translate.getAttribute('aria-expanded')).to.equal('true');
    translate.click();
    await waitUntil(() => !$(el, '.ai-translation'), 'hidden');
    translate.click();
    await waitUntil(() => $(el, '.ai-translation'), 'shown again');
    expect(
      api.aiCalls.filter((call) => call[0] === 'translate'),
      'asked once',
    ).to.have.length(1);
  });

  it('translates into the member’s own language, chosen in the Notifications dialog and kept in this browser', async () => {
    setAgentLanguage('');
    try {
      const { el, api } = await setUp();
      ($(el, '#settings-button') as HTMLButtonElement).click();
      const language = await find<HTMLInputElement>(el, '#ai-language', 'the language field (AI on)');
      expect(language.value, 'the browser’s language until chosen').to.equal(reduceLanguage(navigator.language));
      expect(language.labels![0]!.textContent).to.equal('Translate visitors’ messages into');

      language.value = 'not a tag!';
      language.dispatchEvent(new Event('change'));
      await waitUntil(() => $(el, '#ai-language-error'), 'refused');
      expect(language.getAttribute('aria-invalid')).to.equal('true');
      expect(localStorage.getItem('parley-admin:ai-language'), 'not kept').to.equal(null);

      language.value = 'de';
      language.dispatchEvent(new Event('change'));
      await waitUntil(() => !$(el, '#ai-language-error'), 'taken');
      expect(localStorage.getItem('parley-admin:ai-language')).to.equal('de');
      ($(el, 'chat-admin-prefs dialog') as HTMLDialogElement).close();

      (await find<HTMLButtonElement>(el, '.ai-translate', 'Translate')).click();
      const shown = await find(el, '.ai-translation', 'the translation');
      expect(api.aiCalls.at(-1)).to.deep.equal(['translate', 'c1', { messageIds: ['m_c1_1'], language: 'de' }]);
      expect(shown.getAttribute('lang')).to.equal('de');
    } finally {
      setAgentLanguage('');
    }
  });

  it('reduces a browser’s language to a tag the relay takes', () => {
    expect(
      ['de-DE', 'de-DE-u-co-phonebk', 'en-US-x-twain', 'zh_Hant_TW', 'es-419', 'x', ''].map(reduceLanguage),
    ).to.deep.equal(['de-DE', 'de-DE', 'en-US', 'zh-Hant-TW', 'es-419', 'en', 'en']);
  });

  it('reads the draft over HTTP as a text/event-stream, pieces split anywhere, and an error answer as a refusal', async () => {
    const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
    const events =
      ': keep-alive\n\nevent: delta\ndata: {"text":"Hel"}\n\nevent: delta\r\ndata: {"text":"lo"}\r\n\r\n' +
      'event: done\ndata: {"text":"Hello","sources":[]}\n\n';
    let refuse = false;
    const fetchImpl = async (url: string, init?: RequestInit): Promise<Response> => {
      seen.push({ url, init });
      if (refuse)
        return new Response(
          JSON.stringify({ error: { code: 'ai_unavailable', message: 'No AI provider answered.' } }),
          {
            status: 503,
          },
        );
      // Cut in pieces that split lines and events, as a network does.
      const bytes = new TextEncoder().encode(events);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const ai = new AiApi(new HttpAdminApi('https://relay.test/v1/admin', 'st_secret_token', fetchImpl));
    const pieces: string[] = [];
    const draft = await ai.draft('c 1', {}, (piece) => pieces.push(piece), new AbortController().signal);
    expect(pieces).to.deep.equal(['Hel', 'lo']);
    expect(draft).to.deep.equal({ text: 'Hello', sources: [] });
    expect(seen[0]!.url).to.equal('https://relay.test/v1/admin/conversations/c%201/ai/draft');
    const headers = seen[0]!.init!.headers as Record<string, string>;
    expect(headers['accept']).to.equal('text/event-stream');
    expect(headers['authorization']).to.equal('Bearer st_secret_token');
    expect(seen[0]!.url).to.not.contain('st_secret_token');
    refuse = true;
    const error = await ai.draft('c1', {}, () => undefined, new AbortController().signal).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AdminApiError);
    expect((error as AdminApiError).code).to.equal('ai_unavailable');
  });
});
