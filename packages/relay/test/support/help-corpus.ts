/**
 * The help center's search test set (docs/help-center.md, "Search quality"): 50 short articles of an imaginary
 * shop's help center — 30 in English, 20 in German — and 110 questions as visitors ask them (paraphrased, some
 * misspelled, some unfinished), each with the slug of the article that answers it. `bench/help-search.mjs` reports
 * hits at 1 and 3 over it; `test/help-center.test.ts` asserts the floor measured there.
 */

/** One article of the set. */
export interface CorpusArticle {
  readonly locale: 'en' | 'de';
  readonly slug: string;
  readonly title: string;
  readonly body: string;
}

/** One question, and the article that answers it. */
export interface CorpusQuestion {
  readonly locale: 'en' | 'de';
  readonly query: string;
  readonly answer: string;
}

const en = (slug: string, title: string, body: string): CorpusArticle => ({ locale: 'en', slug, title, body });
const de = (slug: string, title: string, body: string): CorpusArticle => ({ locale: 'de', slug, title, body });

export const CORPUS_ARTICLES: readonly CorpusArticle[] = [
  en(
    'reset-password',
    'Reset your password',
    'Open **Sign in**, choose *Forgot password* and enter your email address. We send a link that works for one hour; follow it to choose a new password.',
  ),
  en(
    'change-email',
    'Change the email address of your account',
    'Go to **Account › Profile**, type the new address and confirm it from the message we send there. Until you confirm, we keep writing to the old address.',
  ),
  en(
    'two-factor',
    'Turn on two-factor authentication',
    'Under **Account › Security**, choose *Two-factor authentication* and scan the QR code with an authenticator app. Keep the recovery codes somewhere safe.',
  ),
  en(
    'delete-account',
    'Delete your account',
    'Under **Account › Privacy**, choose *Delete my account*. Your orders are kept for tax reasons for ten years; everything else is erased within 30 days.',
  ),
  en(
    'track-order',
    'Track your order',
    'Each shipment has a tracking number in the confirmation email and under **Orders**. Click it to follow the parcel on the carrier’s site.',
  ),
  en(
    'cancel-order',
    'Cancel an order',
    'You can cancel an order until it ships: open **Orders**, choose the order and press *Cancel*. Once it has shipped, return it instead.',
  ),
  en(
    'return-item',
    'Return an item',
    'You have 30 days to send an item back. Print the prepaid return label from **Orders › Return**, pack the item in its original box and drop it at any post office.',
  ),
  en(
    'refund-time',
    'When will I get my refund?',
    'Refunds are issued once the returned parcel reaches our warehouse, usually within 5 business days. Your bank may take another 3 to 5 days to show the money.',
  ),
  en(
    'shipping-costs',
    'Shipping costs',
    'Delivery is free for orders above 50 euros. Below that, standard delivery costs 4.90 euros and express delivery 9.90 euros.',
  ),
  en(
    'delivery-times',
    'Delivery times',
    'Standard delivery takes 2 to 4 business days within the country and 5 to 8 days abroad. Express parcels arrive the next business day when ordered before noon.',
  ),
  en(
    'international-shipping',
    'Shipping abroad',
    'We ship to every country of the European Union, Switzerland, Norway and the United Kingdom. Customs duties outside the EU are paid by the recipient.',
  ),
  en(
    'payment-methods',
    'Payment methods we accept',
    'We accept credit and debit cards (Visa, Mastercard, American Express), PayPal, bank transfer and invoice for returning customers.',
  ),
  en(
    'invoice-download',
    'Download an invoice',
    'Invoices are PDF files under **Orders**: open the order and choose *Download invoice*. A company name and VAT number can be added before the order ships.',
  ),
  en(
    'payment-declined',
    'My payment was declined',
    'A card is usually declined because of a wrong expiry date, a spending limit or a 3-D Secure check that was not completed. Try again or choose another method.',
  ),
  en(
    'discount-codes',
    'Use a discount code',
    'Enter the code in the basket, in the *Voucher* field, before you pay. Only one code applies per order, and codes cannot be combined with sale prices.',
  ),
  en(
    'gift-cards',
    'Gift cards',
    'Gift cards are sold in amounts from 10 to 500 euros and are valid for three years. The balance can be spent over several orders.',
  ),
  en(
    'size-guide',
    'Find your size',
    'Each product page has a size chart in centimetres. Measure your chest, waist and hips and compare them; between two sizes, take the larger one.',
  ),
  en(
    'exchange-size',
    'Exchange an item for another size',
    'Start a return for the item and choose *Exchange*: pick the new size and we send it as soon as the original is on its way back.',
  ),
  en(
    'damaged-item',
    'An item arrived damaged',
    'Take a photo of the item and the parcel and write to us within 14 days. We send a replacement or refund you in full, and you keep nothing to send back.',
  ),
  en(
    'missing-parcel',
    'My parcel has not arrived',
    'If tracking shows it delivered but you cannot find it, check with neighbours and your building’s reception. After 7 days we open an investigation with the carrier.',
  ),
  en(
    'newsletter',
    'Unsubscribe from the newsletter',
    'Every newsletter has an *Unsubscribe* link at the bottom. You can also switch it off under **Account › Notifications**.',
  ),
  en(
    'store-locations',
    'Find a shop near you',
    'Our shop finder lists every store with its address and opening hours. Orders can be picked up in store for free.',
  ),
  en(
    'opening-hours',
    'Customer service hours',
    'Our support team answers chat and phone from Monday to Friday, 8 am to 8 pm, and on Saturdays from 9 am to 5 pm.',
  ),
  en(
    'warranty',
    'Warranty and repairs',
    'Every product has a two-year warranty against manufacturing defects. Send us the order number and a description of the fault and we arrange the repair.',
  ),
  en(
    'care-instructions',
    'Washing and care',
    'Follow the label: most cotton items wash at 30 degrees, wool by hand. Do not tumble dry knitwear.',
  ),
  en(
    'sustainability',
    'Our materials and sustainability',
    'Most of our clothes are made from organic cotton and recycled polyester. Every parcel is packed in recycled cardboard without plastic.',
  ),
  en(
    'loyalty-points',
    'Loyalty points',
    'You earn one point per euro spent. 100 points are worth a 5 euro voucher, which you can redeem in the basket.',
  ),
  en(
    'change-address',
    'Change the delivery address',
    'You can change the address until the order ships, under **Orders › Edit address**. After that, ask the carrier to redirect the parcel.',
  ),
  en(
    'student-discount',
    'Student discount',
    'Students get 10 percent off after verifying their student status with their university email address.',
  ),
  en(
    'data-privacy',
    'How we use your personal data',
    'We use your data only to deliver orders and, if you agree, to send offers. You can ask for a copy of your data or its deletion at any time.',
  ),
  de(
    'passwort-zuruecksetzen',
    'Passwort zurücksetzen',
    'Öffnen Sie **Anmelden**, wählen Sie *Passwort vergessen* und geben Sie Ihre E-Mail-Adresse ein. Der Link in unserer Nachricht ist eine Stunde gültig.',
  ),
  de(
    'bestellung-verfolgen',
    'Bestellung verfolgen',
    'Jede Sendung hat eine Sendungsnummer in der Bestätigungsmail und unter **Bestellungen**. Damit verfolgen Sie das Paket beim Paketdienst.',
  ),
  de(
    'bestellung-stornieren',
    'Bestellung stornieren',
    'Solange die Bestellung nicht versendet ist, können Sie sie unter **Bestellungen** stornieren. Danach senden Sie die Ware bitte zurück.',
  ),
  de(
    'ruecksendung',
    'Artikel zurücksenden',
    'Sie haben 30 Tage Zeit für eine Rücksendung. Drucken Sie das kostenlose Rücksendeetikett aus und geben Sie das Paket bei der Post ab.',
  ),
  de(
    'erstattung',
    'Wann bekomme ich mein Geld zurück?',
    'Die Erstattung erfolgt, sobald die Rücksendung in unserem Lager eingegangen ist, meist innerhalb von 5 Werktagen.',
  ),
  de(
    'versandkosten',
    'Versandkosten',
    'Ab einem Bestellwert von 50 Euro liefern wir versandkostenfrei. Darunter kostet der Standardversand 4,90 Euro.',
  ),
  de(
    'lieferzeiten',
    'Lieferzeiten',
    'Der Standardversand dauert 2 bis 4 Werktage. Expresspakete kommen am nächsten Werktag an, wenn Sie vor 12 Uhr bestellen.',
  ),
  de(
    'zahlungsarten',
    'Zahlungsarten',
    'Wir akzeptieren Kreditkarten, PayPal, Überweisung und Kauf auf Rechnung für Stammkunden.',
  ),
  de(
    'rechnung-herunterladen',
    'Rechnung herunterladen',
    'Ihre Rechnungen finden Sie als PDF unter **Bestellungen**. Öffnen Sie die Bestellung und wählen Sie *Rechnung herunterladen*.',
  ),
  de(
    'gutschein-einloesen',
    'Gutscheincode einlösen',
    'Geben Sie den Gutscheincode im Warenkorb ein, bevor Sie bezahlen. Pro Bestellung gilt ein Gutschein.',
  ),
  de(
    'groessenberatung',
    'Die richtige Größe finden',
    'Auf jeder Produktseite finden Sie eine Größentabelle. Messen Sie Brust, Taille und Hüfte und vergleichen Sie die Werte.',
  ),
  de(
    'beschaedigte-ware',
    'Ware beschädigt angekommen',
    'Fotografieren Sie die beschädigte Ware und das Paket und schreiben Sie uns innerhalb von 14 Tagen. Wir schicken Ersatz oder erstatten den Betrag.',
  ),
  de(
    'newsletter-abmelden',
    'Newsletter abbestellen',
    'Jeder Newsletter enthält unten einen Link zum Abmelden. Sie können ihn auch unter **Konto › Benachrichtigungen** abbestellen.',
  ),
  de(
    'konto-loeschen',
    'Kundenkonto löschen',
    'Unter **Konto › Datenschutz** können Sie Ihr Kundenkonto löschen. Bestellungen bewahren wir aus steuerlichen Gründen zehn Jahre auf.',
  ),
  de(
    'lieferadresse-aendern',
    'Lieferadresse ändern',
    'Bis zum Versand können Sie die Lieferadresse unter **Bestellungen** ändern. Danach wenden Sie sich bitte an den Paketdienst.',
  ),
  de(
    'garantie',
    'Garantie und Reparatur',
    'Alle Produkte haben zwei Jahre Garantie auf Herstellungsfehler. Schicken Sie uns die Bestellnummer und eine Beschreibung des Mangels.',
  ),
  de(
    'oeffnungszeiten',
    'Öffnungszeiten des Kundenservice',
    'Unser Kundenservice ist montags bis freitags von 8 bis 20 Uhr und samstags von 9 bis 17 Uhr für Sie da.',
  ),
  de(
    'zahlung-abgelehnt',
    'Zahlung wurde abgelehnt',
    'Meist liegt es an einem falschen Ablaufdatum, einem Kartenlimit oder einer nicht abgeschlossenen 3-D-Secure-Prüfung.',
  ),
  de(
    'paket-nicht-angekommen',
    'Paket nicht angekommen',
    'Wenn die Sendungsverfolgung das Paket als zugestellt zeigt, fragen Sie bei Ihren Nachbarn nach. Nach 7 Tagen stellen wir einen Nachforschungsauftrag.',
  ),
  de(
    'treuepunkte',
    'Treuepunkte sammeln',
    'Für jeden ausgegebenen Euro erhalten Sie einen Punkt. 100 Punkte sind einen Gutschein über 5 Euro wert.',
  ),
];

const q = (locale: 'en' | 'de', answer: string, ...queries: string[]): CorpusQuestion[] =>
  queries.map((query) => ({ locale, query, answer }));

export const CORPUS_QUESTIONS: readonly CorpusQuestion[] = [
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
