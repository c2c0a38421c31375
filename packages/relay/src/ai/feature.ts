import { createSecureContext } from 'node:tls';
import { defineFeature } from '../features/feature.js';
import { ruleActions } from '../rules/public.js';
import { aiConfig } from './ai-config.js';
import { AI_MIGRATIONS } from './ai-migrations.js';
import { AiRepository } from './ai-repository.js';
import { aiRoutes } from './ai-routes.js';
import { Ai } from './ai.js';
import { languageName } from './ai-prompts.js';
import { classifyRuleAction } from './classify/classify-rule-action.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    ai: Ai;
  }
}

/**
 * AI on any model (docs/ai.md, issue #83): each site's provider (or the relay's default), the agents' writing tools
 * (draft, rewrite, summary, translate), the rules' classification, with nothing sensitive in a prompt, a monthly token budget and every call
 * recorded. Its rows name no conversation or contact (no prompt, no answer is kept): nothing of it is erased with
 * them, and its calls are kept as the audit log is.
 */
export const aiFeature = defineFeature({
  name: 'ai',
  config: aiConfig,
  migrations: AI_MIGRATIONS,
  adminRoutes: aiRoutes,
  // The setting and the usage; the status and the tools say theirs.
  permission: 'settings.manage',
  apiTag: {
    name: 'ai',
    description:
      'AI on any model (docs/ai.md): the site’s provider, its usage and budget, and the agents’ writing tools (draft, rewrite, summary, translate).',
  },
  // Rules and macros may classify a conversation with the site's model (classify/, docs/ai.md “Classify”).
  contributes: [ruleActions.with(classifyRuleAction)],
  create: ({ db, config, dataKey, log, options }) => {
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
    return {
      instance: ai,
      stop: () => ai.stop(),
      // The first call would otherwise pay on the event loop for what is made once: the names of languages (ICU's
      // data), and the default TLS context with the system's root certificates (parsed on first use).
      preload: async () => {
        languageName('de');
        createSecureContext();
      },
    };
  },
});
