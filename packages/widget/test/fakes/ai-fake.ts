import {
  AI_FEATURES,
  AiAgentSettingsInput,
  AiDraftInput,
  AiRewriteInput,
  AiSettingsInput,
  AiSummaryInput,
  AiTranslateInput,
  type AiAgentSettings,
  type AiSettings,
  type AiSource,
  type AiStatus,
  type AiUsage,
} from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeCall, FakeRoutes } from './fake-requests.js';

/** A refusal as the relay answers it, by the contract's codes. */
const refusals = {
  unavailable: () =>
    new AdminApiError(
      'ai_unavailable',
      'No AI provider answered (none is set for this site, it is off, or it failed); nothing was changed.',
      503,
    ),
  budget: () => new AdminApiError('ai_budget_exhausted', 'This site has used its AI token budget for the month.', 429),
};

/** Parses `body` with the contract's schema, refusing as the relay does (`Invalid body.<field>: …`). */
function parsed<T>(
  schema: {
    safeParse: (
      value: unknown,
    ) =>
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string; keys?: string[] }> } };
  },
  body: unknown,
): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.keys?.[0] ?? issue.path.map(String).join('.');
  throw new AdminApiError('invalid_body', `Invalid body.${field}: ${issue.message}`, 400);
}

/**
 * The AI routes of the fake admin API (issue #83, packages/protocol/src/admin/ai.ts): the site's provider (the key
 * only ever as `keySet`), its AI agent (a refusal, `agentRefusal`, as the relay's naming a field), the month's usage, the status, and the writing tools. The draft answers a
 * `text/event-stream` of `delta` events, then `done` or `error`, each piece `draftGapMs` apart; `aiFailure` makes
 * every tool refuse (`unavailable`, `budget`), `draftFailure` the stream end with an `error` event after its first
 * piece. Bodies are checked with the contract's schemas.
 */
export function withAi<B extends FakeBase>(Base: B) {
  return class extends Base {
    aiStatus: AiStatus = { enabled: false, budgetExhausted: false, featuresExhausted: [] };
    aiSettings: AiSettings = {
      enabled: false,
      inherited: false,
      defaultAvailable: false,
      provider: null,
      baseUrl: null,
      model: null,
      keySet: false,
      monthlyTokenBudget: null,
      featureBudgets: { draft: null, rewrite: null, summary: null, translate: null, agent: null, classify: null },
    };
    aiAgent: AiAgentSettings = { enabled: false, name: null, tone: '', avoid: [] };
    /** What the next `PUT /ai/agent` is refused with (once), as the relay refuses what only it knows. */
    agentRefusal: AdminApiError | undefined;
    /** The key stored (the fake keeps it to check it is never answered). */
    aiKey: string | null = null;
    aiUsage: AiUsage = { month: '2026-11', monthlyTokenBudget: null, usedTokens: 0, features: [], recent: [] };
    /** The pieces of the next drafts, and their sources. */
    draftPieces = ['Hello! ', 'You can reset ', 'your password ', 'from the sign-in page.'];
    draftSources: AiSource[] = [
      { kind: 'article', title: 'Resetting your password', url: 'https://help.example.com/reset-password' },
      { kind: 'faq', title: 'I forgot my password', url: null },
    ];
    draftGapMs = 5;
    aiFailure: 'unavailable' | 'budget' | undefined;
    draftFailure = false;
    /** Each AI call: `[route, conversation or '', body]`. */
    aiCalls: Array<[string, string, unknown]> = [];
    /** Whether the last draft's stream was cancelled by the reader (Stop). */
    draftCancelled = false;

    constructor(...args: any[]) {
      super(...args);
      const refuse = (): void => {
        if (this.aiFailure) throw refusals[this.aiFailure]();
      };
      Object.assign(this.routes, {
        'GET /ai/status': async () => structuredClone(this.aiStatus),
        'GET /ai': async () => structuredClone(this.aiSettings),
        'PUT /ai': async (c) => {
          const body = parsed(AiSettingsInput, c.body);
          this.aiCalls.push(['PUT /ai', '', c.body]);
          if (body.inherit) {
            if (!this.aiSettings.defaultAvailable)
              throw new AdminApiError('invalid_body', 'Invalid body.inherit: the relay has no default provider.', 400);
            Object.assign(this.aiSettings, {
              inherited: true,
              provider: 'openai',
              baseUrl: null,
              model: 'gpt-4o-mini',
            });
          } else {
            if (!body.provider || !body.baseUrl || !body.model)
              throw new AdminApiError(
                'invalid_body',
                'Invalid body.provider: provider, baseUrl and model go together.',
                400,
              );
            if (!body.baseUrl.startsWith('https://'))
              throw new AdminApiError('invalid_body', 'Invalid body.baseUrl: the base URL must be https.', 400);
            Object.assign(this.aiSettings, {
              inherited: false,
              provider: body.provider,
              baseUrl: body.baseUrl,
              model: body.model,
            });
            if (body.apiKey !== undefined) this.aiKey = body.apiKey;
          }
          this.aiSettings.enabled = body.enabled;
          if (body.monthlyTokenBudget !== undefined) this.aiSettings.monthlyTokenBudget = body.monthlyTokenBudget;
          // As the relay: a map given replaces the budgets as a whole.
          if (body.featureBudgets !== undefined)
            for (const feature of AI_FEATURES)
              this.aiSettings.featureBudgets[feature] = body.featureBudgets[feature] ?? null;
          this.aiSettings.keySet = this.aiSettings.inherited ? true : this.aiKey !== null;
          this.aiStatus = { ...this.aiStatus, enabled: body.enabled };
          return structuredClone(this.aiSettings);
        },
        'GET /ai/agent': async () => structuredClone(this.aiAgent),
        'PUT /ai/agent': async (c) => {
          const body = parsed(AiAgentSettingsInput, c.body);
          this.aiCalls.push(['PUT /ai/agent', '', c.body]);
          const refusal = this.agentRefusal;
          this.agentRefusal = undefined;
          if (refusal) throw refusal;
          this.aiAgent = {
            enabled: body.enabled,
            name: body.name === undefined ? this.aiAgent.name : body.name,
            tone: body.tone ?? this.aiAgent.tone,
            avoid: body.avoid ?? this.aiAgent.avoid,
          };
          return structuredClone(this.aiAgent);
        },
        'GET /ai/usage': async (c) => {
          if (c.q['month'] !== undefined && !/^\d{4}-\d{2}$/.test(c.q['month']))
            throw new AdminApiError('invalid_query', 'Invalid query.month: a month is YYYY-MM.', 400);
          return { ...structuredClone(this.aiUsage), month: c.q['month'] ?? this.aiUsage.month };
        },
        'POST /conversations/{id}/ai/draft': async (c) => {
          parsed(AiDraftInput, c.body);
          this.aiCalls.push(['draft', c.ref!, c.body]);
          refuse();
          if (c.as !== 'stream') return { text: this.draftPieces.join(''), sources: this.draftSources };
          return this.#stream(c);
        },
        'POST /ai/rewrite': async (c) => {
          const body = parsed(AiRewriteInput, c.body);
          this.aiCalls.push(['rewrite', body.conversationId ?? '', c.body]);
          refuse();
          if (body.style === 'translate')
            return { text: `[fr] ${body.text}`, language: body.language ?? (body.conversationId ? 'fr' : 'en') };
          const styled = {
            fix: body.text.replace(/\bcant\b/g, 'can’t'),
            friendlier: `${body.text} 😊`,
            formal: `Dear customer, ${body.text}`,
            shorter: body.text.split(' ').slice(0, 3).join(' '),
            longer: `${body.text} Let me know if there is anything else.`,
          }[body.style];
          return { text: styled, language: null };
        },
        'POST /conversations/{id}/ai/summary': async (c) => {
          const body = parsed(AiSummaryInput, c.body);
          this.aiCalls.push(['summary', c.ref!, c.body]);
          refuse();
          return {
            text: body.text ?? 'The visitor cannot sign in. They asked how to reset their password.',
            noteId: body.note ? `m_note_${this.aiCalls.length}` : null,
          };
        },
        'POST /conversations/{id}/ai/translate': async (c) => {
          const body = parsed(AiTranslateInput, c.body);
          this.aiCalls.push(['translate', c.ref!, c.body]);
          refuse();
          return {
            language: body.language ?? 'en',
            translations: body.messageIds.map((messageId) => ({ messageId, text: `(en) translation of ${messageId}` })),
          };
        },
      } satisfies FakeRoutes);
    }

    /** The draft as the relay streams it: `delta` events as they come, then `done` (or `error`). */
    #stream(_call: FakeCall): Response {
      const encoder = new TextEncoder();
      const pieces = [...this.draftPieces];
      const sources = this.draftSources;
      const fail = this.draftFailure;
      const gap = this.draftGapMs;
      this.draftCancelled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const event = (name: string, data: unknown): Uint8Array =>
        encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          let at = 0;
          const next = (): void => {
            if (at < pieces.length) {
              controller.enqueue(event('delta', { text: pieces[at++] }));
              if (fail && at === 1) {
                controller.enqueue(
                  event('error', { code: 'ai_unavailable', message: 'The provider stopped answering.' }),
                );
                controller.close();
                return;
              }
              timer = setTimeout(next, gap);
              return;
            }
            controller.enqueue(event('done', { text: pieces.join(''), sources }));
            controller.close();
          };
          // A comment line first, as a relay keeping the connection open sends.
          controller.enqueue(encoder.encode(': stream\n\n'));
          timer = setTimeout(next, gap);
        },
        cancel: () => {
          clearTimeout(timer);
          this.draftCancelled = true;
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
  };
}
