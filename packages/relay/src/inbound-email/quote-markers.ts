/**
 * The lines that mark where a reply ends and the history a mail program appended begins (issue #16, #38): what
 * `strip-quoted.ts` looks for, line by line. Each test takes one line already trimmed (an attribution: up to three
 * lines joined with spaces). Every regular expression here is linear in its input: anchored, with at most one
 * open-ended part followed by a fixed ending, or run only on text of bounded length.
 */

/**
 * Attribution lines whose words are known, per language: they introduce the quoted message. Each must also carry
 * a digit or an `@` (checked by the caller), so that a visitor's own "On Monday I wrote:" is not taken for one.
 */
const attributionWords: ReadonlyArray<(line: string) => boolean> = [
  (line) => /^On\s.+[\s>]wrote\s?:?$/i.test(line), // en (Gmail, Apple Mail, Thunderbird, Yahoo)
  // without the date: "Jane Doe <jane@example.com> wrote:" (en), "… schrieb:" (de, K-9 Mail), in their languages
  (line) =>
    /.\s<[^<>\s@]+@[^<>\s]+>\s*(?:wrote|schrieb|a écrit|escribió|ha scritto|escreveu|schreef|skrev|kirjoitti)\s?:$/i.test(
      line,
    ),
  (line) => /^Le\s.+\sa\s[ée]crit\s?:$/i.test(line), // fr
  (line) => /^El\s.+\sescribi[óo]\s?:$/i.test(line), // es
  // de (Gmail: "Am Mo., 1. Jan. 2024 um 10:00 Uhr schrieb Jane <…>:")
  (line) => line.endsWith(':') && /^Am\s.+?\sschrieb\s/i.test(line),
  // de (Thunderbird: "Jane <…> schrieb am 01.01.24 um 10:00:")
  (line) => line.endsWith(':') && endsAfter(/.\sschrieb\sam\s/i.exec(line), line, 2),
  // ar (Gmail: "في الاثنين، … تمت كتابة ما يلي بواسطة Jane <…>:")
  (line) => line.endsWith(':') && /^في\s.+?(?:كتب|بواسطة)/.test(line),
  (line) => /^.+\sكتب\s?:$/.test(line), // ar, short form
  (line) => /^Em\s.+\sescreveu\s?:$/i.test(line), // pt
  (line) => /^Il giorno\s.+\sha scritto\s?:$/i.test(line), // it
  (line) => line.endsWith(':') && /^Op\s.+?\sschreef\s/i.test(line), // nl
];

/** "wrote" (or the like) in the languages whose attributions name no address, as the line's last word or so. */
const wroteWords = [
  'wrote',
  'écrit',
  'escribió',
  'schrieb',
  'scritto',
  'escreveu',
  'schreef',
  'napisał',
  'написал',
  'написав(ла)',
  'пише',
  'skrev',
  'kirjoitti',
  'yazdı',
  'napsal',
  'írta',
  'كتب',
  '写道',
  'のメール',
  '작성',
];

/** A time of day (10:02, 10.02) or a date with its year (2024, 8.1.24, 1/8/24). */
const timeOrDate = /\d{1,2}[:.]\d{2}|\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}/;

/** The longest attribution looked at (joined lines): longer is a paragraph, not an attribution. */
export const attributionMaxLength = 400;

/**
 * Whether `line` (up to three lines joined with spaces, trimmed) introduces a quoted message, and how it is known:
 * by its `words`, in a known language, or by its `shape` in any: it ends with a colon and carries a time or a date,
 * and an address or a word for "wrote" (Gmail's Russian "пн, 8 янв. 2024 г. в 10:02, Jane <jane@example.com>:",
 * Japanese "2024年1月8日(月) 10:02 Jane <jane@example.com>:"). `undefined` when it does not.
 */
export function attributionKind(line: string): 'words' | 'shape' | undefined {
  if (line.length > attributionMaxLength || !/[\d@]/.test(line)) return undefined;
  for (const matches of attributionWords) if (matches(line)) return 'words';
  if (!endsWithColon(line) || !timeOrDate.test(line)) return undefined;
  if (line.includes('@')) return 'shape';
  return includesAny(line.toLowerCase(), wroteWords) ? 'shape' : undefined;
}

/** Every attribution ends with a colon (ASCII or full-width), or with "wrote" (English, the colon optional). */
export function endsLikeAttribution(line: string): boolean {
  return endsWithColon(line) || line.slice(-5).toLowerCase() === 'wrote';
}

function endsWithColon(line: string): boolean {
  return line.endsWith(':') || line.endsWith('：');
}

/** Whether `match` leaves at least `rest` characters of `line` after it. */
function endsAfter(match: RegExpExecArray | null, line: string, rest: number): boolean {
  return match !== null && line.length - (match.index + match[0].length) >= rest;
}

/**
 * How an attribution may begin: a line that starts so may continue on the next one or two (Gmail wraps at 78). A
 * date first is one too (Gmail for Android's Russian "02.04.2012 14:20 пользователь "Acme" <", then the address
 * and "написал:"; Yandex's "26.06.2014, 14:41, "Acme" <…>:").
 */
export const attributionStart =
  /^(?:(?:On|Le|El|Am|في|Em|Il|Op|In data|W dniu|Dnia|Den)\s|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[\s,])/i;

/** Apple Mail's line above a forwarded message, in its languages. */
const forwardedHeadings =
  /^(?:Begin forwarded message|Début du message réexpédié|Anfang der weitergeleiteten Nachricht|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Início da mensagem (?:reencaminhada|encaminhada)|Begin doorgestuurd bericht|Początek przekazywanej wiadomości|Начало переадресованного сообщения|Videresendt melding|Vidarebefordrat brev|Välitetty viesti)\s?:$/i;

/** Whether `line` is Apple Mail's "Begin forwarded message:" (in its languages): history follows. */
export function isForwardedHeading(line: string): boolean {
  return line.endsWith(':') && line.length <= 60 && forwardedHeadings.test(line);
}

/** The titles that mail programs put between dashes above an original or forwarded message, lower case. */
const separatorTitles = [
  'original message',
  "message d'origine",
  'mensaje original',
  'ursprüngliche nachricht',
  'messaggio originale',
  'mensagem original',
  'oorspronkelijk bericht',
  'oprindelig',
  'opprinnelig',
  'ursprungligt meddelande',
  'alkuperäinen viesti',
  'wiadomość oryginalna',
  'исходное сообщение',
  'вихідне повідомлення',
  'původní zpráva',
  'eredeti üzenet',
  'orijinal',
  'الرسالة الأصلية',
  '原始邮件',
  '元のメッセージ',
  '원본 메시지',
  'forwarded message',
  'weitergeleitete nachricht',
  'message transféré',
  'mensaje reenviado',
  'messaggio inoltrato',
  'mensagem encaminhada',
  'doorgestuurd bericht',
  'пересланное сообщение',
  'przekazana wiadomość',
  'videresendt',
  'vidarebefordrat',
  'välitetty viesti',
];

/**
 * The title of a line between runs of dashes ("-----Original Message-----", "---- On … wrote ----", bold or not), or
 * `undefined` for any other line. Whether it is a separator depends on the title, or on what follows it.
 */
export function dashedTitle(line: string): string | undefined {
  // Bold in a text made from HTML or Markdown: "*-------- Original Message --------*".
  if (line.length > 8 && line.startsWith('*-') && line.endsWith('-*')) line = line.slice(1, -1);
  if (!line.startsWith('---') || !line.endsWith('---')) return undefined;
  // Indexes, not /^-+|-+$/: that would scan every run of dashes inside the line to its end (quadratic).
  let start = 0;
  while (line[start] === '-') start++;
  let end = line.length;
  while (end > start && line[end - 1] === '-') end--;
  const title = line.slice(start, end).trim();
  return /\p{L}/u.test(title) ? title : undefined;
}

/** Whether a title between dashes is a known one ("Original Message", "Forwarded message", in their languages). */
export function isSeparatorTitle(title: string): boolean {
  return includesAny(title.toLowerCase(), separatorTitles);
}

/** The first line of a quoted header block ("From: Jane <…>"), in Outlook's languages; bold in some (`*From:*`). */
const headerFrom =
  /^\*?(?:From|De|Von|Da|Van|Från|Fra|Frá|Od|От|Від|Lähettäjä|Kimden|Feladó|Afzender|Mittente|Remitente|Expéditeur|Absender|Nadawca|差出人|送信者|发件人|寄件者|보낸 사람|من|מאת)\s?[:：]\*?\s+\S/i;

/** Whether `line` could start a header block: a known word for "From", a colon, a value. */
export function isHeaderFrom(line: string): boolean {
  return headerFrom.test(line);
}

/** A line of a header block: a name of one to three words, then a colon ("Sent:", "Envoyé le :", "送信日時:"). */
const headerLine = /^\*?[\p{L}\p{M}][\p{L}\p{M}'’. -]{0,30}[:：]/u;

/** Whether `line` could be a field of a header block, whatever its language ("Wysłano: …", "件名: …"). */
export function isHeaderLine(line: string): boolean {
  return headerLine.test(line);
}

/** A line of underscores, dashes or equals signs alone: Outlook's rule above its header block, and the like. */
export const rule = /^[_=-]{4,}$/;

/** The signature delimiter (RFC 3676 "-- "; some clients drop its trailing space). */
export const signatureDelimiter = /^-- ?$/;

/** How mobile mail programs' footers begin ("Sent from my iPhone", "Von meinem iPhone gesendet", …). */
const mobileFooterStarts = [
  'sent from my ',
  'sent from mail for ',
  'sent from outlook',
  'sent from yahoo mail',
  'sent from typeapp',
  'sent from samsung',
  'sent via ',
  'get outlook for ',
  // Outlook for Android's and iOS's footer in its languages ("Obter o Outlook para Android"; those that name the app
  // first or last are `outlookAppFooter`)
  'obter o outlook para ',
  'obtenha o outlook para ',
  'obtener outlook para ',
  'descargar outlook para ',
  'obtenir outlook pour ',
  'télécharger outlook pour ',
  'ottieni outlook per ',
  'scarica outlook per ',
  'skaffa outlook för ',
  'hämta outlook för ',
  'hent outlook til ',
  'få outlook til ',
  'hanki outlook ',
  'pobierz aplikację outlook',
  'pobierz outlook ',
  'получить outlook для ',
  'завантажити outlook ',
  'získat outlook pro ',
  'envoyé de mon ',
  'envoyé depuis ',
  'envoyé à partir de ',
  'enviado desde mi ',
  'enviado do meu ',
  'von meinem ',
  'gesendet von ',
  'gesendet mit ',
  'inviato da ',
  'verstuurd vanaf ',
  'verzonden met ',
  'wysłane z ',
  'отправлено с ',
  'надіслано з ',
  'sendt fra ',
  'skickat från ',
  'lähetetty ',
  'odesláno z ',
  '发自我的',
  '從我的',
  'أرسلت من ',
  'تم الإرسال من ',
];

/** Outlook's mobile footers that name the app first (German, Dutch) or last (Japanese), lower case. */
const outlookAppFooter =
  /^(?:outlook (?:für|voor) (?:android|ios) (?:herunterladen|beziehen|downloaden)|(?:android|ios) ?版 ?outlook ?を入手)/;

/**
 * What a mobile mail program adds under a reply: a short line in a known form, not a sentence (a visitor's "Sent
 * from my desk, it is easier." is theirs).
 */
export function isMobileFooter(line: string): boolean {
  if (line.length > 100 || /[.!?]$/.test(line)) return false;
  const lower = line.toLowerCase();
  if (lower.endsWith('から送信') || lower.endsWith('에서 보냄')) return true;
  if (lower.includes('outlook') && outlookAppFooter.test(lower)) return true;
  // Loops, not `some` with a closure: this runs once per line of every reply.
  for (const start of mobileFooterStarts) if (lower.startsWith(start)) return true;
  return false;
}

function includesAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true;
  return false;
}
