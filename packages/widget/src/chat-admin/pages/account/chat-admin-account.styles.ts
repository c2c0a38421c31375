import { css } from 'lit';
import { pageStyles } from '../../kit/page.styles.js';

/** Styles of the account pages (Account, Team, API tokens, Sites) and the two-factor setup: the kit's, and their own. */
export const chatAdminAccountStyles = [
  ...pageStyles,
  css`
    .qr {
      width: 200px;
      height: 200px;
      background: #fff;
      padding: 8px;
      border-radius: 8px;
    }
    .codes {
      font-family: ui-monospace, monospace;
      display: grid;
      grid-template-columns: repeat(2, max-content);
      gap: 4px 24px;
      margin: 0;
      padding: 12px;
      list-style: none;
      background: var(--_surface);
      border-radius: 8px;
    }
    .once {
      border-inline-start: 4px solid var(--_accent);
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
    }
  `,
];
