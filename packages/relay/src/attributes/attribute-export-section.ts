import type { ExportSection } from '../export/public.js';

/**
 * Custom attributes' section of a contact's export (`features.attributes`), contributed to the export's point
 * `export.sections`: the values set on the contact and on their conversations.
 */
export const attributeExportSection: ExportSection = {
  name: 'attributes',
  contact: async ({ use }, siteId, contactId, conversationIds) => {
    const attributes = use('attributes');
    if (!attributes) throw new Error('custom attributes are not running');
    return attributes.contactExport(siteId, contactId, conversationIds);
  },
};
