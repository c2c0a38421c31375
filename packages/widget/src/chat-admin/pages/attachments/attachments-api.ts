import { AreaApi } from '../../area-api.js';
import type { AttachmentSettings, AttachmentSettingsAnswer } from '../../admin-types.js';

/** The Attachments page's calls (admins). */
export class AttachmentsApi extends AreaApi {
  /** The site's attachment settings and the bytes it keeps. */
  get(): Promise<AttachmentSettingsAnswer> {
    return this.api.request('GET', '/settings/attachments');
  }

  /** Replaces them. */
  save(settings: AttachmentSettings): Promise<AttachmentSettingsAnswer> {
    return this.api.request('PUT', '/settings/attachments', settings);
  }
}
