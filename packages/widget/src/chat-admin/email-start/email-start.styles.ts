import { css } from 'lit';

/**
 * The rules of starting a conversation by email. The element renders in `<chat-admin>`'s shadow root (an
 * `AdminRegion`), so it adds them to that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const emailStartStyles = css`
  /* A chip in the list tools' row, beside the saved views'; open, its form takes the row's whole width. */
  chat-admin-email-start {
    display: contents;
  }
  chat-admin-email-start details[open] {
    flex-basis: 100%;
  }
  chat-admin-email-start summary {
    list-style: none;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 3px 10px;
    font-size: 13px;
    background: var(--_raised);
  }
  chat-admin-email-start summary::-webkit-details-marker {
    display: none;
  }
  chat-admin-email-start form {
    display: grid;
    gap: 8px;
    margin-top: 8px;
    padding: 10px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
  }
  chat-admin-email-start h2 {
    margin: 0;
    font-size: 1rem;
  }
  chat-admin-email-start label {
    display: grid;
    gap: 4px;
  }
  chat-admin-email-start input,
  chat-admin-email-start select,
  chat-admin-email-start textarea {
    font: inherit;
    color: inherit;
    background: var(--_raised);
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 8px;
    min-width: 0;
  }
  chat-admin-email-start textarea {
    min-height: 6rem;
    resize: vertical;
  }
  chat-admin-email-start .buttons {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
  }
  chat-admin-email-start .error {
    color: var(--_danger);
  }
  chat-admin-email-start .muted {
    color: var(--_muted);
    margin: 0;
  }
`;
