// What a redacted match reads as, in one place (English; short, since it replaces text inside a sentence).
import type { SensitiveKind } from './sensitive-kinds.js';

/** The secret kinds' names inside `[secret: …]`. */
const SECRET_NAMES = {
  'aws-key': 'AWS key',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'stripe-key': 'Stripe key',
  'google-api-key': 'Google API key',
  'private-key': 'private key',
  jwt: 'JWT',
} as const satisfies Partial<Record<SensitiveKind, string>>;

/**
 * The text that replaces a match of `kind`; `hint` is the match's hint (the last 4 digits of a card or an IBAN,
 * empty for the other kinds).
 *
 * @example redactionText('card', '4242') // '[card ending 4242]'
 */
export function redactionText(kind: SensitiveKind, hint: string): string {
  switch (kind) {
    case 'card':
      return hint === '' ? '[card]' : `[card ending ${hint}]`;
    case 'iban':
      return hint === '' ? '[IBAN]' : `[IBAN ending ${hint}]`;
    case 'ssn':
      return '[SSN]';
    default:
      return `[secret: ${SECRET_NAMES[kind]}]`;
  }
}
