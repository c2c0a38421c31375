import type { CSSResult, css as litCss } from 'lit';

/**
 * The fields and buttons of the element's lazily fetched parts — the pre-chat and leave-a-message forms (forms.ts),
 * the "Get notified by email" card (email-part.ts) and the rating form (automation-ui.ts) — in each of those parts'
 * rules, on the element's own lit, rather than in the element's: its first open carries none of them. Labels above
 * their fields, inputs of at least 16px (iOS zooms into smaller ones), a row of actions, the primary and secondary
 * buttons in the accent.
 */
export const formControls = (css: typeof litCss): CSSResult => css`
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    font-weight: 600;
  }
  input[type='text'],
  input[type='email'] {
    width: 100%;
    font-size: max(16px, 1em);
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    padding: 9px 11px;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  .primary,
  .secondary {
    padding: 10px 16px;
    border-radius: 10px;
    border: 1px solid var(--_accent);
    font-weight: 600;
  }
  .primary {
    flex: 1;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .secondary {
    background: transparent;
    color: var(--_fg);
    border-color: var(--_border);
  }
`;
