import type { AiFeature, AiStatus } from '@parley/protocol/admin';
import type { AdminRequest } from '../area-api.js';
import { AiApi } from './ai-api.js';

/**
 * Whether the AI tools are on, asked once per site (`GET /v1/admin/ai/status`) and kept for the page's life: every
 * tool of the inbox (the composer's, the summary, each visitor message's Translate) asks it, and only the first asks
 * the relay. A failed answer is not kept (the next tool asks again), and counts as off.
 */
const asked = new Map<string, Promise<AiStatus>>();

const OFF: AiStatus = { enabled: false, budgetExhausted: false, featuresExhausted: [] };

export function aiStatus(site: string, api: AdminRequest): Promise<AiStatus> {
  let status = asked.get(site);
  if (!status) {
    status = new AiApi(api).status().catch(() => {
      asked.delete(site);
      return OFF;
    });
    asked.set(site, status);
  }
  return status;
}

const listeners = new Set<() => void>();

/** Calls `listener` when what was asked is forgotten (the tools shown ask again); returns the unsubscribe. */
export function watchAiStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets what was asked of `site` (its settings were saved): the tools shown ask again, once. */
export function forgetAiStatus(site: string): void {
  asked.delete(site);
  for (const listener of listeners) listener();
}

/**
 * Marks `feature` spent on `site` (a call was refused `ai_budget_exhausted`: the site's budget or the feature's own,
 * the refusal does not say which), for the tools shown after; the others may still go.
 */
export function budgetExhausted(site: string, feature: AiFeature): void {
  const status = asked.get(site);
  if (status)
    asked.set(
      site,
      status.then((known) => ({ ...known, featuresExhausted: [...new Set([...known.featuresExhausted, feature])] })),
    );
}
