import { movedContactRows } from '../merge/public.js';

/**
 * The messaging channels' part of a merge of contacts (`messaging_contacts`), contributed to the merge's point
 * `merge.contactData`: the absorbed contact's handles (a WhatsApp number, a Telegram chat…) become the kept contact's,
 * so the customer's next message from one reaches the kept contact, in the open conversation with that handle if it
 * has one. The kept contact may then hold two handles on one channel: each conversation records the handle it is with
 * (`messaging_conversations`), and its replies go there, never to the other. Undo puts each handle back on the
 * contact it was on; one the kept contact gained since by another merge stays (that merge's undo takes it), and one
 * whose channel was removed since stays removed.
 */
export const messagingMergeData = movedContactRows('messaging', 'messaging_contacts', 'handle');
