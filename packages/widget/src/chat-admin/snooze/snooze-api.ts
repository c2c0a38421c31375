import type { SnoozeBody, SnoozeResult, SnoozeState } from '@parley/protocol/admin';
import { AreaApi, at } from '../area-api.js';

/** Snooze's routes (`/conversations/{id}/snooze`): until when, snooze, open now. */
export class SnoozeApi extends AreaApi {
  get(conversationId: string): Promise<SnoozeState> {
    return this.api.request('GET', `/conversations/${at(conversationId)}/snooze`);
  }

  /** Snoozes until a time, a preset or a date (both read in the site's time zone). */
  snooze(conversationId: string, body: SnoozeBody): Promise<SnoozeResult> {
    return this.api.request('PUT', `/conversations/${at(conversationId)}/snooze`, body);
  }

  open(conversationId: string): Promise<SnoozeResult> {
    return this.api.request('DELETE', `/conversations/${at(conversationId)}/snooze`);
  }
}
