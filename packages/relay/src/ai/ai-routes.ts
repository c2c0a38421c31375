import * as z from 'zod/mini';
import {
  AiDraft,
  AiDraftInput,
  AiRewrite,
  AiRewriteInput,
  AiSettings,
  AiSettingsInput,
  AiStatus,
  AiSummary,
  AiSummaryInput,
  AiTranslate,
  AiTranslateInput,
  AiUsage,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { text } from '../features/admin-routes/route-query.js';
import { errorResponse, ok } from '../http/openapi/openapi-parts.js';
import { schemaJson } from '../http/openapi/schema-json.js';
import { monthOf, type Ai } from './ai.js';
import { draft, planDraft, rewrite, summary, translate } from './ai-tools.js';

function aiOf(call: Call): Ai {
  const feature = call.use('ai');
  if (!feature) throw new ApiError('not_found', 'AI is not part of this relay.');
  return feature;
}

/** What every tool may answer besides its result. */
const unavailable = {
  '503': errorResponse(
    '`ai_unavailable`: AI is off or unset for the site, or the provider failed, timed out or is being spared after repeated failures (its breaker is open); nothing was changed.',
  ),
};
const BUDGET =
  ' A site whose monthly token budget is used up is refused 429 `ai_budget_exhausted` without calling the provider.';

const Month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'a month, YYYY-MM' }));

/** One Server-Sent Event. */
const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * A draft streamed as Server-Sent Events: `delta` events as the text comes, then `done` with the whole draft, or
 * `error`. The provider's pieces are queued here and pulled as the socket drains. The agent going away (the stream
 * destroyed, which calls `return`) stops the provider's call at once: a plain iterator rather than an async generator,
 * whose `return` would wait for the provider's next piece.
 */
function draftEvents(
  run: (onText: (text: string) => void, signal: AbortSignal) => Promise<AiDraft>,
): AsyncIterable<string> {
  return {
    [Symbol.asyncIterator]: () => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      let finished = false;
      const controller = new AbortController();
      const push = (chunk: string) => {
        queue.push(chunk);
        wake?.();
      };
      const end = () => {
        finished = true;
        wake?.();
      };
      void run((text) => push(sse('delta', { text })), controller.signal).then(
        (result) => {
          push(sse('done', result));
          end();
        },
        (error: unknown) => {
          const refusal = error instanceof ApiError ? error : new ApiError('ai_unavailable');
          push(sse('error', { code: refusal.code, message: refusal.message }));
          end();
        },
      );
      return {
        async next(): Promise<IteratorResult<string>> {
          for (;;) {
            if (queue.length > 0) return { value: queue.splice(0).join(''), done: false };
            if (finished || controller.signal.aborted) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        },
        async return(): Promise<IteratorResult<string>> {
          controller.abort();
          queue.length = 0;
          wake?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * The AI feature's routes (docs/ai.md): the site's provider setting and its usage (`settings.manage`), whether the
 * tools are on (every member), and the agents' writing tools (any member who sees the conversation). Each one object.
 */
export const aiRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/ai',
    doc: {
      summary: 'The site’s AI provider',
      description:
        'Its own provider (protocol, base URL, model, whether a key is stored: the key itself is never answered), or the relay’s default, inherited (its base URL not shown), and the monthly token budget.',
      tag: 'ai',
      responses: ok('The setting.', AiSettings),
    },
    run: async (call) => ({ status: 200, body: await aiOf(call).settings(call.site.id) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/ai',
    requestBody: AiSettingsInput,
    doc: {
      summary: 'Set the site’s AI provider',
      description:
        'Its own provider (`provider`, `baseUrl`, `model`, and `apiKey`, sealed at rest, kept when absent, removed with `null`) or `inherit: true` for the relay’s default; `enabled` turns the tools on or off; `monthlyTokenBudget` caps the tokens of a calendar month (UTC). The base URL must be `https:`, at a public address; a model server on a loopback or private address (`http:` allowed there) needs the operator’s `PARLEY_AI_ALLOW_PRIVATE`. Nothing is stored when a field is refused. Audited as `ai.settings`.',
      tag: 'ai',
      responses: ok('Saved.', AiSettings),
    },
    run: async (call) => {
      const saved = await aiOf(call).put(call.site.id, call.body);
      // What changed, never the key or the URL.
      await audit(call, 'ai.settings', 'site', call.site.id, {
        enabled: saved.enabled,
        inherited: saved.inherited,
        provider: saved.provider,
        model: saved.model,
      });
      return { status: 200, body: saved };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/ai/status',
    permission: null,
    doc: {
      summary: 'Whether the AI tools are on',
      description:
        'For every member: the inbox shows the tools when `enabled`, and says so when the budget is used up.',
      tag: 'ai',
      responses: ok('The status.', AiStatus),
    },
    run: async (call) => ({ status: 200, body: await aiOf(call).status(call.site.id) }),
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/ai/usage',
    query: {
      month: text(Month, 'The month, `YYYY-MM` (UTC); this month when absent.', {
        type: 'string',
        pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
      }),
    },
    doc: {
      summary: 'The site’s AI usage',
      description:
        'A month’s tokens (in and out, from the providers’ usage figures), each feature’s calls, failures and tokens, and its latest 50 calls. No prompt or answer is kept.',
      tag: 'ai',
      responses: ok('The month’s usage.', AiUsage),
    },
    run: async (call) => {
      const ai = aiOf(call);
      return { status: 200, body: await ai.usage(call.site.id, call.query.month ?? monthOf(ai.now())) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/ai/draft',
    resource: 'conversation',
    permission: null,
    requestBody: AiDraftInput,
    doc: {
      summary: 'Draft a reply with AI',
      description: `A reply drafted from the conversation’s last messages, the help-center articles and FAQ entries its visitor’s last messages find (the \`sources\`), and the site’s saved replies; never sent. With \`Accept: text/event-stream\`: \`delta\` events (\`{ "text": … }\`) as it comes, then \`done\` with the draft, or \`error\` (\`{ "code", "message" }\`). Any member who sees the conversation.${BUDGET}`,
      tag: 'ai',
      responses: {
        '200': {
          description: 'The draft (or its stream).',
          content: {
            'application/json': { schema: schemaJson(AiDraft) },
            'text/event-stream': { schema: { type: 'string' } },
          },
        },
        ...unavailable,
      },
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const ai = aiOf(call);
      // Off, unset or over budget: answered with its status before a stream starts.
      await ai.ready(call.site.id, 'draft');
      const plan = await planDraft(call, conversation, call.body);
      if ((call.request.headers['accept'] ?? '').includes('text/event-stream'))
        return {
          status: 200,
          headers: { 'content-type': 'text/event-stream; charset=utf-8', 'x-accel-buffering': 'no' },
          stream: draftEvents((onText, signal) => draft(call, ai, plan, onText, signal)),
        };
      return { status: 200, body: await draft(call, ai, plan) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/ai/rewrite',
    permission: null,
    requestBody: AiRewriteInput,
    doc: {
      summary: 'Rewrite a text with AI',
      description: `The composer’s text fixed, friendlier, more formal, shorter or longer, or translated (\`translate\`: into \`language\`, or with \`conversationId\` the visitor’s language). Any member; a \`conversationId\` they may not see is 404.${BUDGET}`,
      tag: 'ai',
      responses: { ...ok('The text rewritten.', AiRewrite), ...unavailable },
      notFound: true,
    },
    run: async (call) => ({ status: 200, body: await rewrite(call, aiOf(call), call.body) }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/ai/summary',
    resource: 'conversation',
    permission: null,
    requestBody: AiSummaryInput,
    doc: {
      summary: 'Summarise a conversation with AI',
      description: `Its last 50 messages and notes, summarised; with \`note: true\` also posted as the caller’s private note (\`noteId\`), and with \`text\` too that text is posted as the note, as the caller was shown it, without asking the provider again. Any member who sees the conversation.${BUDGET}`,
      tag: 'ai',
      responses: { ...ok('The summary.', AiSummary), ...unavailable },
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const { note = false, text } = call.body;
      if (text !== undefined && !note) throw new ApiError('bad_request', 'Invalid body.text: give it with note: true.');
      return { status: 200, body: await summary(call, aiOf(call), conversation, note, text) };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/ai/translate',
    resource: 'conversation',
    permission: null,
    requestBody: AiTranslateInput,
    doc: {
      summary: 'Translate messages with AI',
      description: `Messages of the conversation (an id that is not one of its latest 1,000 is refused, named) translated into \`language\`, English by default; the originals are kept. Any member who sees the conversation.${BUDGET}`,
      tag: 'ai',
      responses: { ...ok('The translations.', AiTranslate), ...unavailable },
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      return { status: 200, body: await translate(call, aiOf(call), conversation, call.body) };
    },
  }),
];
