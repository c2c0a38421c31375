// Ordinary support-chat sentences in English, Spanish, French and German for the content filter's built-in
// profanity lists (issue #39): none of them is profane, so every one a list matches is a false positive (the
// Scunthorpe problem). Written by hand around the words such lists catch by accident (assess, class, Scunthorpe,
// analysis, cockpit, bitte, con, pédale, concha, Schiesser…), then varied by seeded fillers. Deterministic.

const SENTENCES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'Hi, my order {n} has not arrived yet, can you check the tracking?',
    'Could you assess whether the class schedule for {p} changed?',
    'I live in Scunthorpe and the delivery to {c} keeps failing.',
    'The analysis report for {p} is missing two pages.',
    'Our cockpit simulator {p} crashes when I press the button.',
    'Please pass the message to the assistant in Middlesex.',
    'The cocktail glasses I bought were broken in the box.',
    'Can I get a refund for the shitake mushrooms? They were spoiled.',
    'My password reset email for {p} never came, I am stuck.',
    'The hooker valve on the {p} kit is the wrong size.',
    'Is the essex branch open on Sunday?',
    'I need to change the shipping address to {c} before it ships.',
    'The update sucked the battery dry on my {p}, can you help?',
    'I am tied up until five, can we talk after that?',
    'Can you send me the invoice as a PDF? The file invoice.pdf did not open.',
    'The XX-large shirt was too small, I need to exchange it.',
    'The documentation at docs.example.com says to restart the {p}.',
    'Thanks a lot, the butt joint on the {p} shelf is fixed now.',
    'I wanted the nude colour heels, but you sent black ones.',
    'How do I kill a stuck process on the {p} server?',
    'My grandmother Dick Smith ordered this as a gift.',
    'The cock on the boiler leaks water, is a plumber coming?',
    'I bought the Ford Escort mats and they do not fit.',
    'Analyse the logs please, the {p} error happens at night.',
    'Where can I find the title deed paperwork for {c}?',
    'The sussex office sent the wrong form again.',
    'Please push the assignment deadline for my class.',
    'We need the cumulative totals for Q3, not the monthly ones.',
    'The password has to include a digit, a letter and a symbol.',
    'Could you spell your name for me, one letter at a time?',
  ],
  es: [
    'Hola, mi pedido {n} no ha llegado todavía, ¿pueden revisarlo?',
    'Quiero pagar con tarjeta, ¿es posible con {p}?',
    'El martillo que compré vino roto en la caja.',
    'Compré una concha decorativa y llegó rota.',
    'La entrega a {c} se retrasó otra vez, estoy harto.',
    'Necesito la factura con mi número fiscal, por favor.',
    'El coche negro que reservé no está disponible.',
    'Mi contraseña de {p} no funciona desde ayer.',
    'El pan Bimbo que pedí llegó caducado.',
    'Gracias por la ayuda con {p}, ya funciona.',
    '¿Pueden cambiar la dirección de envío a {c}?',
    'El trío de cuchillos llegó sin el estuche.',
    'La aplicación se cierra cuando abro el mapa de {c}.',
    'Hablé con el soporte técnico y no me solucionaron nada.',
    'Quiero cancelar la suscripción de {p} este mes.',
  ],
  fr: [
    'Bonjour, ma commande {n} n’est pas encore arrivée, pouvez-vous vérifier ?',
    'La pédale de frein du vélo {p} est cassée.',
    'J’ai mal au dos à cause de la chaise {p}, puis-je la retourner ?',
    'Le colis pour {c} est resté bloqué au dépôt.',
    'Merci beaucoup, le problème avec {p} est réglé.',
    'Pouvez-vous m’envoyer la facture, s’il vous plaît ?',
    'Le ramoneur n’est pas venu mardi comme prévu.',
    'La tanche fumée que j’ai commandée est arrivée tiède.',
    'Mon mot de passe pour {p} ne fonctionne plus.',
    'Je voudrais changer l’adresse de livraison vers {c}.',
    'Le bouquet et la gerbe de fleurs sont arrivés fanés.',
    'Le modèle negro de la marque n’est plus disponible ?',
    'Je ne peux pas me connecter avec le code reçu par SMS.',
    'Pouvez-vous me rappeler demain matin ?',
    'L’application plante quand j’ouvre la carte de {c}.',
  ],
  de: [
    'Hallo, meine Bestellung {n} ist noch nicht angekommen, bitte prüfen.',
    'Bitte schicken Sie mir die Rechnung noch einmal.',
    'Die Unterwäsche von Schiesser war zu klein.',
    'Der Schmiernippel an der Maschine {p} fehlt.',
    'Die Lieferung nach {c} verspätet sich schon wieder.',
    'Danke, das Problem mit {p} ist gelöst.',
    'Mein Passwort für {p} funktioniert seit gestern nicht.',
    'Die Rosette für die Tür hat die falsche Farbe.',
    'Können Sie die Lieferadresse auf {c} ändern?',
    'Das Kimme-und-Korn-Visier für {p} fehlt im Paket.',
    'Ich möchte mein Abo für {p} kündigen.',
    'Die App stürzt ab, wenn ich die Karte von {c} öffne.',
    'Der Techniker kam nicht, bitte rufen Sie mich an.',
    'Ist der Artikel {p} wieder auf Lager?',
    'Können Sie mir bitte einen Rückruf anbieten?',
  ],
};

const PRODUCTS = [
  'the Pro 14',
  'Model X2',
  'Cassette 300',
  'the Class A kit',
  'Analytix',
  'Sussex Deluxe',
  'Essex 2',
  'Classico',
];
const CITIES = ['Scunthorpe', 'Middlesex', 'Penistone', 'Sussex', 'Cockermouth', 'Lesbos', 'Bitche', 'Kuntz'];

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

/** One ordinary sentence, named by its language. */
export interface OrdinarySentence {
  readonly language: string;
  readonly text: string;
}

/**
 * `perTemplate` sentences from each template of each language (the fillers vary: order numbers, products, places
 * including Scunthorpe, Penistone and Cockermouth).
 */
export function ordinarySentences(perTemplate = 40, seed = 39): OrdinarySentence[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentences: OrdinarySentence[] = [];
  for (const [language, templates] of Object.entries(SENTENCES)) {
    for (const template of templates) {
      for (let n = 0; n < perTemplate; n++) {
        const text = template
          .replace('{n}', `#${Math.floor(10000 + next() * 90000)}`)
          .replace('{p}', pick(PRODUCTS))
          .replace('{c}', pick(CITIES));
        sentences.push({ language, text });
      }
    }
  }
  return sentences;
}
