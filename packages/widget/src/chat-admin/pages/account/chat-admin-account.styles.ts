import { css } from 'lit';
import { chatAdminPanelStyles } from '../../chat-admin-panel.styles.js';

/** Styles of the account pages (sign-in, Account, Team, API tokens, Sites) and the two-factor setup. */
export const chatAdminAccountStyles = [
  ...chatAdminPanelStyles,
  css`
    form {
      display: grid;
      gap: 8px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .link {
      border: 0;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
      justify-self: start;
    }
    .qr {
      width: 200px;
      height: 200px;
      background: #fff;
      padding: 8px;
      border-radius: 8px;
    }
    code,
    .codes {
      font-family: ui-monospace, monospace;
      overflow-wrap: anywhere;
    }
    .codes {
      display: grid;
      grid-template-columns: repeat(2, max-content);
      gap: 4px 24px;
      margin: 0;
      padding: 12px;
      list-style: none;
      background: var(--_surface);
      border-radius: 8px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 8px 6px;
      border-block-end: 1px solid var(--_border);
      vertical-align: middle;
    }
    th {
      font-size: 12px;
      color: var(--_muted);
    }
    .badge {
      font-size: 12px;
      padding: 1px 8px;
      border-radius: 999px;
      background: var(--_accent-soft);
    }
    .danger {
      color: var(--_danger);
    }
    .once {
      border-inline-start: 4px solid var(--_accent);
    }
    dialog {
      border: 1px solid var(--_border);
      border-radius: 12px;
      background: var(--_raised);
      color: var(--_fg);
      padding: 20px;
      max-width: min(440px, 92vw);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    /* An empty live region takes no room, and stays in the accessibility tree to be announced when it fills. */
    [role='status']:empty,
    [role='alert']:empty,
    [aria-live]:empty {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    ul.sessions,
    ul.invitations,
    ul.sites {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
  `,
];

/** `<chat-admin-totp>`: a part of a page's card, not a page. */
export const chatAdminTotpStyles = [
  ...chatAdminAccountStyles,
  css`
    :host {
      display: grid;
      gap: 10px;
      max-width: none;
      margin: 0;
      justify-items: start;
    }
  `,
];
