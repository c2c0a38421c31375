// What the completeness test checks of a language's strings against English (test/admin-locales.test.ts), and the
// pseudo-locale the screenshots use: plain functions over the inbox's merged strings (locale-bundles/<tag>.generated.ts).

/** A value of the strings: a string, a function of its arguments, a record or a list of them. */
type Value = unknown;

/** What is wrong with one language, by path (`snooze.snoozedUntil`, `shell.statuses.open`). */
export interface LocaleReport {
  /** Features (keys of AdminStrings the shell does not own) with no translation at all. */
  missingFeatures: string[];
  /** Keys English has and the language's file does not. */
  missingKeys: string[];
  /** Keys the language has and English does not (a typo, a renamed key). */
  extraKeys: string[];
  /** Strings left in English, unless declared the same on purpose. */
  english: string[];
  /** A function turned string or back, another number of arguments, or an argument lost or added. */
  broken: string[];
}

/** Marks passed as a function's arguments, to find them in what it returns. */
const mark = (i: number): string => `⟦${i}⟧`;
/** Strings the same in every language: nothing to translate (a dash, a key's name). */
const NEUTRAL = /^[\s\p{P}\p{S}\d]*$|^[A-Z]$|^Esc$/u;

/** Numbers passed instead, where a function formats its argument as a count (`plural`, `Intl.NumberFormat`). */
const number = (i: number): number => 731 + i * 111;

function call(fn: (...args: unknown[]) => unknown, length: number, numbers = false): string | Error {
  try {
    return String(fn(...Array.from({ length }, (_, i) => (numbers ? number(i) : mark(i)))));
  } catch (error) {
    return error as Error;
  }
}

interface Context {
  same: ReadonlySet<string>;
  report: LocaleReport;
  /** The language's digits for a number (`731` in Latin digits, `٧٣١` in Arabic ones). */
  digits: (n: number) => string;
}

function compare(en: Value, tr: Value, path: string, context: Context): void {
  const { same, report } = context;
  if (typeof en === 'string') {
    if (typeof tr !== 'string') report.broken.push(`${path}: a string in English`);
    else if (tr === en && !NEUTRAL.test(en) && !same.has(en)) report.english.push(`${path}: ${JSON.stringify(en)}`);
    return;
  }
  if (typeof en === 'function') {
    if (typeof tr !== 'function') return void report.broken.push(`${path}: a function in English`);
    if (tr.length !== en.length)
      return void report.broken.push(`${path}: ${en.length} arguments in English, ${tr.length} here`);
    const [a, b] = [call(en as never, en.length), call(tr as never, en.length)];
    if (b instanceof Error) return void report.broken.push(`${path}: throws (${b.message})`);
    if (a instanceof Error) return;
    for (let i = 0; i < en.length; i++) {
      if (a.includes(mark(i)) === b.includes(mark(i))) continue;
      // A count its language formats (`plural('de', n, …)`): given as a number, it must be there in its digits.
      const asNumber = call(tr as never, en.length, true);
      const n = number(i);
      if (
        a.includes(mark(i)) &&
        typeof asNumber === 'string' &&
        [String(n), context.digits(n)].some((d) => asNumber.includes(d))
      )
        continue;
      report.broken.push(`${path}: argument ${i} ${a.includes(mark(i)) ? 'lost' : 'added'}`);
    }
    if (b === a && !NEUTRAL.test(a.replace(/⟦\d⟧/g, '')) && !same.has(a))
      report.english.push(`${path}: ${JSON.stringify(a)}`);
    return;
  }
  if (Array.isArray(en)) {
    if (!Array.isArray(tr) || tr.length !== en.length)
      return void report.broken.push(`${path}: ${en.length} items in English`);
    en.forEach((item, i) => compare(item, tr[i], `${path}[${i}]`, context));
    return;
  }
  if (en && typeof en === 'object') {
    if (!tr || typeof tr !== 'object') return void report.broken.push(`${path}: a record in English`);
    const theirs = tr as Record<string, Value>;
    for (const [key, value] of Object.entries(en)) {
      if (!(key in theirs) || theirs[key] === undefined) report.missingKeys.push(`${path}.${key}`);
      else compare(value, theirs[key], `${path}.${key}`, context);
    }
    for (const key of Object.keys(theirs)) if (!(key in en)) report.extraKeys.push(`${path}.${key}`);
  }
}

/**
 * The strings of `tag` (`tr`, a bundle's `strings`) checked against English (`en`, the English bundle's), whose
 * keys outside `shellKeys` are features' (`snooze`, `savedViews`); `same`: strings kept as English on purpose. With no
 * `shellKeys`, every key is a feature's (the widget's parts, test/widget-locales.test.ts).
 */
export function checkLocale(
  tag: string,
  en: Record<string, Value>,
  tr: Record<string, Value>,
  shellKeys: ReadonlySet<string>,
  same: readonly string[],
): LocaleReport {
  const report: LocaleReport = { missingFeatures: [], missingKeys: [], extraKeys: [], english: [], broken: [] };
  const format = new Intl.NumberFormat(tag);
  const context: Context = { same: new Set(same), report, digits: (n) => format.format(n) };
  const shellEn = Object.fromEntries(Object.entries(en).filter(([key]) => shellKeys.has(key)));
  const shellTr = Object.fromEntries(Object.entries(tr).filter(([key]) => shellKeys.has(key)));
  // The shell's keys are reported missing one by one when the language has a shell file, else as one feature.
  if (shellKeys.size > 0) {
    if (Object.keys(shellTr).length === 0) report.missingFeatures.push('shell');
    else compare(shellEn, shellTr, 'shell', context);
  }
  for (const [key, value] of Object.entries(en)) {
    if (shellKeys.has(key)) continue;
    if (tr[key] === undefined) report.missingFeatures.push(key);
    else compare(value, tr[key], key, context);
  }
  for (const key of Object.keys(tr)) if (!(key in en)) report.extraKeys.push(key);
  return report;
}

const ACCENTS: Record<string, string> = Object.fromEntries(
  [...'aeiouyAEIOUYcnsCNSz'].map((c, i) => [c, [...'àéîöûýÀÉÎÖÛÝçñšÇÑŠž'][i]!]),
);

/** `text` as the pseudo-locale says it: accented, and 40 % longer (`·` filler), its marks and names kept. */
export function pseudoText(text: string): string {
  const accented = text.replace(/[A-Za-z]/g, (c) => ACCENTS[c] ?? c);
  const pad = Math.ceil(text.length * 0.4);
  return `⟪${accented}${pad > 2 ? ` ${'·'.repeat(pad - 1)}` : ''}⟫`;
}

/** Every string of `value` (a bundle's strings) in the pseudo-locale: functions return theirs, keys stay. */
export function pseudo<T>(value: T): T {
  if (typeof value === 'string') return pseudoText(value) as T;
  if (typeof value === 'function')
    return ((...args: unknown[]) => {
      const out = (value as (...a: unknown[]) => unknown)(...args);
      return typeof out === 'string' ? pseudoText(out) : out;
    }) as T;
  if (Array.isArray(value)) return value.map(pseudo) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [key, pseudo(each)])) as T;
  return value;
}
