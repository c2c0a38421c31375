import {
  AdminApiError,
  type AttachmentSettings,
  type AttachmentSettingsAnswer,
} from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The site's attachment settings (`/settings/attachments`) of the fake admin API. */
export function withAttachments<B extends FakeBase>(Base: B) {
  return class extends Base {
    attachmentValue: AttachmentSettingsAnswer = {
      types: null,
      maxBytes: null,
      quotaBytes: null,
      usedBytes: 3 * 1024 * 1024,
    };
    savedAttachments: AttachmentSettings[] = [];
    /** What `saveAttachmentSettings` throws, when set. */
    refuseAttachments: AdminApiError | undefined;

    async attachmentSettings() {
      if (this.role !== 'admin') throw new AdminApiError('forbidden', 'Admins only.', 403);
      return structuredClone(this.attachmentValue);
    }
    async saveAttachmentSettings(settings: AttachmentSettings) {
      if (this.refuseAttachments) throw this.refuseAttachments;
      this.savedAttachments.push(structuredClone(settings));
      this.attachmentValue = { ...structuredClone(settings), usedBytes: this.attachmentValue.usedBytes };
      return structuredClone(this.attachmentValue);
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /settings/attachments': () => this.attachmentSettings(),
        'PUT /settings/attachments': (c) => this.saveAttachmentSettings(c.body as AttachmentSettings),
      } satisfies FakeRoutes);
    }
  };
}
