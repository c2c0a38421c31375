import { css } from 'lit';
import { chatAdminPanelStyles } from '../../chat-admin-panel.styles.js';

/** Styles of the webhooks page: the panels' cards, plus the endpoint list, the secret and the delivery log. */
export const chatAdminWebhooksStyles = [
  ...chatAdminPanelStyles,
  css`
    input[type='url'] {
      font: inherit;
      color: inherit;
      background: var(--_bg);
      border: 1px solid var(--_border);
      border-radius: 8px;
      padding: 8px 10px;
      width: 100%;
      box-sizing: border-box;
    }
    .secret {
      display: grid;
      gap: 8px;
      padding: 12px;
      border-radius: 8px;
      border: 1px solid var(--_accent);
      background: var(--_accent-soft);
    }
    .secret code {
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      overflow-wrap: anywhere;
      user-select: all;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .endpoints,
    .deliveries {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .endpoint {
      display: grid;
      gap: 6px;
      padding-block-end: 12px;
      border-block-end: 1px solid var(--_border);
    }
    .url {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .state.disabled,
    .state.failed {
      color: var(--_danger);
    }
    .reason {
      color: var(--_danger);
      margin: 0;
    }
    .delivery {
      display: grid;
      gap: 2px;
      padding: 8px 10px;
      border-radius: 8px;
      background: var(--_surface);
    }
    .excerpt {
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      font-size: 12px;
      color: var(--_muted);
      overflow-wrap: anywhere;
      margin: 0;
    }
    dialog {
      color: var(--_fg);
      background: var(--_raised);
      border: 1px solid var(--_border);
      border-radius: 12px;
      max-width: 420px;
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 40%);
    }
    .danger {
      color: var(--_danger);
    }
  `,
];
