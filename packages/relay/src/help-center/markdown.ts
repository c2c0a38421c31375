import MarkdownIt from 'markdown-it';

/*
 * Articles' Markdown, rendered safely (ADR 0035): markdown-it with raw HTML off (it is shown as text), links only to
 * http(s), mailto and the page's own anchors, each with rel="noopener nofollow ugc", images only from http(s) or
 * the relay's own attachments, no style attribute (a table column's alignment is a class). A link or image that fails
 * is shown as its text. Bodies are at most
 * MAX_ARTICLE_BODY characters and nesting is capped, so a render stays far below 50 ms (bench/help-center.ts).
 */

const LINK = /^(?:https?:\/\/|mailto:|#)/i;
const IMAGE = /^(?:https?:\/\/|\/v1\/attachments\/)/i;

const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, maxNesting: 20 });
type Token = ReturnType<typeof md.parse>[number];
type TokenClass = new (type: string, tag: string, nesting: -1 | 0 | 1) => Token;
const attr = (token: Token, name: string): string => String(token.attrGet(name) ?? '');
// markdown-it's own check refuses javascript:, vbscript:, file: and most data: URLs; ours allows only what we name.
md.validateLink = (url) => LINK.test(url.trim()) || IMAGE.test(url.trim());

/** Tokens of a parsed body whose link or image source is not allowed are turned into their text. */
function checkTokens(tokens: Token[], TokenOf: TokenClass): void {
  for (const token of tokens) {
    if (!token.children) continue;
    const children: Token[] = [];
    const dropped: number[] = [];
    for (const child of token.children) {
      if (child.type === 'image' && !IMAGE.test(attr(child, 'src'))) {
        const alt = new TokenOf('text', '', 0);
        alt.content = child.content;
        children.push(alt);
        continue;
      }
      if (child.type === 'link_open' && !LINK.test(attr(child, 'href'))) {
        dropped.push(child.level);
        continue;
      }
      if (child.type === 'link_close' && dropped.at(-1) === child.level) {
        dropped.pop();
        continue;
      }
      children.push(child);
    }
    token.children = children;
  }
}

md.core.ruler.push('parley_links', (state) => {
  checkTokens(state.tokens, state.Token as unknown as TokenClass);
});

const renderToken = md.renderer.renderToken.bind(md.renderer);
md.renderer.rules.link_open = (tokens, index, options) => {
  const token = tokens[index]!;
  if (!attr(token, 'href').startsWith('#')) token.attrSet('rel', 'noopener nofollow ugc');
  return renderToken(tokens, index, options);
};
// A table column's alignment as a class, not markdown-it's `style="text-align:…"`: the portal's CSP (style-src 'self')
// refuses style attributes, and the widget sets none on a site's page; both stylesheets style the classes.
for (const cell of ['th_open', 'td_open'] as const)
  md.renderer.rules[cell] = (tokens, index, options) => {
    const token = tokens[index]!;
    const align = /^text-align:(left|center|right)$/.exec(attr(token, 'style'))?.[1];
    if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
    if (align) token.attrJoin('class', `align-${align}`);
    return renderToken(tokens, index, options);
  };
// A table wider than the page scrolls sideways on its own (the stylesheets): it takes focus, so a keyboard scrolls it.
md.renderer.rules.table_open = (tokens, index, options) => {
  tokens[index]!.attrSet('tabindex', '0');
  return renderToken(tokens, index, options);
};
const image = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index]!;
  token.attrSet('loading', 'lazy');
  token.attrSet('referrerpolicy', 'no-referrer');
  return image(tokens, index, options, env, self);
};

/** An article's body as safe HTML (see the file's comment). */
export function renderMarkdown(body: string): string {
  return md.render(body);
}

/** An article's body as plain text, for its search index: words of its text, code and images' alternative text. */
export function markdownText(body: string): string {
  const parts: string[] = [];
  const walk = (tokens: readonly Token[]): void => {
    for (const token of tokens) {
      if (token.children) walk(token.children);
      else if (
        token.type === 'text' ||
        token.type === 'code_inline' ||
        token.type === 'code_block' ||
        token.type === 'fence'
      )
        parts.push(token.content);
      else if (token.type === 'image') parts.push(token.content);
    }
  };
  walk(md.parse(body, {}));
  return parts.join(' ');
}
