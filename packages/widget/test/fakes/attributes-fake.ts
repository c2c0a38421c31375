import type { AttributeDefinition, AttributeValue } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A definition for the fake, with what the relay would add. */
export function attribute(
  key: string,
  type: AttributeDefinition['type'],
  more: Partial<AttributeDefinition> = {},
): AttributeDefinition {
  return {
    id: `attr_${key}`,
    key,
    label: key[0]!.toUpperCase() + key.slice(1).replaceAll('_', ' '),
    type,
    scope: 'contact',
    description: null,
    options: [],
    position: 0,
    archived: false,
    createdAt: 1,
    updatedAt: 1,
    ...more,
  };
}

/**
 * Custom attributes (`/attributes`, `/{contacts|conversations}/{id}/attributes`) of the fake admin API: the
 * definitions, the values by `<scope>:<id>`, and what was asked.
 */
export function withAttributes<B extends FakeBase>(Base: B) {
  return class extends Base {
    attributeDefinitions: AttributeDefinition[] = [];
    /** Values by `<scope>:<id>`, then key. */
    attributeValues = new Map<string, Map<string, AttributeValue>>();
    attributeCalls: Array<[string, string, unknown]> = [];
    /** Set to make the next write of values fail with this refusal. */
    attributeRefusal: Error | undefined;

    constructor(...args: any[]) {
      super(...args);
      const valuesOf = (scope: string, id: string) => {
        const key = `${scope}:${id}`;
        let values = this.attributeValues.get(key);
        if (!values) this.attributeValues.set(key, (values = new Map()));
        return values;
      };
      const answer = (scope: 'contact' | 'conversation', id: string) => ({
        scope,
        id,
        items: this.attributeDefinitions
          .filter((each) => each.scope === scope && valuesOf(scope, id).has(each.key))
          .map((each) => valuesOf(scope, id).get(each.key)!),
      });
      const write = async (scope: 'contact' | 'conversation', id: string, body: unknown) => {
        this.attributeCalls.push(['PATCH', `${scope}:${id}`, body]);
        const refusal = this.attributeRefusal;
        this.attributeRefusal = undefined;
        if (refusal) throw refusal;
        for (const [key, value] of Object.entries((body as { values: Record<string, unknown> }).values)) {
          if (value === null) valuesOf(scope, id).delete(key);
          else
            valuesOf(scope, id).set(key, {
              key,
              value: value as string,
              verified: true,
              source: 'staff',
              updatedAt: Date.now(),
              updatedBy: 'Ada',
            });
        }
        return answer(scope, id);
      };
      Object.assign(this.routes, {
        'GET /attributes': async () => ({ items: structuredClone(this.attributeDefinitions) }),
        'POST /attributes': async (c) => {
          this.attributeCalls.push(['POST', '', c.body]);
          const body = c.body as AttributeDefinition;
          if (this.attributeDefinitions.some((each) => each.key === body.key && each.scope === body.scope))
            throw new AdminApiError(
              'conflict',
              `Invalid body.key: the site has a ${body.scope} attribute “${body.key}” already.`,
              409,
            );
          const made = attribute(body.key, body.type, {
            ...body,
            options: body.options ?? [],
            position: this.attributeDefinitions.filter((each) => each.scope === body.scope).length,
          });
          this.attributeDefinitions.push(made);
          return made;
        },
        'PATCH /attributes/{id}': async (c) => {
          this.attributeCalls.push(['PATCH', c.ref!, c.body]);
          const index = this.attributeDefinitions.findIndex((each) => each.id === c.ref);
          const changed = { ...this.attributeDefinitions[index]!, ...(c.body as object) };
          this.attributeDefinitions[index] = changed;
          return changed;
        },
        'DELETE /attributes/{id}': async (c) => {
          this.attributeCalls.push(['DELETE', c.ref!, undefined]);
          this.attributeDefinitions = this.attributeDefinitions.filter((each) => each.id !== c.ref);
          return undefined;
        },
        'GET /attributes/{id}/breakdown': async (c) => {
          this.attributeCalls.push(['GET', `${c.ref}/breakdown`, c.q]);
          const found = this.attributeDefinitions.find((each) => each.id === c.ref)!;
          const values = found.type === 'checkbox' ? [true, false] : found.options;
          return {
            attribute: found,
            range: { from: Number(c.q['from']), to: Number(c.q['to']) },
            items: values.map((value, index) => ({ value, count: (index + 1) * 3 })),
            unset: 2,
          };
        },
        'GET /conversations/{id}/attributes': async (c) => ({
          definitions: structuredClone(this.attributeDefinitions.filter((each) => !each.archived)),
          contact: answer('contact', `v_${c.ref}`),
          conversation: answer('conversation', c.ref!),
        }),
        'PATCH /conversations/{id}/attributes': async (c) => write('conversation', c.ref!, c.body),
        'PATCH /contacts/{id}/attributes': async (c) => write('contact', c.ref!, c.body),
      } satisfies FakeRoutes);
    }
  };
}
