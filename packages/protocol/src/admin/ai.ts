import * as z from 'zod/mini';
import { doc } from './document.js';

/**
 * AI on any model (issue #83): one provider setting per site (or the relay's default), reaching hosted and local
 * models alike, and the agents' writing tools built on it. docs/ai.md says what is sent, to whom, and how to keep it
 * on one's own machine.
 */

/**
 * The two protocols a provider speaks: `openai` is any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure
 * OpenAI, Mistral, Groq, DeepSeek, vLLM, llama.cpp's server, Ollama, LM Studio); `anthropic` is Anthropic's Messages
 * API.
 */
export const AI_PROVIDERS = ['openai', 'anthropic'] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

/** What a call was made for: each feature is counted (and may be budgeted) on its own. */
export const AI_FEATURES = ['draft', 'rewrite', 'summary', 'translate', 'agent', 'classify'] as const;
export type AiFeature = (typeof AI_FEATURES)[number];

/** How a call ended. */
export const AI_OUTCOMES = ['ok', 'failed', 'timeout', 'refused', 'budget'] as const;
export type AiOutcome = (typeof AI_OUTCOMES)[number];

/** The rewrites the composer offers; `translate` needs a `language`. */
export const AI_REWRITE_STYLES = ['fix', 'friendlier', 'formal', 'shorter', 'longer', 'translate'] as const;
export type AiRewriteStyle = (typeof AI_REWRITE_STYLES)[number];

/** The longest text the writing tools take or give (characters): a message's limit, with room. */
export const MAX_AI_TEXT = 8_000;
/** The longest base URL, model name and key (characters). */
export const MAX_AI_BASE_URL = 2_048;
export const MAX_AI_MODEL = 200;
export const MAX_AI_KEY = 4_096;

/** A BCP 47 language tag, as the visitor's and the agent's languages are kept (`de`, `pt-BR`). */
const Language = z
  .string()
  .check(
    z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/),
    doc({ description: 'A BCP 47 language tag (`de`, `pt-BR`).' }),
  );

/** The most tokens a budget may be (the site's or a feature's). */
const MAX_BUDGET = 1_000_000_000_000;

/** A feature's monthly budget as given: tokens (in and out) a calendar month (UTC), or `null` for no limit. */
const FeatureBudget = z.optional(z.nullable(z.int().check(z.gte(1), z.lte(MAX_BUDGET))));

/** A feature's monthly budget as answered; `null`: no limit of its own (the site's still applies). */
const FeatureBudgetSet = z.nullable(z.int());

/**
 * Each feature's own monthly budget, checked beside the site's (whichever is reached first refuses). Only
 * {@link AI_FEATURES} are keys: another is refused, named.
 */
export const AiFeatureBudgetsInput = z.strictObject({
  draft: FeatureBudget,
  rewrite: FeatureBudget,
  summary: FeatureBudget,
  translate: FeatureBudget,
  agent: FeatureBudget,
  classify: FeatureBudget,
});

/** Every feature's own monthly budget (`null`: none). */
export const AiFeatureBudgets = z.object({
  draft: FeatureBudgetSet,
  rewrite: FeatureBudgetSet,
  summary: FeatureBudgetSet,
  translate: FeatureBudgetSet,
  agent: FeatureBudgetSet,
  classify: FeatureBudgetSet,
});

const AiText = z.string().check(z.minLength(1), z.maxLength(MAX_AI_TEXT));

/** `GET /v1/admin/ai`: the site's provider as the inbox shows it. The key itself is never answered. */
export const AiSettings = z.object({
  enabled: z.boolean().check(doc({ description: 'Whether the site’s staff may use the AI tools.' })),
  /**
   * `true` while the site uses the relay's default provider (the operator's `PARLEY_AI_*` settings), whose URL and
   * key a site's admin never sees: `provider`, `baseUrl` and `model` are then the default's, `keySet` whether it has one.
   */
  inherited: z.boolean(),
  /** Whether the relay has a default provider a site may inherit. */
  defaultAvailable: z.boolean(),
  provider: z.nullable(z.enum(AI_PROVIDERS)),
  baseUrl: z.nullable(z.string()),
  model: z.nullable(z.string()),
  keySet: z.boolean().check(doc({ description: 'Whether a key is stored (it is never answered).' })),
  monthlyTokenBudget: z.nullable(
    z
      .int()
      .check(doc({ description: 'Tokens (in and out) the site may use a calendar month (UTC); `null`: no limit.' })),
  ),
  featureBudgets: AiFeatureBudgets,
});

/**
 * `GET /v1/admin/ai/status`, for every member of the site: whether the AI tools are on for it (a provider set or
 * inherited, and `enabled`), whether the site's monthly budget is used up, and which features used up their own.
 * The inbox shows the tools by it.
 */
export const AiStatus = z.object({
  enabled: z.boolean(),
  budgetExhausted: z.boolean().check(doc({ description: 'The site’s monthly budget is used up.' })),
  featuresExhausted: z
    .array(z.enum(AI_FEATURES))
    .check(doc({ description: 'The features whose own monthly budget is used up.' })),
});

/**
 * `PUT /v1/admin/ai`: the site's own provider (all of `provider`, `baseUrl`, `model`), or `inherit: true` for the
 * relay's default. `apiKey` is written only when given (`null` removes it). `featureBudgets`, when given, replaces
 * the features' budgets as a whole (a feature left out has none). Checked before it is stored: the base
 * URL must be `https` (or `http` to a private or loopback address the operator allowed, `PARLEY_AI_ALLOW_PRIVATE`).
 */
export const AiSettingsInput = z
  .strictObject({
    enabled: z.boolean(),
    inherit: z.optional(z.boolean()),
    provider: z.optional(z.enum(AI_PROVIDERS)),
    baseUrl: z.optional(z.url().check(z.maxLength(MAX_AI_BASE_URL))),
    model: z.optional(z.string().check(z.minLength(1), z.maxLength(MAX_AI_MODEL))),
    apiKey: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(MAX_AI_KEY)))),
    monthlyTokenBudget: z.optional(z.nullable(z.int().check(z.gte(1), z.lte(MAX_BUDGET)))),
    featureBudgets: z.optional(AiFeatureBudgetsInput),
  })
  .check(
    doc({
      example: {
        enabled: true,
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
        apiKey: 'sk-example',
        monthlyTokenBudget: 2_000_000,
        featureBudgets: { agent: 1_500_000, translate: 100_000 },
      },
    }),
  );

/** One call to the provider, as the usage page lists it. No prompt or answer is kept. */
export const AiCall = z.object({
  at: z.int(),
  feature: z.enum(AI_FEATURES),
  model: z.string(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  latencyMs: z.int(),
  outcome: z.enum(AI_OUTCOMES),
});

/** A feature's total for the month, beside its own budget. */
export const AiFeatureUsage = z.object({
  feature: z.enum(AI_FEATURES),
  calls: z.int(),
  failures: z.int(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  budget: z.nullable(z.int()).check(doc({ description: 'The feature’s own monthly budget; `null`: none.' })),
});

/** `GET /v1/admin/ai/usage?month=YYYY-MM` (this month by default): the month's totals and its latest calls. */
export const AiUsage = z.object({
  month: z.string().check(doc({ description: '`YYYY-MM`, UTC.' })),
  monthlyTokenBudget: z.nullable(z.int()),
  usedTokens: z.int().check(doc({ description: 'Tokens in and out this month, from the provider’s usage figures.' })),
  features: z
    .array(AiFeatureUsage)
    .check(doc({ description: 'Every feature used this month or with a budget of its own, in `AI_FEATURES` order.' })),
  recent: z.array(AiCall).check(doc({ description: 'The month’s latest 50 calls, newest first.' })),
});

/** An article or FAQ entry an answer was drafted from, shown as a link under it. */
export const AiSource = z.object({
  kind: z.enum(['article', 'faq']),
  title: z.string(),
  url: z.nullable(z.string().check(doc({ description: 'The article’s public address; `null` for a FAQ entry.' }))),
});

/**
 * `POST /v1/admin/conversations/{id}/ai/draft`: a reply drafted from the conversation, the site's help-center
 * articles and FAQ (found with the help center's own search) and its saved replies. It is never sent: the inbox puts
 * it in the composer. With `Accept: text/event-stream` the answer is a stream of `delta` events (`{ "text": … }`),
 * then one `done` event carrying {@link AiDraft}, or an `error` event (`{ "code": …, "message": … }`).
 */
export const AiDraftInput = z
  .strictObject({
    instruction: z.optional(
      z.string().check(z.maxLength(500), doc({ description: 'What the agent wants said (“offer a refund”).' })),
    ),
  })
  .check(doc({ example: { instruction: 'Offer to reset the password.' } }));

export const AiDraft = z.object({ text: z.string(), sources: z.array(AiSource) });

/**
 * `POST /v1/admin/ai/rewrite`: the composer's text rewritten in a style, or translated into `language`
 * (`style: "translate"`; for the visitor's language give `conversationId` and no `language`).
 */
export const AiRewriteInput = z
  .strictObject({
    text: AiText,
    style: z.enum(AI_REWRITE_STYLES),
    language: z.optional(Language),
    conversationId: z.optional(z.string().check(z.maxLength(100))),
  })
  .check(doc({ example: { text: 'we cant do that sorry', style: 'friendlier' } }));

export const AiRewrite = z.object({
  text: z.string(),
  language: z.nullable(z.string().check(doc({ description: 'The language translated into (`translate`).' }))),
});

/**
 * `POST /v1/admin/conversations/{id}/ai/summary`: a summary of the conversation; with `note: true` it is also
 * posted as a private note. With `note: true` and `text` (a summary the agent was shown), that text is posted as it
 * is, without asking the provider again: the note is what the agent read.
 */
export const AiSummaryInput = z
  .strictObject({
    note: z.optional(z.boolean()),
    text: z.optional(
      z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(MAX_AI_TEXT),
          doc({ description: 'The summary shown, to post as the note (with `note: true`).' }),
        ),
    ),
  })
  .check(doc({ example: { note: true } }));

export const AiSummary = z.object({
  text: z.string(),
  noteId: z.nullable(z.string().check(doc({ description: 'The private note’s message id (`note: true`).' }))),
});

/**
 * `POST /v1/admin/conversations/{id}/ai/translate`: visitor messages of the conversation translated into the
 * agent's language (or `language`); the originals are kept as they are.
 */
export const AiTranslateInput = z
  .strictObject({
    messageIds: z.array(z.string().check(z.maxLength(100))).check(z.minLength(1), z.maxLength(50)),
    language: z.optional(Language),
  })
  .check(doc({ example: { messageIds: ['01J9ZQ4V6Y8E3R5T7W9A1C3E5G'], language: 'en' } }));

export const AiTranslation = z.object({ messageId: z.string(), text: z.string() });
export const AiTranslate = z.object({ language: z.string(), translations: z.array(AiTranslation) });

/** The longest agent name, tone and topic (characters), and the most topics to avoid. */
export const MAX_AGENT_NAME = 60;
export const MAX_AGENT_TONE = 300;
export const MAX_AGENT_TOPIC = 100;
export const MAX_AGENT_TOPICS = 20;

/**
 * `GET /v1/admin/ai/agent`: the site's AI agent, which answers visitors from the site's published help-center articles
 * and FAQ only, with the articles as links under its answer, and hands over to a person when asked, when it could not
 * help twice, or when staff take the conversation (docs/ai.md, "The AI agent"). It needs the AI tools on
 * (`GET /v1/admin/ai`).
 */
export const AiAgentSettings = z.object({
  enabled: z.boolean().check(doc({ description: 'Whether the agent answers the site’s visitors.' })),
  name: z.nullable(
    z.string().check(doc({ description: 'The name it answers under; `null`: the automations’ bot name.' })),
  ),
  tone: z.string().check(doc({ description: 'How it speaks (“warm and brief”); empty: plain and friendly.' })),
  avoid: z.array(z.string()).check(doc({ description: 'Topics it never discusses: it offers a person instead.' })),
});

/** `PUT /v1/admin/ai/agent`: every field but `enabled` may be left out (kept as it is). */
export const AiAgentSettingsInput = z
  .strictObject({
    enabled: z.boolean(),
    name: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(MAX_AGENT_NAME)))),
    tone: z.optional(z.string().check(z.maxLength(MAX_AGENT_TONE))),
    avoid: z.optional(
      z.array(z.string().check(z.minLength(1), z.maxLength(MAX_AGENT_TOPIC))).check(z.maxLength(MAX_AGENT_TOPICS)),
    ),
  })
  .check(
    doc({
      example: { enabled: true, name: 'Ada', tone: 'Warm and brief.', avoid: ['refunds', 'legal advice'] },
    }),
  );

export type AiSettings = z.output<typeof AiSettings>;
export type AiStatus = z.output<typeof AiStatus>;
export type AiFeatureBudgets = z.output<typeof AiFeatureBudgets>;
export type AiFeatureBudgetsInput = z.input<typeof AiFeatureBudgetsInput>;
export type AiSettingsInput = z.input<typeof AiSettingsInput>;
export type AiCall = z.output<typeof AiCall>;
export type AiFeatureUsage = z.output<typeof AiFeatureUsage>;
export type AiUsage = z.output<typeof AiUsage>;
export type AiSource = z.output<typeof AiSource>;
export type AiAgentSettings = z.output<typeof AiAgentSettings>;
export type AiAgentSettingsInput = z.input<typeof AiAgentSettingsInput>;
export type AiDraftInput = z.input<typeof AiDraftInput>;
export type AiDraft = z.output<typeof AiDraft>;
export type AiRewriteInput = z.input<typeof AiRewriteInput>;
export type AiRewrite = z.output<typeof AiRewrite>;
export type AiSummaryInput = z.input<typeof AiSummaryInput>;
export type AiSummary = z.output<typeof AiSummary>;
export type AiTranslateInput = z.input<typeof AiTranslateInput>;
export type AiTranslation = z.output<typeof AiTranslation>;
export type AiTranslate = z.output<typeof AiTranslate>;
