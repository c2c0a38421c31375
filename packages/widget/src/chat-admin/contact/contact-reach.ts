import { css, html, nothing, type TemplateResult } from 'lit';
import type { ContactReach } from '@parley/protocol/admin';
import type { ContactStrings } from './contact-strings.js';

/**
 * Where a contact is reached outside the chat (issue #81): the lines channel features declare on the relay
 * (`reach` of the admin API's contact: an API channel's name and the contact's id there, `+15550001111`), shown in
 * the visitor panel's contact card and the thread's header. Nothing here knows one channel from another: the kind's
 * name comes from the inbox's channel strings, else the kind itself.
 */
export function reachLines(
  reach: readonly ContactReach[] | undefined,
  texts: ContactStrings,
  kinds: Readonly<Record<string, string>>,
): TemplateResult | typeof nothing {
  if (!reach || reach.length === 0) return nothing;
  return html`<ul class="reach-lines">
    ${reach.map(
      (line) =>
        html`<li>
          <span class="reach-handle" dir="ltr">${line.handle}</span>
          <span class="muted">${texts.reachVia(line.label, kinds[line.channel] ?? line.channel)}</span>
        </li>`,
    )}
  </ul>`;
}

/** The reach lines' rules, adopted into `<chat-admin>`'s shadow root by the elements that show them. */
export const reachStyles = css`
  .contact-reach {
    margin-block-end: 8px;
  }
  .reach-lines {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 2px;
  }
  .reach-lines li {
    display: flex;
    flex-wrap: wrap;
    gap: 0 6px;
    align-items: baseline;
    overflow-wrap: anywhere;
  }
  .reach-handle {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .thread-reach {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 6px;
    margin: 0;
    font-size: 13px;
    max-inline-size: 100%;
  }
  .thread-reach .reach-lines {
    display: flex;
    flex-wrap: wrap;
    gap: 0 12px;
  }
`;

/** Adopts {@link reachStyles} into the shadow root `element` renders in, once. */
export function adoptReachStyles(element: Element): void {
  const root = element.getRootNode();
  const sheet = reachStyles.styleSheet;
  if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
