import { css } from 'lit';

/**
 * The message actions' own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds
 * them to that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const messageActionsStyles = css`
  chat-admin-message-actions {
    display: block;
    position: relative;
  }
  /* The menu button shows on the message's hover or focus; it stays in the tab order. */
  chat-admin-message-actions .message-actions-button {
    position: absolute;
    inset-block-start: -2.1rem;
    inset-inline-end: 0;
    opacity: 0;
    padding: 2px 8px;
  }
  .msg:hover chat-admin-message-actions .message-actions-button,
  chat-admin-message-actions:focus-within .message-actions-button,
  chat-admin-message-actions .message-actions-button[aria-expanded='true'] {
    opacity: 1;
  }
  chat-admin-message-actions .message-actions-menu {
    position: absolute;
    z-index: 5;
    inset-block-start: 0;
    inset-inline-end: 0;
    display: flex;
    flex-direction: column;
    min-width: 8rem;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
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
  /* Editing in place: the bubble gives way to the edit box. */
  .msg:has(> chat-admin-message-actions[editing]) > .bubble {
    display: none;
  }
  chat-admin-message-actions .edit-message textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 4rem;
    font: inherit;
    resize: vertical;
  }
  chat-admin-message-actions .edit-message .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  chat-admin-message-actions .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin-block: 4px;
  }
`;
