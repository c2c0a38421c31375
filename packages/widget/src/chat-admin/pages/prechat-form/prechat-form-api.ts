import type { AttributeDefinitionList, PrechatForm, PrechatFormPut } from '@parley/protocol/admin';
import { AreaApi } from '../../area-api.js';

/** The Pre-chat form page's calls (issue #86): the site's form, and its contact attributes a field may fill. */
export class PrechatFormApi extends AreaApi {
  /** The site's form (no field: none). */
  get(): Promise<PrechatForm> {
    return this.api.request('GET', '/prechat-form');
  }

  /** Replaces the form, whole; a refusal names the first wrong field (`Invalid body.fields.2.options: …`). */
  save(form: PrechatFormPut): Promise<PrechatForm> {
    return this.api.request('PUT', '/prechat-form', form);
  }

  /** The site's attribute definitions (the contact ones not archived are what a field may fill). */
  attributes(): Promise<AttributeDefinitionList> {
    return this.api.request('GET', '/attributes');
  }
}
