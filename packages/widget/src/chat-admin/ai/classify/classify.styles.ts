import { css } from 'lit';

/** The suggested classification's rules, added to `<chat-admin>`'s shadow root from its own chunk. */
export const classifyStyles = css`
  chat-admin-ai-suggestion {
    display: block;
  }
  .ai-suggestion dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 10px;
    margin: 4px 0 6px;
  }
  .ai-suggestion dt {
    color: var(--_muted);
  }
  .ai-suggestion dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .ai-suggestion button {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 4px 10px;
    background: var(--_raised);
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .ai-suggestion button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .ai-applied {
    margin-inline-start: 8px;
    color: var(--_muted);
  }
`;
