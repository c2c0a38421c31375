import { countAt, eventJson, joinUrl, objectAt, ProviderError, wordAt, type ProviderProtocol } from './provider.js';

/** The Messages API's version the relay speaks (sent as `anthropic-version`). */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic's Messages API: `POST {baseUrl}/v1/messages` with `stream: true`, answered with named events:
 * `message_start` (the input's `usage.input_tokens`), `content_block_start`, `content_block_delta` (a `text_delta`'s
 * `text`), `content_block_stop`, `message_delta` (the output's `usage.output_tokens`), `message_stop`, `ping`, and
 * `error` (`{ type: 'error', error: { type, message } }`, also the body of an error answer; 529 when overloaded).
 */
export const anthropicProtocol: ProviderProtocol = {
  url: (baseUrl) => joinUrl(baseUrl, '/v1/messages'),
  headers: (apiKey) => ({ ...(apiKey ? { 'x-api-key': apiKey } : {}), 'anthropic-version': ANTHROPIC_VERSION }),
  body: (model, request) => ({
    model,
    system: request.system,
    messages: request.messages,
    max_tokens: request.maxTokens,
    stream: true,
  }),
  read: (event, state) => {
    // Unknown event types are to be ignored (the API says new ones may come); `ping` carries nothing.
    switch (event.event) {
      case 'message_start': {
        const input = countAt(objectAt(objectAt(eventJson(event), 'message'), 'usage'), 'input_tokens');
        if (input !== undefined) state.inputTokens = input;
        return;
      }
      case 'content_block_delta': {
        const delta = objectAt(eventJson(event), 'delta');
        if (delta['type'] === 'text_delta' && typeof delta['text'] === 'string' && delta['text'] !== '')
          state.text(delta['text']);
        return;
      }
      case 'message_delta': {
        const output = countAt(objectAt(eventJson(event), 'usage'), 'output_tokens');
        if (output !== undefined) state.outputTokens = output;
        return;
      }
      case 'message_stop':
        state.done = true;
        return;
      case 'error': {
        const error = objectAt(eventJson(event), 'error');
        const type = wordAt(error, 'type');
        // Overloaded mid-stream is the provider's trouble, as 529 is; retried only before any text.
        throw new ProviderError('failed', 'The AI provider failed while answering.', {
          breaks: true,
          retryable: type === 'overloaded_error' || type === 'api_error',
          detail: `stream error ${type ?? 'unknown'}`,
        });
      }
      default:
        return;
    }
  },
  errorDetail: (json) => wordAt(objectAt(json, 'error'), 'type'),
};
