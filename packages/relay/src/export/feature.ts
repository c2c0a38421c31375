import { defineFeature } from '../features/feature.js';
import { exportSections } from './export-points.js';
import { exportRoutes } from './export-routes.js';

/**
 * Export a conversation (issue #40, docs/export.md): JSON or CSV from the admin API, streamed and audited. It keeps
 * nothing of its own (no tables, so nothing to erase); the inbox's print view and downloads are built on it. It hosts
 * `export.sections`: what other features hold about a person, in the contact's export.
 */
export const exportFeature = defineFeature({
  name: 'export',
  adminRoutes: exportRoutes,
  // What other features hold about a person, in the contact's export (custom attributes').
  points: [exportSections],
  create: ({ admin, contributions, use }) => {
    // The contact's export (the desk's route) reads the sections from the desk's services, in the list's order.
    for (const section of contributions(exportSections)) {
      if (admin.contactExports.has(section.name))
        throw new Error(`two sections of the contact export are named ${section.name}`);
      admin.contactExports.set(section.name, (siteId, contactId, conversationIds) =>
        section.contact({ use }, siteId, contactId, conversationIds),
      );
    }
    return {};
  },
});
