import {
  AI_FEATURES,
  type AiFeature,
  type AiFeatureBudgets,
  type AiOutcome,
  type AiSettings,
  type AiSettingsInput,
  type AiStatus,
  type AiUsage,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import type { Logger } from '../log.js';
import { SecretSealer } from '../store/secret-sealer.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { AiCallBuffer, type AiCallBufferOptions } from './ai-call-buffer.js';
import type { AiRepository, AiSiteRecord } from './ai-repository.js';
import type { AiAgent } from './agent/agent.js';
import { CircuitBreaker } from './providers/breaker.js';
import { callModel, DEFAULT_CALL_LIMITS, type CallLimits } from './providers/model-call.js';
import { checkBaseUrl } from './providers/provider-address.js';
import { ProviderError, type ModelAnswer, type ModelRequest, type ProviderTarget } from './providers/provider.js';

/** The relay's default provider (`PARLEY_AI_*`), when the operator set one. */
export interface AiDefault {
  readonly provider: ProviderTarget['provider'];
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
}

/** What {@link Ai} is made with. */
export interface AiOptions {
  readonly repository: AiRepository;
  /** 32 bytes, base64: seals the sites' keys at rest. */
  readonly dataKey: string;
  readonly log: Logger;
  readonly defaultProvider: AiDefault | undefined;
  /** `PARLEY_AI_ALLOW_PRIVATE`: model servers on loopback and private addresses may be reached. */
  readonly allowPrivate: boolean;
  /** The clock (tests); default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** When the calls' records are written (ai-call-buffer.ts); tests shorten or lengthen it. */
  readonly callBuffer?: AiCallBufferOptions | undefined;
}

/** Calls remembered per month in the usage's latest list. */
const RECENT_CALLS = 50;
/** Endpoints whose circuit breaker is kept (a relay of many sites, each its own provider): the oldest forgotten. */
const MAX_BREAKERS = 1000;

/** The first ms of the UTC month `month` (`YYYY-MM`) and of the next. */
export function monthRange(month: string): { from: number; to: number } {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(year, index - 1, 1), to: Date.UTC(year, index, 1) };
}

/** `YYYY-MM` of `at` (UTC). */
export const monthOf = (at: number): string => new Date(at).toISOString().slice(0, 7);

/** A call's wish, as a tool makes it. */
export interface AiCallRequest extends ModelRequest {
  readonly feature: AiFeature;
  /** The most characters kept of the answer (the provider is stopped there). */
  readonly maxChars: number;
  /** Each piece of text as it comes (streamed), before the tool restores placeholders. */
  readonly onText?: ((piece: string) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The AI feature's running part (`use('ai')`, docs/ai.md): each site's provider (its own, sealed, or the relay's
 * default), the calls through the endpoint's circuit breaker with the site's monthly budget checked first, and every
 * call recorded (no prompt, no answer), in batches off the call's path (ai-call-buffer.ts).
 */
export class Ai {
  readonly #repository: AiRepository;
  readonly #sealer: SecretSealer;
  readonly #log: Logger;
  readonly #default: AiDefault | undefined;
  readonly allowPrivate: boolean;
  readonly now: () => number;
  readonly #breakers = new Map<string, CircuitBreaker>();
  /** Aborted when the relay stops: calls in flight end at once instead of holding it for up to their timeout. */
  readonly #stopping = new AbortController();
  /** The calls' records, counted at once and written in batches. */
  readonly #calls: AiCallBuffer;
  /** The calls in flight: the stop waits for them to end (aborted) so that their records are written. */
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Timeouts, retries and bounds of every call; tests shorten them. */
  limits: CallLimits = DEFAULT_CALL_LIMITS;
  /** The breakers' threshold and cool-down; tests shorten them (new breakers take them). */
  breaker = { threshold: 5, cooldownMs: 30_000 };
  /** The AI agent that answers visitors (agent/agent.ts), made with the feature. */
  agent: AiAgent | undefined;

  constructor(options: AiOptions) {
    this.#repository = options.repository;
    // A purpose of its own: a provider key is never sealed under the key of another kind of secret.
    this.#sealer = new SecretSealer(options.dataKey, 'parley ai provider key v1');
    this.#log = options.log;
    this.#default = options.defaultProvider;
    this.allowPrivate = options.allowPrivate;
    this.now = options.now ?? Date.now;
    this.#calls = new AiCallBuffer((calls) => this.#repository.recordCalls(calls), {
      ...options.callBuffer,
      onError: (error, count) => this.#log.warn('ai calls not recorded', { count, error: String(error) }),
    });
  }

  /** The database its rows are in: what a tool reads of the site besides them (classify's labels). */
  get db(): SqlDb {
    return this.#repository.db;
  }

  /**
   * Ends the calls in flight (the relay stops): each answers `ai_unavailable`, and none starts after. Resolves once
   * they ended and every call's record is written.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await Promise.allSettled(this.#inFlight);
    await this.#calls.flush();
  }

  /** Writes the calls' records held in memory (the relay's close, after a late one; a test reading the table). */
  flush(): Promise<void> {
    return this.#calls.flush();
  }

  /** The site's setting as the inbox shows it (never the key). */
  async settings(siteId: string): Promise<AiSettings> {
    return this.#answer(await this.#repository.settings(siteId));
  }

  /** Whether the tools are on for the site, and which budgets are used up (every member may ask). */
  async status(siteId: string): Promise<AiStatus> {
    const record = await this.#repository.settings(siteId);
    const target = this.#target(record);
    if (!record?.enabled || !target) return { enabled: false, budgetExhausted: false, featuresExhausted: [] };
    const [budgetExhausted, ...spent] = await Promise.all([
      this.#exhausted(siteId, record.monthlyTokenBudget),
      ...AI_FEATURES.map((feature) => this.#exhausted(siteId, record.featureBudgets[feature] ?? null, feature)),
    ]);
    return { enabled: true, budgetExhausted, featuresExhausted: AI_FEATURES.filter((_, index) => spent[index]) };
  }

  /**
   * Saves the site's setting, checked first (throws `bad_request` naming the field): its own provider needs all of
   * `provider`, `baseUrl`, `model` (or one stored already), a base URL the relay may call; `inherit` needs the relay's
   * default. `apiKey` is sealed, kept when absent, removed when `null`.
   */
  async put(siteId: string, input: AiSettingsInput): Promise<AiSettings> {
    const before = await this.#repository.settings(siteId);
    // A save that names no provider of its own keeps inheriting (turning the tools on or off, changing the budget).
    const ownFields = input.provider ?? input.baseUrl ?? input.model ?? input.apiKey;
    const inherit = input.inherit ?? (ownFields === undefined && (before?.inherit ?? false));
    if (inherit) {
      for (const field of ['provider', 'baseUrl', 'model', 'apiKey'] as const)
        if (input[field] !== undefined)
          throw new ApiError('bad_request', `Invalid body.${field}: not with inherit (the relay’s default is used).`);
      if (!this.#default)
        throw new ApiError('bad_request', 'Invalid body.inherit: this relay has no default AI provider (PARLEY_AI_*).');
    }
    const provider = input.provider ?? before?.provider ?? null;
    const rawUrl = input.baseUrl ?? before?.baseUrl ?? null;
    const model = input.model ?? before?.model ?? null;
    let baseUrl = rawUrl;
    if (!inherit) {
      if (input.enabled || input.provider !== undefined || input.baseUrl !== undefined || input.model !== undefined)
        for (const [field, value] of [
          ['provider', provider],
          ['baseUrl', rawUrl],
          ['model', model],
        ] as const)
          if (value === null)
            throw new ApiError(
              'bad_request',
              `Invalid body.${field}: required for the site’s own provider (or give inherit: true).`,
            );
      if (rawUrl !== null && input.baseUrl !== undefined) {
        const checked = checkBaseUrl(rawUrl, this.allowPrivate);
        if ('error' in checked) throw new ApiError('bad_request', `Invalid body.baseUrl: ${checked.error}.`);
        baseUrl = checked.url;
      }
    }
    const apiKeySealed =
      input.apiKey === undefined
        ? (before?.apiKeySealed ?? null)
        : input.apiKey === null
          ? null
          : this.#sealer.seal(input.apiKey);
    const record: AiSiteRecord = {
      siteId,
      enabled: input.enabled,
      inherit,
      provider,
      baseUrl,
      model,
      apiKeySealed,
      monthlyTokenBudget:
        input.monthlyTokenBudget === undefined ? (before?.monthlyTokenBudget ?? null) : input.monthlyTokenBudget,
      featureBudgets:
        input.featureBudgets === undefined
          ? (before?.featureBudgets ?? {})
          : Object.fromEntries(Object.entries(input.featureBudgets).filter(([, budget]) => typeof budget === 'number')),
      updatedAt: this.now(),
    };
    await this.#repository.putSettings(record);
    return this.#answer(record);
  }

  /**
   * The month's usage (`YYYY-MM`, UTC): totals per feature beside its budget (every feature used or budgeted, in the
   * contract's order) and the latest calls.
   */
  async usage(siteId: string, month: string): Promise<AiUsage> {
    const { from, to } = monthRange(month);
    // The page reads the table: what is held in memory is written first, so the latest calls are in it.
    await this.#calls.flush();
    const record = await this.#repository.settings(siteId);
    const [totals, recent, usedTokens] = await Promise.all([
      this.#repository.featureUsage(siteId, from, to),
      this.#repository.recentCalls(siteId, from, to, RECENT_CALLS),
      this.#repository.usedTokens(siteId, from, to),
    ]);
    const budgets = record?.featureBudgets ?? {};
    const features = AI_FEATURES.flatMap((feature) => {
      const used = totals.find((total) => total.feature === feature);
      const budget = budgets[feature] ?? null;
      if (!used && budget === null) return [];
      return [{ feature, calls: 0, failures: 0, inputTokens: 0, outputTokens: 0, ...used, budget }];
    });
    return { month, monthlyTokenBudget: record?.monthlyTokenBudget ?? null, usedTokens, features, recent };
  }

  /**
   * Calls the site's provider: refused `ai_unavailable` when AI is off or unset for the site, `ai_budget_exhausted`
   * when the month's tokens reached its budget (the provider not called), `ai_unavailable` when the provider fails,
   * times out or its breaker is open. Every call is recorded, whatever its outcome.
   */
  complete(siteId: string, request: AiCallRequest): Promise<ModelAnswer> {
    const call = this.#complete(siteId, request);
    this.#inFlight.add(call);
    void call.then(
      () => this.#inFlight.delete(call),
      () => this.#inFlight.delete(call),
    );
    return call;
  }

  async #complete(siteId: string, request: AiCallRequest): Promise<ModelAnswer> {
    const target = await this.ready(siteId, request.feature);
    const started = this.now();
    // Stopped by the caller (an agent who closed the stream) or by the relay's stop, whichever comes first.
    const signal = request.signal ? AbortSignal.any([request.signal, this.#stopping.signal]) : this.#stopping.signal;
    try {
      const answer = await callModel(target, request, {
        allowPrivate: this.allowPrivate,
        limits: this.limits,
        // The tokens asked for bound the text too (a server that ignores max_tokens): 8 characters a token is generous.
        maxChars: Math.min(request.maxChars, request.maxTokens * 8),
        breaker: this.#breakerFor(target),
        onText: request.onText,
        signal,
      });
      this.#record(siteId, request.feature, target.model, answer.inputTokens, answer.outputTokens, started, 'ok');
      return answer;
    } catch (error) {
      const failure = error instanceof ProviderError ? error : undefined;
      const outcome: AiOutcome =
        failure?.failure === 'timeout' ? 'timeout' : failure?.failure === 'refused' ? 'refused' : 'failed';
      this.#record(siteId, request.feature, target.model, 0, 0, started, outcome);
      // The detail is the provider's error type and code, or the guard's: never a prompt, a key or an answer.
      this.#log.warn('ai call failed', {
        siteId,
        feature: request.feature,
        outcome,
        status: failure?.options.status,
        detail: failure?.options.detail ?? String(error),
      });
      throw new ApiError('ai_unavailable', `${failure?.message ?? 'The AI call failed.'} Nothing was changed.`);
    }
  }

  /**
   * The site's provider, when a call may go now: throws `ai_unavailable` when AI is off or unset for the site, and
   * `ai_budget_exhausted` (recorded as such) when the month's tokens reached the site's budget or the feature's own.
   * A streamed draft asks before it starts, so these are answered with their status, not inside a stream.
   */
  async ready(siteId: string, feature: AiFeature): Promise<ProviderTarget> {
    const { record, target } = await this.#on(siteId);
    const [site, own] = await Promise.all([
      this.#exhausted(siteId, record.monthlyTokenBudget),
      this.#exhausted(siteId, record.featureBudgets[feature] ?? null, feature),
    ]);
    if (site || own) {
      this.#record(siteId, feature, target.model, 0, 0, 0, 'budget');
      throw new ApiError('ai_budget_exhausted', undefined, { 'retry-after': String(this.#secondsToNextMonth()) });
    }
    return target;
  }

  /**
   * Throws `ai_unavailable` when AI is off or unset for the site: for what an AI tool does without calling the
   * provider (a summary the agent was shown, posted as a note), which costs no tokens.
   */
  async ensureOn(siteId: string): Promise<void> {
    await this.#on(siteId);
  }

  async #on(siteId: string): Promise<{ record: AiSiteRecord; target: ProviderTarget }> {
    const record = await this.#repository.settings(siteId);
    const target = this.#target(record);
    if (!record?.enabled || !target)
      throw new ApiError(
        'ai_unavailable',
        record && !record.enabled
          ? 'AI is turned off for this site (PUT /v1/admin/ai); nothing was changed.'
          : 'No AI provider is set for this site (PUT /v1/admin/ai); nothing was changed.',
      );
    return { record, target };
  }

  #answer(record: AiSiteRecord | undefined): AiSettings {
    const inherited = record?.inherit ?? false;
    const base = {
      enabled: record?.enabled ?? false,
      inherited,
      defaultAvailable: this.#default !== undefined,
      monthlyTokenBudget: record?.monthlyTokenBudget ?? null,
      featureBudgets: Object.fromEntries(
        AI_FEATURES.map((feature) => [feature, record?.featureBudgets[feature] ?? null]),
      ) as AiFeatureBudgets,
    };
    if (inherited && this.#default)
      return {
        ...base,
        // The operator's base URL is theirs to keep: a site's admin sees which protocol and model, not where.
        provider: this.#default.provider,
        baseUrl: null,
        model: this.#default.model,
        keySet: this.#default.apiKey !== undefined,
      };
    return {
      ...base,
      provider: record?.provider ?? null,
      baseUrl: record?.baseUrl ?? null,
      model: record?.model ?? null,
      keySet: (record?.apiKeySealed ?? null) !== null,
    };
  }

  #target(record: AiSiteRecord | undefined): ProviderTarget | undefined {
    if (record?.inherit) return this.#default;
    if (!record?.provider || !record.baseUrl || !record.model) return undefined;
    return {
      provider: record.provider,
      baseUrl: record.baseUrl,
      model: record.model,
      apiKey: record.apiKeySealed === null ? undefined : this.#sealer.open(record.apiKeySealed),
    };
  }

  /** Whether this month's tokens reached `budget`: the site's (all features), or `feature`'s own. */
  async #exhausted(siteId: string, budget: number | null, feature?: AiFeature): Promise<boolean> {
    if (budget === null) return false;
    const month = monthOf(this.now());
    const { from, to } = monthRange(month);
    // The table's rows and the records not yet written: a burst of calls counts at once.
    const used = await this.#calls.usedTokens(siteId, month, feature, () =>
      this.#repository.usedTokens(siteId, from, to, feature),
    );
    return used >= budget;
  }

  #secondsToNextMonth(): number {
    return Math.ceil((monthRange(monthOf(this.now())).to - this.now()) / 1000);
  }

  #breakerFor(target: ProviderTarget): CircuitBreaker {
    const key = `${target.provider} ${target.baseUrl}`;
    let breaker = this.#breakers.get(key);
    if (!breaker) {
      if (this.#breakers.size >= MAX_BREAKERS) this.#breakers.delete(this.#breakers.keys().next().value!);
      breaker = new CircuitBreaker({ ...this.breaker, now: this.now });
      this.#breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Adds the call's record to the buffer: counted toward the budgets now, written with the next batch. */
  #record(
    siteId: string,
    feature: AiFeature,
    model: string,
    inputTokens: number,
    outputTokens: number,
    started: number,
    outcome: AiOutcome,
  ): void {
    const at = this.now();
    this.#calls.add({
      siteId,
      at,
      feature,
      model,
      inputTokens,
      outputTokens,
      latencyMs: started === 0 ? 0 : Math.max(0, at - started),
      outcome,
    });
  }
}
