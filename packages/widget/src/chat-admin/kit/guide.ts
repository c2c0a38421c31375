import { html, type TemplateResult } from 'lit';
import type { InboxController } from '../inbox-controller.js';

/**
 * A link to one of Parley's guides, named by its title (issue #81: the pages said "See docs/rules.md.", a path in
 * the repository, not a page anyone could open). Where `<chat-admin docs-base>` says where the guides are published
 * (`{page}` is replaced by the guide's name: `rules`, `safety`, `email`, `api-channel`), the title links there, in a
 * new tab; otherwise it is the title alone, as a citation.
 *
 * @example guide(this.inbox, 'rules', 'How rules and macros work')
 */
export function guide(inbox: InboxController | undefined, page: string, title: string): TemplateResult {
  const base = inbox?.host.docsBase;
  if (!base) return html`<cite class="guide">${title}</cite>`;
  const href = base.includes('{page}') ? base.replaceAll('{page}', page) : `${base.replace(/\/?$/, '/')}${page}`;
  return html`<a class="guide" href=${href} target="_blank" rel="noopener">${title}</a>`;
}
