import { defineFeature } from '../features/feature.js';
import { bulkRoutes } from './bulk-routes.js';

/** Bulk changes to conversations: one change to many, one audit entry (docs/views-and-bulk.md). */
export const bulkFeature = defineFeature({
  name: 'bulk',
  adminRoutes: bulkRoutes,
});
