import type { SafetyFlag } from '@parley/protocol/admin';

/** The strings of the flags banner and Mark as spam; the chunk brings the English ones (`AdminStrings.moderation`). */
export interface ModerationStrings {
  markSpam: string;
  notSpam: string;
  dismiss: string;
  /** The banner's label: why the conversation is up for review. */
  review: string;
  markedBy: (name: string) => string;
  reasons: Record<SafetyFlag['reason'], string>;
}

/** English strings of spam and review. */
export const moderationEn: ModerationStrings = {
  markSpam: 'Mark as spam',
  notSpam: 'Not spam',
  dismiss: 'Dismiss',
  review: 'Up for review',
  markedBy: (name) => (name ? `Marked as spam by ${name}` : 'Marked as spam'),
  reasons: {
    word: 'Filtered word',
    pattern: 'Filtered pattern',
    link: 'Link',
    repeat: 'Same message in many conversations',
    network: 'Many new conversations from one network',
    spam: 'Marked as spam',
  },
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** Spam and review: the flags banner and Mark as spam (English in its chunk). */
    moderation?: Partial<ModerationStrings>;
  }
}
