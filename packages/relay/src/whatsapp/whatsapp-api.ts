import { GRAPH_API_URL, GraphApi } from '../messaging/public.js';

export type { GraphAnswer } from '../messaging/public.js';

/** The Graph API's address and version (`PARLEY_WHATSAPP_API_URL` changes it, for tests and operators). */
export const WHATSAPP_API_URL = GRAPH_API_URL;

/**
 * The Graph API's client for WhatsApp's Cloud API (the frame's {@link GraphApi}, its failures in WhatsApp's name).
 * The access token goes only in the `Authorization` header.
 */
export class WhatsAppApi extends GraphApi {
  constructor(baseUrl: string = WHATSAPP_API_URL) {
    super(baseUrl, 'WhatsApp');
  }
}
