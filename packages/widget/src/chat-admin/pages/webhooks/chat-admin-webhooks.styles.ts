import { css } from 'lit';
import { pageStyles } from '../../kit/page.styles.js';

/** Styles of the webhooks page: the kit's, plus the endpoint's address, the secret and the delivery log. */
export const chatAdminWebhooksStyles = [
  ...pageStyles,
  css`
    .secret {
      display: grid;
      gap: 8px;
      padding: 12px;
      border-radius: 8px;
      border: 1px solid var(--_accent);
      background: var(--_accent-soft);
    }
    .secret code {
      user-select: all;
    }
    .deliveries {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
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
  `,
];
