import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { AdminStrings } from '../../src/chat-admin/admin-strings.js';
import * as english from '../../src/chat-admin/locale-bundles/en.generated.js';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, waitUntil } from '../helpers.js';
import { pseudo } from '../locale-check.js';

// The inbox in other languages (issue #85) at 1280 px and 390 px: the pseudo-locale (every string 40 % longer and
// accented, made here from English: nothing cut or overlapping), German, and Arabic right to left (its words are
// English until translated; the layout is what is looked at).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  describe(`inbox languages, ${width} px`, () => {
    afterEach(() => localStorage.removeItem('parley-admin:locale'));

    for (const language of ['pseudo', 'de', 'ar'] as const)
      it(`${language}: the list, a conversation, the bulk bar and the language choice`, async () => {
        await setViewport({ width, height: 800 });
        const { el } = await mount(['c1', 'c2', 'c3', 'c4'].map((id) => conversation(id, { unread: 2 })));
        if (language === 'pseudo') el.strings = pseudo(english.strings as AdminStrings);
        else await el.setLocale(language);
        // A phone's shell is a chunk of its own: its styles show the bell instead of the word.
        if (width === 390)
          await waitUntil(() => getComputedStyle($(el, '.topbar .bell')!).display !== 'none', 'the phone shell');
        await settle(el);
        await shot(`locale-${language}-list-${width}`);
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-snooze summary'), 'the Snooze menu');
        await settle(el);
        await shot(`locale-${language}-thread-${width}`);
        if (width === 390) ($(el, '.back, button[aria-label]') as HTMLElement | null)?.click();
        await settle(el);
        for (const id of ['c1', 'c2']) ($(el, `#option-${id} .pick`) as HTMLInputElement | null)?.click();
        await settle(el);
        await shot(`locale-${language}-bulk-${width}`);
        ($(el, '#settings-button') as HTMLButtonElement).click();
        await waitUntil(() => $(el, 'select#inbox-locale'), 'the language choice');
        await settle(el);
        await shot(`locale-${language}-prefs-${width}`);
      });
  });
