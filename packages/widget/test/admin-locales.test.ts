import { expect } from '@open-wc/testing';
import { adminEn } from '../src/chat-admin/admin-strings.js';
import { duration } from '../src/chat-admin/format.js';
import { localeDir, pickInboxLocale } from '../src/chat-admin/inbox-locale.js';
import * as english from '../src/chat-admin/locale-bundles/en.generated.js';
import { LOCALE_BUNDLES } from '../src/chat-admin/locales-index.generated.js';
import { conversation, mount } from './admin-fixture.js';
import { $, settle, text, waitUntil } from './helpers.js';
import { checkLocale, pseudo } from './locale-check.js';

// The inbox's languages (docs/translations.md, "The inbox"): every language's translations checked against English,
// and an agent switching the inbox to German.

const SHELL = new Set(Object.keys(adminEn));
const en = english.strings as unknown as Record<string, unknown>;

describe("the inbox's translations", () => {
  it('English names every feature that adds strings, under its key', () => {
    // Each folder's locales/en.ts: the shell's keys and at least the features the tests below translate.
    for (const key of ['snooze', 'savedViews', 'bulk', 'messageActions', 'timeline', 'reportsPage', 'rolesPage'])
      expect(en[key], key).to.be.an('object');
    expect(en.title).to.equal(adminEn.title);
  });

  for (const tag of Object.keys(LOCALE_BUNDLES))
    it(`${tag}: what is translated keeps its arguments and leaves no English; what is missing is listed`, async () => {
      const bundle = (await LOCALE_BUNDLES[tag]!()) as typeof english;
      const report = checkLocale(
        tag,
        en,
        bundle.strings as unknown as Record<string, unknown>,
        SHELL,
        bundle.sameAsEnglish,
      );
      // The report a translator reads (web-test-runner prints the browser's console).
      console.log(
        bundle.folders.length === 0
          ? `inbox ${tag}: not started (${report.missingFeatures.length} parts to translate)`
          : `inbox ${tag}${bundle.complete ? ' (declared complete)' : ''}: ${bundle.folders.length} folders translated; ` +
              `features missing (${report.missingFeatures.length}): ${report.missingFeatures.join(', ') || 'none'}; ` +
              `keys missing (${report.missingKeys.length}): ${report.missingKeys.join(', ') || 'none'}`,
      );
      // Always: a translated string is a translation, with its arguments, under a key English has.
      expect(report.broken, `${tag}: broken`).to.deep.equal([]);
      expect(report.extraKeys, `${tag}: keys English does not have`).to.deep.equal([]);
      expect(report.english, `${tag}: left in English`).to.deep.equal([]);
      // A language declared complete: every feature and every key.
      if (bundle.complete) {
        expect(report.missingFeatures, `${tag}: features missing`).to.deep.equal([]);
        expect(report.missingKeys, `${tag}: keys missing`).to.deep.equal([]);
      }
    });

  it('German: the shell and its worked-example features whole', async () => {
    const bundle = (await LOCALE_BUNDLES.de!()) as typeof english;
    const report = checkLocale(
      'de',
      en,
      bundle.strings as unknown as Record<string, unknown>,
      SHELL,
      bundle.sameAsEnglish,
    );
    for (const key of ['shell', 'snooze', 'savedViews', 'bulk', 'messageActions'])
      expect(report.missingFeatures, key).not.to.include(key);
    expect(report.missingKeys).to.deep.equal([]);
    // Plurals by the language's rules, the count in its digits.
    const views = bundle.strings.savedViews!;
    expect([views.count!(1), views.count!(1234)]).to.deep.equal(['1 Unterhaltung', '1.234 Unterhaltungen']);
  });

  it('the checks find what a careless translation does', () => {
    const bad = {
      ...en,
      title: en.title,
      typing: () => 'schreibt …',
      snooze: { ...(en.snooze as object), snoozedUntil: 'Zurückgestellt', extra: 'x' },
    };
    const report = checkLocale('de', en, bad, SHELL, []);
    expect(report.english).to.include('shell.title: "Parley inbox"');
    expect(report.broken).to.include('shell.typing: 1 arguments in English, 0 here');
    expect(report.broken).to.include('snooze.snoozedUntil: a function in English');
    expect(report.extraKeys).to.include('snooze.extra');
    const lost = checkLocale('de', en, { ...en, typing: (_name: string) => 'Jemand schreibt …' }, SHELL, []);
    expect(lost.broken).to.include('shell.typing: argument 0 lost');
  });

  it('picks the agent’s language, then the browser’s, with regional fallbacks, else English', () => {
    const supported = ['en', 'de', 'pt-BR', 'zh-CN', 'ar'];
    expect(pickInboxLocale(['de-AT'], supported)).to.equal('de');
    expect(pickInboxLocale(['pt-PT', 'de'], supported)).to.equal('pt-BR');
    expect(pickInboxLocale(['zh-TW'], supported)).to.equal('zh-CN');
    expect(pickInboxLocale([undefined, 'sv', 'de'], supported)).to.equal('de');
    expect(pickInboxLocale(['sv', 'fi'], supported)).to.equal('en');
    expect([localeDir('ar'), localeDir('ar-EG'), localeDir('de')]).to.deep.equal(['rtl', 'rtl', 'ltr']);
  });

  it('the pseudo-locale is longer and accented, its arguments kept', () => {
    const p = pseudo(adminEn);
    expect(p.search).to.match(/^⟪Šéàrçh ·+⟫$/u);
    expect(p.search.length).to.be.at.least(adminEn.search.length * 1.4);
    expect(p.typing('Ada')).to.contain('Àdà');
  });
});

describe('an agent switches the inbox to German', () => {
  afterEach(() => localStorage.removeItem('parley-admin:locale'));

  it('from the Notifications dialog: German words and German dates at once, kept for the next load', async () => {
    const days = 86_400_000;
    const ts = Date.UTC(2026, 0, 14, 12); // 14 January: months read differently in English and German
    const { el } = await mount([
      conversation('c1', { lastMessage: { seq: 1, text: 'Hallo', ts, authorRole: 'visitor' }, updatedAt: ts }),
      conversation('c2', { updatedAt: Date.now() - 3 * days }),
    ]);
    expect(el.locale).to.equal('en');
    ($(el, '#settings-button') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'select#inbox-locale'), 'the language choice');
    const select = $(el, 'select#inbox-locale') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).to.include.members(['', 'en', 'de', 'ar', 'ja', 'pt-BR']);
    expect([...select.options].find((o) => o.value === 'de')!.textContent!.trim()).to.equal('Deutsch');
    select.value = 'de';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => el.locale === 'de', 'German');
    await settle(el);
    expect(el.lang).to.equal('de');
    expect(el.dir).to.equal('ltr');
    expect(localStorage.getItem('parley-admin:locale')).to.equal('de');
    // The shell's words and a feature's: the list's heading, the views' tabs; the dialog drawn again in German.
    const all = text(el.shadowRoot!.querySelector('.app') as HTMLElement);
    expect(all).to.contain('Posteingang');
    expect(all).to.contain('Nicht zugewiesen');
    expect(text($(el, 'dialog h2'))).to.equal('Benachrichtigungen');
    // Dates in German: the row's date as Intl writes it for de ("14. Jan."), not as for English ("Jan 14").
    const german = new Intl.DateTimeFormat('de', { month: 'short', day: 'numeric' }).format(ts);
    expect(german).to.not.equal(new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' }).format(ts));
    expect(text($(el, '#option-c1'))).to.contain(german);
    // Durations (the list's SLA marks, reports) in German units, not glued English ones.
    expect([duration(42), duration(180), duration(3900)]).to.deep.equal(['42 Sek.', '3 Min.', '1 Std., 5 Min.']);
    // Back to English.
    await el.setLocale('en');
    await settle(el);
    expect(text(el.shadowRoot!.querySelector('.app') as HTMLElement)).to.contain('Inbox');
    expect(el.lang).to.equal('en');
    expect([duration(42), duration(180), duration(3900)]).to.deep.equal(['42 sec', '3 min', '1 hr 5 min']);
  });

  it('a kept choice is used on the next load; Arabic turns the inbox right to left', async () => {
    localStorage.setItem('parley-admin:locale', 'de');
    const { el } = await mount();
    await waitUntil(() => el.locale === 'de', 'German from the kept choice');
    await el.setLocale('ar');
    await settle(el);
    expect([el.lang, el.dir, getComputedStyle($(el, '.app')!).direction]).to.deep.equal(['ar', 'rtl', 'rtl']);
  });
});
