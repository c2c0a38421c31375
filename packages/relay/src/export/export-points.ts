import { extensionPoint } from '../features/extension-point.js';
import type { UseFeature } from '../features/feature-instances.js';

/**
 * The export feature's extension point (docs/export.md, docs/architecture.md "Adding a feature"): what an export
 * holds besides the desk's own records. A feature that keeps something about a person contributes its section of
 * the contact's export (an access or portability request, `GET /v1/admin/contacts/{id}/export`), under
 * `features.<name>`, from its folder (custom attributes' is the example).
 */

/** What a section is given besides the contact: the running features. */
export interface ExportSectionContext {
  readonly use: UseFeature;
}

/** A feature's section of a contact's export. */
export interface ExportSection {
  /** Its key under the export's `features` (the feature's name): unique among the sections. */
  readonly name: string;
  /** What the feature holds about the contact and their conversations (`conversationIds`), as JSON. */
  contact(
    context: ExportSectionContext,
    siteId: string,
    contactId: string,
    conversationIds: readonly string[],
  ): Promise<unknown>;
}

/** `export.sections`: features' sections of a contact's export. */
export const exportSections = extensionPoint<ExportSection>('export.sections');
