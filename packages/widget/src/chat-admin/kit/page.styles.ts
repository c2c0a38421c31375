import { css } from 'lit';
import { adminBase } from '../admin-base.styles.js';

/**
 * The page kit's layout, shared by every page but the inbox (each settings page, Contacts, Broadcasts, Reports,
 * Stats): a page is a column of cards; a card holds a heading (`h2`, with `.card-head` when something sits beside
 * it), an `.intro`, and forms. A page adds only what is its own (a chart, a list's row).
 *
 * - Forms are a grid: each label above its field (a label wrapping its field stacks them; a `<label for>` before
 *   its field works the same), help text under the field (`.help`), fields grouped in a `fieldset` (`.choices`
 *   for a row of checkboxes that wraps), the buttons in `.actions` with the save state beside them
 *   (`AdminPage.saveState`).
 * - Field widths: text fields, text areas and lists fill their card; numbers, times and dates are short
 *   (`--field-short`); a field in a table row or beside others (`.inline`) takes its own width.
 * - Buttons: `.primary` (the form's action), `.secondary`, `.danger` (destructive), `.link` (a link-like action);
 *   one height for all. A button without a class is drawn as `.secondary`.
 * - Controls' borders keep 3:1 against the card in both themes (WCAG 1.4.11); texts use the theme's colours,
 *   which keep 4.5:1.
 * - At 480 px and less cards are tighter; nothing is wider than the card (a wide table scrolls in `.table-wrap`, or a
 *   table of records, `table.stack` with each cell's `data-label`, becomes one block per record).
 */
export const pageStyles = [
  adminBase,
  css`
    :host {
      --_control: color-mix(in srgb, var(--_fg) 45%, var(--_raised));
      --field-short: 10em;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
      max-width: 760px;
      margin: 0 auto;
    }
    .card {
      grid-template-columns: minmax(0, 1fr);
      gap: 12px;
      min-width: 0;
      /* Holds what is positioned inside too (a visually hidden label), or it would widen the page past the card. */
      position: relative;
    }
    .card-head {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
      justify-content: space-between;
    }
    .card-head > :is(h2, h3) {
      flex: 1 1 12em;
    }
    .intro,
    .help {
      color: var(--_muted);
    }
    .help {
      font-size: 13px;
    }
    label,
    legend {
      font-weight: 600;
    }
    form {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 8px;
      align-content: start;
      min-width: 0;
    }
    /* A label wrapping its field: the text above, the field under it. */
    label:has(> input:not([type='checkbox'], [type='radio']), > select, > textarea) {
      display: grid;
      gap: 6px;
      min-width: 0;
    }
    /* The next field starts a little further from the previous one than a label from its own field. */
    :is(form:not(.inline), fieldset:not(.choices), .field)
      > :is(input, select, textarea, fieldset, label, .help, .field-error, .choices, .table-wrap, table)
      + :is(label, fieldset, .field) {
      margin-block-start: 6px;
    }
    .field {
      display: grid;
      gap: 6px;
      min-width: 0;
    }
    /* A checkbox or a radio button: the box before its text, in normal weight. */
    label:has(> input[type='checkbox'], > input[type='radio']),
    .check {
      display: flex;
      gap: 8px;
      align-items: flex-start;
      font-weight: normal;
    }
    input[type='checkbox'],
    input[type='radio'] {
      margin: 3px 0 0;
      flex: none;
      accent-color: var(--_accent);
    }
    fieldset {
      display: grid;
      gap: 8px;
      min-width: 0;
      margin: 0;
      padding: 10px 14px 14px;
      border: 1px solid var(--_border);
      border-radius: 8px;
    }
    legend {
      padding: 0 4px;
    }
    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: 6px 18px;
    }
    input:not([type='checkbox'], [type='radio']),
    textarea,
    select {
      border: 1px solid var(--_control);
      border-radius: 8px;
      padding: 7px 10px;
      background: var(--_bg);
      max-inline-size: 100%;
      /* Not the weight of the label it sits in. */
      font-weight: normal;
    }
    /* A form's fields fill the card; short values are short. */
    :is(form, fieldset, label, .field) > :is(input:not([type='checkbox'], [type='radio'], [type='color']), textarea, select) {
      inline-size: 100%;
    }
    :is(form, fieldset, label, .field)
      > :is(input[type='number'], input[type='time'], input[type='date'], input[type='datetime-local']) {
      inline-size: var(--field-short);
    }
    .inline > :is(input, select, textarea),
    .inline > label > :is(input, select, textarea),
    td :is(input, select) {
      inline-size: auto;
    }
    td input[type='number'] {
      inline-size: var(--field-short);
    }
    textarea {
      min-block-size: 5em;
      resize: vertical;
    }
    [aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .field-error {
      color: var(--_danger);
      font-size: 13px;
    }
    .actions,
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .actions {
      margin-block-start: 6px;
    }
    /* The save state: beside the buttons of the form that was saved (empty, it takes no room). */
    .save-state {
      color: var(--_muted);
    }
    .save-state.error {
      color: var(--_danger);
    }
    /* Buttons: one height, three looks. */
    button,
    a.secondary {
      border: 1px solid var(--_control);
      border-radius: 8px;
      padding: 7px 14px;
      background: var(--_raised);
      font-weight: 600;
      text-decoration: none;
      color: inherit;
    }
    button:hover:not(:disabled) {
      border-color: var(--_fg);
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    button.primary {
      border: 1px solid var(--_accent);
      padding: 7px 14px;
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    button.danger {
      color: var(--_danger);
      border-color: var(--_danger);
    }
    button.link {
      border: 0;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
      font-weight: normal;
    }
    :is(form, .card) > :is(button, .actions) {
      justify-self: start;
    }
    /* Lists of things (saved replies, entries, endpoints): a row each, divided by a rule. */
    .items {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .item {
      display: grid;
      gap: 6px;
      min-width: 0;
      padding-block-end: 12px;
      border-block-end: 1px solid var(--_border);
    }
    /* An item's title (a question, a name) reads as a title, not as a section's small heading. */
    .item h3 {
      font-size: 15px;
      text-transform: none;
      letter-spacing: normal;
      color: inherit;
    }
    .item:last-child {
      padding-block-end: 0;
      border-block-end: 0;
    }
    .item p {
      overflow-wrap: anywhere;
    }
    /* Figures: a term over its value, in tiles that wrap (Stats, a broadcast's counts, a report's totals). */
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
    .table-wrap {
      overflow-x: auto;
      min-width: 0;
      /* Holds a visually hidden header too, which would otherwise stick out of the card. */
      position: relative;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: start;
      padding: 6px 8px;
      border-block-end: 1px solid var(--_border);
      vertical-align: middle;
    }
    thead th {
      font-size: 12px;
      color: var(--_muted);
    }
    .badge,
    .state {
      font-size: 12px;
      font-weight: 600;
      padding: 1px 8px;
      border-radius: 999px;
      background: var(--_accent-soft);
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
      overflow-wrap: anywhere;
    }
    dialog {
      color: var(--_fg);
      background: var(--_raised);
      border: 1px solid var(--_border);
      border-radius: 12px;
      padding: 20px;
      max-width: min(440px, 92vw);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 40%);
    }
    /* An empty live region takes no room, and stays in the accessibility tree to be announced when it fills. */
    [role='status']:empty,
    [role='alert']:empty,
    [aria-live]:empty {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    @media (max-width: 480px) {
      .card {
        padding: 16px 14px;
      }
      /*
       * A table of records (table.stack) becomes a list of them on a phone: one block per row, each cell on
       * its own line after its column's name (data-label), which the hidden header no longer says.
       */
      table.stack,
      table.stack > tbody,
      table.stack > tbody > tr,
      table.stack > tbody > tr > td {
        display: block;
      }
      table.stack > thead {
        display: none;
      }
      table.stack > tbody > tr {
        padding-block: 8px;
        border-block-end: 1px solid var(--_border);
      }
      table.stack > tbody > tr > td {
        border: 0;
        padding: 3px 0;
        overflow-wrap: anywhere;
      }
      /* The name floats in the cell's start padding, so a name on two lines makes its cell taller rather than
         running over the next one. */
      table.stack > tbody > tr > td[data-label] {
        display: flow-root;
        padding-inline-start: 7.5em;
        min-height: 1.5em;
      }
      table.stack > tbody > tr > td[data-label]::before {
        content: attr(data-label);
        float: inline-start;
        margin-inline-start: -7.5em;
        margin-block-start: 2px;
        width: 7em;
        font-size: 12px;
        font-weight: 600;
        color: var(--_muted);
      }
    }
  `,
];
