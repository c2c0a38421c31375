import { defineFeature } from '../features/feature.js';
import * as attachmentQueries from './attachment-queries.js';
import { attachmentSettingsRoutes } from './attachment-routes.js';
import { registerAttachments } from './attachments-http.js';
import type { Attachments } from './attachments.js';
import { attachmentsConfig } from './attachments-config.js';
import { createAttachments } from './create-attachments.js';
import { loadInspectors } from './inspect-file.js';
import { MessageFiles } from './message-files.js';
import { eraseAttachments, eraseConversationAttachments } from './attachment-queries.js';
import { ATTACHMENT_MIGRATIONS } from './attachment-migrations.js';
import { attachmentPaths, visitorOrStaffScheme } from './attachment-openapi.js';

/** The attachments feature's running part: the files' checks and storage, and files in messages. */
export interface AttachmentsFeature {
  readonly attachments: Attachments;
  readonly files: MessageFiles;
}

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    attachments: AttachmentsFeature;
  }
}

/** Attachments (docs/attachments.md): uploads checked and stored (locally or in S3), files in messages. */
export const attachmentsFeature = defineFeature({
  name: 'attachments',
  repositories: { attachments: attachmentQueries },
  apiPaths: attachmentPaths,
  apiSecuritySchemes: { visitorOrStaff: visitorOrStaffScheme },
  migrations: ATTACHMENT_MIGRATIONS,
  // The rows go now; the files are queued for deletion in the same transaction.
  erasure: {
    conversations: [{ table: 'attachments', erase: (db, ids) => eraseConversationAttachments(db, ids) }],
    // What a visitor uploaded anywhere else (into a conversation not created yet).
    contacts: [
      {
        table: 'attachments',
        column: 'uploader_id',
        erase: async (db, ids, siteId) => {
          for (const id of ids)
            await eraseAttachments(db, "site_id = ? AND uploader_role = 'visitor' AND uploader_id = ?", [siteId, id]);
        },
      },
    ],
    // Files uploaded into a conversation that was never created (a visitor who uploaded and left), past the period.
    expired: (db, siteId, before) =>
      eraseAttachments(
        db,
        'site_id = ? AND created_at < ? AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.id = attachments.conversation_id)',
        [siteId, before],
      ),
  },
  config: attachmentsConfig,
  adminRoutes: attachmentSettingsRoutes,
  create: async ({ config, admin, dataKey, log, options, core, relaySecret, accounts, publicOrigin }) => {
    const attachments = await createAttachments(config, admin.repos.attachments, dataKey, log, {
      ...(options.clock ? { now: options.clock } : {}),
      // Names hide what the site's message safety hides (docs/safety.md).
      fileName: (siteId, name) => core.redactAside(siteId, name, 'name'),
    });
    const files = new MessageFiles({ attachments });
    return {
      instance: { attachments, files },
      hooks: files,
      http: (app) => registerAttachments(app, { attachments, core, config, relaySecret, accounts, publicOrigin }),
      preload: loadInspectors,
      // After the connections closed: a send in flight may still reference an upload.
      close: () => attachments.stop(),
    };
  },
});
