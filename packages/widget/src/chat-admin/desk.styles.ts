import { css } from 'lit';

/**
 * What the desk's pages share beside the panels' styles: secondary buttons drawn like the shell's (`.ghost`), in both
 * themes; destructive ones in the danger colour; a field the relay refused, and its message.
 */
export const deskStyles = css`
  button:not(.primary) {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
  }
  button:not(.primary):hover:not(:disabled) {
    border-color: var(--_muted);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button.danger {
    color: var(--_danger);
    border-color: color-mix(in srgb, var(--_danger) 50%, var(--_border));
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    color: var(--_danger);
    font-size: 13px;
  }
`;
