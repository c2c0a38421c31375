import {
  MacroInput,
  MacroPatch,
  RuleDryRunBody,
  RuleInput,
  RuleOrder,
  RulePatch,
  type Macro,
  type MacroRunResult,
  type Rule,
  type RuleDryRunResult,
  type RuleRun,
} from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

interface Issue {
  path: PropertyKey[];
  message: string;
}

/** A body read as the relay reads it: the protocol's schema, its first issue named by its path (400). */
function parse<T>(
  schema: { safeParse(body: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } },
  body: unknown,
): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length > 0 ? `body.${issue.path.map(String).join('.')}` : 'body';
  throw new AdminApiError('bad_request', `Invalid ${path}: ${issue.message}`, 400);
}

const noRuns = (): Rule['runs'] => ({ fired: 0, failed: 0, lastFiredAt: null, lastErrors: [] });

/** A stored rule, as the relay answers one. */
export function rule(id: string, name: string, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    name,
    enabled: true,
    position: 0,
    trigger: 'message.visitor',
    idleMinutes: null,
    match: 'all',
    conditions: [],
    actions: [{ type: 'add_labels', labels: ['vip'] }],
    createdAt: Date.now() - 86_400_000,
    updatedAt: Date.now() - 86_400_000,
    runs: noRuns(),
    ...overrides,
  };
}

export function macro(id: string, name: string, overrides: Partial<Macro> = {}): Macro {
  return {
    id,
    name,
    shared: true,
    ownerId: null,
    sender: 'agent',
    actions: [{ type: 'set_status', status: 'resolved' }],
    createdAt: Date.now() - 86_400_000,
    updatedAt: Date.now() - 86_400_000,
    ...overrides,
  };
}

/**
 * Rules and macros (`/rules`, `/macros`, a conversation's macro run) in the fake admin API. Every body is read with
 * the protocol's schemas, so a body the relay would refuse fails here the same way (400, the field named).
 */
export function withRules<B extends FakeBase>(Base: B) {
  return class extends Base {
    rulesValue: Rule[] = [];
    macrosValue: Macro[] = [];
    /** Each body written, parsed: `POST /rules`, `PATCH /rules/{id}`, `PUT /rules/order`, a dry run, macros. */
    ruleBodies: RuleInput[] = [];
    rulePatches: Array<{ id: string; patch: RulePatch }> = [];
    ruleOrders: string[][] = [];
    dryRuns: RuleDryRunBody[] = [];
    macroBodies: (MacroInput & { shared: boolean })[] = [];
    macroRuns: Array<{ conversationId: string; macroId: string }> = [];
    ruleRuns = new Map<string, RuleRun[]>();
    dryRunAnswer: RuleDryRunResult = { checked: 0, matches: [], actions: [] };
    macroRunAnswer: MacroRunResult = { results: [] };
    /** The relay's own refusal of the next rule written (a check the schema cannot make, such as an unknown team). */
    refuseRule: string | undefined;

    #adminOnly(): void {
      if (this.role === 'agent') throw new AdminApiError('forbidden', 'Admins only.', 403);
    }

    #macroCount = 1;

    /** Shared macros are written through `/macros` (admins), a member's own through `/me/macros`. */
    #createMacro(raw: unknown, shared: boolean): Macro {
      const body = parse(MacroInput, raw);
      if (shared) this.#adminOnly();
      // Recorded with the route it came by: `shared` is `/macros`, not `/me/macros`.
      this.macroBodies.push({ ...structuredClone(raw as MacroInput), shared });
      const created = macro(`mc_new${this.#macroCount++}`, body.name, {
        ...body,
        shared,
        ownerId: shared ? null : 'staff_1',
      });
      this.macrosValue.push(created);
      return structuredClone(created);
    }

    #macroOf(id: string | undefined, shared: boolean): Macro {
      const found = this.macrosValue.find((each) => each.id === id && each.shared === shared);
      if (!found) throw new AdminApiError('not_found', 'No such macro.', 404);
      if (shared) this.#adminOnly();
      return found;
    }

    #patchMacro(id: string | undefined, raw: unknown, shared: boolean): Macro {
      const patch = parse(MacroPatch, raw);
      const found = this.#macroOf(id, shared);
      Object.assign(found, patch);
      return structuredClone(found);
    }

    #deleteMacro(id: string | undefined, shared: boolean): undefined {
      const found = this.#macroOf(id, shared);
      this.macrosValue = this.macrosValue.filter((each) => each !== found);
      return undefined;
    }

    #rule(id: string | undefined): Rule {
      const found = this.rulesValue.find((each) => each.id === id);
      if (!found) throw new AdminApiError('not_found', 'No such rule.', 404);
      return found;
    }

    constructor(...args: any[]) {
      super(...args);
      let next = 1;
      Object.assign(this.routes, {
        'GET /rules': async () => ({ items: structuredClone(this.rulesValue) }),
        'POST /rules': async (c) => {
          this.#adminOnly();
          const body = parse(RuleInput, c.body);
          if (this.refuseRule) throw new AdminApiError('bad_request', this.refuseRule, 400);
          this.ruleBodies.push(structuredClone(c.body as RuleInput));
          const created = rule(`rl_new${next++}`, body.name, {
            ...body,
            idleMinutes: body.idleMinutes ?? null,
            position: this.rulesValue.length,
          });
          this.rulesValue.push(created);
          return structuredClone(created);
        },
        'PUT /rules/order': async (c) => {
          this.#adminOnly();
          const { ids } = parse(RuleOrder, c.body);
          const known = this.rulesValue.map((each) => each.id).sort();
          if (JSON.stringify([...ids].sort()) !== JSON.stringify(known))
            throw new AdminApiError('bad_request', 'Invalid body.ids: every rule’s id, once each.', 400);
          this.ruleOrders.push(ids);
          this.rulesValue = ids.map((id, position) => ({ ...this.#rule(id), position }));
          return { items: structuredClone(this.rulesValue) };
        },
        'POST /rules/dry-run': async (c) => {
          this.#adminOnly();
          this.dryRuns.push(parse(RuleDryRunBody, c.body));
          return structuredClone(this.dryRunAnswer);
        },
        'GET /rules/{id}/runs': async (c) => ({
          items: structuredClone(this.ruleRuns.get(this.#rule(c.ref).id) ?? []),
        }),
        'PATCH /rules/{id}': async (c) => {
          this.#adminOnly();
          const patch = parse(RulePatch, c.body);
          const found = this.#rule(c.ref);
          if (this.refuseRule) throw new AdminApiError('bad_request', this.refuseRule, 400);
          this.rulePatches.push({ id: found.id, patch: structuredClone(c.body as RulePatch) });
          Object.assign(found, patch, { updatedAt: Date.now() });
          return structuredClone(found);
        },
        'DELETE /rules/{id}': async (c) => {
          this.#adminOnly();
          const found = this.#rule(c.ref);
          this.rulesValue = this.rulesValue.filter((each) => each !== found);
          return undefined;
        },
        'GET /macros': async () => ({ items: structuredClone(this.macrosValue) }),
        'POST /macros': async (c) => this.#createMacro(c.body, true),
        'POST /me/macros': async (c) => this.#createMacro(c.body, false),
        'PATCH /macros/{id}': async (c) => this.#patchMacro(c.ref, c.body, true),
        'PATCH /me/macros/{id}': async (c) => this.#patchMacro(c.ref, c.body, false),
        'DELETE /macros/{id}': async (c) => this.#deleteMacro(c.ref, true),
        'DELETE /me/macros/{id}': async (c) => this.#deleteMacro(c.ref, false),
        'POST /conversations/{id}/macros/{macroId}/run': async (c) => {
          if (!this.macrosValue.some((each) => each.id === c.params[1]))
            throw new AdminApiError('not_found', 'No such macro.', 404);
          if (c.body !== undefined) throw new AdminApiError('bad_request', 'Invalid body: none expected.', 400);
          this.macroRuns.push({ conversationId: c.params[0]!, macroId: c.params[1]! });
          return structuredClone(this.macroRunAnswer);
        },
      } satisfies FakeRoutes);
    }
  };
}
