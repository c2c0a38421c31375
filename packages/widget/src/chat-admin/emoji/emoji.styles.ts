import { css } from 'lit';

/** Styles of `<chat-admin-emoji>` (its own shadow root; the inbox's `--_*` colours reach it by inheritance). */
export const emojiStyles = css`
  :host {
    position: absolute;
    inset-inline-end: 16px;
    inset-block-end: calc(100% - 4px);
    z-index: 3;
    display: block;
    padding: 6px;
    border: 1px solid var(--_border);
    border-radius: 10px;
    background: var(--_raised);
    color: var(--_fg);
    box-shadow: 0 8px 24px rgb(0 0 0 / 0.16);
    max-width: calc(100% - 32px);
  }
  [role='grid'] {
    display: grid;
    gap: 2px;
  }
  [role='row'] {
    display: grid;
    grid-template-columns: repeat(8, 36px);
    gap: 2px;
  }
  [role='gridcell'] {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    border-radius: 6px;
    font-size: 20px;
    cursor: pointer;
    user-select: none;
  }
  [role='gridcell']:hover {
    background: var(--_accent-soft);
  }
  [role='gridcell']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
    background: var(--_accent-soft);
  }
  @media (max-width: 420px) {
    [role='row'] {
      grid-template-columns: repeat(8, 32px);
    }
    [role='gridcell'] {
      width: 32px;
      height: 32px;
    }
  }
`;
