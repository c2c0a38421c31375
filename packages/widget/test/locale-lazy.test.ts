import { expect } from '@open-wc/testing';
// The served element's way (chat-widget/served.ts): English built in, the others fetched when asked for. This file
// imports neither `@parley/widget` nor all-locales.ts, so only English is registered when it starts.
import { loadLocale, missingLocale } from '../src/i18n/built-in.js';
import { fr } from '../src/i18n/fr.js';
import { locales, resolveLocale } from '../src/i18n/i18n.js';

describe('built-in locales fetched on demand', () => {
  it('starts with English alone, fetches the first built-in language asked for, and then resolves to it', async () => {
    expect(Object.keys(locales)).to.deep.equal(['en']);
    expect(resolveLocale(['fr-CA', 'en']).tag, 'not fetched yet: English stands in').to.equal('en');
    expect(missingLocale(['fr-CA', 'en'])).to.equal('fr');
    expect(missingLocale(['en-GB', 'fr']), 'English comes first: nothing to fetch').to.equal(undefined);
    expect(missingLocale(['de', 'xx']), 'no built-in language asked for').to.equal(undefined);

    await loadLocale(['de', 'fr-CA', 'es']);
    expect(Object.keys(locales).sort()).to.deep.equal(['en', 'fr'], 'only the first built-in one asked for');
    expect(resolveLocale(['fr-CA']).strings).to.deep.equal(fr);
    expect(missingLocale(['fr-CA'])).to.equal(undefined);

    await loadLocale(['ar-EG']);
    expect(resolveLocale(['ar-EG'])).to.include({ tag: 'ar', dir: 'rtl' });
  });
});
