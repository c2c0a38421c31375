import { ranked, type OutletEntry } from '../outlets.js';
import { CONTRIBUTED } from './contact-sections.generated.js';

/**
 * The contact sections outlet: what features add to the visitor panel's contact card, under the notes
 * (`<chat-admin-contact-card>`), each declared by its folder (`contact-section.ts`, outlets.ts) and fetched in a
 * chunk of its own the first time a contact is shown; the card never imports the feature.
 */
export const CONTACT_SECTIONS: readonly OutletEntry[] = ranked(CONTRIBUTED);
