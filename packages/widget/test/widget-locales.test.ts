import { expect } from '@open-wc/testing';
import { attachmentStringsEn } from '../src/attachments/attachment-strings.js';
import { emailStringsEn } from '../src/chat-widget/email-strings.js';
import { helpStringsEn } from '../src/chat-widget/help-strings.js';
import { historyStringsEn } from '../src/chat-widget/history-part.js';
import { longTextStringsEn } from '../src/chat-widget/long-text-part.js';
import { safetyStringsEn } from '../src/chat-widget/safety-strings.js';
import { ar } from '../src/i18n/ar.js';
import type { Strings } from '../src/i18n/en.js';
import { es } from '../src/i18n/es.js';
import { fr } from '../src/i18n/fr.js';
import { strings as bg } from '../src/i18n/locales/bg.js';
import { strings as ca } from '../src/i18n/locales/ca.js';
import { strings as cs } from '../src/i18n/locales/cs.js';
import { strings as da } from '../src/i18n/locales/da.js';
import { strings as de } from '../src/i18n/locales/de.js';
import { strings as el } from '../src/i18n/locales/el.js';
import { strings as et } from '../src/i18n/locales/et.js';
import { strings as fa } from '../src/i18n/locales/fa.js';
import { strings as fi } from '../src/i18n/locales/fi.js';
import { strings as fil } from '../src/i18n/locales/fil.js';
import { strings as he } from '../src/i18n/locales/he.js';
import { strings as hi } from '../src/i18n/locales/hi.js';
import { strings as hr } from '../src/i18n/locales/hr.js';
import { strings as hu } from '../src/i18n/locales/hu.js';
import { strings as id } from '../src/i18n/locales/id.js';
import { strings as it_ } from '../src/i18n/locales/it.js';
import { strings as ja } from '../src/i18n/locales/ja.js';
import { strings as ko } from '../src/i18n/locales/ko.js';
import { strings as lt } from '../src/i18n/locales/lt.js';
import { strings as lv } from '../src/i18n/locales/lv.js';
import { strings as ms } from '../src/i18n/locales/ms.js';
import { strings as nb } from '../src/i18n/locales/nb.js';
import { strings as nl } from '../src/i18n/locales/nl.js';
import { strings as pl } from '../src/i18n/locales/pl.js';
import { strings as ptBR } from '../src/i18n/locales/pt-BR.js';
import { strings as ptPT } from '../src/i18n/locales/pt-PT.js';
import { strings as ro } from '../src/i18n/locales/ro.js';
import { strings as ru } from '../src/i18n/locales/ru.js';
import { strings as sk } from '../src/i18n/locales/sk.js';
import { strings as sr } from '../src/i18n/locales/sr.js';
import { strings as sv } from '../src/i18n/locales/sv.js';
import { strings as th } from '../src/i18n/locales/th.js';
import { strings as tr } from '../src/i18n/locales/tr.js';
import { strings as uk } from '../src/i18n/locales/uk.js';
import { strings as ur } from '../src/i18n/locales/ur.js';
import { strings as vi } from '../src/i18n/locales/vi.js';
import { strings as zhCN } from '../src/i18n/locales/zh-CN.js';
import { strings as zhTW } from '../src/i18n/locales/zh-TW.js';
import { checkLocale } from './locale-check.js';

// The widget's locales (src/i18n/{fr,es,ar}.ts and src/i18n/locales/*.ts; English is en.ts with each part's own
// English): every part's strings, which a part reads when it loads and a locale without them shows in English, are
// there in each, with every key English has, each function keeping its arguments, and no string left in English. A new
// locale is added to this list; a new part's strings to PARTS.

/** Every locale other than English, by its tag. */
const LOCALES: Readonly<Record<string, Strings>> = {
  fr,
  es,
  ar,
  bg,
  ca,
  cs,
  da,
  de,
  el,
  et,
  fa,
  fi,
  fil,
  he,
  hi,
  hr,
  hu,
  id,
  it: it_,
  ja,
  ko,
  lt,
  lv,
  ms,
  nb,
  nl,
  pl,
  'pt-BR': ptBR,
  'pt-PT': ptPT,
  ro,
  ru,
  sk,
  sr,
  sv,
  th,
  tr,
  uk,
  ur,
  vi,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
};

/** Each part's strings in English (the part's own), under their key of `Strings`. */
const PARTS = {
  attachments: attachmentStringsEn,
  emailStrings: emailStringsEn,
  safetyStrings: safetyStringsEn,
  helpStrings: helpStringsEn,
  longTextStrings: longTextStringsEn,
  historyStrings: historyStringsEn,
} satisfies Partial<Strings>;

/** Words a language writes as English does (its "No", its "Email"), by tag. */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly string[]>> = {
  fr: ['message.txt'],
  es: ['No'],
  ca: ['No'],
  it: ['No', 'Email'],
  el: ['Email'],
  fil: ['Email'],
  id: ['Email'],
  vi: ['Email'],
  nl: ['Open'],
};

/** The parts' strings of `strings`, under the same keys as {@link PARTS}. */
const partsOf = (strings: Strings): Record<string, unknown> =>
  Object.fromEntries(Object.keys(PARTS).map((key) => [key, strings[key as keyof typeof PARTS]]));

const check = (tag: string, strings: Strings) =>
  checkLocale(tag, PARTS as Record<string, unknown>, partsOf(strings), new Set(), SAME_AS_ENGLISH[tag] ?? []);

const clean = { missingFeatures: [], missingKeys: [], extraKeys: [], english: [], broken: [] };

describe("the widget's locales: every part's strings", () => {
  for (const [tag, strings] of Object.entries(LOCALES))
    it(`${tag}: every part's strings, each key English has, its arguments kept, nothing left in English`, () => {
      expect(check(tag, strings)).to.deep.equal(clean);
      // Said to screen readers on opening a past conversation: the date must be in it, wherever the language puts it.
      expect(strings.historyStrings!.readOnly('⟦when⟧')).to.include('⟦when⟧');
      expect(strings.longTextStrings!.tooLong('⟦length⟧', '⟦max⟧')).to.include('⟦length⟧').and.include('⟦max⟧');
    });

  it('reports a missing part, a missing key, an argument lost and a string left in English', () => {
    const report = check('de', {
      ...de,
      historyStrings: { ...de.historyStrings!, readOnly: () => 'Unterhaltung, nur zum Lesen', open: 'Open' },
      longTextStrings: { ...de.longTextStrings!, asFile: undefined as unknown as string },
    });
    expect(report.missingFeatures).to.deep.equal([]);
    expect(report.missingKeys).to.deep.equal(['longTextStrings.asFile']);
    expect(report.broken).to.deep.equal(['historyStrings.readOnly: 1 arguments in English, 0 here']);
    expect(report.english).to.deep.equal(['historyStrings.open: "Open"']);
    expect(check('de', { ...de, historyStrings: undefined }).missingFeatures).to.deep.equal(['historyStrings']);
  });
});
