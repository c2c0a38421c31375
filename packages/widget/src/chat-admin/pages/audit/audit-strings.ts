/** The strings of the inbox's Audit log page, kept out of the shell: the page's chunk brings the English ones. */
export interface AuditStrings {
  title: string;
  intro: string;
  filters: string;
  actor: string;
  anyone: string;
  action: string;
  anyAction: string;
  from: string;
  to: string;
  apply: string;
  clear: string;
  none: string;
  more: string;
  when: string;
  who: string;
  what: string;
  target: string;
  details: string;
  noDetails: string;
  /** Readable names of the actions the relay records; an unknown one is shown as recorded. */
  actions: Record<string, string>;
  badRange: string;
}

/** English strings of the Audit log page. */
export const auditEn: AuditStrings = {
  title: 'Audit log',
  intro: 'Who did what, and when: every change made through the admin API, every email revealed and every export.',
  filters: 'Filters',
  actor: 'Staff member',
  anyone: 'Anyone',
  action: 'Action',
  anyAction: 'Any action',
  from: 'From',
  to: 'To (included)',
  apply: 'Apply',
  clear: 'Clear',
  none: 'No entry matches.',
  more: 'Show older entries',
  when: 'When',
  who: 'Who',
  what: 'What',
  target: 'On',
  details: 'Details',
  noDetails: '—',
  actions: {
    'attachments.settings': 'Changed the attachment settings',
    'automations.update': 'Changed the automations',
    'availability.update': 'Changed their availability',
    'broadcast.create': 'Sent a broadcast',
    'canned.create': 'Added a saved reply',
    'canned.delete': 'Deleted a saved reply',
    'canned.update': 'Changed a saved reply',
    'contact.erase': 'Erased a contact',
    'contact.export': 'Exported a contact',
    'contact.reveal': 'Revealed an email',
    'contact.update': 'Changed a contact',
    'conversation.export': 'Exported a conversation',
    'conversation.update': 'Changed a conversation',
    'faq.create': 'Added an FAQ entry',
    'faq.delete': 'Deleted an FAQ entry',
    'faq.update': 'Changed an FAQ entry',
    'outbox.replay': 'Retried a delivery',
    'retention.erase': 'Erased expired conversations',
    'routing.staff.update': 'Changed a member’s routing',
    'routing.update': 'Changed the routing',
    'settings.update': 'Changed the site settings',
    'site.create': 'Created a site',
    'site.identity_secret.rotate': 'Rotated the identity secret',
    'site.update': 'Changed the site',
    'staff.notifications.update': 'Changed their email notifications',
    'team.create': 'Created a team',
    'team.delete': 'Deleted a team',
    'team.update': 'Changed a team',
    'token.create': 'Created a token',
    'token.revoke': 'Revoked a token',
    'webhook.create': 'Added a webhook',
    'webhook.delete': 'Deleted a webhook',
    'webhook.resend': 'Resent a webhook delivery',
    'webhook.test': 'Sent a webhook test event',
    'webhook.update': 'Changed a webhook',
  },
  badRange: 'The start date must be on or before the end date.',
};
