import { AreaApi } from '../../area-api.js';
import type { AutomationSettings, AutomationsAnswer } from '../../admin-types.js';

/**
 * The site's automations (business hours, welcome, away reply, ratings, FAQ answers on or off), read and replaced
 * by the Automations, FAQ and Site pages.
 */
export class AutomationsApi extends AreaApi {
  get(): Promise<AutomationsAnswer> {
    return this.api.request('GET', '/automations');
  }

  /** Replaces them (admins). */
  save(settings: AutomationSettings): Promise<AutomationsAnswer> {
    return this.api.request('PUT', '/automations', settings);
  }
}
