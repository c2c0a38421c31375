import { css, type CSSResult } from 'lit';

/**
 * What every Parley element's shadow root starts with: the dark palette applied for `theme="dark"` (and for
 * `theme="auto"` when the system prefers dark), `[hidden]` honoured, border-box sizing, and form controls that
 * inherit the element's font. `dark` holds the element's own dark custom-property values.
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
  `;
}
