import { css } from 'lit';

/**
 * The list's swipes and row menu on a phone (`list-actions.ts`). A swiped row keeps its place and colours itself
 * with the action; its content, on a card of the list's colour, slides over the action's name. The attributes are
 * `RowGestures`'s.
 */
export const rowActionsStyles = css`
  @media (max-width: 600px) {
    /* The browser keeps the list's vertical scroll; sideways is the row's. No text selection or callout on a hold. */
    .list [role='option'] {
      touch-action: pan-y;
      user-select: none;
      -webkit-user-select: none;
      -webkit-touch-callout: none;
    }
    .list [role='option'][data-swipe] {
      --_tone: var(--_muted);
      position: relative;
      isolation: isolate;
      overflow: hidden;
      background: color-mix(in srgb, var(--_tone) 30%, var(--_surface));
    }
    .list [role='option'][data-swipe-tone='resolve'] {
      /* A green that white text reads on (4.5:1 and more), in both schemes. */
      --_tone: #15803d;
    }
    .list [role='option'][data-swipe-tone='reopen'],
    .list [role='option'][data-swipe-tone='assign'] {
      --_tone: var(--_accent);
    }
    .list [role='option'][data-swipe][data-armed] {
      background: var(--_tone);
    }
    /* The card the content sits on, and the content, slide together. */
    .list [role='option'][data-swipe]::before {
      content: '';
      position: absolute;
      inset: 0;
      z-index: -1;
      border-radius: inherit;
      background: var(--_surface);
      translate: var(--swipe-x, 0) 0;
    }
    .list [role='option'][data-swipe] > * {
      translate: var(--swipe-x, 0) 0;
    }
    /* The action's name, on the side the row uncovers. */
    .list [role='option'][data-swipe]::after {
      content: attr(data-swipe-label);
      position: absolute;
      inset-block: 0;
      z-index: -2;
      display: flex;
      align-items: center;
      padding-inline: 16px;
      font-weight: 700;
      color: var(--_fg);
    }
    .list [role='option'][data-swipe='left']::after {
      right: 0;
    }
    .list [role='option'][data-swipe='right']::after {
      left: 0;
    }
    .list [role='option'][data-swipe][data-armed]::after {
      color: #fff;
    }
    .list [role='option'][data-swipe-tone='assign'][data-armed]::after,
    .list [role='option'][data-swipe-tone='reopen'][data-armed]::after {
      color: var(--_accent-fg);
    }
    .list [role='option'][data-settling]::before,
    .list [role='option'][data-settling] > * {
      transition: translate 0.2s ease-out;
    }
  }
  @media (max-width: 600px) and (prefers-reduced-motion: reduce) {
    .list [role='option'][data-settling]::before,
    .list [role='option'][data-settling] > * {
      transition: none;
    }
  }

  chat-admin-row-menu {
    display: contents;
  }
  .row-menu-scrim {
    position: fixed;
    inset: 0;
    z-index: 20;
    background: rgb(0 0 0 / 0.35);
  }
  .row-sheet {
    position: fixed;
    inset-inline: 0;
    inset-block-end: 0;
    z-index: 21;
    display: grid;
    gap: 4px;
    max-height: 80dvh;
    overflow: auto;
    padding: 8px 8px max(8px, env(safe-area-inset-bottom, 0px));
    border-radius: 14px 14px 0 0;
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 -6px 24px rgb(0 0 0 / 0.25);
  }
  .row-sheet-title {
    padding: 6px 8px;
    font-weight: 700;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .row-menu,
  .row-menu [role='group'] {
    display: grid;
    gap: 2px;
  }
  .row-menu [role='group'] {
    border-block-start: 1px solid var(--_border);
    padding-block-start: 4px;
  }
  .row-menu-heading {
    padding: 4px 8px 0;
    font-size: 12px;
    color: var(--_muted);
  }
  .row-menu button {
    min-height: 44px;
    padding: 8px 12px;
    border: 0;
    border-radius: 8px;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
  }
  .row-menu button:focus-visible,
  .row-menu button:hover {
    background: var(--_raised);
  }
  .row-menu [aria-checked='true']::after {
    content: ' ✓';
    color: var(--_accent);
  }
  .row-label {
    display: grid;
    gap: 8px;
    padding: 4px 8px;
  }
  .row-label label {
    display: grid;
    gap: 4px;
  }
  .row-label input {
    min-height: 44px;
  }
  .row-label-buttons {
    display: flex;
    gap: 8px;
  }
  .row-label-buttons button {
    min-height: 44px;
    flex: 1;
  }
  @media (prefers-reduced-motion: no-preference) {
    .row-sheet {
      animation: row-sheet-in 0.15s ease-out;
    }
  }
  @keyframes row-sheet-in {
    from {
      translate: 0 30%;
      opacity: 0;
    }
  }
`;
