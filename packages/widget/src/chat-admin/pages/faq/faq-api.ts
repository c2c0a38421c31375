import { AreaApi, at } from '../../area-api.js';
import type { FaqEntry, FaqInput, FaqMatch } from '../../admin-types.js';

/** The FAQ page's calls (admins). */
export class FaqApi extends AreaApi {
  /** The site's entries, with their counts, and the most it keeps. */
  list(): Promise<{ items: FaqEntry[]; max: number }> {
    return this.api.request('GET', '/faq');
  }

  create(input: FaqInput): Promise<FaqEntry> {
    return this.api.request('POST', '/faq', input);
  }

  update(id: string, patch: Partial<FaqInput>): Promise<FaqEntry> {
    return this.api.request('PATCH', `/faq/${at(id)}`, patch);
  }

  delete(id: string): Promise<void> {
    return this.api.request('DELETE', `/faq/${at(id)}`);
  }

  /** What the bot would make of a visitor's message (stores nothing). */
  try(text: string, language?: string): Promise<FaqMatch> {
    return this.api.request('POST', '/faq/match', language ? { text, language } : { text });
  }
}
