import type { WebhookSubscription } from '../../admin-types.js';

/**
 * The strings of the inbox's Webhooks page, kept out of the shell: the page's chunk brings the English ones; a
 * translation goes in `AdminStrings.webhooksPage`.
 */
export interface WebhooksStrings {
  /** The webhooks page (admins). */
  webhookAddTitle: string;
  webhookUrl: string;
  webhookEvents: string;
  webhookEventNames: Record<WebhookSubscription, string>;
  webhookNoEvents: string;
  /** The add form's choice of several events per request (ADR 0039), and its hint. */
  webhookBatch: string;
  webhookBatchHint: string;
  /** An endpoint's batching state, and the button that changes it. */
  webhookBatched: string;
  batchOn: string;
  batchOff: string;
  /** A delivery log row of a batch: how many events it carried. */
  batchOf: (events: number) => string;
  addWebhook: string;
  webhookSecretTitle: string;
  webhookSecretWarning: string;
  webhookEndpoints: string;
  noWebhooks: string;
  webhookEnabled: string;
  webhookDisabled: string;
  webhookDisabledBecause: (reason: string, at: string) => string;
  enable: string;
  disable: string;
  deleteWebhook: string;
  confirmDeleteWebhook: (url: string) => string;
  deliveryLog: string;
  hideDeliveries: string;
  noWebhookDeliveries: string;
  deliveryOutcome: Record<'delivered' | 'failed' | 'skipped', string>;
  deliverySummary: (attempt: number, latencyMs: number) => string;
  resend: string;
  resent: string;
  notResendable: string;
  /** "Send a test event": a signed `ping` to one endpoint, its result read from the delivery log. */
  sendTest: string;
  testQueued: string;
  testResult: (outcome: string, detail: string) => string;
}

/** English strings of the page. */
export const webhooksEn: WebhooksStrings = {
  webhookAddTitle: 'Add a webhook endpoint',
  webhookUrl: 'Endpoint URL',
  webhookEvents: 'Events',
  webhookEventNames: {
    'conversation.created': 'Conversation created',
    'conversation.updated': 'Conversation updated (status, assignee, priority, labels)',
    'message.created': 'Message created (visitor and staff)',
    'message.updated': 'Message edited or deleted (staff, within 15 minutes)',
    'note.created': 'Private note created',
    'contact.created': 'Contact created',
    'contact.erased': 'Contact erased (ids only)',
  },
  webhookNoEvents: 'Choose at least one event.',
  webhookBatch: 'Send events in batches',
  webhookBatchHint:
    'Up to 500 events per request, as {"events": [...]}: far fewer requests for a busy site. Your receiver must read the batch format.',
  webhookBatched: 'Batched',
  batchOn: 'Send in batches',
  batchOff: 'Send one event per request',
  batchOf: (events) => (events === 1 ? 'batch of 1 event' : `batch of ${events} events`),
  addWebhook: 'Add endpoint',
  webhookSecretTitle: 'Signing secret',
  webhookSecretWarning:
    'Copy it now: it is shown only this once. Your receiver verifies the Parley-Signature header with it.',
  webhookEndpoints: 'Endpoints',
  noWebhooks: 'No webhook endpoints yet.',
  webhookEnabled: 'Enabled',
  webhookDisabled: 'Disabled',
  webhookDisabledBecause: (reason, at) => `Disabled by the relay ${at}: ${reason}`,
  enable: 'Enable',
  disable: 'Disable',
  deleteWebhook: 'Delete',
  confirmDeleteWebhook: (url) => `Delete the endpoint ${url} and its delivery log? Pending deliveries are dropped.`,
  deliveryLog: 'Delivery log',
  hideDeliveries: 'Hide delivery log',
  noWebhookDeliveries: 'No deliveries yet.',
  deliveryOutcome: { delivered: 'Delivered', failed: 'Failed', skipped: 'Skipped' },
  deliverySummary: (attempt, latencyMs) => `attempt ${attempt} · ${latencyMs} ms`,
  resend: 'Resend',
  resent: 'Queued to be sent again.',
  notResendable: 'The event is no longer kept, so it cannot be resent.',
  sendTest: 'Send a test event',
  testQueued: 'Test event queued; its result appears in the delivery log.',
  testResult: (outcome, detail) => `Test event: ${outcome}${detail ? ` (${detail})` : ''}.`,
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The Webhooks page's own strings (its chunk brings the English ones when this is not set). */
    webhooksPage?: WebhooksStrings;
  }
}
