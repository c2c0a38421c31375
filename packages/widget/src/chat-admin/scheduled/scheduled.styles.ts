import { css } from 'lit';

/**
 * Send later's own rules. Its elements render in `<chat-admin>`'s shadow root (as `AdminRegion`s), so they add them
 * to that root once, from their own chunk: the inbox's first load carries none of them.
 */
export const scheduledStyles = css`
  chat-admin-send-later {
    position: relative;
    display: inline-flex;
  }
  /* Room for one more button next to Send on a phone: the reply box gives way rather than the row overflowing. */
  .compose-row:has(chat-admin-send-later) {
    min-width: 0;
  }
  .compose-row:has(chat-admin-send-later) textarea {
    width: 0;
  }
  chat-admin-send-later summary {
    list-style: none;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
    white-space: nowrap;
  }
  @media (max-width: 600px) {
    chat-admin-send-later .send-later-label {
      display: none;
    }
  }
  chat-admin-send-later summary::-webkit-details-marker {
    display: none;
  }
  chat-admin-send-later .send-later-menu {
    position: absolute;
    z-index: 5;
    inset-inline-end: 0;
    bottom: calc(100% + 4px);
    display: grid;
    gap: 6px;
    min-width: 15rem;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_fg, inherit);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  chat-admin-send-later .send-later-menu button,
  chat-admin-scheduled button {
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
    color: inherit;
    font: inherit;
  }
  chat-admin-send-later .send-later-pick {
    display: grid;
    gap: 6px;
    border-top: 1px solid var(--_border);
    padding-top: 6px;
  }
  chat-admin-send-later label,
  chat-admin-scheduled label {
    display: grid;
    gap: 4px;
  }
  chat-admin-send-later input,
  chat-admin-scheduled input,
  chat-admin-scheduled textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 4px 6px;
  }
  chat-admin-send-later .error,
  chat-admin-scheduled .error {
    margin: 0;
    color: var(--_danger, #b42318);
  }
  chat-admin-scheduled .scheduled {
    margin: 0 0 8px;
    padding: 8px 10px;
    border: 1px dashed var(--_border);
    border-radius: 10px;
    background: var(--_raised);
  }
  chat-admin-scheduled h3 {
    margin: 0 0 6px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  chat-admin-scheduled ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 6px;
    max-height: 14rem;
    overflow: auto;
  }
  chat-admin-scheduled .scheduled-item {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 2px 8px;
    align-items: center;
  }
  chat-admin-scheduled .scheduled-item p {
    margin: 0;
  }
  chat-admin-scheduled .scheduled-when {
    grid-column: 1;
    font-size: 0.85em;
    color: var(--_muted);
  }
  chat-admin-scheduled .status-failed .scheduled-when {
    color: var(--_danger, #b42318);
  }
  chat-admin-scheduled .scheduled-text {
    grid-column: 1;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
  }
  chat-admin-scheduled .scheduled-actions {
    grid-column: 2;
    grid-row: 1 / span 2;
    display: inline-flex;
    gap: 4px;
  }
  chat-admin-scheduled .editing form {
    grid-column: 1 / -1;
    display: grid;
    gap: 6px;
  }
  chat-admin-scheduled .editing .scheduled-actions {
    grid-row: auto;
    grid-column: auto;
  }
`;
