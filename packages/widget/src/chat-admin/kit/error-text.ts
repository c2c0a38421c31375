/**
 * A failure as a person reads it: an `Error`'s message (the admin API's catalog message for an `AdminApiError`),
 * anything else as text. The inbox's one error-to-text line: pages, the shell and the account pages all use it.
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
