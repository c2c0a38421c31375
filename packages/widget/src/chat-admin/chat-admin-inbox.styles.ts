import { css } from 'lit';

/** Styles of `<chat-admin-inbox>`: the three columns (adopted by `<chat-admin>`, whose shadow root it renders into). */
export const chatAdminInboxStyles = css`
    .columns {
      display: grid;
      grid-template-columns: minmax(260px, 340px) minmax(0, 1fr) minmax(220px, 280px);
      min-height: 0;
    }
    .inbox,
    .conversation,
    .visitor-panel {
      min-height: 0;
    }
`;
