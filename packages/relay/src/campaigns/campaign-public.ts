import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CampaignEvent, CampaignStart } from '@parley/protocol/admin';
import { RememberedReads } from '../core/shared-reads.js';
import {
  ApiError,
  parseBody,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
} from '../http/admin-http.js';
import { AddressLimits } from '../limits/address-limits.js';
import type { Logger } from '../log.js';
import type { Site } from '../store/store.js';
import type { Campaigns } from './campaigns.js';

/** Events per client address: a visitor's page sends one or two; a burst allows a few tabs. */
const EVENT_LIMIT = { burst: 30, perSecond: 1 };
/** Starts per client address: a visitor makes one per conversation. */
const START_LIMIT = { burst: 10, perSecond: 0.2 };

/** What the public routes need. */
export interface CampaignPublicOptions {
  readonly campaigns: Campaigns;
  readonly siteByKey: (siteKey: string) => Promise<Site | undefined>;
  readonly trustProxy: boolean;
  readonly log: Logger;
}

/**
 * The routes the site's loader calls (docs/campaigns.md): `POST /v1/campaigns/event` (a bubble shown or clicked;
 * sent as a beacon, answered 204 to any origin, which can read nothing from it) and `POST /v1/campaigns/start`
 * (the visitor replied: the campaign's message starts their conversation; CORS for the site's allowed origins).
 * No token; bodies are checked strictly, a campaign not live on the site is refused, and each route is limited per
 * client address. A refused request changes nothing.
 */
export function registerCampaignPublic(app: TemplatedApp, options: CampaignPublicOptions): void {
  const { campaigns, log } = options;
  const events = new AddressLimits(EVENT_LIMIT);
  const starts = new AddressLimits(START_LIMIT);
  const sites = new RememberedReads(options.siteByKey, { ttlMs: 10_000, max: 10_000 });
  const noStore = { 'cache-control': 'no-store' };

  const allowedOrigin = (site: Site | undefined, origin: string): boolean =>
    site !== undefined &&
    origin !== 'null' &&
    (origin === '' || site.allowedOrigins.includes('*') || site.allowedOrigins.includes(origin));
  const cors = (origin: string): Record<string, string> =>
    origin === '' ? {} : { 'access-control-allow-origin': origin, vary: 'origin' };

  const handle =
    (
      limits: AddressLimits,
      run: (request: AdminRequest, headers: Record<string, string>) => Promise<{ status: number; body?: unknown }>,
    ) =>
    (res: HttpResponse, request: AdminRequest): void => {
      const headers: Record<string, string> = { ...noStore };
      void (async () => {
        try {
          const wait = limits.take(request.ip, Date.now());
          if (wait > 0)
            throw new ApiError('rate_limited', undefined, { 'retry-after': String(Math.ceil(wait / 1000)) });
          sendReply(res, await run(request, headers), request, headers);
        } catch (error) {
          let refusal: ApiError;
          if (error instanceof ApiError) refusal = error;
          else {
            log.error('campaigns: request failed', { error: String(error) });
            refusal = new ApiError('internal');
          }
          if (!request.aborted.value) sendApiError(res, refusal, request.aborted, headers);
        }
      })();
    };

  const event = handle(events, async (request) => {
    const body = await parseBody(request, CampaignEvent);
    const site = await sites.get(body.site);
    if (!site || !(await campaigns.showable(site.id, body.campaign, body.variant)))
      throw new ApiError('not_found', 'No such live campaign on this site.');
    campaigns.count(body.campaign, body.variant, body.kind);
    return { status: 204 };
  });

  const start = handle(starts, async (request, headers) => {
    const origin = request.headers.origin ?? '';
    const body = await parseBody(request, CampaignStart);
    const site = await sites.get(body.site);
    if (!site) throw new ApiError('not_found', 'No such live campaign on this site.');
    if (!allowedOrigin(site, origin)) throw new ApiError('origin_refused');
    Object.assign(headers, cors(origin));
    const started = await campaigns.start(site, body.campaign, body.variant, body.conversation, body.button);
    if (started.ok) return { status: 201, body: { seq: started.seq } };
    if (started.why === 'unknown_campaign') throw new ApiError('not_found', 'No such live campaign on this site.');
    if (started.why === 'unknown_button')
      throw new ApiError('bad_request', `Invalid body.button: the campaign has no button ${body.button}.`);
    if (started.why === 'unknown_visitor')
      throw new ApiError('conflict', 'This relay gave no visitor that conversation within the hour.');
    throw new ApiError('conflict', 'That conversation has messages already.');
  });

  app.post('/v1/campaigns/event', (res, req) => event(res, readAdminRequest(res, req, options.trustProxy)));
  app.post('/v1/campaigns/start', (res, req) => start(res, readAdminRequest(res, req, options.trustProxy)));
}
