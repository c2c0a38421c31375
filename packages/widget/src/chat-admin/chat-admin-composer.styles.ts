import { css } from 'lit';

/**
 * Styles of `<chat-admin-composer>`, which adds them to `<chat-admin>`'s shadow root (it renders into it) from its own
 * chunk.
 */
export const chatAdminComposerStyles = css`
    .composer {
      position: relative;
      display: grid;
      gap: 6px;
      padding: 8px 16px 14px;
      border-block-start: 1px solid var(--_border);
    }
    .composer.note-mode {
      background: var(--_note-bg);
    }
    .modes button[aria-pressed='true'] {
      background: var(--_fg);
      border-color: var(--_fg);
      color: var(--_bg);
    }
    .send-held {
      margin: 0 0 6px;
      font-size: 0.85em;
      color: var(--_danger);
    }
    .compose-row button[type='submit']:disabled {
      opacity: 0.5;
      cursor: not-allowed;
    }
    .compose-row {
      display: flex;
      gap: 8px;
      align-items: end;
    }
    .compose-row textarea {
      flex: 1;
      min-height: 44px;
      max-height: 200px;
    }
    .note-mode textarea {
      border-color: var(--_note-fg);
    }
    .canned {
      position: absolute;
      inset-inline: 16px;
      inset-block-end: calc(100% - 4px);
      list-style: none;
      margin: 0;
      padding: 4px;
      border: 1px solid var(--_border);
      border-radius: 10px;
      background: var(--_raised);
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.16);
      max-height: 260px;
      overflow-y: auto;
      z-index: 2;
    }
    .canned li {
      padding: 6px 10px;
      border-radius: 6px;
      display: flex;
      gap: 8px;
      cursor: pointer;
    }
    .canned li[aria-selected='true'] {
      background: var(--_accent-soft);
    }
    .shortcut {
      font-family: ui-monospace, monospace;
      font-weight: 600;
      flex: none;
    }
    .canned-text {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--_muted);
    }
    .confirm-send {
      display: flex;
      flex-wrap: wrap;
      gap: 6px 10px;
      align-items: center;
      padding: 8px 10px;
      border: 1px solid var(--_border);
      border-inline-start: 3px solid var(--_accent);
      border-radius: 8px;
      background: var(--_raised);
    }
    .confirm-send > span:first-child {
      flex: 1 1 14em;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .confirm-actions {
      display: flex;
      gap: 6px;
    }
    .emoji-button {
      min-width: 44px;
      min-height: 44px;
      font-size: 18px;
      padding-inline: 8px;
    }
`;
