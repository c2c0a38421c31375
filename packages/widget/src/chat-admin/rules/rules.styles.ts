import { css } from 'lit';

/** The rows of the rule and macro editors and the rules' list (Settings → Rules). */
export const ruleRowStyles = css`
  .rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 10px;
  }
  /*
   * Fields line up by their tops: a field with help under it (a label's "Separated by commas.") pushed its input
   * above the others' when they lined up by their bottoms (issue #81: the macro editor's select sat lower than the
   * field beside it). A row's button sits level with the controls, under a label's height.
   */
  .rule-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 10px;
    align-items: start;
    padding: 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
  }
  .rule-row > label {
    display: grid;
    gap: 4px;
    font-size: 13px;
    flex: 0 1 auto;
    min-width: 0;
  }
  .rule-row > label.value-field {
    flex: 1 1 14em;
  }
  .rule-row > label :is(input, select, textarea) {
    inline-size: 100%;
  }
  .rule-row > button {
    margin-block-start: calc(13px * 1.2 + 4px);
  }
  .rule-row > .field-error {
    flex-basis: 100%;
    margin: 0;
  }
  .rule-row .help {
    font-weight: normal;
  }
  :is(.add-condition, .add-action) {
    justify-self: start;
  }
  .rule-head {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: center;
  }
  .rule-head h3 {
    flex: 1 1 10em;
    margin: 0;
  }
  .rule-head .off {
    color: var(--_muted);
    font-weight: normal;
  }
  .summary {
    margin: 0;
  }
  .counts {
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
  }
  .runs {
    margin: 0;
    padding-inline-start: 1.2em;
    font-size: 13px;
  }
  .matches {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 6px;
  }
  .matches li {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
  .badge {
    font-size: 12px;
    padding: 1px 8px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    color: var(--_muted);
    font-weight: normal;
  }
`;
