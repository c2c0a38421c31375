/**
 * The settings the chat socket reads (the relay's configuration, features/core-config.ts, has them all): declared
 * here, by shape, so that the socket kit does not import the configuration, which names every feature.
 */
export interface SocketConfig {
  readonly publicUrl?: string | undefined;
  readonly trustProxy: boolean;
  readonly adminAllowedOrigins: readonly string[];
  readonly maxFrameBytes: number;
  readonly maxBackpressureBytes: number;
  readonly heartbeatMs: number;
  readonly helloTimeoutMs: number;
  readonly slowChecksPerSweep: number;
  readonly maxConnectionsPerIp: number;
  readonly rateLimitBurst: number;
  readonly rateLimitPerSecond: number;
  readonly newConversationsPerAddressPerHour: number;
  readonly newConversationsPerSitePerMinute: number;
}
