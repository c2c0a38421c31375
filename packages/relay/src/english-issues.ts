import en from 'zod/v4/locales/en.js';

/**
 * Parse options that word a failed check in English: `Invalid option: expected one of "open"|"pending"|…`, `Too big:
 * expected string to have <=200 characters`. zod/mini loads no locale, so its messages are otherwise "Invalid input";
 * give these to each parse whose message reaches a person (the API's 400s, the CLI's usage errors). A schema's own
 * message still wins over them. English alone (`z.locales` would bundle every language), and only for the relay: the
 * browser's bundles stay without a locale.
 */
export const IN_ENGLISH = { error: en().localeError };
