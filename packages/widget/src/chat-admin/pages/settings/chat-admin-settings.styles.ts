import { css } from 'lit';
import { adminBase } from '../../admin-base.styles.js';

/** Styles of `<chat-admin-settings>`: the side navigation beside the sub-page. */
export const chatAdminSettingsStyles = [
  adminBase,
  css`
    :host {
      display: grid;
      grid-template-columns: 200px minmax(0, 1fr);
      min-height: 0;
      background: var(--_surface);
    }
    nav {
      border-inline-end: 1px solid var(--_border);
      background: var(--_raised);
      padding: 16px 8px;
      overflow: auto;
    }
    ul {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
      display: grid;
      gap: 2px;
    }
    h2 {
      margin: 0 0 4px;
      padding: 0 10px;
      font-size: 11px;
      font-weight: 700;
      letter-spacing: 0.04em;
      text-transform: uppercase;
      color: var(--_muted);
    }
    a {
      display: block;
      padding: 6px 10px;
      border-radius: 8px;
      color: var(--_muted);
      font-weight: 600;
      text-decoration: none;
    }
    a:hover {
      color: var(--_fg);
    }
    a[aria-current='page'] {
      background: var(--_accent-soft);
      color: var(--_fg);
    }
    main {
      overflow: auto;
      padding: 24px;
    }
    @media (max-width: 720px) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto minmax(0, 1fr);
      }
      nav {
        border-inline-end: 0;
        border-block-end: 1px solid var(--_border);
        padding: 8px;
      }
      /*
       * On a phone, every group's links in one row that scrolls sideways (rows of links pushed the page down); the
       * groups' names are read by screen readers, each naming its list.
       */
      nav {
        display: flex;
        overflow-x: auto;
      }
      ul {
        display: flex;
        flex: none;
        margin: 0;
      }
      h2 {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      a {
        white-space: nowrap;
      }
      /* The page's cards keep the width of a phone for their fields. */
      main {
        padding: 12px;
      }
    }
  `,
];
