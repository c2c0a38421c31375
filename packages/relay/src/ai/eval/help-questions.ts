/**
 * The help center's quality set's questions (docs/help-center.md, "Search quality"; its 50 articles are
 * `test/support/help-corpus.ts`'s): 110 questions as visitors ask them — 69 in English, 41 in German, paraphrased,
 * some misspelled, some unfinished — each with the slug of the article that answers it. The help center's search test
 * measures its hits on them; `parley-relay ai eval` asks them when it is given no questions of the site's own.
 */

/** One question, in its language, and the slug of the article that answers it. */
export interface HelpQuestion {
  readonly locale: 'en' | 'de';
  readonly query: string;
  readonly answer: string;
}

const q = (locale: 'en' | 'de', answer: string, ...queries: string[]): HelpQuestion[] =>
  queries.map((query) => ({ locale, query, answer }));

export const HELP_QUESTIONS: readonly HelpQuestion[] = [
  ...q(
    'en',
    'reset-password',
    'I forgot my password',
    'how do I reset my pasword',
    'cannot log in, need a new password',
  ),
  ...q('en', 'change-email', 'how can I update my email address', 'change the email on my account'),
  ...q('en', 'two-factor', 'enable 2FA with an authenticator app', 'two factor authentification setup'),
  ...q('en', 'delete-account', 'how do I close my account for good', 'delete my account and data'),
  ...q('en', 'track-order', 'where is my order, I need the tracking number', 'track my parcel'),
  ...q('en', 'cancel-order', 'I want to cancel my order', 'can I cancel an order before it ships'),
  ...q(
    'en',
    'return-item',
    'how do I send something back',
    'return label for my item',
    'how many days do I have to return',
  ),
  ...q('en', 'refund-time', 'when do I get my money back', 'how long does a refund take', 'refnd still not received'),
  ...q('en', 'shipping-costs', 'how much is shipping', 'is delivery free above some amount'),
  ...q('en', 'delivery-times', 'how long does delivery take', 'when will my express parcel arrive'),
  ...q(
    'en',
    'international-shipping',
    'do you ship to Switzerland',
    'customs duties outside the EU',
    'ship to the united kingdom',
  ),
  ...q('en', 'payment-methods', 'can I pay with PayPal', 'which credit cards do you accept'),
  ...q('en', 'invoice-download', 'where can I download my invoice', 'I need a PDF invoice with my VAT number'),
  ...q('en', 'payment-declined', 'my card was declined', 'payment failed with 3-D Secure'),
  ...q(
    'en',
    'discount-codes',
    'where do I enter a voucher code',
    'can I combine two discount codes',
    'promo cod not working',
  ),
  ...q('en', 'gift-cards', 'how long is a gift card valid', 'buy a gift card'),
  ...q('en', 'size-guide', 'what size should I order', 'size chart measurements'),
  ...q('en', 'exchange-size', 'swap for a bigger size', 'exchange an item for a different size'),
  ...q('en', 'damaged-item', 'the item I received is broken', 'package arrived damaged'),
  ...q('en', 'missing-parcel', 'tracking says delivered but I never got it', 'my parcel never arrived'),
  ...q('en', 'newsletter', 'stop sending me emails', 'unsubscribe newsletter'),
  ...q('en', 'store-locations', 'is there a store near me', 'pick up my order in a shop'),
  ...q('en', 'opening-hours', 'when is customer service open', 'are you open on saturday'),
  ...q('en', 'warranty', 'my product is defective, is it under warranty', 'repair a broken product'),
  ...q('en', 'care-instructions', 'how should I wash this sweater', 'can I tumble dry wool'),
  ...q('en', 'sustainability', 'is your cotton organic', 'do you use plastic packaging'),
  ...q('en', 'loyalty-points', 'how do loyalty points work', 'redeem my points'),
  ...q('en', 'change-address', 'I entered the wrong delivery address', 'change shipping address after ordering'),
  ...q('en', 'student-discount', 'do students get a discount', 'student discount verification'),
  ...q('en', 'data-privacy', 'what do you do with my personal data', 'get a copy of my data'),
  ...q('en', 'reset-password', 'passw'),
  ...q('en', 'track-order', 'tracking numb'),
  ...q('en', 'return-item', 'retur'),
  ...q('en', 'gift-cards', 'gift car'),
  ...q(
    'de',
    'passwort-zuruecksetzen',
    'Ich habe mein Passwort vergessen',
    'passwort zurücksetzen',
    'Pasword vergessen',
  ),
  ...q('de', 'bestellung-verfolgen', 'Wo ist meine Bestellung', 'Sendungsnummer finden'),
  ...q(
    'de',
    'bestellung-stornieren',
    'Kann ich meine Bestellung stornieren',
    'Bestellungen stornieren vor dem Versand',
  ),
  ...q('de', 'ruecksendung', 'Wie schicke ich einen Artikel zurück', 'Rücksendeetikett drucken'),
  ...q('de', 'erstattung', 'Wann erhalte ich mein Geld zurück', 'Erstattungen dauern zu lange'),
  ...q('de', 'versandkosten', 'Was kostet der Versand', 'ab wann versandkostenfrei'),
  ...q('de', 'lieferzeiten', 'Wie lange dauert die Lieferung', 'Expresspaket Lieferzeit'),
  ...q('de', 'zahlungsarten', 'Kann ich mit PayPal bezahlen', 'Kauf auf Rechnung möglich'),
  ...q('de', 'rechnung-herunterladen', 'Wo finde ich meine Rechnungen', 'Rechnung als PDF'),
  ...q('de', 'gutschein-einloesen', 'Wo gebe ich den Gutscheincode ein', 'Gutscheine einlösen'),
  ...q('de', 'groessenberatung', 'Welche Größe passt mir', 'Größentabelle'),
  ...q('de', 'beschaedigte-ware', 'Die Ware ist kaputt angekommen', 'Paket beschädigt'),
  ...q('de', 'newsletter-abmelden', 'Newsletter abmelden', 'keine Newsletter mehr bekommen'),
  ...q('de', 'konto-loeschen', 'Wie lösche ich mein Konto', 'Kundenkonten löschen'),
  ...q('de', 'lieferadresse-aendern', 'Falsche Lieferadresse angegeben', 'Adresse ändern nach der Bestellung'),
  ...q('de', 'garantie', 'Ist das Produkt noch in der Garantie', 'Reparatur eines defekten Produkts'),
  ...q('de', 'oeffnungszeiten', 'Wann ist der Kundenservice erreichbar', 'Haben Sie samstags geöffnet'),
  ...q('de', 'zahlung-abgelehnt', 'Meine Kreditkarte wurde abgelehnt', 'Zahlung abgelehnt'),
  ...q(
    'de',
    'paket-nicht-angekommen',
    'Mein Paket ist nicht angekommen',
    'als zugestellt markiert aber nicht erhalten',
  ),
  ...q('de', 'treuepunkte', 'Wie funktionieren Treuepunkte', 'Punkte sammeln'),
];
