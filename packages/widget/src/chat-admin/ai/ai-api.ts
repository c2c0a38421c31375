import type {
  AiAgentSettings,
  AiAgentSettingsInput,
  AiDraft,
  AiDraftInput,
  AiRewrite,
  AiRewriteInput,
  AiSettings,
  AiSettingsInput,
  AiStatus,
  AiSummary,
  AiTranslate,
  AiTranslateInput,
  AiUsage,
} from '@parley/protocol/admin';
import { AdminApiError } from '../admin-api.js';
import { AreaApi, at, search } from '../area-api.js';
import { readEvents } from './ai-stream.js';

/**
 * The AI routes of the admin API (issue #83, packages/protocol/src/admin/ai.ts): whether the tools are on, the site's
 * provider, its AI agent for visitors and its usage (the settings page), and the agents' writing tools: a draft read as it streams, a rewrite,
 * a summary, translations.
 */
export class AiApi extends AreaApi {
  status(): Promise<AiStatus> {
    return this.api.request('GET', '/ai/status');
  }

  settings(): Promise<AiSettings> {
    return this.api.request('GET', '/ai');
  }

  save(body: AiSettingsInput): Promise<AiSettings> {
    return this.api.request('PUT', '/ai', body);
  }

  /** The site's AI agent: whether it answers visitors, its name, tone and topics to avoid. */
  agent(): Promise<AiAgentSettings> {
    return this.api.request('GET', '/ai/agent');
  }

  saveAgent(body: AiAgentSettingsInput): Promise<AiAgentSettings> {
    return this.api.request('PUT', '/ai/agent', body);
  }

  /** The month's usage (`YYYY-MM`, UTC; this month when not given). */
  usage(month?: string): Promise<AiUsage> {
    return this.api.request('GET', `/ai/usage${search({ month })}`);
  }

  /**
   * A reply drafted for the conversation, streamed: `delta` is called with each piece of text as it comes, and the
   * draft (its whole text and its sources) is the answer. An `error` event of the stream throws as an
   * {@link AdminApiError} with its code, as an error answer does; aborting `signal` stops the stream.
   */
  async draft(
    conversationId: string,
    body: AiDraftInput,
    delta: (text: string) => void,
    signal: AbortSignal,
  ): Promise<AiDraft> {
    const response = await this.api.request<Response>(
      'POST',
      `/conversations/${at(conversationId)}/ai/draft`,
      body,
      'stream',
    );
    if (!response.body) throw new AdminApiError('network', 'The draft came without a body.', 0);
    for await (const event of readEvents(response.body, signal)) {
      const data = event.data as { text?: unknown; sources?: unknown; code?: unknown; message?: unknown };
      if (event.event === 'delta' && typeof data.text === 'string') delta(data.text);
      else if (event.event === 'done') return data as AiDraft;
      else if (event.event === 'error')
        throw new AdminApiError(
          typeof data.code === 'string' ? data.code : 'ai_unavailable',
          typeof data.message === 'string' ? data.message : 'The draft stopped.',
          0,
        );
    }
    // The stream ended without `done`: what came is kept by the caller, but it is not a whole draft.
    throw new AdminApiError('ai_unavailable', 'The draft stopped before it was finished.', 0);
  }

  rewrite(body: AiRewriteInput): Promise<AiRewrite> {
    return this.api.request('POST', '/ai/rewrite', body);
  }

  summary(conversationId: string, note: boolean, shown?: string): Promise<AiSummary> {
    const body = note ? (shown ? { note, text: shown } : { note }) : {};
    return this.api.request('POST', `/conversations/${at(conversationId)}/ai/summary`, body);
  }

  translate(conversationId: string, body: AiTranslateInput): Promise<AiTranslate> {
    return this.api.request('POST', `/conversations/${at(conversationId)}/ai/translate`, body);
  }
}
