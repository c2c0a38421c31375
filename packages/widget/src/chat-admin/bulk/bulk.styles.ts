import { css } from 'lit';

/**
 * The bulk bar's own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds them to
 * that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const bulkStyles = css`
  chat-admin-list-tools,
  chat-admin-bulk {
    display: contents;
  }
  /* The list's rows, picked or not (their checkbox is the list's; its rules come with this chunk). */
  .item[aria-checked='true'] {
    background: var(--_accent-soft);
  }
  .pick {
    margin: 0;
    accent-color: var(--_accent);
  }
  .bulk {
    display: grid;
    gap: 8px;
    padding: 10px 12px;
    border-block-end: 1px solid var(--_border);
    background: var(--_accent-soft);
  }
  .bulk-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .bulk-count {
    margin-inline-end: auto;
  }
  .bulk select,
  .bulk input {
    min-width: 0;
    flex: 1 1 120px;
  }
  .bulk-outcome {
    margin: 0;
    font-size: 13px;
  }
  .bulk-outcome[hidden] {
    display: none;
  }
  chat-admin-bulk > .bulk-outcome {
    padding: 8px 12px;
    border-block-end: 1px solid var(--_border);
  }
`;
