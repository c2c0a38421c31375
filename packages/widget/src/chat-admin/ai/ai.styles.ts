import { css } from 'lit';

/**
 * The AI tools' own rules. Their elements render in `<chat-admin>`'s shadow root (as `AdminRegion`s), so they add
 * them to that root once, from their own chunk: the inbox's first load carries none of them.
 */
export const aiStyles = css`
  chat-admin-ai-tools,
  chat-admin-ai-result {
    display: block;
    min-width: 0;
  }
  /* The composer while a draft streams into it: busy, not the agent's to type in (chat-admin-ai-tools). */
  textarea[aria-busy='true'] {
    cursor: progress;
    opacity: 0.85;
  }
  .ai-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 0 0 6px;
  }
  .ai-tools button,
  .ai-result button,
  chat-admin-ai-result button,
  chat-admin-ai-summary button,
  chat-admin-ai-message button {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 4px 10px;
    background: var(--_raised);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .ai-tools button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .ai-menu-wrap {
    position: relative;
  }
  .ai-menu {
    position: absolute;
    z-index: 6;
    inset-inline-start: 0;
    top: calc(100% + 4px);
    display: grid;
    gap: 2px;
    min-width: 14rem;
    max-width: min(20rem, 80vw);
    padding: 6px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_fg, inherit);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  .ai-menu [role='menuitem'] {
    text-align: start;
    border-color: transparent;
    background: transparent;
  }
  .ai-menu [role='menuitem']:hover,
  .ai-menu [role='menuitem']:focus-visible {
    background: var(--_accent-soft);
  }
  .ai-progress {
    font-size: 0.85em;
  }
  chat-admin-ai-result {
    font-size: 0.9em;
  }
  chat-admin-ai-result p,
  chat-admin-ai-result figure {
    margin: 6px 0 0;
  }
  .ai-error {
    color: var(--_danger);
    overflow-wrap: anywhere;
  }
  .ai-error button.link {
    border: none;
    background: none;
    padding: 0 4px;
    text-decoration: underline;
  }
  .ai-sources {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: baseline;
    margin-top: 6px;
  }
  .ai-sources ul {
    display: contents;
    list-style: none;
  }
  .ai-sources li {
    overflow-wrap: anywhere;
  }
  .ai-sources a {
    color: var(--_accent);
  }
  .ai-faq {
    font-size: 0.8em;
    padding: 0 4px;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  .ai-original {
    padding: 6px 8px;
    border-inline-start: 3px solid var(--_border);
    background: var(--_surface);
    border-radius: 6px;
  }
  .ai-original p {
    margin: 2px 0 6px;
    /* A long original scrolls: on a phone the thread above keeps its room. */
    max-height: 6.5em;
    overflow: auto;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .ai-replaced button {
    margin-inline-start: 6px;
  }
  chat-admin-ai-summary {
    display: inline-flex;
  }
  dialog.ai-summary {
    width: min(36rem, calc(100vw - 24px));
    max-height: calc(100vh - 48px);
    border: 1px solid var(--_border);
    border-radius: 12px;
    background: var(--_bg);
    color: var(--_fg);
    padding: 16px;
  }
  dialog.ai-summary::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog.ai-summary h2 {
    margin: 0 0 8px;
    font-size: 1.1em;
  }
  .ai-summary-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    max-height: 50vh;
    overflow: auto;
  }
  .ai-summary-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    justify-content: flex-end;
    margin-top: 12px;
  }
  .ai-summary-actions .primary {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  /*
   * In the message's meta row (a row of 11 px): Translate beside the time, the translation on a line of its own; a
   * bot's sources on a line of their own.
   */
  .meta:has(chat-admin-ai-message) {
    flex-wrap: wrap;
    align-items: baseline;
  }
  chat-admin-ai-message {
    display: contents;
  }
  .ai-message-sources {
    flex-basis: 100%;
    margin-top: 2px;
    font-size: 12px;
  }
  .ai-message-sources ul {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 10px;
    margin: 0;
    padding: 0;
  }
  chat-admin-ai-message button {
    border: none;
    background: none;
    padding: 0;
    color: var(--_accent);
    font-size: inherit;
    text-decoration: underline;
  }
  .ai-translation {
    display: block;
    flex-basis: 100%;
    max-width: min(100%, 40rem);
    margin: 2px 0 0;
    padding: 2px 8px;
    border-inline-start: 3px solid var(--_accent);
    color: var(--_fg);
    font-size: 13px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .ai-translation small {
    display: block;
    color: var(--_muted);
    font-size: 11px;
  }
`;
