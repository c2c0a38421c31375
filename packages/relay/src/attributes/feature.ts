import { defineFeature } from '../features/feature.js';
import { ruleConditions } from '../rules/public.js';
import { exportSections } from '../export/public.js';
import { viewFilters } from '../views/public.js';
import { conversationListParams } from '../admin/public.js';
import { mergeContactData } from '../merge/public.js';
import { attributeListParams } from './attribute-list-params.js';
import { attributeExportSection } from './attribute-export-section.js';
import { attributeMergeData } from './attribute-merge-data.js';
import { attributeRuleCondition } from './attribute-rule-condition.js';
import { attributeViewFilter } from './attribute-view-filter.js';
import { Attributes, verifiedOnly } from './attributes.js';
import { ATTRIBUTES_MIGRATIONS } from './attributes-migrations.js';
import { AttributesRepository } from './attributes-repository.js';
import { attributesRoutes } from './attributes-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    attributes: Attributes;
  }
}

/**
 * Custom attributes (docs/attributes.md): typed fields a site defines for contacts and conversations, set from the
 * inbox, the admin API and `identify()`, filtered on in the conversation list, tried by rules.
 */
export const attributesFeature = defineFeature({
  name: 'attributes',
  migrations: ATTRIBUTES_MIGRATIONS,
  adminRoutes: attributesRoutes,
  apiTag: {
    name: 'attributes',
    description:
      'Custom attributes: typed fields (text, number, date, list, checkbox, link) a site defines for its contacts and conversations, and their values. docs/attributes.md.',
  },
  // Rules may test a conversation's or its contact's attributes; saved views may filter on them; a contact's export
  // holds them; the conversation list takes the parameters its filters read; a merge of contacts carries a contact's
  // values (the stronger word's) and its undo puts them back.
  contributes: [
    conversationListParams.with(attributeListParams),
    ruleConditions.with(attributeRuleCondition),
    viewFilters.with(attributeViewFilter),
    exportSections.with(attributeExportSection),
    mergeContactData.with(attributeMergeData),
  ],
  erasure: {
    conversations: [{ table: 'conversation_attributes' }],
    contacts: [{ table: 'contact_attributes' }],
  },
  create: ({ db, log, options }) => {
    const attributes = new Attributes({
      repository: new AttributesRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: attributes,
      hooks: {
        visitorSeen: (visitor) => attributes.visitorSeen(visitor),
        conversationCreated: (siteId, conversationId) => attributes.conversationCreated(siteId, conversationId),
      },
      conversationFilters: [
        {
          param: 'attribute',
          condition: (siteId, value, params) => attributes.listCondition(siteId, value, verifiedOnly(params)),
        },
        // Qualifies `attribute`, a saved view's criteria and the search: checked here, narrows nothing by itself.
        { param: 'attributeValues', condition: async (_siteId, _value, params) => void verifiedOnly(params) },
      ],
      conversationSearch: {
        condition: (siteId, terms, params) => attributes.searchCondition(siteId, terms, verifiedOnly(params)),
      },
      stop: () => attributes.settled(),
    };
  },
});
