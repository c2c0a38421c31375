/** Topic names. Kept in one place so that buses and handlers agree. */
export const topics = {
  /** Everything a conversation's visitor connections receive. */
  conversation: (conversationId: string) => `c/${conversationId}`,
  /** Everything a site's staff connections receive: all conversations, notes, presence. */
  staff: (siteId: string) => `s/${siteId}`,
  /**
   * One member's staff connections on this relay, when they see only some of the site's conversations (in place of
   * {@link staff}; see `StaffScopes`). Local: nothing is published to it through the bus.
   */
  member: (siteId: string, staffId: string) => `m/${siteId}/${staffId}`,
  /** Site-wide announcements to visitors (staff presence). */
  visitors: (siteId: string) => `v/${siteId}`,
  /**
   * One connection's own topic, which only it subscribes to. Acks are published here rather than sent, so that
   * uWS queues them with the connection's fan-out in publish order and writes all of a batch's frames to the
   * socket in one `send()` at the end of the event-loop turn. A socket subscribes at its first ack, not at open
   * (a topic costs uWS about 0.6 KiB per socket, and most visitors never write).
   */
  connection: (connectionId: string) => `x/${connectionId}`,
} as const;
