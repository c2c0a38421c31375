import { css } from 'lit';
import { adminBase } from './admin-base.styles.js';

/**
 * The sign-in page: one card in the middle. On the base styles alone (not the pages' panel and account styles), so
 * a signed-out first load fetches nothing it does not show (the inbox's wire budget).
 */
export const chatAdminSignInStyles = [
  adminBase,
  css`
    :host {
      display: block;
      height: 100%;
      overflow: auto;
      background: var(--_surface);
    }
    .sign-in {
      display: grid;
      place-items: center;
      min-height: 100%;
      padding: 24px;
    }
    .sign-in .card {
      width: min(420px, 100%);
    }
    h1 {
      font-size: 20px;
    }
    form {
      display: grid;
      gap: 8px;
    }
    label {
      font-weight: 600;
    }
    form > .primary {
      justify-self: start;
    }
    .link {
      border: 0;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
      justify-self: start;
    }
    .command {
      margin: 0;
      padding: 8px 10px;
      border-radius: 6px;
      background: var(--_bg);
      border: 1px solid var(--_border);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      user-select: all;
    }
    [role='status']:empty,
    [aria-live]:empty {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  `,
];
