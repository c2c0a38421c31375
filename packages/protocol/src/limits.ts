/*
 * Each limit is a constant of its own, which a bundler inlines where it is used, and a member of `LIMITS`, the
 * table the relay and the docs read. Clients import the constants: a member of an object keeps the whole object
 * in their bundle.
 */

/** Longest message text, in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 4000;
/** Longest client-generated id (message ids, request refs). */
export const MAX_ID_LENGTH = 64;
/** Most messages one history request may return. */
export const MAX_HISTORY_PAGE = 100;
/** Most conversations one hello may resume. */
export const MAX_RESUME_CURSORS = 200;
/** Default largest frame the relay accepts, in bytes; relays may configure it. */
export const MAX_FRAME_BYTES = 16 * 1024;
/** Most quick-reply buttons one message may carry. */
export const MAX_BUTTONS = 4;
/** Longest label of a quick-reply button, in UTF-16 code units. */
export const MAX_BUTTON_LABEL = 40;
/** Most files one message may carry (protocol 3). */
export const MAX_ATTACHMENTS = 10;

/**
 * How long after sending a staff member may edit or delete their own message, in ms (15 minutes): long enough to
 * catch a typo or a reply sent to the wrong visitor, short enough that the conversation others have read stays what
 * it was. The relay refuses a later change with `edit_window_closed`; clients hide the actions after it.
 */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** Wire limits shared by the relay (which enforces them) and clients (which check before sending). */
export const LIMITS = {
  /** Longest message text, in UTF-16 code units. */
  maxTextLength: MAX_TEXT_LENGTH,
  /** Longest client-generated id (message ids, request refs). */
  maxIdLength: MAX_ID_LENGTH,
  /** Most messages one history request may return. */
  maxHistoryPage: MAX_HISTORY_PAGE,
  /** Most conversations one hello may resume. */
  maxResumeCursors: MAX_RESUME_CURSORS,
  /** Default largest frame the relay accepts, in bytes; relays may configure it. */
  maxFrameBytes: MAX_FRAME_BYTES,
  /** Most quick-reply buttons one message may carry. */
  maxButtons: MAX_BUTTONS,
  /** Longest label of a quick-reply button, in UTF-16 code units. */
  maxButtonLabel: MAX_BUTTON_LABEL,
  /** Most files one message may carry (protocol 3). */
  maxAttachments: MAX_ATTACHMENTS,
  /** How long a staff member may edit or delete their own message, in ms. */
  editWindowMs: EDIT_WINDOW_MS,
} as const;
