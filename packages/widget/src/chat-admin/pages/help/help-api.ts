import type {
  HelpArticle,
  HelpArticleCreate,
  HelpArticlePatch,
  HelpCollection,
  HelpCollectionCreate,
  HelpCollectionPatch,
  HelpListedArticle,
} from '@parley/protocol/admin';
import { AreaApi, at, search } from '../../area-api.js';

export type { HelpListedArticle };

/** The help center page's calls (`/v1/admin/help/…`, docs/help-center.md). */
export class HelpApi extends AreaApi {
  collections(): Promise<{ items: HelpCollection[] }> {
    return this.api.request('GET', '/help/collections');
  }

  createCollection(input: HelpCollectionCreate): Promise<HelpCollection> {
    return this.api.request('POST', '/help/collections', input);
  }

  updateCollection(id: string, patch: HelpCollectionPatch): Promise<HelpCollection> {
    return this.api.request('PATCH', `/help/collections/${at(id)}`, patch);
  }

  deleteCollection(id: string): Promise<void> {
    return this.api.request('DELETE', `/help/collections/${at(id)}`);
  }

  /** The articles (no bodies), the latest changed first; `status`: only published ones (the composer's links). */
  articles(query: { status?: 'draft' | 'published'; locale?: string } = {}): Promise<{ items: HelpListedArticle[] }> {
    return this.api.request('GET', `/help/articles${search(query)}`);
  }

  article(id: string): Promise<HelpArticle> {
    return this.api.request('GET', `/help/articles/${at(id)}`);
  }

  createArticle(input: HelpArticleCreate): Promise<HelpArticle> {
    return this.api.request('POST', '/help/articles', input);
  }

  updateArticle(id: string, patch: HelpArticlePatch): Promise<HelpArticle> {
    return this.api.request('PATCH', `/help/articles/${at(id)}`, patch);
  }

  deleteArticle(id: string): Promise<void> {
    return this.api.request('DELETE', `/help/articles/${at(id)}`);
  }

  /** Markdown rendered by the relay as the portal serves it; nothing stored. */
  preview(body: string): Promise<{ html: string }> {
    return this.api.request('POST', '/help/preview', { body });
  }
}
