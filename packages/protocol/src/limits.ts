/** Wire limits shared by the relay (which enforces them) and clients (which check before sending). */
export const LIMITS = {
  /** Longest message text, in UTF-16 code units. */
  maxTextLength: 4000,
  /** Longest client-generated id (message ids, request refs). */
  maxIdLength: 64,
  /** Most messages one history request may return. */
  maxHistoryPage: 100,
  /** Most conversations one hello may resume. */
  maxResumeCursors: 200,
  /** Default largest frame the relay accepts, in bytes; relays may configure it. */
  maxFrameBytes: 16 * 1024,
} as const;
