import { css } from 'lit';

/**
 * The message actions' own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds
 * them to that root once, from its own chunk: the inbox's first load carries none of them. It sits at the end of the
 * message's meta line (time, status); editing or confirming, it takes a line of its own above them, where the bubble
 * was.
 */
export const messageActionsStyles = css`
  chat-admin-message-actions {
    position: relative;
    display: inline-block;
  }
  /* The menu button shows on the message's hover or focus; it stays in the tab order. */
  chat-admin-message-actions .message-actions-button {
    opacity: 0;
    padding: 0 6px;
    line-height: 1.3;
    font-size: 0.875rem;
  }
  .msg:hover chat-admin-message-actions .message-actions-button,
  chat-admin-message-actions:focus-within .message-actions-button,
  chat-admin-message-actions .message-actions-button[aria-expanded='true'] {
    opacity: 1;
  }
  chat-admin-message-actions .message-actions-menu {
    position: absolute;
    z-index: 5;
    inset-block-start: calc(100% + 2px);
    inset-inline-end: 0;
    display: flex;
    flex-direction: column;
    min-width: 8rem;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    font-size: 0.875rem;
  }
  chat-admin-message-actions .message-actions-menu button {
    text-align: start;
    border: 0;
    background: none;
  }
  chat-admin-message-actions .message-actions-menu button:hover,
  chat-admin-message-actions .message-actions-menu button:focus-visible {
    background: var(--_hover, rgb(127 127 127 / 0.15));
  }
  /* Editing in place, or confirming a delete: a line of its own where the bubble was, the meta line under it. */
  .meta:has(> chat-admin-message-actions[editing]),
  .meta:has(> chat-admin-message-actions .confirm) {
    flex-wrap: wrap;
    justify-content: flex-end;
  }
  chat-admin-message-actions[editing],
  chat-admin-message-actions:has(.confirm) {
    order: -1;
    flex: 1 0 100%;
    font-size: 0.875rem;
  }
  .msg:has(chat-admin-message-actions[editing]) > .bubble {
    display: none;
  }
  chat-admin-message-actions .edit-message textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 4rem;
    font: inherit;
    resize: vertical;
  }
  chat-admin-message-actions .edit-message .row,
  chat-admin-message-actions .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin-block: 4px;
  }
  chat-admin-message-actions .confirm button {
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
    color: inherit;
    font: inherit;
  }
  chat-admin-message-actions .confirm .ok {
    border-color: var(--_danger);
    background: var(--_danger);
    color: #fff;
  }
  chat-admin-message-actions .error {
    flex-basis: 100%;
    margin: 4px 0 0;
    color: var(--_danger);
  }
`;
