/**
 * The composer's "Insert an article link" (`<chat-admin-article-link>`), a part of the inbox fetched the first time
 * it is opened, as the Macros are: the composer takes its tag, its chunk and its button's words from here.
 */
export const ARTICLE_LINK_PART = {
  tag: 'chat-admin-article-link',
  load: async () => (await import('./chat-admin-article-link.component.js')).ChatAdminArticleLink,
};

/** The words of the composer's button (the rest come with the part's chunk). */
export const articleLinkButtonEn = { button: 'Article' };
