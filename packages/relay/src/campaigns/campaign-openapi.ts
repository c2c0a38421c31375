import {
  Campaign,
  CampaignCreate,
  CampaignEvent,
  CampaignList,
  CampaignPatch,
  CampaignStart,
  CampaignStats,
} from '@parley/protocol/admin';
import { type Json, body, errorRef, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

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

/** How the API document describes campaigns' routes (`campaign-routes.ts`, `campaign-public.ts` serve them). */
export const campaignPaths = (): Record<string, Json> => ({
  '/v1/admin/campaigns': {
    get: operation('List campaigns', 'Every campaign of the site, live and paused, oldest first.', {
      tag,
      responses: ok('The campaigns.', CampaignList),
    }),
    post: operation(
      'Add a campaign',
      'A proactive message the site’s loader shows by the launcher when its rules match (docs/campaigns.md). Live at once unless `status` is `paused`. At most 50 per site, 10 live (409 `conflict`). A member named as the sender must be an active member (400).',
      {
        tag,
        adminOnly: true,
        requestBody: body(CampaignCreate),
        conflict: true,
        responses: ok('Added.', Campaign, '201'),
      },
    ),
  },
  '/v1/admin/campaigns/{id}': {
    get: operation('Read a campaign', '', {
      tag,
      parameters: [idParam('campaign')],
      notFound: true,
      responses: ok('The campaign.', Campaign),
    }),
    patch: operation(
      'Change a campaign',
      'Any of its fields; `status: "paused"` pauses it (its bubble stops showing within seconds, and replies to it are refused).',
      {
        tag,
        adminOnly: true,
        parameters: [idParam('campaign')],
        requestBody: body(CampaignPatch),
        notFound: true,
        conflict: true,
        responses: ok('Changed.', Campaign),
      },
    ),
    delete: operation('Delete a campaign', 'With its counts; conversations it started keep their messages.', {
      tag,
      adminOnly: true,
      parameters: [idParam('campaign')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
  '/v1/admin/campaigns/{id}/stats': {
    get: operation(
      'A campaign’s results',
      'Shown and opened (clicked) bubbles, conversations it started, those the visitor wrote in, and their ratings (CSAT), in total and per variant of the text.',
      {
        tag,
        parameters: [idParam('campaign')],
        notFound: true,
        responses: ok('The counts.', CampaignStats),
      },
    ),
  },
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
