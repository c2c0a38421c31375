/** A refusal with the code the HTTP layer sends (a catalogued error code). */
export class AccountError extends Error {
  constructor(
    readonly code:
      | 'login_failed'
      | 'rate_limited'
      | 'weak_password'
      | 'unauthorized'
      | 'forbidden'
      | 'not_found'
      | 'link_used'
      | 'link_expired'
      | 'conflict'
      | 'bad_request'
      | '2fa_required'
      | 'sso_required'
      | 'mailbox_code_required'
      | 'email_unavailable',
    message?: string,
    /** For `rate_limited`: when the wait ends (ms). */
    readonly until?: number,
  ) {
    super(message ?? code);
  }
}
