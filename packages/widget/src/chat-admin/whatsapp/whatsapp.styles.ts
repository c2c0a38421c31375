import { css } from 'lit';

/**
 * WhatsApp's composer tool's rules. It renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds them to
 * that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const whatsappStyles = css`
  .whatsapp-window {
    margin: 0 0 8px;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_raised);
    font-size: 0.9em;
  }
  .whatsapp-window.closed {
    border-color: var(--_danger, #b42318);
  }
  .whatsapp-window p {
    margin: 0 0 6px;
  }
  .whatsapp-window form {
    display: grid;
    gap: 6px;
  }
  .whatsapp-window label {
    display: grid;
    gap: 2px;
  }
  .whatsapp-window select,
  .whatsapp-window input {
    font: inherit;
    padding: 4px 6px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    color: var(--_fg, inherit);
    min-width: 0;
  }
  .whatsapp-preview {
    white-space: pre-line;
    padding: 6px 8px;
    border-left: 3px solid var(--_border);
    color: var(--_muted);
  }
  .whatsapp-window .error {
    color: var(--_danger, #b42318);
  }
  .whatsapp-window summary {
    cursor: pointer;
  }
`;
