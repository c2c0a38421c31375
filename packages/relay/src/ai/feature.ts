import { createSecureContext } from 'node:tls';
import { defineFeature } from '../features/feature.js';
import { ruleActions } from '../rules/public.js';
import { aiConfig } from './ai-config.js';
import { AI_MIGRATIONS } from './ai-migrations.js';
import { AiRepository } from './ai-repository.js';
import { aiRoutes } from './ai-routes.js';
import { Ai } from './ai.js';
import { languageName } from './ai-prompts.js';
import { visitorAnswerers } from '../automations/public.js';
import { AiAgent } from './agent/agent.js';
import { agentAnswerer } from './agent/agent-answerer.js';
import { agentHandlers } from './agent/agent-replies.js';
import { AgentRepository } from './agent/agent-repository.js';
import { agentRoutes } from './agent/agent-routes.js';
import { classifyRuleAction } from './classify/classify-rule-action.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    ai: Ai;
  }
}

/**
 * AI on any model (docs/ai.md, issue #83): each site's provider (or the relay's default), the agents' writing tools
 * (draft, rewrite, summary, translate) and the rules' classification (classify/), with nothing sensitive in a prompt,
 * a monthly token budget and every call recorded, and the AI agent that answers visitors from the site's published
 * articles and FAQ (agent/). Its rows name no conversation or contact (no prompt, no answer is kept): nothing of it is
 * erased with them, and its calls are kept as the audit log is.
 */
export const aiFeature = defineFeature({
  name: 'ai',
  config: aiConfig,
  migrations: AI_MIGRATIONS,
  adminRoutes: [...aiRoutes, ...agentRoutes],
  // The AI agent answers visitors where the automations' FAQ has no direct answer; rules and macros may classify a
  // conversation with the site's model (classify/, docs/ai.md “Classify”).
  contributes: [visitorAnswerers.with(agentAnswerer), ruleActions.with(classifyRuleAction)],
  // The setting and the usage; the status and the tools say theirs.
  permission: 'settings.manage',
  apiTag: {
    name: 'ai',
    description:
      'AI on any model (docs/ai.md): the site’s provider, its usage and budget, and the agents’ writing tools (draft, rewrite, summary, translate).',
  },
  create: ({ db, config, dataKey, log, options, core, admin, use, publicOrigin }) => {
    const ai = new Ai({
      repository: new AiRepository(db),
      dataKey,
      log,
      defaultProvider:
        config.aiProvider && config.aiBaseUrl && config.aiModel
          ? { provider: config.aiProvider, baseUrl: config.aiBaseUrl, model: config.aiModel, apiKey: config.aiApiKey }
          : undefined,
      allowPrivate: config.aiAllowPrivate,
      now: options.clock,
    });
    const agent = new AiAgent({
      repository: new AgentRepository(db),
      aiOn: async (siteId) => (await ai.status(siteId)).enabled,
      now: options.clock,
    });
    ai.agent = agent;
    return {
      instance: ai,
      handlers: agentHandlers({ agent, ai, core, admin, use, origin: () => publicOrigin.href }),
      start: () => agent.start(),
      // The calls in flight end, and every call's record is written; a record made after (a job ending late) is
      // written on close, before the database is.
      stop: async () => {
        agent.stop();
        await ai.stop();
      },
      close: () => ai.flush(),
      // The first call would otherwise pay on the event loop for what is made once: the names of languages (ICU's
      // data), and the default TLS context with the system's root certificates (parsed on first use).
      preload: async () => {
        languageName('de');
        createSecureContext();
      },
    };
  },
});
