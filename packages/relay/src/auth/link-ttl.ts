/**
 * How long each kind of one-time link works (ms): the first owner's setup, an invitation, a password reset, and a
 * login's second step. Apart from `accounts.ts` so that the CLI reads them without loading Argon2.
 */
export const LINK_TTL_MS = {
  // Hours, not days: the first start prints it to stdout, which is the log a container keeps (issue #33).
  setup: 2 * 3600_000,
  invite: 7 * 24 * 3600_000,
  reset: 3600_000,
  login: 5 * 60_000,
} as const;
