import { css, type CSSResult } from 'lit';

/**
 * What every Parley element's shadow root starts with: the dark palette applied for `theme="dark"` (and for
 * `theme="auto"` when the system prefers dark), `[hidden]` honoured, border-box sizing, form controls that
 * inherit the element's font, the keyboard focus ring in the element's accent, and `.sr-only` (read by screen
 * readers, not shown). `dark` holds the element's own dark custom-property values.
 */
export function hostBase(dark: CSSResult): CSSResult {
  return css`
    :host([theme='dark']) {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) {
        ${dark}
      }
    }
    :host([hidden]) {
      display: none !important;
    }
    *,
    *::before,
    *::after {
      box-sizing: border-box;
    }
    button,
    input,
    textarea,
    select {
      font: inherit;
      color: inherit;
    }
    :focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
  `;
}
