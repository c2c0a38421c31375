import { css } from 'lit';

/**
 * "Show original"'s own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds
 * them to that root once, from its own chunk. The dialog takes the shell's `dialog` look, wider, its body scrolling
 * between the title and Close; headers and text are monospace and wrap anywhere (a long header or URL never widens
 * it, at 390 px either).
 */
export const emailOriginalStyles = css`
  chat-admin-email-original {
    display: inline;
  }
  chat-admin-email-original .email-original-open {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--_accent);
    text-decoration: underline;
  }
  /* On a touch screen the meta line's small text gets a target a finger can hit (WCAG 2.5.8: 24 px at least). */
  @media (pointer: coarse) {
    chat-admin-email-original .email-original-open {
      min-height: 24px;
      padding: 4px 6px;
      margin: -4px -6px;
    }
  }
  dialog.email-original {
    width: min(860px, calc(100vw - 24px));
    max-width: none;
    max-height: calc(100dvh - 24px);
    box-sizing: border-box;
    padding: 16px;
    grid-template-rows: auto minmax(0, 1fr) auto;
    gap: 12px;
    font-size: 14px;
  }
  dialog.email-original[open] {
    display: grid;
  }
  dialog.email-original .email-original-body {
    overflow: auto;
    min-height: 0;
    display: grid;
    gap: 8px;
    align-content: start;
  }
  dialog.email-original h3 {
    font-size: 13px;
    margin: 6px 0 0;
    color: var(--_muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  dialog.email-original pre {
    margin: 0;
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: var(--_fg);
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 12.5px;
    line-height: 1.5;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    tab-size: 4;
  }
  dialog.email-original .email-original-headers {
    max-height: 40vh;
    overflow: auto;
  }
  dialog.email-original .email-original-headers b {
    font-weight: 600;
  }
  dialog.email-original .note {
    font-size: 12px;
    color: var(--_muted);
  }
`;
