import type { AiFeature, AiOutcome, AiRewriteStyle } from '@parley/protocol/admin';

/**
 * The strings of the inbox's AI tools (issue #83): the composer's Draft and Rewrite, the thread's Summarise, a visitor
 * message's Translate, a rule's suggested classification's Apply. Their chunk brings the English ones (a translation: `AdminStrings.ai`).
 */
export interface AiStrings {
  /** The group of the composer's AI buttons. */
  tools: string;
  draft: string;
  drafting: string;
  stop: string;
  stopped: string;
  rewrite: string;
  /** The Rewrite menu's items. */
  styles: Record<AiRewriteStyle, string>;
  rewriting: string;
  /** Rewrite with an empty composer. */
  writeFirst: string;
  /** Over the links an answer was drafted from. */
  sources: string;
  faq: string;
  /** Over the articles a bot's answer drew on (the AI agent's, in the thread). */
  answerSources: string;
  /** After the composer's text was replaced (a draft, a rewrite). */
  replaced: string;
  undo: string;
  /** Over the agent's own text kept beside a translation. */
  original: (language: string | null) => string;
  restore: string;
  dismiss: string;
  /** The refusals, in plain words: the composer keeps working. */
  unavailable: string;
  /** A draft that failed part-way: what came is in the composer (its text was replaced), with Undo. */
  stoppedPartWay: string;
  budget: string;
  network: string;
  /** The month's budget is used up: said instead of the buttons. */
  budgetUsed: string;
  /** A tool's own monthly budget is used up: its disabled button's tooltip. */
  featureSpent: string;
  summarise: string;
  summaryTitle: string;
  summarising: string;
  postNote: string;
  posted: string;
  close: string;
  translate: string;
  translating: string;
  hideTranslation: string;
  translation: (language: string) => string;
  /** The agent's own language for Translate, in the Notifications dialog. */
  languageHeading: string;
  language: string;
  languageHint: string;
  languageInvalid: string;
  /** A rule's AI classification suggested in a note (its words, then Apply). */
  suggested: string;
  suggestedLabels: string;
  suggestedPriority: string;
  suggestedTeam: string;
  apply: string;
  applying: string;
  applied: string;
}

/** English strings of the AI tools. */
export const aiEn: AiStrings = {
  tools: 'AI writing tools',
  draft: 'Draft reply',
  drafting: 'Drafting…',
  stop: 'Stop',
  stopped: 'Stopped: the draft is as far as it got.',
  rewrite: 'Rewrite',
  styles: {
    fix: 'Fix grammar',
    friendlier: 'Friendlier',
    formal: 'More formal',
    shorter: 'Shorter',
    longer: 'Longer',
    translate: 'Translate into the visitor’s language',
  },
  rewriting: 'Rewriting…',
  writeFirst: 'Write something first, then pick how to rewrite it.',
  sources: 'Drafted from',
  faq: 'FAQ',
  answerSources: 'Sources',
  replaced: 'Your text was replaced.',
  undo: 'Undo',
  original: (language) => (language ? `Your original (translated into ${language})` : 'Your original'),
  restore: 'Restore original',
  dismiss: 'Dismiss',
  unavailable: 'The AI provider did not answer. Your text is unchanged; write and send as usual.',
  stoppedPartWay:
    'The AI provider stopped before the draft was finished: what came is in the box. Undo puts your text back.',
  budget: 'This month’s AI budget is used up. Your text is unchanged; write and send as usual.',
  network: 'Could not reach the relay. Your text is unchanged; try again in a moment.',
  budgetUsed: 'AI tools: this month’s budget is used up.',
  featureSpent: 'This tool’s AI budget for the month is used up.',
  summarise: 'Summarise',
  summaryTitle: 'Summary of the conversation',
  summarising: 'Summarising…',
  postNote: 'Post as private note',
  posted: 'Posted as a private note.',
  close: 'Close',
  translate: 'Translate',
  translating: 'Translating…',
  hideTranslation: 'Hide translation',
  translation: (language) => `Translation (${language})`,
  languageHeading: 'AI translation',
  language: 'Translate visitors’ messages into',
  languageHint: 'A language tag, such as de or pt-BR. Kept in this browser; empty: the browser’s language.',
  languageInvalid: 'Not a language tag: write one such as de or pt-BR.',
  suggested: 'AI suggests',
  suggestedLabels: 'Labels',
  suggestedPriority: 'Priority',
  suggestedTeam: 'Team',
  apply: 'Apply',
  applying: 'Applying…',
  applied: 'Applied.',
};

/** The strings of the AI settings page (`pages/ai/`). */
export interface AiPageStrings {
  title: string;
  intro: string;
  enabled: string;
  source: string;
  inherit: string;
  inheritHelp: string;
  own: string;
  /** Over the site's own provider's fields. */
  ownProvider: string;
  provider: string;
  providers: Record<'openai' | 'anthropic', string>;
  baseUrl: string;
  baseUrlHelp: string;
  baseUrlInvalid: string;
  model: string;
  modelMissing: string;
  key: string;
  keySet: string;
  keyNotSet: string;
  replaceKey: string;
  removeKey: string;
  keepKey: string;
  keyRemoved: string;
  removeKeyConfirm: string;
  keyHelp: string;
  budget: string;
  budgetHelp: string;
  budgetInvalid: string;
  /** The per-feature budgets' table: its caption, help, columns and a refusal naming the feature. */
  featureBudgets: string;
  featureBudgetsHelp: string;
  usedThisMonth: string;
  featureBudget: string;
  featureBudgetInvalid: (feature: string) => string;
  save: string;
  saved: string;
  usage: string;
  month: string;
  used: (used: string, budget: string | null) => string;
  features: Record<AiFeature, string>;
  feature: string;
  calls: string;
  failures: string;
  tokens: string;
  noCalls: string;
  recent: string;
  at: string;
  modelColumn: string;
  tokensInOut: string;
  latency: string;
  outcome: string;
  outcomes: Record<AiOutcome, string>;
}

/** English strings of the AI settings page. */
export const aiPageEn: AiPageStrings = {
  title: 'AI',
  intro:
    'Drafts, rewrites, summaries and translations for your agents, on the model you choose: hosted or on your own machine. Nothing is sent before an agent asks.',
  enabled: 'Turn the AI tools on for this site’s agents',
  source: 'Provider',
  inherit: 'Use the relay’s default provider',
  inheritHelp: 'Set by whoever runs the relay; its address and key are not shown here.',
  own: 'Use our own provider',
  ownProvider: 'Our provider',
  provider: 'Protocol',
  providers: { openai: 'OpenAI-compatible (OpenAI, Azure, Mistral, Ollama, vLLM…)', anthropic: 'Anthropic' },
  baseUrl: 'Base URL',
  baseUrlHelp: 'For example https://api.openai.com/v1. A private address needs the relay’s operator to allow it.',
  baseUrlInvalid: 'The base URL must be a full address starting with https:// (or http://).',
  model: 'Model',
  modelMissing: 'Name the model (for example gpt-4o-mini).',
  key: 'API key',
  keySet: 'A key is set. It is never shown.',
  keyNotSet: 'No key is set.',
  replaceKey: 'Replace',
  removeKey: 'Remove',
  keepKey: 'Keep the current key',
  keyRemoved: 'The key will be removed when you save.',
  removeKeyConfirm:
    'Remove the stored key? The AI tools stop working until a new one is set (unless the model needs none).',
  keyHelp: 'Stored encrypted; after saving it is never shown again. Leave empty for a local model that takes none.',
  budget: 'Monthly token budget',
  budgetHelp: 'Tokens in and out per calendar month (UTC). Empty: no limit.',
  budgetInvalid: 'The budget must be a whole number of tokens, at least 1 (or empty for no limit).',
  featureBudgets: 'Budget per feature',
  featureBudgetsHelp:
    'Tokens per calendar month for one feature, beside the site’s budget. Empty: no limit of its own.',
  usedThisMonth: 'Used this month',
  featureBudget: 'Monthly budget',
  featureBudgetInvalid: (feature) =>
    `${feature}: the budget must be a whole number of tokens, at least 1 (or empty for no limit).`,
  save: 'Save',
  saved: 'Saved.',
  usage: 'Usage',
  month: 'Month',
  used: (used, budget) => (budget ? `${used} of ${budget} tokens used` : `${used} tokens used (no budget)`),
  features: {
    draft: 'Draft reply',
    rewrite: 'Rewrite',
    summary: 'Summary',
    translate: 'Translate',
    agent: 'AI agent (visitors)',
    classify: 'Classify (rules)',
  },
  feature: 'Feature',
  calls: 'Calls',
  failures: 'Failures',
  tokens: 'Tokens (in / out)',
  noCalls: 'No calls this month.',
  recent: 'Latest calls',
  at: 'When',
  modelColumn: 'Model',
  tokensInOut: 'Tokens in / out',
  latency: 'Time',
  outcome: 'Outcome',
  outcomes: { ok: 'OK', failed: 'Failed', timeout: 'Timed out', refused: 'Refused', budget: 'Over budget' },
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../admin-strings.js' {
  interface AdminStrings {
    /** The AI tools in the composer, the thread and on messages (their chunk brings the English ones). */
    ai?: Partial<AiStrings>;
    /** The AI settings page (its chunk brings the English ones). */
    aiPage?: Partial<AiPageStrings>;
  }
}
