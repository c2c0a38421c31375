import { css } from 'lit';
import { hostBase } from '../shared/host-base.styles.js';

// As in <chat-widget>: internal `--_x` variables take the public `--chat-x` when the page sets it, otherwise
// the theme's default, so dark mode changes defaults without overriding a site's own colors.
const dark = css`
  --_bg: var(--chat-bg, #14161b);
  --_fg: var(--chat-fg, #e9ecf1);
  --_muted: var(--chat-muted, #9aa1ad);
  --_surface: var(--chat-surface, #1f232b);
  --_raised: var(--chat-raised, #262b35);
  --_border: var(--chat-border, #323846);
  --_note-bg: var(--chat-note-bg, #3d3212);
  --_note-fg: var(--chat-note-fg, #fde68a);
  --_danger: var(--chat-danger, #f87171);
  --_accent: var(--chat-accent, #60a5fa);
  --_accent-fg: var(--chat-accent-contrast, #0b1220);
  --_accent-soft: color-mix(in srgb, var(--_accent) 22%, transparent);
  color-scheme: dark;
`;

/** What every `<chat-admin>` element shares: theme variables, resets, buttons, focus. */
const base = [
  css`
    :host {
      --_accent: var(--chat-accent, #2563eb);
      --_accent-fg: var(--chat-accent-contrast, #fff);
      --_accent-soft: color-mix(in srgb, var(--_accent) 12%, transparent);
      --_bg: var(--chat-bg, #fff);
      --_fg: var(--chat-fg, #1a1d23);
      --_muted: var(--chat-muted, #5f6673);
      --_surface: var(--chat-surface, #f4f5f7);
      --_raised: var(--chat-raised, #fff);
      --_border: var(--chat-border, #e1e4e9);
      --_note-bg: var(--chat-note-bg, #fef6d8);
      --_note-fg: var(--chat-note-fg, #6b4a0b);
      --_danger: var(--chat-danger, #b91c1c);
      --_online: #16a34a;
      color-scheme: light;
      display: block;
      font-family: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      font-size: 14px;
      line-height: 1.45;
      color: var(--_fg);
    }
  `,
  hostBase(dark),
  css`
    button {
      cursor: pointer;
    }
    h1,
    h2,
    h3,
    p {
      margin: 0;
    }
    h2 {
      font-size: 16px;
    }
    h3 {
      font-size: 13px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--_muted);
    }
    .muted {
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
    }
    .primary {
      border: 0;
      border-radius: 8px;
      padding: 8px 14px;
      background: var(--_accent);
      color: var(--_accent-fg);
      font-weight: 600;
    }
    .primary:hover {
      filter: brightness(1.08);
    }
    .primary:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .ghost {
      border: 1px solid var(--_border);
      border-radius: 8px;
      padding: 6px 10px;
      background: var(--_raised);
    }
    .ghost:hover {
      border-color: var(--_muted);
    }
    input:not([type='checkbox'], [type='radio']),
    textarea,
    select {
      border: 1px solid var(--_border);
      border-radius: 8px;
      padding: 7px 10px;
      background: var(--_bg);
      min-width: 0;
    }
    textarea {
      resize: vertical;
    }
    .card {
      display: grid;
      gap: 10px;
      align-content: start;
      padding: 20px;
      border: 1px solid var(--_border);
      border-radius: 12px;
      background: var(--_raised);
    }
  `,
];

/** Styles of the broadcast and stats panels. */
export const chatAdminPanelStyles = [
  base,
  css`
    :host {
      display: grid;
      gap: 16px;
      max-width: 760px;
      margin: 0 auto;
    }
    .card > .primary {
      justify-self: start;
    }
    .card-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    label {
      font-weight: 600;
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: 8px;
      display: flex;
      flex-wrap: wrap;
      gap: 6px 16px;
      padding: 10px 12px;
    }
    legend {
      font-weight: 600;
      padding: 0 4px;
    }
    .radio {
      font-weight: normal;
      display: inline-flex;
      gap: 6px;
      align-items: center;
    }
    .broadcasts {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .broadcast {
      display: grid;
      gap: 6px;
      padding-block-end: 12px;
      border-block-end: 1px solid var(--_border);
    }
    .broadcast-head {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .broadcast-text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .state {
      font-size: 12px;
      font-weight: 600;
      padding: 1px 8px;
      border-radius: 999px;
      background: var(--_accent-soft);
    }
    .state.failed {
      color: var(--_danger);
    }
    progress {
      width: 100%;
      height: 6px;
      accent-color: var(--_accent);
    }
    .figures,
    .stats {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
      gap: 8px;
      margin: 0;
    }
    .figures div,
    .stat {
      padding: 8px 10px;
      border-radius: 8px;
      background: var(--_surface);
    }
    dt {
      font-size: 12px;
      color: var(--_muted);
    }
    dd {
      margin: 0;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .stat dd {
      font-size: 26px;
    }
  `,
];

/** Styles of `<chat-admin>`: adopted stylesheets only, so a strict CSP needs no exception. */
export const chatAdminStyles = [
  base,
  css`
    :host {
      height: 100%;
      min-height: 0;
      background: var(--_bg);
    }
    .app {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr);
      height: 100%;
    }

    /* ---- sign in ---- */
    .sign-in {
      display: grid;
      place-items: center;
      height: 100%;
      padding: 24px;
      background: var(--_surface);
    }
    .sign-in .card {
      width: min(420px, 100%);
    }
    .sign-in h1 {
      font-size: 20px;
    }
    .sign-in label {
      font-weight: 600;
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
    .topbar nav {
      display: flex;
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
      padding-inline: 4px;
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

    /* ---- three columns ---- */
    .columns {
      display: grid;
      grid-template-columns: minmax(260px, 340px) minmax(0, 1fr) minmax(220px, 280px);
      min-height: 0;
    }
    .columns > * {
      min-height: 0;
    }
    .page {
      overflow: auto;
      padding: 24px;
      background: var(--_surface);
    }

    /* ---- inbox ---- */
    .inbox {
      display: flex;
      flex-direction: column;
      border-inline-end: 1px solid var(--_border);
      background: var(--_surface);
    }
    .filters {
      display: grid;
      gap: 8px;
      padding: 12px;
      border-block-end: 1px solid var(--_border);
    }
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
    .views button[aria-pressed='true'],
    .statuses button[aria-pressed='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-fg);
    }
    .count {
      font-size: 11px;
      font-variant-numeric: tabular-nums;
      opacity: 0.8;
    }
    .search {
      width: 100%;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 4px;
      overflow-y: auto;
      flex: 1;
    }
    .item {
      display: grid;
      gap: 2px;
      padding: 9px 10px;
      border-radius: 8px;
      cursor: pointer;
      border: 1px solid transparent;
    }
    .item:hover {
      background: var(--_raised);
    }
    .item[aria-selected='true'] {
      background: var(--_raised);
      border-color: var(--_accent);
      box-shadow: inset 3px 0 0 var(--_accent);
    }
    .line {
      display: flex;
      align-items: center;
      gap: 6px;
      min-width: 0;
    }
    .name {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      flex: 1;
    }
    .item time {
      font-size: 12px;
      color: var(--_muted);
      flex: none;
    }
    .preview {
      flex: 1;
      color: var(--_muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .item.unread .preview {
      color: var(--_fg);
      font-weight: 600;
    }
    .badge {
      flex: none;
      min-width: 20px;
      height: 20px;
      padding: 0 6px;
      border-radius: 10px;
      background: var(--_accent);
      color: var(--_accent-fg);
      font-size: 12px;
      font-weight: 700;
      display: grid;
      place-items: center;
    }
    .priority {
      flex: none;
      font-size: 11px;
      font-weight: 700;
      padding: 0 6px;
      border-radius: 4px;
      background: var(--_border);
    }
    .priority.high,
    .priority.urgent {
      background: color-mix(in srgb, var(--_danger) 18%, transparent);
      color: var(--_danger);
    }
    .labels {
      flex-wrap: wrap;
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
    .empty {
      padding: 24px 16px;
      text-align: center;
    }
    .more {
      margin: 8px;
    }

    /* ---- conversation ---- */
    .conversation {
      display: flex;
      flex-direction: column;
      min-width: 0;
      background: var(--_bg);
    }
    .empty-state {
      display: grid;
      place-items: center;
    }
    .conversation-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 10px 16px;
      border-block-end: 1px solid var(--_border);
    }
    .conversation-head h2 {
      margin-inline-end: auto;
    }
    .back {
      display: none;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    .controls label {
      display: grid;
      font-size: 11px;
      color: var(--_muted);
      gap: 2px;
    }
    .controls select {
      padding: 4px 8px;
      color: var(--_fg);
    }
    .log {
      flex: 1;
      overflow-y: auto;
      padding: 16px;
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .earlier {
      align-self: center;
    }
    .msg {
      max-width: min(75%, 640px);
      display: grid;
      gap: 2px;
    }
    .msg.visitor {
      align-self: flex-start;
    }
    .msg.staff,
    .msg.note {
      align-self: flex-end;
      justify-items: end;
    }
    .author {
      font-size: 12px;
      color: var(--_muted);
      font-weight: 600;
    }
    .bubble {
      padding: 8px 12px;
      border-radius: 14px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .visitor .bubble {
      background: var(--_surface);
      border-end-start-radius: 4px;
    }
    .staff .bubble {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-end-end-radius: 4px;
    }
    .staff .bubble a {
      color: inherit;
    }
    .note .bubble {
      background: var(--_note-bg);
      color: var(--_note-fg);
      border: 1px dashed currentColor;
      border-end-end-radius: 4px;
    }
    .note-badge {
      font-size: 11px;
      padding: 0 6px;
      border-radius: 4px;
      background: var(--_note-bg);
      color: var(--_note-fg);
    }
    .meta {
      font-size: 11px;
      color: var(--_muted);
      display: flex;
      gap: 8px;
    }
    .status.read {
      color: var(--_accent);
      font-weight: 600;
    }
    .status.failed {
      color: var(--_danger);
    }
    .typing {
      min-height: 20px;
      padding: 0 16px;
      font-size: 12px;
      color: var(--_muted);
      font-style: italic;
    }
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

    /* ---- visitor panel ---- */
    .visitor-panel {
      border-inline-start: 1px solid var(--_border);
      padding: 16px;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 12px;
      background: var(--_surface);
    }
    .panel-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
    }
    .visitor-toggle,
    .drawer-close {
      display: none;
    }
    .visitor-name {
      display: flex;
      align-items: center;
      gap: 8px;
      font-weight: 600;
      font-size: 15px;
    }
    .visitor-name .muted {
      font-weight: normal;
      font-size: 12px;
    }
    .visitor-panel dl {
      margin: 0;
      display: grid;
      gap: 2px;
    }
    .visitor-panel dt {
      font-size: 12px;
      color: var(--_muted);
      margin-block-start: 6px;
    }
    .visitor-panel dd {
      margin: 0;
      overflow-wrap: anywhere;
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
      margin-inline-start: 6px;
      font-size: 11px;
      color: var(--_online);
      font-weight: 600;
    }
    .chips {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    .chips .label {
      font-size: 12px;
      padding: 1px 4px 1px 8px;
    }
    .chip-remove {
      border: 0;
      background: none;
      padding: 0 4px;
      line-height: 1;
      color: var(--_muted);
    }
    .add-label input {
      width: 100%;
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
      .who {
        display: none;
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
      .msg {
        max-width: 88%;
      }
      textarea,
      input:not([type='checkbox'], [type='radio']),
      select {
        font-size: 16px;
      }
    }
  `,
];
