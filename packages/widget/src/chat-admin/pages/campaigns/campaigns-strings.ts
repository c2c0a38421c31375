import type { Campaign } from '@parley/protocol/admin';

/**
 * The Campaigns page's texts. Here rather than in `AdminStrings`: they come with the page's own chunk, so the
 * inbox's first load carries nothing of them.
 */
export const campaignsEn = {
  title: 'Campaigns',
  intro:
    'Proactive messages shown as a bubble by the launcher, on the pages and to the visitors you choose. The site’s loader decides in the browser; a reply opens the chat, and the conversation starts with your message.',
  add: 'New campaign',
  editing: (name: string) => `Editing “${name}”`,
  name: 'Name',
  message: 'Message',
  variantB: 'Variant B (optional)',
  variantC: 'Variant C (optional)',
  abHelp:
    'With two or three texts, each visitor sees one of them, always the same; the results are counted per variant.',
  buttons: 'Buttons (one per line, up to three)',
  sender: 'Shown from',
  bot: 'The bot',
  previewLabel: 'Preview',
  previewPlaceholder: 'Your message',
  dismiss: 'Dismiss',
  urls: 'Pages (one per line)',
  urlsHelp: 'A path such as /pricing or /docs/*, or a full address; * matches anything. None: every page.',
  delay: 'Seconds on the page',
  scroll: 'Scrolled (%)',
  days: 'Again after (days)',
  daysHelp: '0: once per visitor.',
  when: 'Show',
  exit: 'When the pointer leaves the page (desktop)',
  hours: 'Only during business hours',
  visitors: 'Visitors',
  visitorKinds: { all: 'All', new: 'New', returning: 'Returning' } as Record<Campaign['visitors'], string>,
  identified: 'Signed in on your site',
  identifiedKinds: { all: 'Either', identified: 'Identified', anonymous: 'Anonymous' } as Record<
    Campaign['identified'],
    string
  >,
  languages: 'Languages',
  languagesHelp: 'Language codes such as en, fr. None: any.',
  start: 'Starts',
  end: 'Ends',
  create: 'Create',
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  pause: 'Pause',
  resume: 'Resume',
  delete: 'Delete',
  confirmDelete: (name: string) => `Delete “${name}”? Its results go with it.`,
  deleted: 'Deleted.',
  saved: 'Saved.',
  pausedDone: 'Paused.',
  resumedDone: 'Live again.',
  live: 'Live',
  paused: 'Paused',
  count: (n: number) => (n === 1 ? '1 campaign' : `${n} campaigns`),
  none: 'No campaigns yet.',
  variant: (i: number) => `Variant ${'ABC'[i] ?? i + 1}`,
  shown: 'Shown',
  opened: 'Opened',
  conversations: 'Conversations',
  replied: 'Replied',
  csat: 'CSAT',
  summary: (c: Campaign) =>
    [
      c.urls.length > 0 ? c.urls.join(', ') : 'Every page',
      c.delaySeconds > 0 ? `after ${c.delaySeconds} s` : '',
      c.scrollPercent > 0 ? `scrolled ${c.scrollPercent}%` : '',
      c.exitIntent ? 'on exit' : '',
      c.frequency.kind === 'once' ? 'once per visitor' : `at most every ${c.frequency.days} days`,
    ]
      .filter(Boolean)
      .join(' · '),
};

/** The page's texts (a host may give its own). */
export type CampaignsTexts = typeof campaignsEn;
