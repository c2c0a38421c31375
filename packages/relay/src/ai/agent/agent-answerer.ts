import type { VisitorAnswerer } from '../../automations/public.js';

/**
 * The AI agent's contribution to the automations' point `automations.answerers`: it answers visitors (see
 * `AiAgent.answer`), and adds its summary note to every hand-over on a site where it is on.
 */
export const agentAnswerer: VisitorAnswerer = {
  name: 'ai',
  answers: (siteId, use) => use('ai')?.agent?.settings(siteId).enabled ?? false,
  answer: (turn, use) => use('ai')?.agent?.answer(turn),
  handedOver: (siteId, conversationId, use) => use('ai')?.agent?.handedOver(siteId, conversationId),
};
