import { css } from 'lit';

/** "Merge into…"'s own rules, added to `<chat-admin>`'s shadow root from its chunk (none in the first load). */
export const mergeStyles = css`
  chat-admin-merge {
    display: inline-flex;
    position: relative;
  }
  chat-admin-merge .merge-open {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
    color: inherit;
  }
  chat-admin-merge .merge-panel {
    position: absolute;
    z-index: 6;
    inset-inline-end: 0;
    top: 100%;
    margin-top: 4px;
    display: grid;
    gap: 8px;
    width: min(24rem, calc(100vw - 24px));
    max-height: min(70vh, 32rem);
    overflow: auto;
    padding: 12px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
    font-size: 0.875rem;
    text-align: start;
  }
  /* The thread's header truncates its lines; the panel's sentences wrap. */
  chat-admin-merge .merge-panel p,
  chat-admin-merge .merge-panel span,
  chat-admin-merge .merge-panel label {
    white-space: normal;
    overflow: visible;
    text-overflow: clip;
  }
  /* A phone: the panel spans the screen instead of hanging off the button. */
  @media (max-width: 600px) {
    chat-admin-merge .merge-panel {
      position: fixed;
      inset-inline: 8px;
      top: 56px;
      width: auto;
    }
  }
  chat-admin-merge h2 {
    margin: 0;
    font-size: 1rem;
  }
  chat-admin-merge fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 4px;
  }
  chat-admin-merge legend {
    font-weight: 600;
    margin-bottom: 4px;
  }
  chat-admin-merge .choice,
  chat-admin-merge form.find label {
    font-size: 0.875rem;
    font-weight: normal;
  }
  chat-admin-merge .choice {
    display: flex;
    gap: 6px;
    align-items: baseline;
    overflow-wrap: anywhere;
  }
  chat-admin-merge .choice[aria-disabled='true'] {
    color: var(--_muted);
  }
  chat-admin-merge form.find {
    display: flex;
    gap: 6px;
    align-items: end;
  }
  chat-admin-merge form.find label {
    display: grid;
    gap: 4px;
    flex: 1;
  }
  chat-admin-merge input[type='search'] {
    font: inherit;
    font-size: 16px;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
    color: inherit;
  }
  chat-admin-merge .preview {
    margin: 0;
    padding: 8px;
    border-radius: 8px;
    background: var(--_raised);
  }
  chat-admin-merge .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
  }
  chat-admin-merge .actions button,
  chat-admin-merge form.find button {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 12px;
    background: var(--_raised);
    color: inherit;
  }
  chat-admin-merge .actions .confirm {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  chat-admin-merge .muted {
    color: var(--_muted);
  }
  chat-admin-merge .error {
    color: var(--_danger);
  }
`;
