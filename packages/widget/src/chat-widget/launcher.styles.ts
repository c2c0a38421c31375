// The launcher's look, in one place for two readers: `<chat-widget>` (through lit's `unsafeCSS`) and the script-tag
// loader's stand-in launcher (through a constructed stylesheet), which must not import lit. Plain strings, so the
// loader stays small; both draw the same button at the same spot, and the element takes over without a jump.

// Not lit's `css`: an identity tag, so the bundle's CSS minifier (it squeezes css`…` in *.styles.ts) finds these.
const css = String.raw;

/**
 * The host, as far as the launcher needs it: reset against the page, the internal `--_x` variables it uses (each
 * takes the public `--chat-x` when the page sets it, otherwise the default), and the accent's readable contrast
 * where relative colors are supported. The element adds the rest of its variables.
 */
export const hostCss = css`
  :host {
    all: initial;
    display: block;
    --_accent: var(--chat-accent, #2563eb);
    --_accent-fg: var(--chat-accent-contrast, #fff);
    --_ox: var(--chat-offset-x, 20px);
    --_oy: var(--chat-offset-y, 20px);
    --_launcher: var(--chat-launcher-size, 56px);
    --_z: var(--chat-z-index, 2147483000);
  }
  @supports (color: oklch(from red l c h)) {
    :host {
      /* Black or white, whichever reads better on the accent. */
      --_accent-fg: var(--chat-accent-contrast, oklch(from var(--_accent) clamp(0, (0.68 - l) * 1000, 1) 0 0));
    }
  }
`;

/** The round launcher button (`.launcher`, part `launcher`) and its icon, on either side of the viewport. */
export const launcherCss = css`
  .launcher {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: var(--_oy);
    right: var(--_ox);
    width: var(--_launcher);
    height: var(--_launcher);
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.22);
    display: grid;
    place-items: center;
    cursor: pointer;
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher svg {
    width: 28px;
    height: 28px;
  }
  :host([position='left']) .launcher {
    right: auto;
    left: var(--_ox);
  }
  @media (prefers-reduced-motion: reduce) {
    .launcher {
      transition: none;
    }
    .launcher:hover {
      transform: none;
    }
  }
`;

/** The launcher's chat bubble: the `d` of a 24×24 path drawn in `currentColor`. */
export const chatIconPath =
  'M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1L4.3 21.4a.5.5 0 0 0 .7.5l4.2-2a11.6 11.6 0 0 0 2.8.3c5.5 0 10-3.8 10-8.6S17.5 3 12 3Z';

const lengthPattern = /^\d{1,4}(\.\d+)?(px|rem|em|vh|vw|%)?$/;

function cssLength(value: string | undefined): string | undefined {
  if (!value || !lengthPattern.test(value)) return undefined;
  return /\d$/.test(value) ? `${value}px` : value;
}

/**
 * The per-site values (the `accent`, `offset` and `z-index` attributes) as one `:host` rule for a constructed
 * stylesheet, or `''` when none is valid. Each is validated (a CSS color, a length, an integer) before it
 * reaches CSS, and a page's own `--chat-*` property still wins over it.
 *
 * @example instanceCss('#e11d48', '24px 90px', '10') // ':host{--_accent:var(--chat-accent,#e11d48);…}'
 */
export function instanceCss(
  accent: string | null | undefined,
  offset: string | null | undefined,
  zIndex: string | null | undefined,
): string {
  const rules: string[] = [];
  const color = accent?.trim();
  if (color && !/[;{}<>\\]/.test(color) && CSS.supports('color', color))
    rules.push(`--_accent:var(--chat-accent,${color})`);
  const [x, y] = (offset ?? '').trim().split(/\s+/);
  const ox = cssLength(x);
  const oy = cssLength(y ?? x);
  if (ox) rules.push(`--_ox:var(--chat-offset-x,${ox})`);
  if (oy) rules.push(`--_oy:var(--chat-offset-y,${oy})`);
  const z = zIndex?.trim();
  if (z && /^-?\d{1,10}$/.test(z)) rules.push(`--_z:var(--chat-z-index,${z})`);
  return rules.length ? `:host{${rules.join(';')}}` : '';
}
