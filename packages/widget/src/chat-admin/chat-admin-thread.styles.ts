import { css } from 'lit';

/** Styles of `<chat-admin-thread>` (adopted by `<chat-admin>`, whose shadow root it renders into). */
export const chatAdminThreadStyles = css`
    .conversation {
      display: flex;
      flex-direction: column;
      min-width: 0;
      background: var(--_bg);
      position: relative;
    }
    .empty-state {
      display: grid;
      place-items: center;
    }
    .conversation-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 10px 16px;
      border-block-end: 1px solid var(--_border);
    }
    .conversation-head .title {
      margin-inline-end: auto;
      min-width: 0;
    }
    .conversation-head .subject {
      margin: 2px 0 0;
      font-size: 13px;
      color: var(--_muted);
      overflow-wrap: anywhere;
    }
    .conversation-head .channel {
      font-size: 11px;
      font-weight: 700;
      padding: 0 6px;
      border-radius: 4px;
      border: 1px solid color-mix(in srgb, var(--_fg) 35%, transparent);
    }
    .back {
      display: none;
    }
    /* Back points the way the list lies: to the right when the inbox reads right to left (ar). */
    :host([dir='rtl']) .back > [aria-hidden] {
      display: inline-block;
      transform: scaleX(-1);
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: end;
    }
    .controls label {
      display: grid;
      font-size: 11px;
      color: var(--_muted);
      gap: 2px;
    }
    .controls select {
      padding: 4px 8px;
      color: var(--_fg);
    }
    .log {
      flex: 1;
      overflow-y: auto;
      padding: 16px;
      display: flex;
      flex-direction: column;
      gap: 10px;
    }
    .earlier {
      align-self: center;
    }
    .msg {
      max-width: min(75%, 640px);
      display: grid;
      gap: 2px;
    }
    .msg.visitor {
      align-self: flex-start;
    }
    .msg.staff,
    .msg.bot,
    .msg.note {
      align-self: flex-end;
      justify-items: end;
    }
    .author {
      font-size: 12px;
      color: var(--_muted);
      font-weight: 600;
    }
    .bubble {
      padding: 8px 12px;
      border-radius: 14px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .visitor .bubble {
      background: var(--_surface);
      border-end-start-radius: 4px;
    }
    .staff .bubble {
      background: var(--_accent);
      color: var(--_accent-fg);
      border-end-end-radius: 4px;
    }
    .staff .bubble a {
      color: inherit;
    }
    .note .bubble {
      background: var(--_note-bg);
      color: var(--_note-fg);
      border: 1px dashed currentColor;
      border-end-end-radius: 4px;
    }
    .msg.bot .bubble {
      border-style: dashed;
    }
    .msg .bubble.deleted {
      background: none;
      color: var(--_muted);
      border: 1px dashed var(--_border);
      font-style: italic;
    }
    .rating {
      margin: 0 0 4px;
      font-weight: 600;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      list-style: none;
      margin: 4px 0 0;
      padding: 0;
    }
    .buttons li {
      padding: 2px 10px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      font-size: 13px;
    }
    .note-badge {
      font-size: 11px;
      padding: 0 6px;
      border-radius: 4px;
      background: var(--_note-bg);
      color: var(--_note-fg);
    }
    .email-badge {
      font-size: 11px;
      padding: 0 6px;
      border-radius: 4px;
      border: 1px solid currentColor;
    }
    .meta {
      font-size: 11px;
      color: var(--_muted);
      display: flex;
      gap: 8px;
    }
    .status.read {
      color: var(--_accent);
      font-weight: 600;
    }
    .status.failed {
      color: var(--_danger);
    }
    .typing {
      min-height: 20px;
      padding: 0 16px;
      font-size: 12px;
      color: var(--_muted);
      font-style: italic;
    }
    .mention {
      border-radius: 4px;
      padding-inline: 2px;
      background: var(--_accent-soft);
      font-weight: 600;
    }
    .mention-me {
      outline: 1px solid currentColor;
    }
`;
