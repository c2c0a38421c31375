import { html, svg, type TemplateResult } from 'lit';
import { chatIconPath } from './launcher.styles.js';

/** The widget's icons (24×24 paths), drawn by {@link icon}. */
export const icons = {
  chat: svg`<path fill="currentColor" d=${chatIconPath} />`,
  close: svg`<path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" d="M6 6l12 12M18 6 6 18"/>`,
  send: svg`<path fill="currentColor" d="M3.4 20.6 21 12 3.4 3.4l-.1 6.7L15 12 3.3 13.9z"/>`,
  soundOn: svg`<path fill="currentColor" d="M4 9h4l5-4v14l-5-4H4z"/><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12"/>`,
  smile: svg`<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM8.5 14.5a4 4 0 0 0 7 0M9 9.5v1M15 9.5v1"/>`,
  clip: svg`<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11.5 12.2 19.3a5 5 0 0 1-7.1-7.1l8.1-8.1a3.3 3.3 0 0 1 4.7 4.7l-8.1 8.1a1.7 1.7 0 0 1-2.4-2.4L14.7 7"/>`,
  soundOff: svg`<path fill="currentColor" d="M4 9h4l5-4v14l-5-4H4z"/><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="m16 9 6 6m0-6-6 6"/>`,
};

/** An icon as an `<svg>` that assistive technology skips (its button carries the label). */
export function icon(path: TemplateResult<2>): TemplateResult {
  return html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${path}</svg>`;
}
