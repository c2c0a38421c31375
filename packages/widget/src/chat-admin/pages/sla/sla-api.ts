import type { SlaAttainment, SlaPolicy, SlaPolicyInput, SlaPolicyList, SlaPolicyPatch } from '@parley/protocol/admin';
import { AreaApi, at } from '../../area-api.js';

/** The SLA policies page's calls (`/sla/policies`, docs/sla.md). */
export class SlaApi extends AreaApi {
  list(): Promise<SlaPolicyList> {
    return this.api.request('GET', '/sla/policies');
  }

  create(body: SlaPolicyInput): Promise<SlaPolicy> {
    return this.api.request('POST', '/sla/policies', body);
  }

  update(id: string, patch: SlaPolicyPatch): Promise<SlaPolicy> {
    return this.api.request('PATCH', `/sla/policies/${at(id)}`, patch);
  }

  async remove(id: string): Promise<void> {
    await this.api.request('DELETE', `/sla/policies/${at(id)}`);
  }

  /** Every policy id but the default's, in the order they are tried. */
  order(ids: readonly string[]): Promise<SlaPolicyList> {
    return this.api.request('PUT', '/sla/policies/order', { ids });
  }

  /**
   * How often clocks were met, per policy, team or agent (`reports.view`): those due in the last 30 days, or in
   * `scope`'s range and narrowed by its filters (the Reports page's; each several values comma-separated; the
   * other features' as given).
   */
  attainment(split: SlaAttainment['split'], scope?: AttainmentScope): Promise<SlaAttainment> {
    const query = new URLSearchParams({ split });
    if (scope) {
      query.set('from', String(scope.from));
      query.set('to', String(scope.to));
      for (const name of ['channel', 'team', 'agent', 'label'] as const) {
        const values = scope[name];
        if (values && values.length > 0) query.set(name, values.join(','));
      }
      for (const [name, value] of Object.entries(scope.listFilters ?? {})) query.set(name, value);
    }
    return this.api.request('GET', `/sla/attainment?${query}`);
  }
}

/** The range (ms) and the reports' filters an attainment report keeps to. */
export interface AttainmentScope {
  from: number;
  to: number;
  channel?: readonly string[];
  team?: readonly string[];
  agent?: readonly string[];
  label?: readonly string[];
  /** The conversation list's parameters other features add (`attribute`, `company`), as given. */
  listFilters?: Readonly<Record<string, string>>;
}
