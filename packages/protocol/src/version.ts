/**
 * The protocol generation this build speaks. Bumped only for changes that old peers cannot ignore: 2 added the
 * `bot` author role (a v1 decoder refuses a role it does not know), quick-reply buttons and CSAT ratings; 3 added
 * attachments (a message may then have no text, which an older client would show as an empty bubble, and a client
 * must know whether the relay takes files before it offers to send one).
 */
export const PROTOCOL_VERSION = 3;

/** The WebSocket subprotocol a client offers to speak v1. */
export const SUBPROTOCOL_V1 = 'parley.v1';

/**
 * The WebSocket subprotocol a client offers to speak v2: v1 plus the `bot` author role, quick-reply `buttons`,
 * `automation` and `rating` on messages, and the `hours` and `greeting` of a visitor's `welcome`. A relay speaking
 * v2 to a v1 connection sends a bot's message with the role `staff` (see docs/protocol.md, "Versions").
 */
export const SUBPROTOCOL_V2 = 'parley.v2';

/**
 * The WebSocket subprotocol a client offers to speak v3: v2 plus attachments — `attachments` on `send` and on
 * messages, and on the `welcome` the files the site accepts. A relay speaking v3 to an older connection sends a
 * message's files as lines of its text (see docs/protocol.md, "Versions").
 */
export const SUBPROTOCOL_V3 = 'parley.v3';

/** Every subprotocol this build can speak, most preferred first. */
export const SUPPORTED_SUBPROTOCOLS: readonly string[] = [SUBPROTOCOL_V3, SUBPROTOCOL_V2, SUBPROTOCOL_V1];
/**
 * Picks the subprotocol to speak from what a client offered in `Sec-WebSocket-Protocol`.
 *
 * @param offered - the raw header value (comma-separated) or the list of offers.
 * @returns the chosen subprotocol, or `null` when the client offered none that this build knows.
 * @example
 * negotiate('parley.v3, parley.v1'); // 'parley.v1'
 */
export function negotiate(offered: string | readonly string[] | undefined | null): string | null {
  if (!offered) return null;
  const list = typeof offered === 'string' ? offered.split(',') : offered;
  const wanted = new Set(list.map((item) => item.trim()).filter(Boolean));
  for (const candidate of SUPPORTED_SUBPROTOCOLS) {
    if (wanted.has(candidate)) return candidate;
  }
  return null;
}
