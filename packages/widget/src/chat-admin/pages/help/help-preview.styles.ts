import { css } from 'lit';

/**
 * The preview's look: the portal's rules for an article's body (`renderStylesheet` in the relay's
 * `help-center/portal-pages.ts`: images fit, code scrolls, tables ruled with a marked header, aligned by class, and
 * scrolled sideways when wider than the preview), over the inbox's colours.
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
    display: block;
    width: max-content;
    max-width: 100%;
    overflow-x: auto;
    border-collapse: collapse;
    overflow-wrap: normal;
  }
  .preview th,
  .preview td {
    border: 1px solid var(--_border);
    padding: 0.4rem 0.7rem;
    text-align: start;
    vertical-align: top;
  }
  .preview thead th {
    background: var(--_surface);
    font-weight: 600;
    border-bottom: 2px solid var(--_muted);
  }
  .preview .align-left {
    text-align: left;
  }
  .preview .align-center {
    text-align: center;
  }
  .preview .align-right {
    text-align: right;
  }
  .preview a {
    color: var(--_link, var(--_accent));
  }
`;
