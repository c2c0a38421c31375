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
  /* After the search, next to the list it acts on (the list's tools render under the views). */
  .bulk,
  chat-admin-bulk > .bulk-outcome {
    order: 1;
  }
  .bulk {
    display: grid;
    gap: 8px;
    padding: 10px;
    border-radius: 8px;
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
    font-weight: 600;
  }
`;
