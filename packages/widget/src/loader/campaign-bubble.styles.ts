// Not lit's css tag: an identity tag, so the bundle's CSS minifier finds it (as in launcher.styles.ts).
const css = String.raw;

/**
 * The bubble's look: a card above the launcher, on its side, in the widget's palette (dark for `theme="dark"`, and
 * for `theme="auto"` when the system prefers it). Constructed stylesheets only: it runs under `style-src 'self'`.
 */
export const bubbleCss = css`
  :host {
    --_bg: var(--chat-bg, #fff);
    --_fg: var(--chat-fg, #1a1d23);
    --_muted: var(--chat-muted, #5f6673);
    --_border: var(--chat-border, #e2e5ea);
    font: 15px/1.4 var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color-scheme: light;
  }
  :host([theme='dark']) {
    --_bg: var(--chat-bg, #17191e);
    --_fg: var(--chat-fg, #eceef2);
    --_muted: var(--chat-muted, #a3a9b5);
    --_border: var(--chat-border, #343945);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --_bg: var(--chat-bg, #17191e);
      --_fg: var(--chat-fg, #eceef2);
      --_muted: var(--chat-muted, #a3a9b5);
      --_border: var(--chat-border, #343945);
      color-scheme: dark;
    }
  }
  :host([hidden]) {
    display: none !important;
  }
  .bubble {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: calc(var(--_oy) + var(--_launcher) + 12px);
    right: var(--_ox);
    box-sizing: border-box;
    width: min(320px, calc(100vw - 2 * var(--_ox)));
    padding: 14px 40px 14px 16px;
    border: 1px solid var(--_border);
    border-radius: 16px;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.18);
  }
  :host([position='left']) .bubble {
    right: auto;
    left: var(--_ox);
  }
  .from {
    margin: 0 0 4px;
    font-size: 13px;
    font-weight: 600;
    color: var(--_muted);
  }
  .text {
    all: unset;
    display: block;
    cursor: pointer;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 10px;
  }
  .buttons button {
    padding: 6px 12px;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    background: transparent;
    color: var(--_fg);
    font: inherit;
    font-size: 14px;
    cursor: pointer;
  }
  .close {
    position: absolute;
    top: 6px;
    right: 6px;
    width: 32px;
    height: 32px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
    font: 20px/1 system-ui, sans-serif;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
