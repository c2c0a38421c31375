import { css } from 'lit';

/**
 * Spam and review's own rules (the banner and the thread's action). Both render in `<chat-admin>`'s shadow root
 * (`AdminRegion`s), so they add these to that root once, from their chunk: the inbox's first load carries none.
 */
export const moderationStyles = css`
  chat-admin-spam {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  chat-admin-flags {
    display: contents;
  }
  chat-admin-flags .flags {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 12px;
    margin: 0;
    padding: 8px 16px;
    border-bottom: 1px solid var(--_border);
    background: var(--_note-bg);
    color: var(--_note-fg);
  }
  chat-admin-flags .flags.spam {
    background: color-mix(in srgb, var(--_danger) 14%, var(--_bg));
    color: var(--_fg);
  }
  chat-admin-flags .flags strong {
    font-weight: 600;
  }
  chat-admin-flags ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    margin: 0;
    padding: 0;
    list-style: none;
    flex: 1 1 16rem;
    min-width: 0;
  }
  chat-admin-flags li {
    overflow-wrap: anywhere;
  }
  chat-admin-flags li .detail {
    opacity: 0.8;
  }
  chat-admin-flags .error,
  chat-admin-spam .error {
    color: var(--_danger);
  }
`;

/** Adds {@link moderationStyles} to the shadow root `element` renders in, once. */
export function adoptModerationStyles(element: Element): void {
  const root = element.getRootNode();
  const sheet = moderationStyles.styleSheet;
  if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
