import { defineFeature } from '../features/feature.js';
import { exportPaths } from './export-openapi.js';
import { exportRoutes } from './export-routes.js';

/**
 * Export a conversation (issue #40, docs/export.md): JSON or CSV from the admin API, streamed and audited. It keeps
 * nothing of its own (no tables, so nothing to erase); the inbox's print view and downloads are built on it.
 */
export const exportFeature = defineFeature({
  name: 'export',
  adminRoutes: exportRoutes,
  apiPaths: exportPaths,
});
