import { css } from 'lit';

/**
 * Styles of `<chat-admin-visitor>`, which comes in a chunk of its own: it adds them to `<chat-admin>`'s shadow root,
 * whose rules shared with other regions (the visitor toggle, `.link`, `.email`, `.verified`) are in chat-admin.styles.ts.
 */
export const chatAdminVisitorStyles = css`
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
    .page-title {
      display: block;
    }
    .page-url a {
      overflow-wrap: anywhere;
    }
    .bouncing {
      display: inline-block;
      margin-inline-start: 4px;
      padding: 0 6px;
      border: 1px solid var(--_danger);
      border-radius: 999px;
      font-size: 11px;
      font-weight: 600;
      color: var(--_danger);
    }
    .bouncing-help {
      display: block;
      font-size: 12px;
      color: var(--_muted);
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
`;
