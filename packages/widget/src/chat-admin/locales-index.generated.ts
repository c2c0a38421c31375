// Written by scripts/locales-index.mjs: do not edit. Each language of the inbox but English (the built-in one), as
// the chunk of its strings (locale-bundles/<tag>.generated.ts), fetched when an agent chooses it.
import type { AdminStrings } from './admin-strings.js';

/** The inbox's languages other than English, each loading its strings. */
export const LOCALE_BUNDLES: Readonly<Record<string, () => Promise<{ strings: Partial<AdminStrings> }>>> = {
  ar: () => import('./locale-bundles/ar.generated.js'),
  de: () => import('./locale-bundles/de.generated.js'),
  es: () => import('./locale-bundles/es.generated.js'),
  fr: () => import('./locale-bundles/fr.generated.js'),
  it: () => import('./locale-bundles/it.generated.js'),
  ja: () => import('./locale-bundles/ja.generated.js'),
  nl: () => import('./locale-bundles/nl.generated.js'),
  pl: () => import('./locale-bundles/pl.generated.js'),
  'pt-BR': () => import('./locale-bundles/pt-BR.generated.js'),
  tr: () => import('./locale-bundles/tr.generated.js'),
  'zh-CN': () => import('./locale-bundles/zh-CN.generated.js'),
};
