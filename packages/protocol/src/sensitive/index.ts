/**
 * The sensitive-data detector (`@parley/protocol/sensitive`, issue #39): card numbers, IBANs, US SSNs and secrets
 * by well-known shapes. The relay runs it on every message before it is stored (docs/safety.md); the widget loads it
 * only for a site that hides something, to warn the visitor before they send. Pure and linear in the text's length.
 */
export { findSensitive, ibanChecksumValid, luhn, redact, type SensitiveOptions } from './sensitive-data.js';
export { SENSITIVE_KINDS, type SensitiveKind, type SensitiveMatch } from './sensitive-kinds.js';
export { redactionText } from './sensitive-strings.js';
