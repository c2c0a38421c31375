import { css } from 'lit';
import { adminBase } from './admin-base.styles.js';

/** Styles of the broadcast and stats panels. */
export const chatAdminPanelStyles = [
  adminBase,
  css`
    :host {
      display: grid;
      /* A wide table (the Team's) does not widen the page on a phone: its card scrolls it instead. */
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
      max-width: 760px;
      margin: 0 auto;
    }
    .card {
      grid-template-columns: minmax(0, 1fr);
      overflow-x: auto;
      /* Holds what is positioned inside too (a visually hidden label), or it would widen the page past the card. */
      position: relative;
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
