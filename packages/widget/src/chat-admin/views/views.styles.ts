import { css } from 'lit';

/**
 * Saved views' own rules. The element renders in `<chat-admin>`'s shadow root (an `AdminRegion`), so it adds them to
 * that root once, from its own chunk: the inbox's first load carries none of them.
 */
export const viewsStyles = css`
  chat-admin-views {
    display: contents;
  }
  .saved-views {
    display: flex;
    gap: 4px;
    flex-wrap: wrap;
  }
  .saved-views button {
    border: 1px solid var(--_border);
    background: var(--_raised);
    border-radius: 999px;
    padding: 3px 10px;
    font-size: 13px;
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  .saved-views button[aria-pressed='true'] {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .saved-view .view-kind {
    font-size: 10px;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    opacity: 0.75;
  }
  .view-tool {
    border-style: dashed;
  }
  .view-form {
    display: grid;
    gap: 10px;
    margin: 0;
    justify-self: stretch;
  }
  .view-form h2 {
    margin: 0;
    font-size: 18px;
  }
  .view-form label {
    display: grid;
    gap: 4px;
    font-weight: 600;
  }
  .view-form .hint,
  .view-form input,
  .view-form select {
    font-weight: normal;
  }
  .view-form .hint {
    font-size: 12px;
  }
  .view-form .check {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
  }
  .view-form .check .hint {
    flex-basis: 100%;
    padding-inline-start: 26px;
  }
  .view-form .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
    gap: 10px;
  }
  .view-form .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    flex-wrap: wrap;
  }
  .view-form .actions .danger {
    margin-inline-end: auto;
  }
  .view-form .criteria {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .view-form .criteria legend {
    padding: 0;
    font-weight: 600;
    margin-block-end: 4px;
  }
  .view-form .criteria ul {
    display: grid;
    gap: 6px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .view-form .criterion {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .view-form .criterion select,
  .view-form .criterion input {
    flex: 1 1 8rem;
    min-width: 0;
  }
  .view-form .criterion .verified-only {
    flex-basis: 100%;
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: normal;
  }
  .view-form .criterion .verified-only input {
    flex: none;
  }
  .view-form .criteria > button {
    justify-self: start;
  }
`;
