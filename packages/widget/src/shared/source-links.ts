import type { MessageSource } from '@parley/protocol';
import type { TemplateResult, html as litHtml } from 'lit';

/** `url` if it is an absolute `https:` or `http:` address: anything else (`javascript:`, relative) is not linked. */
export function webUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The items of a bot's answer's sources (the help-center articles it drew on), as the widget and the inbox list them:
 * each a link opening in a new tab, or its title alone where its address is not a web one. It takes lit's `html` from
 * its caller: the widget's lazy part carries no lit of its own (automation-ui.ts).
 */
export function sourceItems(html: typeof litHtml, sources: readonly MessageSource[]): TemplateResult[] {
  return sources.map(({ title, url }) => {
    const href = webUrl(url);
    return html`<li dir="auto">
      ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${title}</a>` : title}
    </li>`;
  });
}
