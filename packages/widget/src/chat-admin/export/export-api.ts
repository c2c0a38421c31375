import type { ConversationExport, ExportQuery } from '@parley/protocol/admin';
import { AreaApi, at, search } from '../area-api.js';

/**
 * The export route (`/conversations/{id}/export`): the JSON the print view is drawn from, and the files to download.
 * Both go through the inbox's one request helper (its credentials: a session cookie or the bearer header), never
 * a URL with a secret in it.
 */
export class ExportApi extends AreaApi {
  /** The conversation as the print view reads it. */
  json(conversationId: string, notes: ExportQuery['notes']): Promise<ConversationExport> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/export${search({ format: 'json', notes })}`);
  }

  /** The export as a file, to save. */
  file(conversationId: string, format: 'json' | 'csv', notes: ExportQuery['notes']): Promise<Blob> {
    return this.api.request(
      'GET',
      `/conversations/${at(conversationId)}/export${search({ format, notes })}`,
      undefined,
      'blob',
    );
  }
}
