import { css } from 'lit';

/**
 * The preview's look: the portal's rules for an article's body (`renderStylesheet` in the relay's
 * `help-center/portal-pages.ts`: images fit, code scrolls, tables ruled), over the inbox's colours.
 */
export const previewStyles = css`
  .preview {
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 4px 14px;
    min-height: 320px;
    line-height: 1.6;
    overflow-wrap: anywhere;
    background: var(--_bg, transparent);
  }
  .preview img {
    max-width: 100%;
    height: auto;
  }
  .preview pre {
    overflow: auto;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: 0.4rem;
  }
  .preview table {
    border-collapse: collapse;
    width: auto;
  }
  .preview th,
  .preview td {
    border: 1px solid var(--_border);
    padding: 0.3rem 0.6rem;
  }
  .preview a {
    color: var(--_link, var(--_accent));
  }
`;
