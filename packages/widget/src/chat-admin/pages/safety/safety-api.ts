import type { RevealedMessage, SafetySettings } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

/** The Safety page's calls, and a masked message's reveal (message safety, docs/safety.md). */
export class SafetyApi extends AreaApi {
  /** The site's safety settings (every member may read them). */
  get(): Promise<SafetySettings> {
    return this.api.request('GET', '/safety');
  }

  /** Replaces them, whole (admins); a refusal names the first wrong field (`Invalid body.filter.patterns.2: …`). */
  save(settings: SafetySettings): Promise<SafetySettings> {
    return this.api.request('PUT', '/safety', settings);
  }

  /**
   * The originals of a masked message's hidden parts (`seq` in conversation `id`): the relay records who asked.
   * For this view only: never kept.
   */
  reveal(id: string, seq: number): Promise<RevealedMessage> {
    return this.api.request('POST', `/conversations/${encodeURIComponent(id)}/messages/${seq}/reveal`);
  }
}
