import type { VisitorAnswerer } from '../../automations/public.js';

/** The AI agent's contribution to the automations' point `automations.answerers` (see `AiAgent.answer`). */
export const agentAnswerer: VisitorAnswerer = {
  name: 'ai',
  answer: (turn, use) => use('ai')?.agent?.answer(turn),
};
