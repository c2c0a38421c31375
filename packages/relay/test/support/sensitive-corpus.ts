// Generated corpora for the sensitive-data detector (issue #39), shared by its test and by
// scripts/sensitive-report.ts: valid and invalid card numbers, IBANs, SSNs and secrets embedded in sentences in
// several scripts, and ordinary text (order numbers, phone numbers, dates, tracking numbers…) that must not match.
// Deterministic: every run with the same seed builds the same corpus.
import { findSensitive, luhn, type SensitiveKind } from '@parley/protocol/sensitive';

/** One sentence holding one value: `secret` is the exact part to be found (valid) or flagged by nothing (invalid). */
export interface SensitiveCase {
  readonly kind: SensitiveKind;
  readonly valid: boolean;
  readonly text: string;
  readonly secret: string;
  readonly label: string;
}

/** One sentence of ordinary text, named by what it holds. */
export interface OrdinaryCase {
  readonly category: string;
  readonly text: string;
}

export interface SensitiveCorpus {
  readonly cases: readonly SensitiveCase[];
  readonly ordinary: readonly OrdinaryCase[];
  /** Random 16-digit reference numbers: by construction about 1 in 20 looks exactly like a card; measured apart. */
  readonly references: readonly OrdinaryCase[];
}

/** A small seeded generator (mulberry32), so a failure names a corpus that can be rebuilt. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES: Readonly<Record<string, readonly string[]>> = {
  en: ['Hi, the number is {} and it expires next year.', 'Can you use {} please?', 'Here it is: {}.'],
  fr: ['Bonjour, mon numéro est {} — merci de vérifier.', 'Voici le numéro : {}.', '« {} » est le bon.'],
  de: ['Die Nummer lautet {}, bitte prüfen Sie das.', 'Hier ist sie: {} (neu).', 'Nummer {} – danke!'],
  ru: ['Здравствуйте, мой номер {}, спасибо.', 'Вот номер: {}.', 'Номер {} — проверьте, пожалуйста.'],
  ar: ['مرحبا، الرقم هو {} شكرا.', 'هذا هو الرقم: {}', 'من فضلك استخدم {} للدفع.'],
  ja: ['番号は{}です。', 'お支払いは{}でお願いします。', '番号：{}（確認してください）'],
};
const LANGUAGES = Object.keys(SENTENCES);

/** Card networks: a prefix chooser, the lengths issued, and how the network prints its cards. */
const NETWORKS: ReadonlyArray<{ name: string; prefixes: readonly string[]; lengths: readonly number[] }> = [
  { name: 'Visa', prefixes: ['4'], lengths: [16, 13, 19] },
  { name: 'Mastercard', prefixes: ['51', '52', '53', '54', '55', '2221', '2500', '2720'], lengths: [16] },
  { name: 'Amex', prefixes: ['34', '37'], lengths: [15] },
  { name: 'Discover', prefixes: ['6011', '644', '649', '65', '622126', '622925'], lengths: [16, 19] },
  { name: 'Diners', prefixes: ['300', '305', '36', '38'], lengths: [14, 16] },
  { name: 'JCB', prefixes: ['3528', '3589'], lengths: [16, 19] },
  { name: 'UnionPay', prefixes: ['62'], lengths: [16, 19] },
  { name: 'Mir', prefixes: ['2200', '2204'], lengths: [16] },
  { name: 'Maestro', prefixes: ['5018', '5020', '6304', '6759', '6763'], lengths: [13, 16, 19] },
];

const IBAN_SHAPES: Readonly<Record<string, string>> = {
  // Letters (A) and digits (9) of each country's BBAN, enough to be realistic; the checksum is what matters.
  DE: '999999999999999999',
  GB: 'AAAA99999999999999',
  FR: '99999999999999999999999',
  ES: '99999999999999999999',
  IT: 'A9999999999999999999999',
  NL: 'AAAA9999999999',
  BE: '999999999999',
  CH: '99999999999999999',
  PL: '999999999999999999999999',
  SE: '99999999999999999999',
  NO: '99999999999',
  SA: '99999999999999999999',
  AE: '9999999999999999999',
  RU: '99999999999999999999999999999',
};

export function buildCorpus(seed = 39): SensitiveCorpus {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const digits = (count: number) => Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');
  const chars = (alphabet: string, count: number) =>
    Array.from({ length: count }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const B64URL = `${ALNUM}-_`;
  const sentence = (language: string, value: string) => pick(SENTENCES[language]!).replace('{}', value);

  const cases: SensitiveCase[] = [];
  const add = (kind: SensitiveKind, valid: boolean, secret: string, label: string, language = pick(LANGUAGES)) =>
    cases.push({ kind, valid, text: sentence(language, secret), secret, label: `${label} (${language})` });

  // Cards: each network × language × layout, valid and with a wrong check digit.
  for (const network of NETWORKS) {
    for (const language of LANGUAGES) {
      for (let n = 0; n < 24; n++) {
        const length = pick(network.lengths);
        const prefix = pick(network.prefixes);
        const body = prefix + digits(length - prefix.length - 1);
        const check = [...'0123456789'].find((d) => luhn(body + d))!;
        const wrong = String((Number(check) + 1 + Math.floor(next() * 9)) % 10);
        const layout = pick(['plain', 'spaces', 'dashes'] as const);
        for (const [valid, number] of [
          [true, body + check],
          [false, body + wrong],
        ] as const) {
          let written = cardLayout(number, layout);
          if (language === 'ja' && n % 2 === 0) written = toDigits(written, 0xff10);
          if (language === 'ar' && n % 3 === 0) written = toDigits(written, 0x660);
          add('card', valid, written, `${network.name} ${length} ${layout}`, language);
        }
      }
    }
  }

  // IBANs: each country, grouped or not, upper or lower case; invalid ones have one digit changed.
  for (const [country, shape] of Object.entries(IBAN_SHAPES)) {
    for (let n = 0; n < 40; n++) {
      const bban = [...shape].map((c) => (c === '9' ? digits(1) : chars(UPPER, 1))).join('');
      const check = String(98 - mod97(`${bban + country}00`)).padStart(2, '0');
      const iban = country + check + bban;
      const at = 4 + [...bban].findIndex((c, i) => i >= n % bban.length && /\d/.test(c));
      const broken = iban.slice(0, at) + String((Number(iban[at]) + 1 + (n % 9)) % 10) + iban.slice(at + 1);
      const layout = (value: string) => {
        const grouped = n % 2 === 0 ? value.replace(/(.{4})(?=.)/g, '$1 ') : value;
        return n % 5 === 4 ? grouped.toLowerCase() : grouped;
      };
      add('iban', true, layout(iban), `IBAN ${country}`);
      add('iban', false, layout(broken), `IBAN ${country} (one digit changed)`);
    }
  }

  // SSNs: valid ranges, and each invalid range.
  for (let n = 0; n < 300; n++) {
    const separator = n % 2 === 0 ? '-' : ' ';
    let area = 1 + Math.floor(next() * 898);
    if (area === 666) area = 665;
    const group = 1 + Math.floor(next() * 99);
    const serial = 1 + Math.floor(next() * 9999);
    const ssn = (a: number, g: number, s: number) =>
      [String(a).padStart(3, '0'), String(g).padStart(2, '0'), String(s).padStart(4, '0')].join(separator);
    add('ssn', true, ssn(area, group, serial), 'SSN');
    const invalid = [
      ssn(0, group, serial),
      ssn(666, group, serial),
      ssn(900 + (n % 100), group, serial),
      ssn(area, 0, serial),
      ssn(area, group, 0),
    ];
    add('ssn', false, invalid[n % invalid.length]!, 'SSN in a range never issued');
  }

  // Secrets by shape, and near misses that must not match.
  const jwtPart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (let n = 0; n < 30; n++) {
    add('aws-key', true, pick(['AKIA', 'ASIA']) + chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16), 'AWS key');
    add('aws-key', false, `AKIA${chars(UPPER, 12)}`, 'AWS key too short');
    add('github-token', true, `${pick(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])}_${chars(ALNUM, 36)}`, 'GitHub token');
    add('github-token', true, `github_pat_${chars(ALNUM, 22)}_${chars(ALNUM, 59)}`, 'GitHub fine-grained token');
    add('github-token', false, `ghp_${chars(ALNUM, 20)}`, 'GitHub token too short');
    add(
      'slack-token',
      true,
      `xox${pick(['a', 'b', 'p', 'r'])}-${digits(12)}-${digits(13)}-${chars(ALNUM, 24)}`,
      'Slack token',
    );
    add('slack-token', false, `xoxz-${digits(12)}-${chars(ALNUM, 24)}`, 'Slack-like, unknown type');
    add('stripe-key', true, `${pick(['sk', 'rk'])}_live_${chars(ALNUM, 24 + (n % 76))}`, 'Stripe live key');
    add('stripe-key', false, `sk_test_${chars(ALNUM, 24)}`, 'Stripe test key');
    add('google-api-key', true, `AIza${chars(`${ALNUM}-_`, 35)}`, 'Google API key');
    add('google-api-key', false, `AIza${chars(ALNUM, 30)}`, 'Google-like, too short');
    const kind = pick(['RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', '']);
    const body = Array.from({ length: 3 + (n % 5) }, () => chars(`${ALNUM}+/`, 64)).join('\n');
    add(
      'private-key',
      true,
      `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`,
      'PEM key',
    );
    add('private-key', false, `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`, 'PEM public key');
    const header = jwtPart({ alg: pick(['HS256', 'RS256', 'ES256', 'none']), typ: 'JWT' });
    const payload = jwtPart({ sub: digits(8), iat: 1700000000 + n, name: 'Jane' });
    add('jwt', true, `${header}.${payload}.${chars(B64URL, 43)}`, 'JWT');
    add('jwt', false, `${jwtPart({ typ: 'JWT' })}.${payload}.${chars(B64URL, 43)}`, 'JWT-like, no alg');
  }

  // Cards as pasted (issue #80): groups joined by an invisible character, a figure space or a tab, digits of other
  // scripts; valid and with a wrong check digit. From a generator of their own, so the cases above and the ordinary
  // text below are the ones they always were.
  {
    const next = random(seed + 80);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const digits = (count: number) => Array.from({ length: count }, () => String(Math.floor(next() * 10))).join('');
    const JOINERS = ['\u200b', '\u00ad', '\u2060', '\u2007', '\t', '\u205f'];
    const SCRIPTS = [0x966, 0x9e6, 0xe50, 0x1d7ce, 0x1d7ec];
    for (const network of NETWORKS) {
      for (let n = 0; n < 12; n++) {
        const length = pick(network.lengths);
        const prefix = pick(network.prefixes);
        const body = prefix + digits(length - prefix.length - 1);
        const check = [...'0123456789'].find((d) => luhn(body + d))!;
        const wrong = String((Number(check) + 1 + Math.floor(next() * 9)) % 10);
        const joiner = pick(JOINERS);
        const zero = n % 3 === 0 ? pick(SCRIPTS) : undefined;
        for (const [valid, number] of [
          [true, body + check],
          [false, body + wrong],
        ] as const) {
          let written = cardLayout(number, 'spaces').replace(/ /g, joiner);
          if (zero !== undefined) written = toDigits(written, zero);
          const language = pick(LANGUAGES);
          cases.push({
            kind: 'card',
            valid,
            text: pick(SENTENCES[language]!).replace('{}', written),
            secret: written,
            label: `${network.name} ${length} joined by U+${joiner.codePointAt(0)!.toString(16)} (${language})`,
          });
        }
      }
    }
  }

  return { cases, ordinary: ordinaryCorpus(next, pick, digits, chars), references: referenceCorpus(next, digits) };
}

function cardLayout(number: string, layout: 'plain' | 'spaces' | 'dashes'): string {
  if (layout === 'plain') return number;
  const separator = layout === 'spaces' ? ' ' : '-';
  if (number.length === 15) return [number.slice(0, 4), number.slice(4, 10), number.slice(10)].join(separator);
  return number.replace(/(\d{4})(?=\d)/g, `$1${separator}`);
}

function toDigits(text: string, zero: number): string {
  return text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
}

function mod97(text: string): number {
  let rest = 0;
  for (const c of text) rest = /\d/.test(c) ? (rest * 10 + Number(c)) % 97 : (rest * 100 + c.charCodeAt(0) - 55) % 97;
  return rest;
}

type Pick = <T>(items: readonly T[]) => T;

/** Ordinary support-chat text full of numbers that are not sensitive. */
function ordinaryCorpus(
  next: () => number,
  pick: Pick,
  digits: (count: number) => string,
  chars: (alphabet: string, count: number) => string,
): OrdinaryCase[] {
  const HEX = '0123456789abcdef';
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const d = (min: number, max: number) => String(min + Math.floor(next() * (max - min + 1)));
  const two = (min: number, max: number) => d(min, max).padStart(2, '0');
  const generators: Readonly<Record<string, () => string>> = {
    'order number': () =>
      pick([
        `Order #${d(1000, 99999)} hasn't arrived yet.`,
        `My Amazon order ${digits(3)}-${digits(7)}-${digits(7)} is late.`,
        `Commande n° ${d(100000, 9999999)} reçue, merci.`,
        `Bestellnummer ORD-${d(2019, 2026)}-${digits(6)} bitte stornieren.`,
        `PO ${digits(10)} was approved.`,
        `Invoice INV-${digits(6)} is attached.`,
        `Заказ №${digits(8)} ещё не пришёл.`,
        `注文番号 ${digits(3)}-${digits(7)}-${digits(7)} について`,
      ]),
    'phone number': () =>
      pick([
        `Call me at (${d(201, 989)}) ${d(200, 999)}-${digits(4)}.`,
        `My number is +1 ${d(201, 989)} ${d(200, 999)} ${digits(4)}.`,
        `Text ${d(201, 989)}.${d(200, 999)}.${digits(4)} anytime.`,
        `UK: +44 20 ${digits(4)} ${digits(4)} or 07${digits(3)} ${digits(6)}.`,
        `Appelez le 0${d(1, 9)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)} ou +33 ${d(1, 9)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}.`,
        `Rufen Sie +49 30 ${digits(8)} oder 0${digits(3)} ${digits(7)} an.`,
        `電話は0${d(3, 9)}-${digits(4)}-${digits(4)}か090-${digits(4)}-${digits(4)}です。`,
        `Позвоните +7 (${digits(3)}) ${digits(3)}-${digits(2)}-${digits(2)} или 8 800 ${digits(3)}-${digits(2)}-${digits(2)}.`,
        `رقمي +971 50 ${digits(3)} ${digits(4)} شكرا`,
        `Call +91 ${digits(5)} ${digits(5)} or +55 (11) 9${digits(4)}-${digits(4)}.`,
        `Mobile: +${d(1, 99)}${digits(10)}`,
        `Tel. 0${digits(2)} ${digits(3)} ${digits(2)} ${digits(2)} (CH)`,
        `Korea: 010-${digits(4)}-${digits(4)}, Spain: ${d(600, 799)} ${digits(2)} ${digits(2)} ${digits(2)}.`,
      ]),
    date: () =>
      pick([
        `It was delivered on ${d(2000, 2030)}-${two(1, 12)}-${two(1, 28)}.`,
        `Le ${two(1, 28)}/${two(1, 12)}/${d(2000, 2030)} à ${two(0, 23)}h${two(0, 59)}.`,
        `Am ${two(1, 28)}.${two(1, 12)}.${d(2000, 2030)} bestellt.`,
        `On March ${d(1, 28)}, ${d(2000, 2030)}, between ${d(1, 12)} and ${d(1, 12)} pm.`,
        `${d(2000, 2030)}年${d(1, 12)}月${d(1, 28)}日に届きました。`,
      ]),
    timestamp: () =>
      pick([
        `Error at ${d(2020, 2026)}-${two(1, 12)}-${two(1, 28)}T${two(0, 23)}:${two(0, 59)}:${two(0, 59)}.${digits(3)}Z`,
        `unix time ${d(1500000000, 1900000000)}`,
        `ts=${d(1500000000, 1900000000)}${digits(3)} level=warn`,
        `Logged ${two(0, 23)}:${two(0, 59)}:${two(0, 59)} ${d(2020, 2026)}${two(1, 12)}${two(1, 28)}`,
      ]),
    'tracking number': () =>
      pick([
        `UPS tracking 1Z${chars(UPPER + '0123456789', 6)}${digits(10)}`,
        `FedEx: ${digits(12)}`,
        `FedEx ground ${digits(15)}`,
        `USPS ${pick(['9400', '9205', '9361'])} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`,
        `USPS ${pick(['9400', '9205', '9361'])}${digits(18)}`,
        `DHL ${digits(10)} / Royal Mail ${chars(UPPER, 2)}${digits(9)}GB`,
        `Colissimo 6A${digits(11)}`,
      ]),
    uuid: () =>
      `Request id ${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${pick(['8', '9', 'a', 'b'])}${chars(HEX, 3)}-${chars(HEX, 12)} failed.`,
    'git sha': () => pick([`Fixed in commit ${chars(HEX, 40)}.`, `See ${chars(HEX, 7)} and ${chars(HEX, 12)}.`]),
    'IMEI or ISBN': () => {
      const tac = pick(['35', '86', '01', '99']) + digits(12);
      const imei = tac + [...'0123456789'].find((c) => luhn(tac + c))!;
      return pick([
        `IMEI ${imei}`,
        `IMEI: ${imei.slice(0, 2)}-${imei.slice(2, 8)}-${imei.slice(8, 14)}-${imei.slice(14)}`,
        `ISBN 978-${d(0, 9)}-${digits(2)}-${digits(6)}-${d(0, 9)}, ISBN-13 978${digits(10)}`,
      ]);
    },
    price: () =>
      pick([
        `It cost $${d(1, 9)},${digits(3)}.${digits(2)} plus tax.`,
        `Prix : ${d(1, 99)} ${digits(3)},${digits(2)} €`,
        `Preis ${d(1, 99)}.${digits(3)},${digits(2)} EUR`,
        `価格は¥${d(1, 999)},${digits(3)}です。`,
        `Цена ${d(1, 99)} ${digits(3)} ₽`,
        `Total: ${d(1000, 999999)}.${digits(2)} USD (${d(1, 12)} x ${d(10, 999)}.${digits(2)})`,
      ]),
    postcode: () =>
      pick([
        `Ship to ${digits(5)} or ${digits(5)}-${digits(4)}.`,
        `London ${pick(['SW1A 1AA', 'EC1A 1BB', 'W1A 0AX', 'M1 1AE'])}, Ottawa K1A 0B1`,
        `${digits(5)} Berlin, ${digits(4)} ${chars(UPPER, 2)} Amsterdam`,
        `〒${digits(3)}-${digits(4)} 東京都`,
        `Москва, ${digits(6)}`,
      ]),
  };
  const cases: OrdinaryCase[] = [];
  for (const [category, generate] of Object.entries(generators)) {
    for (let n = 0; n < 1500; n++) cases.push({ category, text: generate() });
  }
  return cases;
}

function referenceCorpus(next: () => number, digits: (count: number) => string): OrdinaryCase[] {
  return Array.from({ length: 2000 }, () => ({
    category: '16-digit reference',
    text: `Your payment reference is ${String(1 + Math.floor(next() * 9))}${digits(15)}.`,
  }));
}

/** Per kind: how many valid cases were found exactly, missed, and invalid ones flagged. */
export interface KindFigures {
  cases: number;
  valid: number;
  found: number;
  missed: string[];
  invalid: number;
  falsePositives: string[];
}

export interface CorpusFigures {
  readonly kinds: Map<SensitiveKind, KindFigures>;
  /** Ordinary sentences with any match, per category and over all. */
  readonly ordinary: Map<string, { cases: number; flagged: string[] }>;
  readonly ordinaryCases: number;
  readonly ordinaryFlagged: number;
  readonly references: { cases: number; flagged: number };
}

export function measureCorpus(corpus: SensitiveCorpus): CorpusFigures {
  const kinds = new Map<SensitiveKind, KindFigures>();
  for (const c of corpus.cases) {
    let figures = kinds.get(c.kind);
    if (figures === undefined) {
      figures = { cases: 0, valid: 0, found: 0, missed: [], invalid: 0, falsePositives: [] };
      kinds.set(c.kind, figures);
    }
    figures.cases++;
    const matches = findSensitive(c.text);
    if (c.valid) {
      figures.valid++;
      if (matches.some((m) => m.kind === c.kind && c.text.slice(m.start, m.end) === c.secret)) figures.found++;
      else figures.missed.push(`${c.label}: ${c.text}`);
    } else {
      figures.invalid++;
      if (matches.length > 0) figures.falsePositives.push(`${c.label}: ${c.text}`);
    }
  }
  const ordinary = new Map<string, { cases: number; flagged: string[] }>();
  let ordinaryFlagged = 0;
  for (const c of corpus.ordinary) {
    const entry = ordinary.get(c.category) ?? { cases: 0, flagged: [] };
    ordinary.set(c.category, entry);
    entry.cases++;
    const matches = findSensitive(c.text);
    if (matches.length > 0) {
      ordinaryFlagged++;
      entry.flagged.push(`${matches.map((m) => m.kind).join(',')}: ${c.text}`);
    }
  }
  const referencesFlagged = corpus.references.filter((c) => findSensitive(c.text).length > 0).length;
  return {
    kinds,
    ordinary,
    ordinaryCases: corpus.ordinary.length,
    ordinaryFlagged,
    references: { cases: corpus.references.length, flagged: referencesFlagged },
  };
}
