/**
 * The words of the widget's past conversations (issue #86). English's travel with the part's chunk
 * (`history-part.ts`, `historyStringsEn`), so the element's first load does not carry them; another locale sets
 * `historyStrings` in its strings (a locale without them shows English).
 */
export interface HistoryStrings {
  /** The header's button, and the view's title. */
  title: string;
  /** Back from the list to the chat. */
  back: string;
  /** Back from a conversation to the list. */
  backToList: string;
  /** Starts a new conversation. */
  startNew: string;
  /** Makes the conversation read the visitor's current one again. */
  continue: string;
  /** Marks the visitor's current conversation in the list. */
  current: string;
  /** A conversation's status. */
  open: string;
  resolved: string;
  /** The author of the visitor's own message in a preview: "You: …". */
  you: string;
  /** A preview of a message with files and no text, or deleted. */
  noText: string;
  /** A conversation with no message the visitor sees. */
  empty: string;
  loading: string;
  /** Older messages of the conversation being read. */
  earlier: string;
  failed: string;
  /** Said to screen readers when a conversation is opened: "Conversation of 12 March, read only". */
  readOnly: (when: string) => string;
}
