/**
 * A site's automation settings (`PUT /v1/admin/automations`) with FAQ answers on and every other automation off: the
 * bot, named Ada, answers from the FAQ (and the help center's articles) and does nothing else.
 */
export const faqOnlySettings = {
  botName: 'Ada',
  hours: null,
  welcome: { enabled: false, texts: {} },
  away: { enabled: false, texts: {}, emailTexts: {} },
  csat: { enabled: false, texts: {} },
  faq: { enabled: true },
};
