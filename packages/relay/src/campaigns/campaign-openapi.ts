import { CampaignEvent, CampaignStart } from '@parley/protocol/admin';
import { type Json, body, errorRef } from '../http/openapi/openapi-parts.js';

const tag = 'campaigns';

/** A public route of the site's loader (no token). */
const visitorRoute = (summary: string, description: string, schema: Json, responses: Record<string, Json>): Json => ({
  summary,
  description,
  tags: [tag],
  security: [],
  'x-admin-only': false,
  'x-visitor': true,
  requestBody: schema,
  responses: {
    ...responses,
    '400': errorRef('BadRequest'),
    '404': errorRef('NotFound'),
    '429': errorRef('RateLimited'),
  },
});

/**
 * How the API document describes campaigns' public routes (`campaign-public.ts` serves them): they are not admin
 * routes, so they carry no prose of their own (the admin routes' is in `campaign-routes.ts`).
 */
export const campaignPaths = (): Record<string, Json> => ({
  '/v1/campaigns/event': {
    post: visitorRoute(
      'Count a campaign’s bubble shown or clicked',
      'Sent by the site’s loader (a beacon, `text/plain` JSON). No token; a campaign that is not live on the site is refused (404). Limited per client address (429 `rate_limited`).',
      body(CampaignEvent),
      { '204': { description: 'Counted.' } },
    ),
  },
  '/v1/campaigns/start': {
    post: visitorRoute(
      'Start the visitor’s conversation with a campaign’s message',
      'Sent by the site’s loader once the chat opened from a campaign’s bubble is connected: the variant’s text (with its buttons as quick replies) becomes the first message of the conversation the relay gave the visitor, from the member or the bot the campaign names; with `button`, the label of the button clicked follows as the visitor’s reply (400 for a button the campaign does not have). Only a conversation this relay welcomed within the hour and that holds no message yet (409 `conflict` otherwise); a campaign not live on the site is refused (404). CORS: the site’s allowed origins. Limited per client address.',
      body(CampaignStart),
      { '201': { description: 'Stored: `{ seq }`.' }, '409': errorRef('Conflict') },
    ),
  },
});
