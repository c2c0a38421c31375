import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { composer, conversation, mount, open } from '../admin-fixture.js';
import { $, openSettings, settle, showPage, waitUntil } from '../helpers.js';

// The inbox's everyday pages (issue #81) at 1280 px and 390 px, light and dark (see
// web-test-runner.screenshots.config.mjs): the list with conversations picked and its bulk bar.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`inbox screenshots, ${width} px, ${theme}`, () => {
      it('the list with three conversations picked', async () => {
        await setViewport({ width, height: 900 });
        const { el } = await mount(['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => conversation(id)));
        el.setAttribute('theme', theme);
        await waitUntil(() => $(el, '#option-c3 .pick'), 'the rows’ checkboxes');
        for (const id of ['c1', 'c2', 'c3']) ($(el, `#option-${id} .pick`) as HTMLInputElement).click();
        await waitUntil(() => $(el, 'chat-admin-bulk .bulk'), 'the bulk bar');
        await settle(el);
        await shot(`inbox-bulk-${width}-${theme}`);
      });

      it('the list, and a conversation with its composer', async () => {
        await setViewport({ width, height: 800 });
        const { el } = await mount(['c1', 'c2', 'c3'].map((id) => conversation(id)));
        el.setAttribute('theme', theme);
        await settle(el);
        await shot(`inbox-list-${width}-${theme}`);
        await open(el, 'c1');
        await settle(el);
        await shot(`inbox-thread-${width}-${theme}`);
      });

      it('the settings area in its groups, a guide named, and an address naming no page', async () => {
        await setViewport({ width, height: 900 });
        const { el } = await mount(undefined, true, { hash: true });
        el.setAttribute('theme', theme);
        el.setAttribute('docs-base', 'https://docs.example.test/{page}');
        await openSettings(el);
        const rules = await showPage(el, 'Rules and macros', 'chat-admin-rules');
        await waitUntil(() => rules.shadowRoot!.querySelector('.intro .guide'), 'the rules page');
        await settle(el);
        await shot(`settings-rules-${width}-${theme}`);
        location.hash = '#settings/billing';
        await waitUntil(() => $(el, 'chat-admin-settings .page-missing'), 'the page said missing');
        await settle(el);
        await shot(`settings-missing-${width}-${theme}`);
        history.replaceState(null, '', location.pathname + location.search);
      });

      it('two contacts without a name at one domain, told apart', async () => {
        await setViewport({ width, height: 800 });
        const masked = { verified: false, online: false, emailMasked: 's***@ex***.test' };
        const { el } = await mount([
          conversation('c1', { visitor: { id: 'v_3k9dSam1', ...masked } }),
          conversation('c2', { visitor: { id: 'v_7q2wSue2', ...masked } }),
        ]);
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        await waitUntil(() => $(el, '.email'), 'the visitor panel');
        await settle(el);
        await shot(`inbox-names-${width}-${theme}`);
      });

      it('the snooze menu with its presets’ times', async () => {
        await setViewport({ width, height: 800 });
        const { el } = await mount(['c1', 'c2'].map((id) => conversation(id)));
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-snooze summary'), 'the Snooze menu');
        ($(el, 'chat-admin-snooze summary') as HTMLElement).click();
        await settle(el);
        await shot(`inbox-snooze-${width}-${theme}`);
      });

      it('the macro editor with an action', async () => {
        await setViewport({ width, height: 900 });
        const { el } = await mount();
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Rules and macros', 'chat-admin-rules');
        await waitUntil(() => page.shadowRoot!.querySelector('.new-macro'), 'the rules page');
        (page.shadowRoot!.querySelector('.new-macro') as HTMLButtonElement).click();
        await waitUntil(() => page.shadowRoot!.querySelector('.macro-form'), 'the macro editor');
        (page.shadowRoot!.querySelector('.macro-form .add-action') as HTMLButtonElement | null)?.click();
        await settle(page);
        page.shadowRoot!.querySelector('.macro-form')!.scrollIntoView();
        await shot(`macro-editor-${width}-${theme}`);
      });

      it('a reply longer than a message holds, and its note', async () => {
        await setViewport({ width, height: 800 });
        const { el } = await mount(['c1', 'c2'].map((id) => conversation(id)));
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        composer(el).focus();
        document.execCommand('insertText', false, 'Here is the whole policy. '.repeat(400));
        await waitUntil(() => $(el, '.long-note'), 'the note');
        await settle(el);
        await shot(`inbox-long-text-${width}-${theme}`);
      });
    });
