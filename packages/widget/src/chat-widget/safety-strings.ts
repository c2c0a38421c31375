/**
 * The words of the widget's safety part (issue #39): the warning under the composer when the visitor's text holds
 * something the site hides. English's travel with the part's chunk (`safety-part.ts`), so the element's first load
 * does not carry them; another locale sets `safetyStrings` in its strings (a locale without them shows English).
 */
export interface SafetyStrings {
  /** What the warning says for each kind the site hides: what it looks like, and that it will be hidden. */
  card: string;
  iban: string;
  ssn: string;
  /** API keys, tokens and private keys, every shape the detector knows. */
  secret: string;
}

/** English, the default. */
export const safetyStringsEn: SafetyStrings = {
  card: 'This looks like a card number. We’ll hide it.',
  iban: 'This looks like an IBAN. We’ll hide it.',
  ssn: 'This looks like a social security number. We’ll hide it.',
  secret: 'This looks like a key or token. We’ll hide it.',
};
