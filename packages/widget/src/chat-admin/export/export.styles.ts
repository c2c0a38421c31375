import { css } from 'lit';

/**
 * The Export menu's own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds them
 * to that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const exportStyles = css`
  chat-admin-export {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  chat-admin-export details {
    position: relative;
  }
  chat-admin-export summary {
    list-style: none;
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
  }
  chat-admin-export summary::-webkit-details-marker {
    display: none;
  }
  chat-admin-export .export-menu {
    position: absolute;
    z-index: 5;
    inset-inline-end: 0;
    margin-top: 4px;
    display: grid;
    gap: 6px;
    min-width: 15rem;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  chat-admin-export .export-menu button {
    text-align: start;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
    color: inherit;
  }
  /* The header's labels are small captions over their select; this one is a menu item's. */
  chat-admin-export .export-menu label {
    display: flex;
    gap: 8px;
    align-items: center;
    padding: 2px 2px 8px;
    border-bottom: 1px solid var(--_border);
    font-size: 14px;
    color: inherit;
  }
  chat-admin-export .export-status {
    color: var(--_muted);
    font-size: 12px;
  }
  /* Empty, it takes no room in the header, yet stays in place for screen readers to hear what it says next. */
  chat-admin-export .export-status:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  /* The print view's frame: laid out for the printer, never on screen. */
  chat-admin-export iframe.export-print {
    position: fixed;
    inset-inline-start: -10000px;
    top: 0;
    width: 800px;
    height: 600px;
    border: 0;
    visibility: hidden;
  }
`;
