import * as z from 'zod/mini';
import { AI_PROVIDERS, MAX_AI_BASE_URL, MAX_AI_KEY, MAX_AI_MODEL } from '@parley/protocol/admin';
import { ConfigError, configSection } from '../features/config-section.js';

/**
 * The AI feature's configuration (docs/ai.md): the relay's default provider, which a site without its own inherits,
 * and whether model servers on loopback and private addresses may be reached.
 */
export const aiConfig = configSection(
  {
    /** The default provider's protocol: `openai` (any OpenAI-compatible endpoint) or `anthropic`. */
    aiProvider: { env: 'PARLEY_AI_PROVIDER', kind: 'string', schema: z.optional(z.enum(AI_PROVIDERS)) },
    /** The default provider's base URL (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` for Ollama). */
    aiBaseUrl: {
      env: 'PARLEY_AI_BASE_URL',
      kind: 'string',
      schema: z.optional(z.url().check(z.maxLength(MAX_AI_BASE_URL))),
    },
    /** The default provider's model (`gpt-4o-mini`, `claude-3-5-haiku-latest`, `llama3.2`). */
    aiModel: {
      env: 'PARLEY_AI_MODEL',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_AI_MODEL))),
    },
    /** The default provider's key (never logged, never answered). Optional: a local server may take none. */
    aiApiKey: {
      env: 'PARLEY_AI_API_KEY',
      kind: 'string',
      schema: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_AI_KEY))),
    },
    /**
     * Reach model servers at loopback and private addresses (Ollama, llama.cpp, vLLM on the operator's own machine or
     * network), over `http:` too. Without it providers are reached only at public addresses, over `https:`, checked
     * after DNS resolution on the address connected to: a site's admin chooses the base URL, the relay connects.
     */
    aiAllowPrivate: { env: 'PARLEY_AI_ALLOW_PRIVATE', kind: 'bool', schema: z._default(z.boolean(), false) },
  },
  (values) => {
    const given = [values.aiProvider, values.aiBaseUrl, values.aiModel].filter((value) => value !== undefined);
    if (given.length > 0 && given.length < 3)
      throw new ConfigError(
        'PARLEY_AI_PROVIDER, PARLEY_AI_BASE_URL and PARLEY_AI_MODEL go together: set all three for a default provider, or none.',
      );
    if (values.aiApiKey !== undefined && given.length === 0)
      throw new ConfigError('PARLEY_AI_API_KEY needs PARLEY_AI_PROVIDER, PARLEY_AI_BASE_URL and PARLEY_AI_MODEL.');
  },
);
