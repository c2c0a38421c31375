import { css } from 'lit';

/**
 * `<chat-admin>` designed for a phone (≤ 600 px, issue #43): the list, the thread and the visitor panel are screens,
 * the main views a bottom bar (hidden in a conversation, where the composer takes the bottom), and every control a
 * 44 px touch target. Adopted after the shell's styles (its chunk comes only where a phone's width is met).
 */
export const phoneShellStyles = css`
  @media (max-width: 600px) {
    .app {
      grid-template-rows: auto minmax(0, 1fr) auto;
    }
    /* Nothing widens the screen (a phone's browser would zoom out to show it): what is wider scrolls or is cut. */
    .app {
      overflow-x: clip;
    }
    /*
     * The bar above the list: one row. The site's name gives way (cut with an ellipsis), and the account's is cut past
     * a quarter of the screen; the keyboard's shortcuts, which a phone's screen has no use for, are not shown.
     */
    .topbar {
      padding: 4px 8px;
      gap: 4px;
      flex-wrap: nowrap;
    }
    .topbar > * {
      flex-shrink: 0;
    }
    .topbar > .brand {
      flex-shrink: 1;
      /* Before the account's name gives way: a site is found by its name. */
      min-width: min(40vw, max-content);
    }
    .topbar [aria-keyshortcuts] {
      display: none;
    }
    .topbar button.ghost,
    .topbar select {
      padding-inline: 8px;
    }
    /* Notifications: a bell, its word read by screen readers only (the word left the site's name one letter). */
    .topbar .bell {
      display: block;
      width: 20px;
      height: 20px;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
    #settings-button {
      display: grid;
      place-items: center;
    }
    #settings-button .button-label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .topbar .who {
      max-width: 28vw;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .brand {
      margin-inline-end: auto;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    /* The bottom bar: the main views, each a column's width, under the screen (the shell's last row). */
    .topbar nav {
      position: fixed;
      inset-inline: 0;
      inset-block-end: 0;
      z-index: 5;
      display: flex;
      flex-wrap: nowrap;
      gap: 0;
      margin: 0;
      overflow-x: auto;
      padding-block-end: env(safe-area-inset-bottom, 0);
      background: var(--_raised);
      border-block-start: 1px solid var(--_border);
    }
    /*
     * Each tab as wide as its word, the room left shared: equal columns cut the longest ("Broadc…"). Every main view
     * stays in view at 360 px; a language whose words are longer than the screen (German's "Rundsendungen") is cut
     * with an ellipsis, its whole word the tab's accessible name.
     */
    .tab {
      flex: 1 1 auto;
      min-width: 44px;
      min-height: 52px;
      /* 1 px a side: seven English words (Companies among them) whole at 390 px. */
      padding: 4px 1px;
      border-radius: 0;
      font-size: 11px;
      overflow: hidden;
      text-overflow: ellipsis;
      box-shadow: inset 0 3px 0 transparent;
    }
    .tab[aria-current='page'] {
      background: none;
      color: var(--_accent);
      box-shadow: inset 0 3px 0 var(--_accent);
    }
    .app::after {
      /* The bar's room: the last row, so nothing scrolls under the bar. */
      content: '';
      height: calc(53px + env(safe-area-inset-bottom, 0px));
    }
    .app.show-thread::after {
      display: none;
    }
    .app.show-thread .topbar nav {
      display: none;
    }
    /* In a conversation the thread is the screen: the shell's bar above it goes, the thread's own header stays. */
    .app.show-thread .topbar {
      display: none;
    }
    .app.show-thread {
      grid-template-rows: minmax(0, 1fr);
    }
    .connection {
      font-size: 0;
    }
    .connection .dot {
      width: 10px;
      height: 10px;
    }
    /* 44 px touch targets (under .app, to outweigh the styles that chunks adopt later). */
    .app button,
    .app select,
    .app input:not([type='checkbox'], [type='radio']),
    .app .item,
    .app a.button {
      min-height: 44px;
    }
    .app summary {
      box-sizing: border-box;
      min-height: 44px;
      padding-block: 12px;
    }
    .app summary.button {
      min-width: 44px;
      justify-content: center;
    }
    .app button.ghost,
    .app .back,
    .app .visitor-toggle,
    .app .drawer-close {
      min-width: 44px;
    }
    input[type='checkbox'],
    input[type='radio'] {
      width: 22px;
      height: 22px;
    }
    /*
     * The conversation's controls: one row that scrolls sideways. The list's views and statuses wrap instead: in a
     * row that scrolled, Overdue, Review and Spam were out of sight with nothing to say they were there.
     */
    .conversation-head .controls {
      flex-wrap: nowrap;
      overflow-x: auto;
      scrollbar-width: none;
    }
    .app .views button,
    .app .statuses button {
      padding-inline: 9px;
      gap: 4px;
    }
    .views > *,
    .statuses > *,
    .controls > * {
      flex: none;
    }
    /* The composer: its field a row of its own, as wide as the screen, so its placeholder is read whole. */
    .app .compose-row {
      flex-wrap: wrap;
      justify-content: end;
    }
    .app .compose-row textarea {
      flex: 1 0 100%;
    }
    .filters {
      padding: 8px;
      gap: 6px;
    }
    .conversation-head {
      padding: 4px 8px;
      gap: 4px 8px;
      flex-wrap: nowrap;
      flex-direction: column;
      align-items: stretch;
    }
    .conversation-head > .back {
      position: absolute;
      inset-block-start: 4px;
      inset-inline-start: 8px;
    }
    .conversation-head .title {
      min-height: 44px;
      display: grid;
      align-content: center;
      padding-inline-start: 52px;
    }
    .conversation-head .title h2 {
      margin: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .conversation-head .controls {
      /* What is positioned inside (a hidden status) stays inside the row that scrolls, not past the screen. */
      position: relative;
      align-items: end;
      padding-block-end: 2px;
    }
    /* The controls' menus open over the screen, under their button: the row that scrolls would clip them. */
    .controls :is(.snooze-menu, .export-menu, .merge-panel) {
      position: fixed;
      inset-inline: 8px;
      inset-block-start: auto;
      max-height: 70dvh;
      overflow: auto;
      z-index: 8;
    }
    /* What a phone needs first, first: resolve, and the visitor's screen. */
    .controls .resolve,
    .controls .visitor-toggle {
      order: -1;
    }
    .back {
      font-size: 20px;
    }
    .log {
      padding: 12px;
    }
    .app .composer {
      padding: 6px 8px max(8px, env(safe-area-inset-bottom, 0px));
    }
    /* The visitor panel: a screen in the thread's place, not a drawer over it. */
    .show-visitor .conversation {
      display: none;
    }
    .show-visitor .visitor-panel {
      position: static;
      width: auto;
      box-shadow: none;
      border: 0;
    }
  }
`;
