import { css } from 'lit';

/** Styles of `<chat-admin-list>` (adopted by `<chat-admin>`, whose shadow root it renders into). */
export const chatAdminListStyles = css`
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
    .subject {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .channel {
      flex: none;
      font-size: 11px;
      font-weight: 700;
      padding: 0 6px;
      border-radius: 4px;
      border: 1px solid color-mix(in srgb, var(--_fg) 35%, transparent);
      color: var(--_muted);
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
    .labels,
    .sla {
      flex-wrap: wrap;
    }
    .sla {
      font-size: 12px;
      color: var(--_muted);
    }
    .sla .overdue {
      font-weight: 700;
      color: var(--_danger);
    }
    .empty {
      padding: 24px 16px;
      text-align: center;
    }
    .more {
      margin: 8px;
    }
`;
