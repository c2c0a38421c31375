import { css } from 'lit';
import { adminBase } from './admin-base.styles.js';

/**
 * Styles of `<chat-admin>`'s shadow root: the shell (top bar, pages, notices, dialogs, narrow screens) and what
 * its regions share (segmented buttons, presence dots, labels). Each region adds its own `x.styles.ts`; all are
 * adopted stylesheets, so a strict CSP needs no exception.
 */
export const chatAdminStyles = [
  adminBase,
  css`
    :host {
      height: 100%;
      min-height: 0;
      background: var(--_bg);
    }
    .app {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr);
      /* Nothing inside widens the page past the screen (a phone's 360 px): what is wider wraps or scrolls itself. */
      grid-template-columns: minmax(0, 1fr);
      height: 100%;
    }
    /* The regions render into this shadow root (see admin-region.ts): their elements do not box anything. */
    chat-admin-inbox,
    chat-admin-list,
    chat-admin-thread,
    chat-admin-composer,
    chat-admin-visitor,
    chat-admin-prefs {
      display: contents;
    }

    /* ---- top bar ---- */
    .topbar {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 16px;
      border-block-end: 1px solid var(--_border);
      background: var(--_raised);
      flex-wrap: wrap;
    }
    .brand {
      font-size: 15px;
      margin-inline-end: 12px;
    }
    .topbar .bell {
      display: none;
    }
    .topbar nav {
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
      margin-inline-end: auto;
    }
    .tab {
      border: 0;
      background: none;
      padding: 6px 10px;
      border-radius: 8px;
      color: var(--_muted);
      font-weight: 600;
    }
    .tab[aria-current='page'] {
      background: var(--_accent-soft);
      color: var(--_fg);
    }
    .connection {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 12px;
      color: var(--_muted);
    }
    .who {
      font-weight: 600;
    }
    .account {
      position: relative;
    }
    .menu {
      position: absolute;
      inset-block-start: calc(100% + 4px);
      inset-inline-end: 0;
      z-index: 12;
      display: grid;
      min-width: 160px;
      padding: 4px;
      border: 1px solid var(--_border);
      border-radius: 8px;
      background: var(--_raised);
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.16);
    }
    .menu a,
    .menu button {
      padding: 6px 10px;
      border: 0;
      border-radius: 6px;
      background: none;
      color: inherit;
      text-align: start;
      text-decoration: none;
    }
    .menu :hover {
      background: var(--_accent-soft);
    }
    .dot {
      flex: none;
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--_border);
    }
    .dot.on,
    .connection.open .dot {
      background: var(--_online);
    }
    .connection.reconnecting .dot,
    .connection.connecting .dot {
      background: #d97706;
    }
    .connection.closed .dot {
      background: var(--_danger);
    }
    .availability {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      font-size: 12px;
    }
    .availability.online .dot {
      background: var(--_online);
    }
    .availability.away .dot {
      background: #d97706;
    }
    .page {
      overflow: auto;
      padding: 24px;
      background: var(--_surface);
    }

    /* ---- shared by the regions ---- */
    .views,
    .statuses,
    .modes {
      display: flex;
      gap: 4px;
      flex-wrap: wrap;
    }
    .views button,
    .statuses button,
    .modes button {
      border: 1px solid var(--_border);
      background: var(--_raised);
      border-radius: 999px;
      padding: 3px 10px;
      font-size: 13px;
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .label {
      font-size: 11px;
      padding: 0 7px;
      border-radius: 999px;
      border: 1px solid var(--_border);
      background: var(--_bg);
      display: inline-flex;
      align-items: center;
      gap: 2px;
    }

    /* ---- notices, errors, dialogs ---- */
    .notices {
      position: fixed;
      inset-block-end: 16px;
      inset-inline-end: 16px;
      display: grid;
      gap: 8px;
      z-index: 10;
    }
    .notice {
      border: 1px solid var(--_border);
      border-inline-start: 4px solid var(--_accent);
      border-radius: 8px;
      background: var(--_raised);
      padding: 10px 14px;
      text-align: start;
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.16);
      max-width: 320px;
    }
    .error-bar {
      position: fixed;
      inset-block-start: 56px;
      inset-inline: 50% auto;
      translate: -50% 0;
      display: flex;
      gap: 12px;
      align-items: center;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--_danger);
      color: #fff;
      z-index: 11;
    }
    dialog {
      border: 1px solid var(--_border);
      border-radius: 12px;
      background: var(--_raised);
      color: var(--_fg);
      padding: 20px;
      min-width: min(420px, 92vw);
      display: grid;
      gap: 14px;
    }
    dialog:not([open]) {
      display: none;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    dialog form {
      justify-self: end;
    }
    .shortcut-list {
      margin: 0;
      display: grid;
      gap: 6px;
    }
    .shortcut-list div {
      display: grid;
      grid-template-columns: 56px 1fr;
      gap: 10px;
      align-items: center;
    }
    .shortcut-list dd {
      margin: 0;
    }
    kbd {
      display: inline-block;
      min-width: 28px;
      text-align: center;
      padding: 2px 6px;
      border: 1px solid var(--_border);
      border-block-end-width: 2px;
      border-radius: 6px;
      font-family: ui-monospace, monospace;
      background: var(--_surface);
    }
    .prefs {
      border-collapse: collapse;
    }
    .prefs th,
    .prefs td {
      padding: 6px 10px;
      text-align: center;
    }
    .prefs th[scope='row'] {
      text-align: start;
      font-weight: normal;
    }
    .prefs input {
      width: 18px;
      height: 18px;
      accent-color: var(--_accent);
    }

    /* ---- shared by the regions: the thread's visitor toggle, link-like buttons, addresses, a verified mark ---- */
    .visitor-toggle,
    .drawer-close {
      display: none;
    }
    .email {
      font-family: ui-monospace, monospace;
    }
    .link {
      border: 0;
      background: none;
      padding: 0 4px;
      color: var(--_accent);
      text-decoration: underline;
    }
    .verified {
      font-size: 11px;
      color: var(--_online);
      font-weight: 600;
    }
  `,
];

/**
 * `<chat-admin>` on narrow screens, one column at a time: adopted after the regions' styles, which it overrides.
 */
export const chatAdminNarrowStyles = css`
    /* ---- narrow screens: one column at a time ---- */
    @media (max-width: 1100px) {
      .columns {
        grid-template-columns: minmax(240px, 320px) minmax(0, 1fr);
      }
      .visitor-panel {
        display: none;
      }
      .visitor-toggle,
      .drawer-close {
        display: inline-block;
      }
      .show-visitor .visitor-panel {
        display: flex;
        position: fixed;
        inset-block: 0;
        inset-inline-end: 0;
        width: min(320px, 90vw);
        z-index: 6;
        box-shadow: -8px 0 24px rgb(0 0 0 / 0.18);
      }
    }
    @media (max-width: 720px) {
      .topbar {
        padding: 8px;
      }
      .page {
        padding: 12px;
      }
      /* The tabs: a last row of their own that scrolls sideways, under the site and the controls. */
      .topbar nav {
        order: 1;
        flex: 1 0 100%;
        flex-wrap: nowrap;
        overflow-x: auto;
      }
      .tab {
        white-space: nowrap;
      }
      .who {
        max-width: 96px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
      .show-thread .inbox,
      .app:not(.show-thread) .conversation {
        display: none;
      }
      .back {
        display: inline-block;
      }
      /* A screen of its own, after the list and the thread. */
      .show-visitor .visitor-panel {
        width: 100%;
      }
      .msg {
        max-width: 88%;
      }
      textarea,
      input:not([type='checkbox'], [type='radio']),
      select {
        font-size: 16px;
      }
    }
`;
