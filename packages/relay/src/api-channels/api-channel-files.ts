import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { AttachmentsFeature } from '../attachments/public.js';
import { ApiError, bearerToken, sendApiError } from '../http/admin-http.js';
import { sendAttachment } from '../attachments/public.js';
import { abortFlag, type AbortFlag } from '../http/body-stream.js';
import type { Logger } from '../log.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { API_CHANNEL_FILES_PATH } from './api-channel-replies.js';
import type { ApiChannels } from './api-channels.js';

/** What {@link registerApiChannelFiles} needs. */
export interface ApiChannelFilesOptions {
  readonly channels: ApiChannels;
  readonly db: SqlDb;
  /** The attachments feature's running part (asked per request: it is made after this feature). */
  readonly attachments: () => AttachmentsFeature | undefined;
  readonly log: Logger;
  readonly now?: () => number;
}

const ATTACHMENT_ID = /^att_[A-Za-z0-9_-]{1,64}$/;

/**
 * `GET /v1/channels/api/files/{id}` (docs/api-channel.md, "Files"): a file of a staff reply, for the bridge of the
 * channel the reply was sent to, with `Authorization: Bearer <the channel's token>` (never a token in the address).
 * Served only while the reply's delivery said it may be (`expiresAt`: 24 hours from the last attempt) and only to
 * that channel: another channel's token, an expired grant, a file of no reply sent to this channel, all answer 404
 * `not_found` alike (a 410 would tell a stranger that the file exists); 401 without a channel's token.
 */
export function registerApiChannelFiles(app: TemplatedApp, options: ApiChannelFilesOptions): void {
  const now = options.now ?? Date.now;
  app.get(`${API_CHANNEL_FILES_PATH}/:id`, (res, req) => {
    const id = req.getParameter(0) ?? '';
    const authorization = req.getHeader('authorization');
    const aborted = abortFlag(res);
    void serve(res, aborted, id, authorization, options, now);
  });
}

async function serve(
  res: HttpResponse,
  aborted: AbortFlag,
  id: string,
  authorization: string,
  options: ApiChannelFilesOptions,
  now: () => number,
): Promise<void> {
  try {
    const token = bearerToken({ authorization });
    const channel = token === undefined ? undefined : await options.channels.byToken(token);
    if (!channel)
      throw new ApiError('unauthorized', "Send the channel's token: Authorization: Bearer <API channel token>.");
    if (!ATTACHMENT_ID.test(id)) throw new ApiError('not_found', 'No such file for this channel.');
    const [grant] = await options.db.all<{ expires_at: number | string }>(
      'SELECT expires_at FROM api_channel_files WHERE channel_id = ? AND attachment_id = ? AND site_id = ?',
      [channel.id, id, channel.siteId],
    );
    const attachments = options.attachments()?.attachments;
    const record = grant && Number(grant.expires_at) > now() ? await attachments?.get(id) : undefined;
    if (!attachments || !record || record.siteId !== channel.siteId)
      throw new ApiError('not_found', 'No such file for this channel (or its download expired).');
    await sendAttachment(res, attachments, record, 'file', aborted);
  } catch (error) {
    if (aborted.value) return;
    if (error instanceof ApiError) return sendApiError(res, error, aborted, {});
    options.log.error('api channel: file download failed', { error: String(error) });
    sendApiError(res, new ApiError('internal'), aborted, {});
  }
}
