/**
 * Plurals through `Intl.PluralRules`, for a locale's strings: a locale's function picks the form its language's rules
 * give for `count` ("1 nieprzeczytana", "3 nieprzeczytane", "5 nieprzeczytanych"), never gluing an "s" on. `#` in
 * the chosen form is the count, formatted by `Intl.NumberFormat` for the same locale.
 *
 * @example plural('pl', 5, { one: '# nowa wiadomość', few: '# nowe wiadomości', many: '# nowych wiadomości', other: '# nowej wiadomości' })
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

export function plural(locale: string, count: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  let number = numbers.get(locale);
  if (!number) numbers.set(locale, (number = new Intl.NumberFormat(locale)));
  const form = forms[rule.select(count)] ?? forms.other;
  return form.replaceAll('#', number.format(count));
}
