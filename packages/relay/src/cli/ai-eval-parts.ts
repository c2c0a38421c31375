/**
 * What `parley-relay ai eval` asks the AI agent with, made from the relay's stores without a running relay: the AI
 * feature's provider calls (`Ai`, the site's sealed key opened with the data key), the agent's setting, and the two
 * places the agent finds its sources — the help center's search and the automations' FAQ index — each read from the
 * database as the relay reads them. Imported once the command's arguments are read.
 */
import type { AiSettings } from '@parley/protocol/admin';
import { AgentRepository } from '../ai/agent/agent-repository.js';
import { AiAgent } from '../ai/agent/agent.js';
import { AiRepository } from '../ai/ai-repository.js';
import { Ai } from '../ai/ai.js';
import type { EvalAgent } from '../ai/eval/eval-ask.js';
import { readSettings } from '../automations/automation-settings.js';
import type { Automations } from '../automations/automations.js';
import { FaqAnswers } from '../automations/faq-answers.js';
import type { AdminFor } from '../admin/public.js';
import type { RelayConfig } from '../config.js';
import type { FeatureInstances, UseFeature } from '../features/feature-instances.js';
import { HelpCenter } from '../help-center/help-center.js';
import { HelpDomains } from '../help-center/help-domains.js';
import { HelpFeedback } from '../help-center/help-feedback.js';
import { HelpRepository } from '../help-center/help-repository.js';
import { createLogger } from '../log.js';
import type { SiteListing } from '../store/admin-store.js';
import { CliError, EXIT } from '../commands/command.js';
import { dataKeyOf, type OpenStores } from './open-stores.js';

/** The agent of one site, ready to be asked, and what to close after. */
export interface EvalParts {
  readonly agent: EvalAgent;
  /** The site's provider and model, as the inbox shows them (never the address of the relay's default, nor a key). */
  readonly settings: AiSettings;
  close(): Promise<void>;
}

/**
 * Makes the agent of `site`: refused (exit 69) when the site's AI is off or has no provider, or its month's budget is
 * used up, and (exit 78) when the relay's data key is unknown (the provider's key cannot be opened without it).
 */
export async function evalParts(stores: OpenStores, config: RelayConfig, site: SiteListing): Promise<EvalParts> {
  const dataKey = dataKeyOf(config);
  if (dataKey === undefined)
    throw new CliError(
      EXIT.config,
      'no data key: set PARLEY_DATA_KEY, or run the command on the data dir whose credentials.json holds it.',
    );
  const ai = new Ai({
    repository: new AiRepository(stores.db),
    dataKey,
    log: createLogger(config.logLevel),
    defaultProvider:
      config.aiProvider && config.aiBaseUrl && config.aiModel
        ? { provider: config.aiProvider, baseUrl: config.aiBaseUrl, model: config.aiModel, apiKey: config.aiApiKey }
        : undefined,
    allowPrivate: config.aiAllowPrivate,
  });
  const status = await ai.status(site.id);
  if (!status.enabled)
    throw new CliError(
      EXIT.unavailable,
      `AI is off or has no provider for the site "${site.id}": turn it on first (the inbox's AI settings, PUT /v1/admin/ai).`,
    );
  if (status.budgetExhausted)
    throw new CliError(EXIT.unavailable, `the site "${site.id}" has used its AI budget for this month: nothing asked.`);
  const settings = await ai.settings(site.id);
  // Read only: whether AI is on matters to saving the agent's setting, which the command never does.
  const agentSettings = await new AiAgent({ repository: new AgentRepository(stores.db), aiOn: async () => true }).read(
    site.id,
  );
  // The agent answers under its own name, else the automations' bot name, as for a visitor.
  const botName = readSettings((await stores.repos.automations.getAutomationSettings(site.id))?.settings).botName;
  const help = new HelpCenter({
    repository: new HelpRepository(stores.db),
    feedback: new HelpFeedback(stores.db, Date.now),
    domains: new HelpDomains(stores.db),
    siteByKey: (key) => stores.store.getSiteByKey(key),
    siteById: (id) => stores.store.getSite(id),
    accent: async () => undefined,
  });
  // The FAQ reads only its repository; the rest of the desk is the running relay's.
  const faq = new FaqAnswers({ repos: stores.repos } as unknown as AdminFor<'automations' | 'conversations' | 'faq'>);
  try {
    await faq.reload(site.id);
  } catch (error) {
    await help.close();
    throw error;
  }
  // The agent's retrieval asks for the help center and the automations' FAQ, and for nothing else of them.
  const parts: Partial<FeatureInstances> = { 'help-center': help, automations: { faq } as unknown as Automations };
  const use: UseFeature = (name) => parts[name];
  return {
    agent: {
      ai,
      use,
      site: { id: site.id, siteKey: site.siteKey, name: site.name },
      voice: { name: agentSettings.name ?? botName, tone: agentSettings.tone, avoid: agentSettings.avoid },
      origin: config.publicUrl === undefined ? `http://127.0.0.1:${config.port}` : new URL(config.publicUrl).origin,
    },
    settings,
    close: async () => {
      await ai.stop();
      await help.close();
    },
  };
}
