import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import type { MessagingChannels } from './messaging-channels.js';
import type { MessagingProvider } from './messaging-provider.js';

/** What the messaging host's parts need: the reply windows (messaging-reply-window.ts) and the profiles' job. */
export interface MessagingHostParts {
  readonly db: SqlDb;
  readonly channels: MessagingChannels;
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly sealer: SecretSealer;
  readonly log: Logger;
  readonly use: UseFeature;
}
