import { countAt, eventJson, joinUrl, objectAt, ProviderError, wordAt, type ProviderProtocol } from './provider.js';

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, Mistral, Groq, DeepSeek, vLLM, llama.cpp's
 * server, Ollama, LM Studio): `POST {baseUrl}/chat/completions` with `stream: true`, answered with Server-Sent Events
 * whose `data:` is a chunk (`choices[0].delta.content`), then, asked by `stream_options.include_usage`, a chunk with
 * the call's `usage` (and no choices), then `data: [DONE]`. Errors are JSON `{ error: { message, type, code } }`.
 */
export const openAiProtocol: ProviderProtocol = {
  url: (baseUrl) => joinUrl(baseUrl, '/chat/completions'),
  // No header at all without a key: Ollama and llama.cpp take none, and some refuse an empty bearer.
  headers: (apiKey): Record<string, string> => (apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  body: (model, request) => ({
    model,
    messages: [{ role: 'system', content: request.system }, ...request.messages],
    max_tokens: request.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  }),
  read: (event, state) => {
    if (event.data === '[DONE]') {
      state.done = true;
      return;
    }
    const chunk = eventJson(event);
    if ('error' in chunk) {
      const error = objectAt(chunk, 'error');
      throw new ProviderError('failed', 'The AI provider failed while answering.', {
        breaks: true,
        detail: `stream error ${wordAt(error, 'type') ?? ''} ${wordAt(error, 'code') ?? ''}`.trim(),
      });
    }
    const choices = chunk['choices'];
    if (Array.isArray(choices) && choices.length > 0) {
      const content = objectAt(choices[0], 'delta')['content'];
      if (typeof content === 'string' && content !== '') state.text(content);
    }
    const usage = objectAt(chunk, 'usage');
    const input = countAt(usage, 'prompt_tokens');
    const output = countAt(usage, 'completion_tokens');
    if (input !== undefined) state.inputTokens = input;
    if (output !== undefined) state.outputTokens = output;
  },
  errorDetail: (json) => {
    const error = objectAt(json, 'error');
    const type = wordAt(error, 'type');
    const code = wordAt(error, 'code');
    return type || code ? [type, code].filter(Boolean).join(' ') : undefined;
  },
};
