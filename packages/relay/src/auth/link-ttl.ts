/**
 * How long each kind of one-time link works (ms): the first owner's setup, an invitation, a password reset, and a
 * login's second step. Apart from `accounts.ts` so that the CLI reads them without loading Argon2.
 */
export const LINK_TTL_MS = {
  setup: 7 * 24 * 3600_000,
  invite: 7 * 24 * 3600_000,
  reset: 3600_000,
  login: 5 * 60_000,
} as const;
