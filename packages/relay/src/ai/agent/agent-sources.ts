import type { UseFeature } from '../../features/feature-instances.js';
import type { PromptPrivacy } from '../ai-privacy.js';

/** A source an answer may draw on: an article (with its public address) or an FAQ entry (none), its text bounded. */
export interface AgentSource {
  readonly title: string;
  readonly url: string | null;
  readonly text: string;
}

/** What of an article or FAQ entry goes into the prompt (characters). */
const SOURCE_CHARS = 1500;
/** The most sources of each kind. */
const ARTICLES = 3;
const ENTRIES = 2;

/**
 * The site's published help-center articles and FAQ entries related to the visitor's `text` (the help center's own
 * search, in the visitor's language else English; the FAQ's index in memory), each read in the site's own records
 * only and passed through `privacy`, with `pass` between steps (the loop turns). Empty when nothing is related: the
 * model is then not asked.
 */
export async function agentSources(
  use: UseFeature,
  site: { readonly id: string; readonly siteKey: string },
  text: string,
  language: string,
  origin: string,
  privacy: PromptPrivacy,
  pass: () => Promise<void>,
): Promise<AgentSource[]> {
  const sources: AgentSource[] = [];
  const help = use('help-center');
  if (help) {
    const portal = help.portalBase(site, origin);
    const related = await help.related(site.id, text, language, ARTICLES);
    for (const listed of related) {
      await pass();
      // The search lists without bodies; read again, by the site's own id, and only while it is published.
      const article = await help.repository.getArticle(site.id, listed.id);
      if (!article || article.status !== 'published') continue;
      sources.push({
        title: article.title,
        url: `${portal}/${encodeURIComponent(article.locale)}/${encodeURIComponent(article.slug)}`,
        text: privacy.hide(article.body.slice(0, SOURCE_CHARS)),
      });
    }
  }
  await pass();
  const faq = use('automations')?.faq;
  const match = faq?.index(site.id)?.match(text.slice(0, 500), language);
  if (faq && match) {
    const entries = match.answer ? [match.answer.entry] : match.suggestions.slice(0, ENTRIES);
    for (const found of entries) {
      const entry = faq.entry(site.id, found.id);
      if (entry)
        sources.push({ title: entry.question, url: null, text: privacy.hide(entry.answer.slice(0, SOURCE_CHARS)) });
    }
  }
  return sources;
}
