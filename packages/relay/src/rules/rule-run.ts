import type { LookupFunction } from 'node:net';
import type { RuleAction } from '@parley/protocol/admin';
import type { AdminServices } from '../admin/public.js';
import type { ChangeCause } from '../admin/public.js';
import type { UseFeature } from '../features/feature-instances.js';

/** What running rules' and macros' actions is given (the types the runner and the actions' kinds share). */

/** What running actions needs from the relay. */
export interface ActionHost {
  readonly admin: AdminServices;
  readonly use: UseFeature;
  /** Signs the webhook action's requests (one key per site, derived from the relay's secret: see {@link siteSigningKey}). */
  readonly relaySecret: string;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: the webhook action may reach private addresses. */
  readonly allowPrivate: boolean;
  readonly lookup?: LookupFunction | undefined;
  readonly now: () => number;
}

/** Who runs the actions: a rule (by itself) or a member running a macro. */
export interface ActionRun {
  readonly cause: ChangeCause;
  /**
   * The member the run's messages and notes are from (a macro whose sender is `agent`): stored as theirs, as if they
   * had typed them. Absent: the site's bot (rules, and macros that send as the bot).
   */
  readonly author?: { readonly id: string; readonly name: string } | undefined;
  /**
   * What names the messages and calls the run makes, stable across attempts (`ru_<job id>`): message `n` is stored
   * under the client id `<id>-<n>`, so an attempt made again stores nothing twice; the webhook carries it.
   */
  readonly id: string;
  /** What the webhook action tells the receiver the run was (the rule or macro, the event). */
  readonly event: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal | undefined;
  /** False: an action that fails for now is reported as failed (a macro, run while a member waits). Default true. */
  readonly retries?: boolean | undefined;
  /** The first action to run: the ones before it were done by an earlier attempt. Default 0. */
  readonly from?: number | undefined;
  /** Told after each step, with the index of the next action: an attempt made again starts there. */
  readonly progress?: ((next: number) => Promise<void>) | undefined;
}

/** An action that failed for now (a receiver down): the run stops, and its job tries again from that action. */
export class ActionRetry extends Error {}

/** One action's outcome. */
export interface ActionResult {
  readonly action: RuleAction['type'];
  readonly ok: boolean;
  readonly detail: string;
}
