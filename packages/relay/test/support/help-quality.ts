import type { HelpCenter } from '../../src/help-center/help-center.js';
import { CORPUS_ARTICLES, CORPUS_QUESTIONS } from './help-corpus.js';

/** Hits at 1 and 3 over one locale's questions. */
export interface LocaleQuality {
  readonly questions: number;
  readonly at1: number;
  readonly at3: number;
}

/** What {@link measureSearch} reports: per locale, and the questions whose answer was not in the first three. */
export interface SearchQuality {
  readonly en: LocaleQuality;
  readonly de: LocaleQuality;
  readonly misses: readonly { readonly query: string; readonly expected: string; readonly got: readonly string[] }[];
}

/** Writes the test set's 50 articles, published, to `siteId` through the help center's repository. */
export async function loadCorpus(help: HelpCenter, siteId: string, author: string): Promise<void> {
  let at = 1_700_000_000_000;
  for (const article of CORPUS_ARTICLES) {
    const made = await help.render(article.body);
    if (typeof made === 'string') throw new Error(`the article ${article.slug} did not render: ${made}`);
    at += 1000;
    await help.repository.putArticle(
      {
        id: `hart_corpus_${article.slug}`,
        siteId,
        collectionId: null,
        locale: article.locale,
        slug: article.slug,
        title: article.title,
        summary: null,
        body: article.body,
        html: made.html,
        status: 'published',
        authorId: author,
        updatedBy: author,
        createdAt: at,
        updatedAt: at,
        publishedAt: at,
      },
      true,
      made.text,
    );
  }
  help.changed(siteId, ['en', 'de']);
}

/**
 * Asks every question of the test set (`prefix` on: a question is typed into the widget's search), and counts how
 * often its article comes first, and in the first three.
 */
export async function measureSearch(help: HelpCenter, siteId: string): Promise<SearchQuality> {
  const counts = { en: { questions: 0, at1: 0, at3: 0 }, de: { questions: 0, at1: 0, at3: 0 } };
  const misses: { query: string; expected: string; got: string[] }[] = [];
  for (const question of CORPUS_QUESTIONS) {
    const found = await help.search(siteId, { query: question.query, locale: question.locale, prefix: true, limit: 3 });
    const slugs = found.items.map((item) => item.slug);
    const count = counts[question.locale];
    count.questions += 1;
    if (slugs[0] === question.answer) count.at1 += 1;
    if (slugs.includes(question.answer)) count.at3 += 1;
    else misses.push({ query: question.query, expected: question.answer, got: slugs });
  }
  return { ...counts, misses };
}
