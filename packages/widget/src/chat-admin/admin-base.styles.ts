import { css } from 'lit';
import { hostBase } from '../shared/host-base.styles.js';

// As in <chat-widget>: internal `--_x` variables take the public `--chat-x` when the page sets it, otherwise
// the theme's default, so dark mode changes defaults without overriding a site's own colors.
const dark = css`
  --_bg: var(--chat-bg, #14161b);
  --_fg: var(--chat-fg, #e9ecf1);
  --_muted: var(--chat-muted, #9aa1ad);
  --_surface: var(--chat-surface, #1f232b);
  --_raised: var(--chat-raised, #262b35);
  --_border: var(--chat-border, #323846);
  --_note-bg: var(--chat-note-bg, #3d3212);
  --_note-fg: var(--chat-note-fg, #fde68a);
  --_danger: var(--chat-danger, #f87171);
  --_accent: var(--chat-accent, #60a5fa);
  --_accent-fg: var(--chat-accent-contrast, #0b1220);
  --_accent-soft: color-mix(in srgb, var(--_accent) 22%, transparent);
  color-scheme: dark;
`;

/** What every `<chat-admin>` element's shadow root shares: theme variables, resets, buttons, focus. */
export const adminBase = [
  css`
    :host {
      --_accent: var(--chat-accent, #2563eb);
      --_accent-fg: var(--chat-accent-contrast, #fff);
      --_accent-soft: color-mix(in srgb, var(--_accent) 12%, transparent);
      --_bg: var(--chat-bg, #fff);
      --_fg: var(--chat-fg, #1a1d23);
      --_muted: var(--chat-muted, #5f6673);
      --_surface: var(--chat-surface, #f4f5f7);
      --_raised: var(--chat-raised, #fff);
      --_border: var(--chat-border, #e1e4e9);
      --_note-bg: var(--chat-note-bg, #fef6d8);
      --_note-fg: var(--chat-note-fg, #6b4a0b);
      --_danger: var(--chat-danger, #b91c1c);
      --_online: #16a34a;
      color-scheme: light;
      display: block;
      font-family: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      font-size: 14px;
      line-height: 1.45;
      color: var(--_fg);
    }
  `,
  hostBase(dark),
  css`
    button {
      cursor: pointer;
    }
    h1,
    h2,
    h3,
    p {
      margin: 0;
    }
    h2 {
      font-size: 16px;
    }
    h3 {
      font-size: 13px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--_muted);
    }
    .muted {
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
    }
    .primary {
      border: 0;
      border-radius: 8px;
      padding: 8px 14px;
      background: var(--_accent);
      color: var(--_accent-fg);
      font-weight: 600;
    }
    .primary:hover {
      filter: brightness(1.08);
    }
    .primary:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .ghost {
      border: 1px solid var(--_border);
      border-radius: 8px;
      padding: 6px 10px;
      background: var(--_raised);
    }
    .ghost:hover {
      border-color: var(--_muted);
    }
    input:not([type='checkbox'], [type='radio']),
    textarea,
    select {
      border: 1px solid var(--_border);
      border-radius: 8px;
      padding: 7px 10px;
      background: var(--_bg);
      min-width: 0;
    }
    textarea {
      resize: vertical;
    }
    .card {
      display: grid;
      gap: 10px;
      align-content: start;
      padding: 20px;
      border: 1px solid var(--_border);
      border-radius: 12px;
      background: var(--_raised);
    }
  `,
];
