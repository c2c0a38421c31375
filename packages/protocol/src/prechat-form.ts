import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { PRECHAT_FIELD_TYPES, PRECHAT_KEY } from './prechat-check.js';

/** A client id, as frames.ts's `ClientId` (not imported: frames.ts imports this module). */
const Ref = z.string().check(z.minLength(1), z.maxLength(LIMITS.maxIdLength), z.regex(/^[A-Za-z0-9_-]+$/));

/*
 * The pre-chat form a site configures (issue #86; the widget README, "Pre-chat form"): the fields a visitor is asked
 * before their first message, as the welcome carries them (`welcome.prechat`), and the `prechat` frame that gives the
 * values (their check: prechat-check.ts).
 */

/**
 * A field as the visitor's widget is sent it: its label already in the visitor's locale (none: the widget's word).
 * The relay bounded it when the site saved it (`PRECHAT_LIMITS`, the key's form `PRECHAT_KEY`): the widget's decoder
 * checks only its members' types, which is all it reads.
 */
export const PrechatWireField = z.object({
  key: z.string(),
  label: z.optional(z.string()),
  type: z.enum(PRECHAT_FIELD_TYPES),
  options: z.optional(z.array(z.string())),
  required: z.optional(z.boolean()),
});
export type PrechatWireField = z.infer<typeof PrechatWireField>;

/** `welcome.prechat`: the form to show this visitor now, in order. */
export const PrechatWireForm = z.object({ fields: z.array(PrechatWireField) });
export type PrechatWireForm = z.infer<typeof PrechatWireForm>;

/** A value given for a field: a text (a choice is its option's text) or a ticked box. */
export const PrechatValue = z.union([z.string().check(z.maxLength(1024)), z.boolean()]);

/**
 * Visitors (protocol 3, added later without a version change): the values of the pre-chat form their welcome carried
 * (`welcome.prechat`), by field key. Answered by a `prechat` frame with the same `ref` once taken, or by `error`
 * `bad_frame` naming the field (`values.phone: …`; nothing kept). Send it only to a relay whose welcome had a form.
 */
export const PrechatGiven = z.object({
  type: z.literal('prechat'),
  ref: Ref,
  values: z.record(z.string().check(z.regex(PRECHAT_KEY)), PrechatValue),
});
export type PrechatGivenFrame = z.infer<typeof PrechatGiven>;

/** A `prechat` frame was taken: the values are the visitor's contact's (name, email, phone, attributes). */
export const PrechatSaved = z.object({
  type: z.literal('prechat'),
  ref: Ref,
});
export type PrechatSavedFrame = z.infer<typeof PrechatSaved>;
