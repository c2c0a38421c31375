import { css } from 'lit';

/**
 * The rules of a message the site's safety settings changed. The element renders in `<chat-admin>`'s shadow root (an
 * `AdminRegion`), so it adds them to that root once, from its own chunk. A replaced part reads as a redaction (a
 * dashed, muted box around its label); the revealed original and the folded hidden message are marked apart from
 * ordinary text, in light and dark alike (they take the theme's own colours).
 */
export const redactedStyles = css`
  chat-admin-redacted {
    display: contents;
  }
  chat-admin-redacted .redaction {
    padding: 0 3px;
    border: 1px dashed currentColor;
    border-radius: 4px;
    background: none;
    color: inherit;
    font-style: italic;
    opacity: 0.85;
  }
  chat-admin-redacted .bubble.revealed {
    outline: 2px solid var(--_danger);
    outline-offset: 1px;
  }
  chat-admin-redacted .safety-line {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: baseline;
    margin: 2px 4px 0;
    font-size: 12.5px;
    color: var(--_muted);
  }
  chat-admin-redacted .safety-line button {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
  }
  chat-admin-redacted .safety-line button:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  chat-admin-redacted .hidden-fold {
    margin: 0;
    padding: 6px 12px;
    border: 1px dashed var(--_border);
    border-radius: 14px;
    color: var(--_muted);
    font-size: 13px;
  }
  chat-admin-redacted .safety-error {
    color: var(--_danger);
  }
  @media (pointer: coarse) {
    chat-admin-redacted .safety-line button {
      min-height: 24px;
      padding: 4px 6px;
      margin: -4px -6px;
    }
  }
`;
