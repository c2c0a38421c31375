import { css } from 'lit';

/**
 * The option to keep conversations for offline, in the Notifications dialog: its rules come with the dialog's chunk,
 * which adds them to `<chat-admin>`'s shadow root once (the inbox's first load carries none of them).
 */
export const offlineStyles = css`
  .offline-recent {
    display: grid;
    gap: 6px;
    margin: 12px 0 0;
    padding: 10px 12px 12px;
    border: 1px solid var(--_border);
    border-radius: 10px;
  }
  .offline-recent legend {
    padding: 0 4px;
    font-weight: 600;
  }
  .offline-recent label {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 600;
  }
  .offline-recent input {
    flex: none;
  }
  .offline-recent p {
    font-size: 13px;
  }
`;
