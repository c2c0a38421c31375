/**
 * The strings of the inbox's Deliveries page, kept out of the shell: the page's chunk brings the English ones; a translation
 * goes in `AdminStrings.deliveriesPage`.
 */
export interface DeliveriesStrings {
  deliveriesTitle: string;
  deliveriesIntro: string;
  deliveryFilter: string;
  deliveryStatus: Record<'pending' | 'delivered' | 'skipped' | 'dead', string>;
  deliveryKind: (kind: string) => string;
  deliveryAttempts: (count: number) => string;
  deliveryNext: (when: string) => string;
  /** A pending job waiting for an earlier one of the same order (same endpoint and conversation). */
  deliveryHeld: string;
  noDeliveries: string;
  replay: string;
  replayed: string;
}

/** English strings of the page. */
export const deliveriesEn: DeliveriesStrings = {
  deliveriesTitle: 'Emails and webhooks',
  deliveriesIntro:
    'What the relay owes: each is written with the message or change that caused it and retried until it goes through. Failed ones were given up on after their last attempt; replay one once its cause is fixed.',
  deliveryFilter: 'Show',
  deliveryStatus: { dead: 'Failed', pending: 'Waiting', delivered: 'Sent', skipped: 'Not needed' },
  deliveryKind: (kind) =>
    ({
      webhook: 'Webhook',
      'email.reply': 'Reply by email',
      'email.transcript': 'Transcript',
      'email.notify': 'Staff notification',
      'email.admin': 'Notice to admins',
      'automation.welcome': 'Welcome message',
      'automation.away': 'Away reply',
      'automation.csat': 'Rating request',
    })[kind] ?? kind,
  deliveryAttempts: (count) => (count === 1 ? '1 attempt' : `${count} attempts`),
  deliveryNext: (when) => `next try ${when}`,
  deliveryHeld: 'waits for an earlier delivery of this conversation',
  noDeliveries: 'Nothing here.',
  replay: 'Replay',
  replayed: 'Queued again.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Deliveries page's own strings (its chunk brings the English ones when this is not set). */
    deliveriesPage?: DeliveriesStrings;
  }
}
