import { movedContactRows } from '../merge/public.js';

/**
 * API channels' part of a merge of contacts (`api_channel_contacts`), contributed to the merge's point
 * `merge.contactData`: the absorbed contact's external ids (a phone number, a user id, as the bridge posts them)
 * become the kept contact's, so the bridge's next message for one reaches the kept contact, in the open conversation
 * with that id if it has one. The kept contact may then hold two ids on one channel: each conversation records the id
 * it is with (`api_channel_conversations`), and its replies name that one, never the other. Undo puts each id back on
 * the contact it was on; one the kept contact gained since by another merge stays (that merge's undo takes it), and
 * one whose channel was deleted since stays deleted.
 */
export const apiChannelMergeData = movedContactRows('api-channels', 'api_channel_contacts', 'external_id');
