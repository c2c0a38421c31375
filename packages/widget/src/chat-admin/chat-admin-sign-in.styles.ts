import { css } from 'lit';

/** Styles of `<chat-admin-sign-in>` (adopted by `<chat-admin>`, whose shadow root it renders into). */
export const chatAdminSignInStyles = css`
    .sign-in {
      display: grid;
      place-items: center;
      height: 100%;
      padding: 24px;
      background: var(--_surface);
    }
    .sign-in .card {
      width: min(420px, 100%);
    }
    .sign-in h1 {
      font-size: 20px;
    }
    .sign-in label {
      font-weight: 600;
    }
`;
