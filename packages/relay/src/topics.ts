/** Topic names. Kept in one place so that buses and handlers agree. */
export const topics = {
  /** Everything a conversation's visitor connections receive. */
  conversation: (conversationId: string) => `c/${conversationId}`,
  /** Everything a site's staff connections receive: all conversations, notes, presence. */
  staff: (siteId: string) => `s/${siteId}`,
  /** Site-wide announcements to visitors (staff presence). */
  visitors: (siteId: string) => `v/${siteId}`,
} as const;
