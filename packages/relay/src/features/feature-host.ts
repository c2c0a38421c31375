import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { ChatCore } from '../core/chat-core.js';
import { served, type ServedRoute } from './admin-routes/route-permission.js';
import { withContributedQuery } from './admin-routes/route-query.js';
import type { Logger } from '../log.js';
import { MessageTap } from '../message-log/message-tap.js';
import type { ErasurePlan } from '../store/erasure-plan.js';
import type { ConfigKeys } from './config-section.js';
import type { Desk } from './desk.js';
import { checkFeatureList, contributionsTo, requirementProblems, type ExtensionPoint } from './extension-point.js';
import type { AnyFeature, FeatureContext, FeatureParts, SocketFrameHandler } from './feature.js';
import type { FeatureInstances, FeatureName, UseFeature } from './feature-instances.js';

/** The store's erasure plan: every feature's tables, in the order of the list. */
export function erasurePlan(features: readonly AnyFeature[]): ErasurePlan {
  return {
    conversations: features.flatMap((feature) => feature.erasure?.conversations ?? []),
    contacts: features.flatMap((feature) => feature.erasure?.contacts ?? []),
    expired: features.flatMap((feature) => (feature.erasure?.expired ? [feature.erasure.expired] : [])),
  };
}

/**
 * What a feature list lacks that its features require (each one's `requires`), in words naming both features;
 * undefined when nothing is missing.
 */
export function missingRequirements(features: readonly AnyFeature[]): string | undefined {
  const missing = requirementProblems(features);
  return missing.length > 0 ? `${missing.join('; ')}.` : undefined;
}

/**
 * The admin API's routes: every feature's, in the order of the list, each with the query parameters the features of
 * `all` (the relay's list; default `features`) contribute to its `queryPoint`.
 */
export function adminRoutesOf(features: readonly AnyFeature[], all: readonly AnyFeature[] = features): ServedRoute[] {
  return features.flatMap((feature) =>
    (feature.adminRoutes ?? []).map((route) =>
      served(
        withContributedQuery(route, route.queryPoint ? contributionsTo(all, route.queryPoint.point) : []),
        feature.permission,
      ),
    ),
  );
}

/**
 * Runs the features of one relay, in the order of their list: makes them, attaches their hooks and outbox
 * handlers, registers their HTTP routes, starts them, and stops them in reverse order. Like a service manager, it
 * knows nothing of any one feature.
 */
export class FeatureHost {
  readonly #features: readonly AnyFeature[];
  readonly #parts: { readonly name: string; readonly parts: FeatureParts }[] = [];
  /** Running parts by feature name: `use` is asked on request and message paths (`emailEnabled`…). */
  readonly #instances = new Map<string, unknown>();
  readonly #log: Logger;
  /** Set by {@link stop}: a preload not begun yet is not begun. */
  #stopping = false;

  /**
   * Refuses a list whose features cannot run together (`checkFeatureList`: two of one name, a required feature
   * absent, a contribution to a point that is not there), naming them.
   */
  constructor(features: readonly AnyFeature[], log: Logger) {
    checkFeatureList(features);
    this.#features = features;
    this.#log = log;
  }

  /** Another feature's running part, by name (see {@link UseFeature}). */
  readonly use: UseFeature = <Name extends FeatureName>(name: Name) =>
    this.#instances.get(name) as FeatureInstances[Name] | undefined;

  /** Every item the features contribute to `point`, in the order of the list. */
  readonly contributions = <Item>(point: ExtensionPoint<Item>): readonly Item[] =>
    contributionsTo(this.#features, point);

  /** Every feature's admin routes. */
  get adminRoutes(): ServedRoute[] {
    return adminRoutesOf(this.#features);
  }

  /** Makes each feature's running part, in order, with a context of its own. */
  async create(context: Omit<FeatureContext<ConfigKeys>, 'use' | 'contributions'>): Promise<void> {
    for (const feature of this.#features) {
      if (!feature.create) continue;
      const parts = await feature.create({ ...context, use: this.use, contributions: this.contributions });
      this.#parts.push({ name: feature.name, parts });
      if (parts.instance !== undefined) this.#instances.set(feature.name, parts.instance);
    }
  }

  /**
   * Attaches chat and desk hooks and conversation filters, registers outbox handlers and has the message log's readers nudged after each
   * stored message, in list order. The readers take the messages this relay stores from one tap of its store.
   */
  attach(core: ChatCore, admin: Desk): void {
    const consumers = this.#parts.flatMap(({ parts }) => parts.logConsumers ?? []);
    if (consumers.length > 0) {
      const tap = new MessageTap(core.store.messageIdsAfter?.bind(core.store));
      core.store.setCommittedListener(tap);
      for (const consumer of consumers) consumer.useTap(tap);
    }
    for (const { name, parts } of this.#parts) {
      if (parts.contactExport) admin.contactExports.set(name, parts.contactExport.bind(parts));
      if (parts.contactReach) admin.contactReaches.push(parts.contactReach.bind(parts));
      if (parts.hooks) core.use(parts.hooks);
      if (parts.desk) admin.events.use(parts.desk);
      for (const filter of parts.conversationFilters ?? []) admin.conversationFilters.add(filter);
      if (parts.conversationSearch) admin.conversationFilters.addSearch(parts.conversationSearch);
      for (const handler of parts.handlers ?? []) admin.outbox.register(handler);
      for (const consumer of parts.logConsumers ?? []) core.onMessageStored(() => consumer.nudge());
    }
  }

  /** Before the relay listens: each feature, then its readers of the message log. */
  async start(): Promise<void> {
    for (const { parts } of this.#parts) {
      await parts.start?.();
      for (const consumer of parts.logConsumers ?? []) consumer.start();
    }
  }

  /** Registers the features' own HTTP routes. */
  http(app: TemplatedApp): void {
    for (const { parts } of this.#parts) parts.http?.(app);
  }

  /** The first feature's handler of `/` for this `Host` (see {@link FeatureParts.rootFor}), if any. */
  rootFor(host: string): ((res: HttpResponse, req: HttpRequest) => void) | undefined {
    for (const { parts } of this.#parts) {
      const handler = parts.rootFor?.(host);
      if (handler) return handler;
    }
    return undefined;
  }

  /** Every feature's handlers of the chat socket's frames (see {@link FeatureParts.frames}), in the order of the list. */
  get frames(): SocketFrameHandler[] {
    return this.#parts.flatMap(({ parts }) => parts.frames ?? []);
  }

  /**
   * What a site's loader (`/widget.js?site=…`) sets where its embed code sets nothing: every feature's
   * {@link FeatureParts.loaderDefaults}, the first to name an attribute winning.
   */
  async loaderDefaults(siteId: string): Promise<Readonly<Record<string, string>>> {
    const defaults: Record<string, string> = {};
    for (const { parts } of this.#parts) {
      const more = await parts.loaderDefaults?.(siteId);
      for (const [name, value] of Object.entries(more ?? {})) defaults[name] ??= value;
    }
    return defaults;
  }

  /** Once the relay listens; then each feature's {@link FeatureParts.preload}, in the background (see below). */
  async listening(): Promise<void> {
    for (const { parts } of this.#parts) await parts.listening?.();
    void this.#preload();
  }

  /**
   * Each feature's {@link FeatureParts.preload}, in the order of the list, one at a time and a turn of the event
   * loop apart, begun as soon as the relay listens. Evaluating a library's modules holds the loop (15–130 ms each);
   * begun together, they were evaluated in one turn (166–236 ms on an idle machine, longer amid a restart's
   * reconnections). uWS accepts nothing during a turn: its accept queue (512) overflowed, and each connection it
   * dropped waited a second or more for TCP to try again. One at a time, uWS accepts between them.
   */
  async #preload(): Promise<void> {
    for (const { name, parts } of this.#parts) {
      if (!parts.preload) continue;
      await nextTurn();
      if (this.#stopping) return;
      try {
        await parts.preload();
      } catch (error) {
        this.#log.warn('feature could not load what it needs; what needs it will fail', {
          feature: name,
          error: String(error),
        });
      }
    }
  }

  /**
   * Take no more work, in reverse order: each feature, then its readers of the message log (which wait for a batch
   * under way). A feature that fails to stop does not keep the others running.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const { name, parts } of [...this.#parts].reverse())
      await Promise.resolve()
        .then(() => parts.stop?.())
        .then(() => Promise.all((parts.logConsumers ?? []).map((consumer) => consumer.stop())))
        .catch((error: unknown) =>
          this.#log.warn('feature did not stop cleanly', { feature: name, error: String(error) }),
        );
  }

  /** Release what they hold, in reverse order. */
  async close(): Promise<void> {
    for (const { name, parts } of [...this.#parts].reverse())
      await Promise.resolve()
        .then(() => parts.close?.())
        .catch((error: unknown) =>
          this.#log.warn('feature did not close cleanly', { feature: name, error: String(error) }),
        );
  }
}
