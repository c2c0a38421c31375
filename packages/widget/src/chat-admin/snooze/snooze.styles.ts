import { css } from 'lit';

/**
 * The Snooze menu's own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds them
 * to that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const snoozeStyles = css`
  chat-admin-snooze {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  chat-admin-snooze details {
    position: relative;
  }
  chat-admin-snooze summary {
    list-style: none;
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
  }
  chat-admin-snooze summary::-webkit-details-marker {
    display: none;
  }
  chat-admin-snooze .snooze-menu {
    position: absolute;
    z-index: 5;
    inset-inline-end: 0;
    margin-top: 4px;
    display: grid;
    gap: 6px;
    min-width: 14rem;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  chat-admin-snooze .snooze-menu > button,
  chat-admin-snooze .snooze-menu form button {
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
    color: inherit;
  }
  chat-admin-snooze .snooze-menu form {
    display: grid;
    gap: 6px;
    border-top: 1px solid var(--_border);
    padding-top: 6px;
  }
  chat-admin-snooze .snooze-menu label {
    display: grid;
    gap: 4px;
  }
  chat-admin-snooze .snoozed {
    color: var(--_muted);
  }
  /* A preset's time, after its name (muted: the name is what is picked). */
  chat-admin-snooze .when {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
`;
