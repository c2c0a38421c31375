/** The AI agent's own texts, per language: what it says when it does not call the model (or the model failed). */
export const AGENT_TEXTS = {
  /** Nothing in the site's articles or FAQ is related to the question: the model is not asked to guess. */
  unsure: {
    en: "I couldn't find an answer to that in our help articles. Someone from the team can help you.",
    fr: 'Je n’ai pas trouvé de réponse dans nos articles d’aide. Une personne de l’équipe peut vous aider.',
    es: 'No encontré una respuesta en nuestros artículos de ayuda. Alguien del equipo puede ayudarte.',
    ar: 'لم أجد إجابة عن ذلك في مقالات المساعدة. يمكن لأحد أعضاء الفريق مساعدتك.',
  },
  /** The provider failed and the FAQ has nothing to offer: the visitor is never left with nothing. */
  unavailable: {
    en: "I can't answer right now. Someone from the team will read your message.",
    fr: 'Je ne peux pas répondre pour le moment. Une personne de l’équipe lira votre message.',
    es: 'No puedo responder ahora mismo. Alguien del equipo leerá tu mensaje.',
    ar: 'لا يمكنني الرد الآن. سيقرأ أحد أعضاء الفريق رسالتك.',
  },
} as const satisfies Record<string, Record<'en' | 'fr' | 'es' | 'ar', string>>;

/**
 * A visitor asking for a person in their own words, in the main languages: checked on the message path (a few
 * anchored patterns over at most 500 characters), so the hand-over does not wait for a model. The model is told to
 * say so too, for every other wording.
 */
const PERSON_WANTED: readonly RegExp[] = [
  /\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|the\s+|your\s+)?(?:real\s+|live\s+)?(?:human|person|agent|someone|somebody|representative|operator|staff)\b/i,
  /\b(?:want|need|like)\s+(?:a\s+|an\s+)?(?:real\s+|live\s+)?(?:human|person|agent|representative)\b/i,
  /\b(?:human|real\s+person|live\s+agent|operator)\s*,?\s*please\b/i,
  /\b(?:parler|discuter)\s+(?:à|a|avec)\s+(?:quelqu['’]un|une?\s+(?:humain|personne|conseill(?:er|ère)|agent|opérateur|vraie?\s+personne))/i,
  /\bhablar\s+con\s+(?:una\s+persona|un\s+humano|alguien|un\s+agente|un\s+asesor|un\s+operador)/i,
  /\bmit\s+(?:einem|einer)\s+(?:menschen|mitarbeiter(?:in)?|person|berater(?:in)?)\s+(?:sprechen|reden|chatten)/i,
  /\bfalar\s+com\s+(?:uma\s+pessoa|um\s+humano|alguém|um\s+atendente|um\s+agente)/i,
  /\bparlare\s+con\s+(?:una\s+persona|un\s+operatore|un\s+umano|qualcuno)/i,
  /(?:التحدث|أتحدث|اتحدث|أكلم|اكلم)\s+(?:إلى|الى|مع)\s+(?:شخص|موظف|إنسان|انسان)/,
];

/** Whether `text` asks for a person (see {@link PERSON_WANTED}). */
export function asksForPerson(text: string): boolean {
  const head = text.slice(0, 500);
  return PERSON_WANTED.some((pattern) => pattern.test(head));
}
