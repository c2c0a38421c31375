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

/** One question, and the article that answers it (the list ships with the relay: `ai eval` asks it by default). */
export type { HelpQuestion as CorpusQuestion } from '../../src/ai/eval/help-questions.js';

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

export { HELP_QUESTIONS as CORPUS_QUESTIONS } from '../../src/ai/eval/help-questions.js';
