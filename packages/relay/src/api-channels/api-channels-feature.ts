import type { LogConsumer } from '../message-log/log-consumer.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { ApiChannelInbox } from './api-channel-inbox.js';
import type { ApiChannelReplies } from './api-channel-replies.js';
import type { ApiChannels } from './api-channels.js';

/** What the API channels feature offers its routes and embedding code (`use('api-channels')`). */
export interface ApiChannelsFeature {
  readonly channels: ApiChannels;
  readonly inbox: ApiChannelInbox;
  readonly replies: ApiChannelReplies;
  /** Seals the channels' signing secrets. */
  readonly sealer: SecretSealer;
  /** `PARLEY_WEBHOOK_ALLOW_PRIVATE`: webhook URLs may name loopback and private addresses. */
  readonly allowPrivate: boolean;
  /** The `api-channels` reader of the message log. */
  readonly consumer: LogConsumer;
}
