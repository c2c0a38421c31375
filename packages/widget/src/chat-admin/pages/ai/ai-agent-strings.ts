import { MAX_AGENT_NAME, MAX_AGENT_TONE, MAX_AGENT_TOPIC, MAX_AGENT_TOPICS } from '@parley/protocol/admin';

/** The strings of the AI settings page's "AI agent" section (issue #83). */
export interface AiAgentStrings {
  title: string;
  intro: string;
  /** Why the section is disabled: the AI tools are off. */
  toolsOff: string;
  enabled: string;
  name: string;
  nameHelp: string;
  nameTooLong: string;
  tone: string;
  toneHelp: string;
  toneTooLong: string;
  avoid: string;
  avoidHelp: string;
  topic: string;
  add: string;
  /** A topic's remove button, named for it. */
  remove: (topic: string) => string;
  noTopics: string;
  topicTooLong: string;
  tooManyTopics: string;
  topicTwice: string;
  save: string;
  saved: string;
}

/** English strings of the "AI agent" section: the contract's limits in words. */
export const aiAgentEn: AiAgentStrings = {
  title: 'AI agent',
  intro:
    'Answers visitors in the chat from your published help-center articles and FAQ only, with the articles as links under its answer. “Talk to a person” is always one tap away, and it hands over when asked, when it could not help, or when an agent takes the conversation.',
  toolsOff: 'Turn the AI tools on above and save first: the agent answers with their provider.',
  enabled: 'Let the AI agent answer visitors',
  name: 'Name',
  nameHelp: 'The name visitors see on its messages. Empty: your automations’ bot name.',
  nameTooLong: `The name is at most ${MAX_AGENT_NAME} characters.`,
  tone: 'Tone',
  toneHelp: 'How it speaks, for example “warm and brief”. Empty: plain and friendly.',
  toneTooLong: `The tone is at most ${MAX_AGENT_TONE} characters.`,
  avoid: 'Topics to avoid',
  avoidHelp: `It never discusses these and offers a person instead. Up to ${MAX_AGENT_TOPICS} topics.`,
  topic: 'Topic to avoid',
  add: 'Add',
  remove: (topic) => `Remove “${topic}”`,
  noTopics: 'No topics to avoid.',
  topicTooLong: `A topic is at most ${MAX_AGENT_TOPIC} characters.`,
  tooManyTopics: `At most ${MAX_AGENT_TOPICS} topics: remove one first.`,
  topicTwice: 'That topic is already in the list.',
  save: 'Save the agent',
  saved: 'Saved.',
};

// Its strings in the inbox's (a host's `strings`), added from here: admin-strings.ts imports no feature.
declare module '../../admin-strings.js' {
  interface AdminStrings {
    /** The AI settings page's "AI agent" section (its chunk brings the English ones). */
    aiAgent?: Partial<AiAgentStrings>;
  }
}
