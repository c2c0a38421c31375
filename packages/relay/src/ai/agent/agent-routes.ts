import { AiAgentSettings, AiAgentSettingsInput } from '@parley/protocol/admin';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { ok } from '../../http/openapi/openapi-parts.js';
import type { AiAgent } from './agent.js';

function agentOf(call: Call): AiAgent {
  const agent = call.use('ai')?.agent;
  if (!agent) throw new ApiError('not_found', 'AI is not part of this relay.');
  return agent;
}

/** The AI agent's setting (docs/ai.md, "The AI agent"): `settings.manage`, as the provider's. */
export const agentRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/ai/agent',
    doc: {
      summary: 'The site’s AI agent',
      description:
        'Whether the AI agent answers the site’s visitors (from its published help-center articles and FAQ only), the name it answers under, its tone and the topics it never discusses.',
      tag: 'ai',
      responses: ok('The setting.', AiAgentSettings),
    },
    run: async (call) => ({ status: 200, body: await agentOf(call).read(call.site.id) }),
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/ai/agent',
    requestBody: AiAgentSettingsInput,
    doc: {
      summary: 'Set the site’s AI agent',
      description:
        'Turns the agent on or off (`enabled`; on needs the AI tools on, `PUT /v1/admin/ai`, else 400 naming `enabled`), with its `name` (`null`: the automations’ bot name), `tone` and topics to `avoid`; a field left out is kept. Every relay answers with it within 10 seconds. Audited as `ai.agent`.',
      tag: 'ai',
      responses: ok('Saved.', AiAgentSettings),
    },
    run: async (call) => {
      const saved = await agentOf(call).put(call.site.id, call.body);
      await audit(call, 'ai.agent', 'site', call.site.id, { enabled: saved.enabled });
      return { status: 200, body: saved };
    },
  }),
];
