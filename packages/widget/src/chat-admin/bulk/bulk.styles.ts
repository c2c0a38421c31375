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
  /* Compact, as it sits above the list it acts on: three short rows (~130 px), not the ~270 px it once took. */
  .bulk {
    display: grid;
    gap: 6px;
    padding: 8px;
    border-radius: 8px;
    background: var(--_accent-soft);
  }
  /* Grid items whose least width is none: a select's least is its widest option, which widened the list's column. */
  .bulk,
  .bulk-row {
    min-width: 0;
  }
  .bulk-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .bulk-row > :is(button, select, input) {
    min-height: 32px;
    padding-block: 4px;
  }
  .bulk-count {
    margin-inline-end: auto;
  }
  /* The forms keep to one row each: their field gives way, not their buttons. */
  form.bulk-row {
    flex-wrap: nowrap;
  }
  .bulk select,
  .bulk input {
    min-width: 0;
    flex: 1 1 0;
  }
  .bulk-row > button {
    flex: none;
    padding-inline: 10px;
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
