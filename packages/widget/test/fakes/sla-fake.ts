import type { SlaAttainment, SlaClocks, SlaPolicy, SlaPolicyInput, SlaPolicyPatch } from '@parley/protocol/admin';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** SLA policies (`/sla/policies`) and a conversation's clocks (`/conversations/{id}/sla`) of the fake admin API. */
export function withSla<B extends FakeBase>(Base: B) {
  return class extends Base {
    slaPolicies: SlaPolicy[] = [];
    slaCalls: Array<[string, string, unknown]> = [];
    /** Each conversation's clocks, as the relay would answer. */
    slaClocks = new Map<string, SlaClocks>();
    /** The attainment report's rows, per split (empty unless a test sets them). */
    slaAttainment: Partial<Record<SlaAttainment['split'], SlaAttainment['rows']>> = {};
    /** The attainment report's queries, as asked (the Reports page's section passes its range and filters). */
    slaAttainmentQueries: Array<Record<string, string>> = [];
    /** What the attainment report throws, when set. */
    refuseSlaAttainment: Error | undefined;

    constructor(...args: any[]) {
      super(...args);
      const ordered = (): SlaPolicy[] =>
        [...this.slaPolicies.filter((p) => !p.isDefault), ...this.slaPolicies.filter((p) => p.isDefault)].map(
          (p, position) => ({ ...p, position }),
        );
      Object.assign(this.routes, {
        'GET /sla/policies': async () => ({ policies: (this.slaPolicies = ordered()) }),
        'POST /sla/policies': async (c) => {
          this.slaCalls.push(['POST', '', c.body]);
          const { isDefault, ...body } = c.body as SlaPolicyInput;
          if (isDefault) this.slaPolicies = this.slaPolicies.map((p) => ({ ...p, isDefault: false }));
          const made: SlaPolicy = {
            id: `slp_${this.slaPolicies.length + 1}`,
            name: body.name,
            firstResponseMinutes: body.firstResponseMinutes ?? null,
            nextResponseMinutes: body.nextResponseMinutes ?? null,
            resolutionMinutes: body.resolutionMinutes ?? null,
            businessHours: body.businessHours ?? false,
            warnAtPercent: body.warnAtPercent === undefined ? 80 : body.warnAtPercent,
            raisePriorityTo: body.raisePriorityTo ?? null,
            notifyEmail: body.notifyEmail ?? false,
            match: body.match ?? {},
            position: 0,
            isDefault: isDefault ?? false,
            createdAt: 1,
            updatedAt: 1,
          };
          this.slaPolicies.push(made);
          this.slaPolicies = ordered();
          return made;
        },
        'PATCH /sla/policies/{id}': async (c) => {
          this.slaCalls.push(['PATCH', c.ref!, c.body]);
          const patch = c.body as SlaPolicyPatch;
          this.slaPolicies = this.slaPolicies.map((p) => (p.id === c.ref ? { ...p, ...patch } : p));
          return this.slaPolicies.find((p) => p.id === c.ref);
        },
        'DELETE /sla/policies/{id}': async (c) => {
          this.slaCalls.push(['DELETE', c.ref!, undefined]);
          this.slaPolicies = this.slaPolicies.filter((p) => p.id !== c.ref);
          return undefined;
        },
        'PUT /sla/policies/order': async (c) => {
          const { ids } = c.body as { ids: string[] };
          this.slaCalls.push(['ORDER', '', ids]);
          const others = ids.map((id) => this.slaPolicies.find((p) => p.id === id)!);
          this.slaPolicies = [...others, ...this.slaPolicies.filter((p) => p.isDefault)];
          return { policies: (this.slaPolicies = ordered()) };
        },
        'GET /sla/attainment': async (c) => {
          this.slaAttainmentQueries.push({ ...c.q });
          if (this.refuseSlaAttainment) throw this.refuseSlaAttainment;
          const split = (c.q.split ?? 'policy') as SlaAttainment['split'];
          const to = c.q.to === undefined ? Date.now() : Number(c.q.to);
          const from = c.q.from === undefined ? to - 30 * 86_400_000 : Number(c.q.from);
          return { from, to, split, timeZone: 'UTC', rows: this.slaAttainment[split] ?? [] };
        },
        'GET /conversations/{id}/sla': async (c) =>
          this.slaClocks.get(c.ref!) ?? { policy: null, clocks: [], now: Date.now() },
      } satisfies FakeRoutes);
    }
  };
}
