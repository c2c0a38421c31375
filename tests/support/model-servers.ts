// The loopback model servers of the relay's AI tests (OpenAI's Chat Completions and Anthropic's Messages API, as
// documented), for the journeys that run the AI tools in a browser.
export {
  startModelServer,
  type ModelRequestSeen,
  type ModelScript,
  type ModelServer,
} from '../../packages/relay/test/support/model-servers.js';
