import { css, unsafeCSS } from 'lit';
import { hostBase } from '../shared/host-base.styles.js';
import { hostCss, launcherCss } from './launcher.styles.js';

// Internal `--_x` variables take the public `--chat-x` when the page sets it, otherwise the theme's default,
// so dark mode changes defaults without overriding a site's own colors.
const dark = css`
  --_bg: var(--chat-bg, #17191e);
  --_fg: var(--chat-fg, #eceef2);
  --_muted: var(--chat-muted, #a3a9b5);
  --_surface: var(--chat-surface, #262a32);
  --_border: var(--chat-border, #343945);
  --_banner-bg: var(--chat-banner-bg, #4a3b10);
  --_banner-fg: var(--chat-banner-fg, #fde68a);
  --_danger: #fca5a5;
  color-scheme: dark;
`;

/** Styles of `<chat-widget>`; everything goes through adopted stylesheets, so a strict CSP needs no exception. */
export const chatWidgetStyles = [
  unsafeCSS(hostCss),
  css`
    :host {
      --_bg: var(--chat-bg, #fff);
      --_fg: var(--chat-fg, #1a1d23);
      --_muted: var(--chat-muted, #5f6673);
      --_surface: var(--chat-surface, #f0f2f5);
      --_border: var(--chat-border, #e2e5ea);
      --_banner-bg: var(--chat-banner-bg, #fef3c7);
      --_banner-fg: var(--chat-banner-fg, #713f12);
      --_danger: #b91c1c;
      --_radius: var(--chat-radius, 16px);
      color-scheme: light;
      font-family: var(--chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      font-size: 15px;
      line-height: 1.4;
      color: var(--_fg);
    }
  `,
  hostBase(dark),
  unsafeCSS(launcherCss),
  css`
    button {
      cursor: pointer;
    }

    :host([position='left']) .panel {
      right: auto;
      left: var(--_ox);
    }
    .badge {
      position: absolute;
      top: -4px;
      right: -4px;
      min-width: 22px;
      height: 22px;
      padding: 0 6px;
      border-radius: 11px;
      background: #dc2626;
      color: #fff;
      font-size: 12px;
      font-weight: 700;
      line-height: 22px;
      text-align: center;
      box-shadow: 0 0 0 2px var(--_bg);
    }

    .panel {
      position: fixed;
      z-index: var(--_z);
      right: var(--_ox);
      bottom: calc(var(--_oy) + var(--_launcher) + 12px);
      width: min(var(--chat-width, 380px), calc(100vw - 2 * var(--_ox)));
      height: min(var(--chat-height, 620px), calc(100dvh - var(--_oy) - var(--_launcher) - 32px));
      display: flex;
      flex-direction: column;
      overflow: hidden;
      background: var(--_bg);
      color: var(--_fg);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 12px 48px rgb(0 0 0 / 0.24);
    }
    .panel[hidden] {
      display: none;
    }
    @media (max-width: 480px) {
      .panel {
        inset: 0;
        width: 100%;
        height: 100dvh;
        border: 0;
        border-radius: 0;
      }
      :host([open]) .launcher {
        display: none;
      }
    }

    header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 14px;
      padding-inline: 18px 10px;
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    .heading {
      flex: 1;
      min-width: 0;
    }
    h2 {
      margin: 0;
      font-size: 17px;
      font-weight: 650;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .presence {
      margin: 2px 0 0;
      font-size: 13px;
      opacity: 0.92;
      display: flex;
      align-items: center;
      gap: 6px;
    }
    .dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: #9ca3af;
      box-shadow: 0 0 0 2px #fff9;
    }
    .dot.on {
      background: #22c55e;
    }
    .icon-button {
      width: 40px;
      height: 40px;
      border: 0;
      border-radius: 10px;
      background: transparent;
      color: inherit;
      display: grid;
      place-items: center;
    }
    .icon-button:hover {
      background: #7f7f7f33;
    }
    .icon-button svg,
    .send svg {
      width: 20px;
      height: 20px;
    }
    header :focus-visible {
      outline-color: currentColor;
    }

    .banner {
      margin: 0;
      padding: 8px 16px;
      background: var(--_banner-bg);
      color: var(--_banner-fg);
      font-size: 13px;
    }

    .log {
      flex: 1;
      overflow-y: auto;
      overscroll-behavior: contain;
      padding: 16px;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .earlier {
      align-self: center;
      margin-bottom: 8px;
      padding: 6px 12px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: transparent;
      font-size: 13px;
    }
    .msg {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      max-width: 82%;
      margin-top: 10px;
    }
    .msg.grouped {
      margin-top: 2px;
    }
    .msg.mine {
      align-self: flex-end;
      align-items: flex-end;
    }
    .author {
      margin: 0 4px 3px;
      font-size: 12px;
      font-weight: 600;
      color: var(--_muted);
    }
    .bubble {
      margin: 0;
      padding: 8px 12px;
      border-radius: 14px;
      background: var(--_surface);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .mine .bubble {
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    .bubble a {
      color: inherit;
      text-decoration: underline;
    }
    .msg.queued .bubble,
    .msg.sending .bubble {
      opacity: 0.7;
    }
    .msg.failed .bubble {
      background: #fee2e2;
      color: #7f1d1d;
    }
    .refused {
      margin: 3px 4px 0;
      font-size: 12.5px;
      color: var(--_danger);
    }
    .meta {
      margin: 3px 4px 0;
      font-size: 11.5px;
      color: var(--_muted);
      display: flex;
      gap: 6px;
    }
    .status.read {
      color: var(--_accent);
    }
    .status.queued,
    .status.failed {
      font-weight: 600;
    }
    .status.failed {
      color: #dc2626;
    }
    .typing {
      min-height: 22px;
      padding: 0 18px 4px;
      font-size: 12.5px;
      font-style: italic;
      color: var(--_muted);
    }

    form {
      margin: 0;
    }
    .composer {
      display: flex;
      align-items: flex-end;
      gap: 8px;
      padding: 10px;
      padding-inline: 14px 10px;
      border-top: 1px solid var(--_border);
    }
    textarea {
      width: 100%;
      /* iOS zooms into inputs below 16px. */
      font-size: max(16px, 1em);
      border: 1px solid var(--_border);
      border-radius: 10px;
      background: var(--_bg);
      padding: 9px 11px;
      flex: 1;
      resize: none;
      field-sizing: content;
      min-height: 42px;
      max-height: 140px;
    }
    .composer textarea {
      border: 0;
      padding-inline: 2px;
    }
    .composer textarea:focus-visible {
      outline: 0;
    }
    .composer:focus-within {
      box-shadow: inset 0 2px 0 var(--_accent);
    }
    .clip,
    .emoji-button,
    .send {
      flex: none;
      width: 42px;
      height: 42px;
      display: grid;
      place-items: center;
      border: 0;
      border-radius: 50%;
      background: none;
      cursor: pointer;
      color: var(--_muted);
    }
    .clip:focus-within {
      outline: 2px solid var(--_accent);
    }
    .clip svg,
    .emoji-button svg {
      width: 22px;
    }
    .send {
      background: var(--_accent);
      color: var(--_accent-fg);
    }
    .send:disabled {
      opacity: 0.45;
      cursor: default;
    }
    :dir(rtl) .send svg {
      transform: scaleX(-1);
    }

    /* The forms' fields and buttons are the lazily fetched parts' (form-controls.styles.ts). */

    /* Automations (protocol 2): the bot's messages (quick replies and the rating form: automation-ui.ts). */
    .bot .bubble {
      border: 1px dashed var(--_border);
    }
    .bot-mark {
      margin-inline-start: 4px;
      padding: 0 6px;
      border-radius: 8px;
      border: 1px solid var(--_border);
      font-size: 11px;
      font-weight: 500;
    }
  `,
];
