import { randomId, randomToken } from '../auth/tokens.js';
import type { MessagingChannel } from '@parley/protocol/admin';
import type { UseFeature } from '../features/feature-instances.js';
import type { Logger } from '../log.js';
import type { LogConsumer } from '../message-log/log-consumer.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { MessagingChannelRecord, MessagingChannels } from './messaging-channels.js';
import type { MessagingInbox } from './messaging-inbox.js';
import type { MessagingProvider } from './messaging-provider.js';
import type { MessagingReplies } from './messaging-replies.js';
import { webhookPath } from './messaging-webhook.js';

/** What connecting a channel came to: the channel, or why it was not connected (words for the admin). */
export type ConnectResult =
  | { readonly status: 'connected'; readonly channel: MessagingChannelRecord }
  | { readonly status: 'refused'; readonly error: string };

/** What {@link Messaging} is made of. */
export interface MessagingOptions {
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly channels: MessagingChannels;
  readonly inbox: MessagingInbox;
  readonly replies: MessagingReplies;
  readonly sealer: SecretSealer;
  readonly consumer: LogConsumer;
  readonly log: Logger;
  readonly use: UseFeature;
  /** The relay's public origin, which webhooks are registered on. */
  readonly baseUrl: () => string;
  readonly now?: () => number;
}

/** How long the provider's check and webhook registration may take, together, on save. */
const connectTimeoutMs = 20_000;

/**
 * The messaging feature's running part (`use('messaging')`, docs/channels.md): the providers contributed to
 * `messaging.providers`, the site's channels, the inbox of their customers' messages, and the replies sent back.
 */
export class Messaging {
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly channels: MessagingChannels;
  readonly inbox: MessagingInbox;
  readonly replies: MessagingReplies;
  /** The `messaging` reader of the message log. */
  readonly consumer: LogConsumer;
  readonly #options: MessagingOptions;

  constructor(options: MessagingOptions) {
    this.#options = options;
    this.providers = options.providers;
    this.channels = options.channels;
    this.inbox = options.inbox;
    this.replies = options.replies;
    this.consumer = options.consumer;
  }

  /** A channel as the admin API shows it: never its credentials. */
  json(channel: MessagingChannelRecord): MessagingChannel {
    const { id, provider, name, account, createdAt } = channel;
    return { id, provider, name, account, webhookUrl: this.#webhookUrl(channel), createdAt };
  }

  /**
   * Connects a provider's account to a site: the credentials checked with the provider (`check`), the channel
   * stored with them sealed and a new webhook secret, then the provider's webhook pointed at it (`connect`); a
   * refusal at either step leaves nothing stored and says why.
   */
  async connect(
    siteId: string,
    provider: MessagingProvider,
    credentials: unknown,
    name: string | undefined,
  ): Promise<ConnectResult> {
    const signal = AbortSignal.timeout(connectTimeoutMs);
    const call = { signal, log: this.#options.log, use: this.#options.use };
    const checked = await provider.check(credentials, call);
    if ('error' in checked) return { status: 'refused', error: checked.error };
    // A provider posts an account's webhook to one address: connecting it again would silence the first channel.
    if (await this.channels.connected(provider.id, checked.account))
      return {
        status: 'refused',
        error: `${checked.account} is connected already (here or on another site of this relay): remove that channel first.`,
      };
    const webhookSecret = randomToken('mwh', 32).replace(/[^A-Za-z0-9_-]/g, '');
    const channel: MessagingChannelRecord = {
      id: randomId('mch'),
      siteId,
      provider: provider.id,
      name: name ?? checked.name,
      account: checked.account,
      credentialsSealed: this.#options.sealer.seal(JSON.stringify(credentials)),
      webhookSecretSealed: this.#options.sealer.seal(webhookSecret),
      createdAt: (this.#options.now ?? Date.now)(),
    };
    await this.channels.create(channel);
    const connected = await provider
      .connect?.({ id: channel.id, credentials, webhookSecret, webhookUrl: this.#webhookUrl(channel) }, call)
      .catch((error: unknown) => ({ error: `${provider.label} could not be reached (${String(error)})` }));
    if (connected && 'error' in connected) {
      await this.channels.delete(siteId, channel.id);
      return { status: 'refused', error: connected.error };
    }
    return { status: 'connected', channel };
  }

  /** Removes a channel, its provider's webhook first (best effort). False when the site has no such channel. */
  async remove(siteId: string, id: string): Promise<boolean> {
    const channel = await this.channels.get(siteId, id);
    if (!channel) return false;
    const provider = this.providers.get(channel.provider);
    if (provider?.disconnect)
      await provider
        .disconnect(
          {
            id: channel.id,
            credentials: JSON.parse(this.#options.sealer.open(channel.credentialsSealed)) as unknown,
            webhookSecret: this.#options.sealer.open(channel.webhookSecretSealed),
            webhookUrl: this.#webhookUrl(channel),
          },
          { signal: AbortSignal.timeout(connectTimeoutMs), log: this.#options.log, use: this.#options.use },
        )
        .catch((error: unknown) =>
          this.#options.log.warn('messaging: the provider’s webhook was not removed', {
            channelId: id,
            provider: channel.provider,
            error: String(error),
          }),
        );
    return this.channels.delete(siteId, id);
  }

  /** A channel's credentials, opened (for its provider's feature: never shown, never logged). */
  credentialsOf(channel: MessagingChannelRecord): unknown {
    return JSON.parse(this.#options.sealer.open(channel.credentialsSealed)) as unknown;
  }

  #webhookUrl(channel: MessagingChannelRecord): string {
    return `${this.#options.baseUrl()}${webhookPath(channel.provider, channel.id)}`;
  }
}
