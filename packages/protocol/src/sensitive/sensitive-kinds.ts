// The kinds of sensitive data the relay finds, and the shape of a match (issue #39).

/** Every kind `findSensitive` knows, in the order the settings page lists them. */
export const SENSITIVE_KINDS = [
  'card',
  'iban',
  'ssn',
  'aws-key',
  'github-token',
  'slack-token',
  'stripe-key',
  'google-api-key',
  'private-key',
  'jwt',
] as const;

/** A kind of sensitive data. */
export type SensitiveKind = (typeof SENSITIVE_KINDS)[number];

/** One match in a text: `text.slice(start, end)` is the sensitive part. */
export interface SensitiveMatch {
  readonly kind: SensitiveKind;
  readonly start: number;
  readonly end: number;
  /** What the redacted text may show: the last 4 characters of a card number or an IBAN; empty for other kinds. */
  readonly hint: string;
}
