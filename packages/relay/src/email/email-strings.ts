/**
 * Every string of the emails the relay sends, per language (the widget's: en, fr, es, ar). Functions take the
 * values they interpolate, as plain text: the templates escape them.
 */
export interface EmailStrings {
  replySubject: (site: string) => string;
  replyIntro: (site: string) => string;
  transcriptSubject: (site: string) => string;
  transcriptIntro: (site: string) => string;
  continueChat: string;
  linkNote: (days: number) => string;
  replyByEmail: string;
  whyReply: (site: string) => string;
  you: string;
  staff: string;
  visitor: string;
  notifySubject: (count: number, site: string) => string;
  notifyIntro: (site: string) => string;
  newConversation: string;
  newMessages: (count: number) => string;
  openInbox: string;
  whyNotify: string;
  mentionSubject: (author: string, site: string) => string;
  mentionIntro: (author: string, site: string) => string;
  whyMention: string;
  webhookDisabledSubject: (site: string) => string;
  webhookDisabled: (url: string) => string;
  lastError: string;
  whyAdmin: string;
  /** Above the articles a bot's answer drew on (the widget's word). */
  sources: string;
}

const en: EmailStrings = {
  replySubject: (site) => `New reply from ${site}`,
  replyIntro: (site) => `${site} replied to your conversation:`,
  transcriptSubject: (site) => `Your conversation with ${site}`,
  transcriptIntro: (site) => `Here is your conversation with ${site}, as you asked.`,
  continueChat: 'Continue the conversation',
  linkNote: (days) => `This link works once, within ${days} days. Do not forward it.`,
  replyByEmail: 'You can also answer this email.',
  whyReply: (site) => `You get this email because you left your address in the chat on ${site}.`,
  you: 'You',
  staff: 'Support',
  visitor: 'Visitor',
  notifySubject: (count, site) =>
    count === 1 ? `A conversation is waiting on ${site}` : `${count} conversations are waiting on ${site}`,
  notifyIntro: (site) => `Visitors wrote to ${site} while nobody was online:`,
  newConversation: 'New conversation',
  newMessages: (count) => (count === 1 ? '1 new message' : `${count} new messages`),
  openInbox: 'Open the inbox',
  whyNotify: 'You get this email because you turned on email notifications in the inbox.',
  mentionSubject: (author, site) => `${author} mentioned you in a note on ${site}`,
  mentionIntro: (author, site) => `${author} mentioned you in a private note on ${site}:`,
  whyMention: 'You get this email because a colleague mentioned you while you were away from the inbox.',
  webhookDisabledSubject: (site) => `A webhook of ${site} was disabled`,
  webhookDisabled: (url) => `The webhook endpoint ${url} failed too many times in a row and was disabled.`,
  lastError: 'Last error',
  whyAdmin: 'You get this email because you are an admin of this site.',
  sources: 'Sources',
};

const fr: EmailStrings = {
  replySubject: (site) => `Nouvelle réponse de ${site}`,
  replyIntro: (site) => `${site} a répondu à votre conversation :`,
  transcriptSubject: (site) => `Votre conversation avec ${site}`,
  transcriptIntro: (site) => `Voici votre conversation avec ${site}, comme demandé.`,
  continueChat: 'Reprendre la conversation',
  linkNote: (days) => `Ce lien fonctionne une fois, pendant ${days} jours. Ne le transférez pas.`,
  replyByEmail: 'Vous pouvez aussi répondre à cet e-mail.',
  whyReply: (site) => `Vous recevez cet e-mail car vous avez laissé votre adresse dans le chat de ${site}.`,
  you: 'Vous',
  staff: 'Support',
  visitor: 'Visiteur',
  notifySubject: (count, site) =>
    count === 1 ? `Une conversation attend sur ${site}` : `${count} conversations attendent sur ${site}`,
  notifyIntro: (site) => `Des visiteurs ont écrit à ${site} pendant que personne n’était en ligne :`,
  newConversation: 'Nouvelle conversation',
  newMessages: (count) => (count === 1 ? '1 nouveau message' : `${count} nouveaux messages`),
  openInbox: 'Ouvrir la boîte de réception',
  whyNotify: 'Vous recevez cet e-mail car vous avez activé les notifications par e-mail.',
  mentionSubject: (author, site) => `${author} vous a mentionné dans une note sur ${site}`,
  mentionIntro: (author, site) => `${author} vous a mentionné dans une note privée sur ${site} :`,
  whyMention: 'Vous recevez cet e-mail car un collègue vous a mentionné pendant votre absence.',
  webhookDisabledSubject: (site) => `Un webhook de ${site} a été désactivé`,
  webhookDisabled: (url) => `Le webhook ${url} a échoué trop de fois de suite et a été désactivé.`,
  lastError: 'Dernière erreur',
  whyAdmin: 'Vous recevez cet e-mail car vous administrez ce site.',
  sources: 'Sources',
};

const es: EmailStrings = {
  replySubject: (site) => `Nueva respuesta de ${site}`,
  replyIntro: (site) => `${site} respondió a tu conversación:`,
  transcriptSubject: (site) => `Tu conversación con ${site}`,
  transcriptIntro: (site) => `Aquí tienes tu conversación con ${site}, como pediste.`,
  continueChat: 'Continuar la conversación',
  linkNote: (days) => `Este enlace funciona una vez, durante ${days} días. No lo reenvíes.`,
  replyByEmail: 'También puedes responder a este correo.',
  whyReply: (site) => `Recibes este correo porque dejaste tu dirección en el chat de ${site}.`,
  you: 'Tú',
  staff: 'Soporte',
  visitor: 'Visitante',
  notifySubject: (count, site) =>
    count === 1 ? `Una conversación espera en ${site}` : `${count} conversaciones esperan en ${site}`,
  notifyIntro: (site) => `Hubo visitantes que escribieron a ${site} mientras nadie estaba en línea:`,
  newConversation: 'Nueva conversación',
  newMessages: (count) => (count === 1 ? '1 mensaje nuevo' : `${count} mensajes nuevos`),
  openInbox: 'Abrir la bandeja',
  whyNotify: 'Recibes este correo porque activaste las notificaciones por correo.',
  mentionSubject: (author, site) => `${author} te mencionó en una nota en ${site}`,
  mentionIntro: (author, site) => `${author} te mencionó en una nota privada en ${site}:`,
  whyMention: 'Recibes este correo porque un compañero te mencionó mientras no estabas en la bandeja.',
  webhookDisabledSubject: (site) => `Se desactivó un webhook de ${site}`,
  webhookDisabled: (url) => `El webhook ${url} falló demasiadas veces seguidas y se desactivó.`,
  lastError: 'Último error',
  whyAdmin: 'Recibes este correo porque administras este sitio.',
  sources: 'Fuentes',
};

const ar: EmailStrings = {
  replySubject: (site) => `رد جديد من ${site}`,
  replyIntro: (site) => `ردّ ${site} على محادثتك:`,
  transcriptSubject: (site) => `محادثتك مع ${site}`,
  transcriptIntro: (site) => `إليك محادثتك مع ${site} كما طلبت.`,
  continueChat: 'متابعة المحادثة',
  linkNote: (days) => `يعمل هذا الرابط مرة واحدة خلال ${days} أيام. لا تُعِد توجيهه.`,
  replyByEmail: 'يمكنك أيضًا الرد على هذه الرسالة.',
  whyReply: (site) => `تصلك هذه الرسالة لأنك تركت عنوان بريدك في دردشة ${site}.`,
  you: 'أنت',
  staff: 'الدعم',
  visitor: 'زائر',
  notifySubject: (count, site) =>
    count === 1 ? `محادثة بانتظارك على ${site}` : `${count} محادثات بانتظارك على ${site}`,
  notifyIntro: (site) => `كتب زوار إلى ${site} بينما لم يكن أحد متصلًا:`,
  newConversation: 'محادثة جديدة',
  newMessages: (count) => (count === 1 ? 'رسالة جديدة واحدة' : `${count} رسائل جديدة`),
  openInbox: 'فتح صندوق الوارد',
  whyNotify: 'تصلك هذه الرسالة لأنك فعّلت إشعارات البريد في صندوق الوارد.',
  mentionSubject: (author, site) => `أشار إليك ${author} في ملاحظة على ${site}`,
  mentionIntro: (author, site) => `أشار إليك ${author} في ملاحظة خاصة على ${site}:`,
  whyMention: 'تصلك هذه الرسالة لأن زميلًا أشار إليك أثناء غيابك عن صندوق الوارد.',
  webhookDisabledSubject: (site) => `تم تعطيل webhook في ${site}`,
  webhookDisabled: (url) => `فشل الـ webhook ‏${url} مرات كثيرة متتالية فتم تعطيله.`,
  lastError: 'آخر خطأ',
  whyAdmin: 'تصلك هذه الرسالة لأنك مدير هذا الموقع.',
  sources: 'المصادر',
};

const emailLocales: Readonly<Record<string, EmailStrings>> = { en, fr, es, ar };
const rtl = new Set(['ar', 'fa', 'he', 'ur']);

/** The language an email is written in: its tag, strings and direction. */
export interface EmailLocale {
  readonly tag: string;
  readonly strings: EmailStrings;
  readonly dir: 'ltr' | 'rtl';
}

/**
 * The first of `preferred` (BCP 47 tags: the visitor's browser locale, then the site's) whose language the emails
 * are written in, matched on the language subtag (`fr-CA` → `fr`); English otherwise.
 */
export function emailLocale(...preferred: readonly (string | null | undefined)[]): EmailLocale {
  for (const candidate of preferred) {
    const language = candidate?.toLowerCase().split(/[-_]/)[0];
    const strings = language ? emailLocales[language] : undefined;
    if (language && strings) return { tag: language, strings, dir: rtl.has(language) ? 'rtl' : 'ltr' };
  }
  return { tag: 'en', strings: en, dir: 'ltr' };
}
