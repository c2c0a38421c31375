/**
 * The words of the widget's help part (issue #42): the Help tab and the articles suggested while the visitor types.
 * English's travel with the part's chunk (`help-part.ts`), so the element's first load does not carry them; another
 * locale sets `helpStrings` in its strings (a locale without them shows English).
 */
export interface HelpStrings {
  /** The header's button to the tab. */
  open: string;
  /** The search field's label and placeholder. */
  search: string;
  searchPlaceholder: string;
  /** The list before a search (the most read articles), and after one. */
  popular: string;
  results: string;
  /** A search that found nothing. */
  none: string;
  /** The query as the relay read it, when it corrected a typo. */
  corrected: (query: string) => string;
  /** The articles cannot be fetched (offline, or the relay refused). */
  failed: string;
  /** Back from an article to the list. */
  back: string;
  /** The article on the site's help center, in a new tab. */
  openInCenter: string;
  /** Under the list and each article. */
  stillNeedHelp: string;
  chatWithUs: string;
  /** Above the articles suggested while the visitor types the first message. */
  suggested: string;
  /** Under an article: the question, its two answers, and the thanks once answered. */
  didItHelp: string;
  yes: string;
  no: string;
  thanks: string;
}

/** English, the default. */
export const helpStringsEn: HelpStrings = {
  open: 'Help',
  search: 'Search the help center',
  searchPlaceholder: 'Search for answers',
  popular: 'Popular articles',
  results: 'Results',
  none: 'No article matches. Try other words, or chat with us.',
  corrected: (query) => `Showing results for “${query}”`,
  failed: 'The articles cannot be loaded now.',
  back: 'Back to articles',
  openInCenter: 'Open in the help center',
  stillNeedHelp: 'Still need help?',
  chatWithUs: 'Chat with us',
  suggested: 'These articles may answer it',
  didItHelp: 'Did this help?',
  yes: 'Yes',
  no: 'No',
  thanks: 'Thanks for your feedback.',
};
